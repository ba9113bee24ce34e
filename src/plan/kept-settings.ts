import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Plan } from './types.js';

/**
 * A user's `pip install` in a lifecycle command (or a script one runs) contradicts the plan: an
 * environment uv makes has no pip, so `pip` there is the image's own Python's (or none), and what
 * it installs lands beside the environment on the volume, where `python` (the environment, first
 * on PATH) does not see it. It is the user's command and stays; the warning says what to run instead.
 */
export function reportPipInstalls(plan: Plan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const installs = facts.keptSettings?.pipInstalls ?? [];
  const environment = plan.environment.mode === 'single' ? plan.environment.path : "each project's environment";
  const installStep = plan.lifecycle.find((s) => s.step === 'install');
  const installed = installStep?.action.kind === 'uv-pip' ? installStep.action.install : [];
  // A uv project's environment is synced exactly: what `uv pip install` adds there, the next sync removes.
  const synced = installStep?.action.kind === 'uv-sync' || installStep?.action.kind === 'uv-sync-each';
  for (const pip of installs) {
    const already = pip.requirements.filter((r) => installed.includes(r));
    const instead =
      pip.requirements.length > 0
        ? `uv pip install ${pip.requirements.map((r) => `-r ${r}`).join(' ')}`
        : pip.command.replace(/^.*?\b(?:pip3?(?:\.\d+)?|python3?(?:\.\d+)?\s+-m\s+pip)\s+install\b/, 'uv pip install');
    diagnostics.push({
      level: 'warning',
      code: 'pip-outside-environment',
      message: `${pip.property} runs \`${pip.command}\`: ${
        pip.venv
          ? `this pip is the one of the virtual environment ${pip.venv} that the same ${pip.file === facts.devcontainer?.config?.file ? 'command' : 'script'} makes or activates, a second environment beside the plan's (${environment}), in the bind-mounted workspace where installs are copied, not linked; \`python\` on PATH and the editor use the plan's`
          : `the environment uv makes (${environment}) has no pip, so this pip is the image's (or none) and installs into the image's Python, beside the environment, where \`python\` does not see it`
      }${already.length > 0 ? `; the install step already installs ${already.join(', ')} into the environment with uv` : ''}`,
      file: pip.file,
      line: pip.line,
      hint:
        already.length > 0
          ? `remove it from ${pip.property}: the uv install step does this`
          : `run \`${instead}\` instead, which installs into the environment (VIRTUAL_ENV)${synced ? ' until the next exact `uv sync` (the install step on a rebuild) removes it again (uv-command-in-lifecycle)' : ''}${pip.requirements.length > 0 ? `, or move them into pyproject.toml once with \`uv add ${pip.requirements.map((r) => `-r ${r}`).join(' ')}\`` : synced ? '; to keep a package, declare it once with `uv add NAME`; for a command-line tool, `uv tool install NAME`' : '; for a command-line tool, `uv tool install NAME`'}`,
    });
  }
}
