import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { PLACE_WORDS } from './mount-nesting.js';
import { rootEvidence } from './root-evidence.js';
import { DEFAULT_USER } from './tables.js';
import type { CorePlan } from './types.js';

/**
 * A user's `pip install` in a lifecycle command (or a script one runs) contradicts the plan: an
 * environment uv makes has no pip, so `pip` there is the image's own Python's (or none), and what
 * it installs lands beside the environment on the volume, where `python` (the environment, first
 * on PATH) does not see it. It is the user's command and stays; the warning says what to run instead.
 */
export function reportPipInstalls(plan: CorePlan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const installs = facts.keptSettings?.pipInstalls ?? [];
  const environment = plan.environment.mode === 'single' ? plan.environment.path : "each project's environment";
  const installStep = plan.steps.find((s) => s.step === 'install');
  const installed = installStep?.action.kind === 'uv-pip' ? installStep.action.install : [];
  // A uv project's environment is synced exactly: what `uv pip install` adds there, the next sync removes.
  const synced = installStep?.action.kind === 'uv-sync' || installStep?.action.kind === 'uv-sync-each';
  for (const pip of installs) {
    const already = pip.requirements.filter((r) => installed.includes(r));
    const instead = pip.uvSystem
      ? dropWord(pip.command, pip.uvSystem)
      : pip.requirements.length > 0
        ? `uv pip install ${pip.requirements.map((r) => `-r ${r}`).join(' ')}`
        : pip.command.replace(/^.*?\b(?:pip3?(?:\.\d+)?|python3?(?:\.\d+)?\s+-m\s+pip)\s+install\b/, 'uv pip install');
    diagnostics.push({
      level: 'warning',
      code: 'pip-outside-environment',
      message: `${pip.property} runs \`${pip.command}\`: ${
        pip.uvSystem
          ? `${pip.uvSystem} tells uv to install into the image's Python, not into the environment on the volume (${environment}) that VIRTUAL_ENV names and \`python\` on PATH runs, so what it installs is not seen there`
          : pip.venv
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

/** The command without its first word `word` (the one that sends uv's pip to the image's Python). */
function dropWord(command: string, word: string): string {
  const words = command.split(/\s+/);
  const at = words.indexOf(word);
  return at === -1 ? command : [...words.slice(0, at), ...words.slice(at + 1)].join(' ');
}

/** uv's default folders under a home (`~/.cache/uv`, `~/.local/share/uv` for Pythons and tools), as a mount target names them. */
const UV_HOME_FOLDER = /^(\/root|\/home\/[^/]+)\/(\.cache\/uv|\.local\/share\/uv)(?:\/.*)?$/;

/**
 * A mount of the user's at one of uv's default folders in a home (`/root/.cache/uv`, a common
 * cache mount) that no folder of the plan is in: uv never writes there, since the plan moves that
 * folder to the volume (UV_CACHE_DIR, UV_PYTHON_INSTALL_DIR, UV_TOOL_DIR), and a home other than
 * the container user's is not uv's default either. It is the user's and stays; the warning says
 * it is dead.
 */
export function reportDeadUvMounts(plan: CorePlan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const home = plan.user.uid === 0 ? '/root' : `/home/${plan.user.name.value}`;
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  const dead = (facts.userUvSettings?.mounts ?? []).flatMap((mount) => {
    const target = mount.target.replace(/\/+$/, '');
    const found = UV_HOME_FOLDER.exec(target);
    if (!found || plan.directories.some((d) => within(d.path, target) || within(target, d.path))) return [];
    return [{ mount, folderHome: found[1]!, cache: found[2] === '.cache/uv' }];
  });
  // A mount in /root is also evidence that the configuration runs as root (root-evidence.ts): when
  // these mounts are all the evidence that kept root, removing them makes the next run a non-root
  // user, whose uid cannot write what root already wrote on the volume.
  const evidence = plan.user.uid === 0 ? rootEvidence(facts) : [];
  const deadPlaces = new Set(dead.map(({ mount }) => `${mount.file}:${mount.line}`));
  const keptRootAlone = evidence.length > 0 && deadPlaces.has(plan.user.name.source) && evidence.every((e) => deadPlaces.has(`${e.file}:${e.line}`));
  for (const { mount, folderHome, cache } of dead) {
    const moved = plan.directories.filter((d) => (cache ? d.role === 'cache' : d.role === 'python' || d.role === 'tools'));
    const where = moved.map((d) => `${d.path}${d.variables[0] ? ` (${d.variables[0]})` : ''}`).join(' and ');
    const otherHome = folderHome !== home ? `; besides, ${folderHome} is not the home of ${plan.user.name.value}, the user the container runs as` : '';
    diagnostics.push({
      level: 'warning',
      code: 'user-uv-mount-unused',
      message: `the mount at ${mount.target} (${mount.file} line ${mount.line}) is where uv keeps its ${cache ? 'cache' : 'Pythons and tools'} by default, but the plan puts ${cache ? 'the cache' : 'them'} on the volume at ${where}${otherHome}: uv never writes to this mount`,
      file: mount.file,
      line: mount.line,
      hint: `remove it from ${PLACE_WORDS[mount.place]}${mount.type === 'volume' && mount.source ? ` (then \`docker volume rm ${mount.source}\` once no container uses it)` : ''}: the plan's volume holds ${cache ? 'the cache' : 'them'} now${
        keptRootAlone
          ? `; ${dead.length === 1 ? 'it is' : "with the other unused mounts in root's home, it is"} also the only thing that shows the configuration runs as root (root-kept), so set "remoteUser": "root" when you remove ${dead.length === 1 ? 'it' : 'them'}, or the next run makes a non-root ${DEFAULT_USER.name}, who cannot write what root wrote on the volume`
          : ''
      }`,
    });
  }
}
