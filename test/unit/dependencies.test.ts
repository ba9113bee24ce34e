/**
 * Issue 10, item 13: extras and dependency groups. `--extra`, `--all-extras`, `--group`,
 * `--all-groups` and `--no-dev` become words of the install step, each name checked against what
 * the project declares, each flag against the pinned uv (thresholds seen with the real binaries:
 * `uv sync --help` of 0.4.26/0.4.27, 0.5.3/0.5.4, `uv pip install --help` of 0.6.6/0.6.7);
 * Poetry's groups, which uv does not read, get a warning.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { StepAction } from '../../src/plan/types.js';
import { actionShell } from '../../src/targets/devcontainer/lifecycle-script.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import type { Plan } from '../../src/targets/types.js';
import { analyzeFiles, codes, find, OPTIONS } from './support.js';

const LIBRARY = [
  '[project]',
  'name = "lib"',
  'version = "0"',
  'requires-python = ">=3.11"',
  '[project.optional-dependencies]',
  'fast = ["orjson"]',
  'Cli_Tools = ["typer"]',
  '[dependency-groups]',
  'dev = ["pytest"]',
  'lint = ["ruff"]',
  '',
].join('\n');

function planned(files: Record<string, string>, options: Partial<PlanOptions> = {}): { plan?: Plan; diagnostics: Diagnostic[] } {
  const analysis = analyzeFiles(files);
  const result = planTargets(analysis.facts, { ...OPTIONS, ...options });
  return { plan: result.plan, diagnostics: [...analysis.diagnostics, ...result.diagnostics] };
}

function install(files: Record<string, string>, options: Partial<PlanOptions> = {}): { action: StepAction; reason: string; diagnostics: Diagnostic[] } {
  const { plan, diagnostics } = planned(files, options);
  expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  const step = plan!.steps.find((s) => s.step === 'install')!;
  return { action: step.action, reason: step.reason, diagnostics };
}

function refused(files: Record<string, string>, options: Partial<PlanOptions>, code: string): Diagnostic {
  const { diagnostics } = planned(files, options);
  const error = find(diagnostics, code);
  expect(error, JSON.stringify(diagnostics)).toMatchObject({ level: 'error' });
  expect(error!.hint).toBeTruthy();
  return error!;
}

const argsOf = (action: StepAction) => (action.kind === 'uv-sync' ? action.args : action.kind === 'uv-pip' ? action.install : []);

describe('a uv project: uv sync flags', () => {
  it('--extra and --group become uv sync flags, with a reason; plan.options records them', () => {
    const { action, reason } = install({ 'pyproject.toml': LIBRARY }, { extra: ['fast'], group: ['lint'] });
    expect(action).toEqual({ kind: 'uv-sync', args: expect.arrayContaining(['--extra', 'fast', '--group', 'lint']) });
    expect(argsOf(action).slice(-4)).toEqual(['--extra', 'fast', '--group', 'lint']);
    expect(reason).toMatch(/--extra fast --group lint \(asked for on the command line\): also installs the extra\(s\) fast and the group\(s\) lint\./);
    expect(planned({ 'pyproject.toml': LIBRARY }, { extra: ['fast'], group: ['lint'] }).plan!.options).toEqual(['--extra', 'fast', '--group', 'lint']);
  });

  it('--all-extras, --all-groups and --no-dev, with the names they stand for in the reason', () => {
    const all = install({ 'pyproject.toml': LIBRARY }, { allExtras: true, allGroups: true });
    expect(argsOf(all.action).slice(-2)).toEqual(['--all-extras', '--all-groups']);
    expect(all.reason).toMatch(/every extra \(fast, Cli_Tools\) and every dependency group \(dev, lint\)/);
    const noDev = install({ 'pyproject.toml': LIBRARY }, { noDev: true });
    expect(argsOf(noDev.action).at(-1)).toBe('--no-dev');
    expect(noDev.reason).toMatch(/without the dev group uv installs by default/);
  });

  it('names compare as uv compares them (Cli_Tools is cli-tools); each is passed once, as given', () => {
    const { action } = install({ 'pyproject.toml': LIBRARY }, { extra: ['cli-tools', 'CLI.tools'] });
    expect(argsOf(action).slice(-2)).toEqual(['--extra', 'cli-tools']);
  });

  it('an unknown extra: exit 2 naming pyproject.toml and the extras that exist', () => {
    const error = refused({ 'pyproject.toml': LIBRARY }, { extra: ['docs'] }, 'unknown-extra');
    expect(error).toMatchObject({ file: 'pyproject.toml', message: '--extra docs: pyproject.toml declares no such extra in [project.optional-dependencies] (it declares fast, Cli_Tools)' });
    expect(error.hint).toBe('use one of fast, Cli_Tools, or declare docs there');
  });

  it('an unknown group; and one when the project declares none', () => {
    expect(refused({ 'pyproject.toml': LIBRARY }, { group: ['docs'] }, 'unknown-group').message).toMatch(/declares no such group in \[dependency-groups\] \(it declares dev, lint\)/);
    const bare = '[project]\nname = "bare"\nversion = "0"\n';
    expect(refused({ 'pyproject.toml': bare }, { extra: ['x'] }, 'unknown-extra').message).toMatch(/\(it declares none\)/);
    expect(refused({ 'pyproject.toml': bare }, { group: ['x'] }, 'unknown-group').hint).toBe('declare it under [dependency-groups], or leave out --group');
  });

  it('the legacy tool.uv.dev-dependencies is the dev group', () => {
    const legacy = '[project]\nname = "old"\nversion = "0"\n[tool.uv]\ndev-dependencies = ["pytest"]\n';
    expect(argsOf(install({ 'pyproject.toml': legacy }, { group: ['dev'] }).action)).toEqual(expect.arrayContaining(['--group', 'dev']));
  });

  it('a workspace: a member declares the extra; the message names the members too', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "root"\nversion = "0"\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/api/pyproject.toml': '[project]\nname = "api"\nversion = "0"\n[project.optional-dependencies]\nserver = ["uvicorn"]\n[dependency-groups]\ntest = ["pytest"]\n',
    };
    expect(argsOf(install(files, { extra: ['server'], group: ['test'] }).action)).toEqual(['--all-packages', '--python', '3.14', '--extra', 'server', '--group', 'test']);
    expect(refused(files, { extra: ['gui'] }, 'unknown-extra').message).toMatch(
      /^--extra gui: pyproject\.toml \(and the workspace members' pyproject\.toml\) declares no such extra .*\(it declares server\)/,
    );
  });
});

describe('what the pinned uv can do', () => {
  it.each([
    [{ group: ['lint'] }, '0.4.26', '0.4.27'],
    [{ allGroups: true }, '0.5.3', '0.5.4'],
    [{ allGroups: true, noDev: true }, '0.5.4', '0.5.5'],
  ] as [Partial<PlanOptions>, string, string][])('%j: refused with uv %s, planned with uv %s', (options, before, first) => {
    const error = refused({ 'pyproject.toml': LIBRARY }, { ...options, uvVersion: before }, 'uv-too-old-for-option');
    expect(error.message).toMatch(new RegExp(`needs uv ${first.replace(/\./g, '\\.')} or newer; the plan has uv ${before.replace(/\./g, '\\.')}$`));
    expect(error.hint).toMatch(`--uv-version ${first}`);
    expect(planned({ 'pyproject.toml': LIBRARY }, { ...options, uvVersion: first }).diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it('--extra, --all-extras and --no-dev need nothing newer than the oldest uv the tool pins (0.4.4)', () => {
    const { diagnostics } = planned({ 'pyproject.toml': LIBRARY }, { extra: ['fast'], noDev: true, uvVersion: '0.4.4' });
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });
});

describe('options that contradict each other, or name nothing valid', () => {
  it.each([
    [{ extra: ['fast'], allExtras: true }, 'option-extras-conflict'],
    [{ group: ['lint'], allGroups: true }, 'option-groups-conflict'],
    [{ group: ['Dev'], noDev: true }, 'option-dev-conflict'],
    [{ extra: ['-x'] }, 'option-dependency-name-invalid'],
    [{ extra: ['a,b'] }, 'option-dependency-name-invalid'],
    [{ group: [''] }, 'option-dependency-name-invalid'],
  ] as [Partial<PlanOptions>, string][])('%j: %s, and no plan', (options, code) => {
    const { plan } = planned({ 'pyproject.toml': LIBRARY }, options);
    expect(plan).toBeUndefined();
    refused({ 'pyproject.toml': LIBRARY }, options, code);
  });
});

describe("requirements files: uv's pip interface", () => {
  const SETUP = { 'requirements.txt': 'flask\n', 'setup.py': 'from setuptools import setup\nsetup()\n' };

  it('--extra goes on the project itself: -e .[a,b], quoted for the shell', () => {
    const { action, reason, diagnostics } = install(SETUP, { extra: ['fast', 'db'] });
    expect(argsOf(action)).toEqual(['uv', 'pip', 'install', '-r', 'requirements.txt', '-e', '.[fast,db]']);
    expect(actionShell(action, '.devcontainer/check-uv-layout.sh').at(-1)).toBe("uv pip install -r requirements.txt -e '.[fast,db]'");
    expect(reason).toMatch(/-e \.\[fast,db\] installs the project with the extra\(s\) fast, db \(setup\.py's extras are not read here: uv checks the names\)/);
    expect(codes(diagnostics)).not.toContain('unknown-extra');
  });

  it('--extra without a project, --all-extras and --all-groups: refused with what to give instead', () => {
    expect(refused({ 'requirements.txt': 'flask\n' }, { extra: ['fast'] }, 'extras-without-project').message).toMatch(/extras belong to a project/);
    expect(refused(SETUP, { allExtras: true }, 'all-extras-unreadable').hint).toBe('name each extra with --extra NAME');
    expect(refused(SETUP, { allGroups: true }, 'all-groups-pip').hint).toBe('name each group with --group NAME');
  });

  it('--group from pyproject.toml [dependency-groups] (uv pip install --group, 0.6.7+); checked like a uv project', () => {
    const files = { ...SETUP, 'pyproject.toml': '[dependency-groups]\nlint = ["ruff"]\n' };
    expect(argsOf(install(files, { group: ['lint'] }).action)).toEqual(['uv', 'pip', 'install', '-r', 'requirements.txt', '-e', '.', '--group', 'lint']);
    expect(refused(files, { group: ['docs'] }, 'unknown-group').message).toMatch(/\(it declares lint\)/);
    expect(refused(files, { group: ['lint'], uvVersion: '0.6.6' }, 'uv-too-old-for-option').message).toMatch(/needs uv 0\.6\.7 or newer/);
    expect(refused(SETUP, { group: ['lint'] }, 'unknown-group').message).toMatch(/there is no pyproject\.toml/);
  });

  it('--no-dev: nothing to leave out, said as a note', () => {
    const { action, diagnostics } = install(SETUP, { noDev: true });
    expect(argsOf(action)).toEqual(['uv', 'pip', 'install', '-r', 'requirements.txt', '-e', '.']);
    expect(find(diagnostics, 'no-dev-nothing-to-leave-out')).toMatchObject({ level: 'info' });
  });
});

describe('a folder of several projects', () => {
  const FILES = {
    'a/pyproject.toml': '[project]\nname = "a"\nversion = "0"\n',
    'a/uv.lock': 'version = 1\n',
    'b/pyproject.toml': '[project]\nname = "b"\nversion = "0"\n',
  };

  it('a named extra or group is refused: each project has its own', () => {
    expect(refused(FILES, { extra: ['x'], group: ['y'] }, 'dependency-names-per-project').message).toMatch(/^--extra x --group y: this folder holds 2 independent projects/);
  });

  it('--all-extras, --all-groups and --no-dev go to every project', () => {
    const { action, reason } = install(FILES, { allExtras: true, allGroups: true, noDev: true });
    expect(action).toEqual({
      kind: 'uv-sync-each',
      paths: ['a', 'b'],
      args: ['--all-packages', '--all-extras', '--all-groups', '--no-dev'],
      frozenWhereLocked: true,
      rustBackends: ['maturin', 'setuptools_rust.build_meta'],
    });
    expect(reason).toMatch(/--all-extras --all-groups --no-dev \(asked for on the command line\) for every project/);
  });
});

describe('Poetry groups', () => {
  it('[tool.poetry.group.*] and [tool.poetry.dev-dependencies]: a warning naming the groups and the fix', () => {
    const files = {
      'pyproject.toml': `${LIBRARY}[tool.poetry.group.docs.dependencies]\nsphinx = "^7"\n[tool.poetry.group.test]\noptional = true\n[tool.poetry.group.test.dependencies]\npytest = "*"\n[tool.poetry.dev-dependencies]\nblack = "*"\n`,
    };
    const { diagnostics } = planned(files);
    expect(find(diagnostics, 'poetry-groups-ignored')).toEqual({
      level: 'warning',
      code: 'poetry-groups-ignored',
      message: 'pyproject.toml declares Poetry dependency groups (docs, test, dev) in [tool.poetry.group.*], which uv does not read: the container installs none of them',
      file: 'pyproject.toml',
      hint: 'convert them once to [dependency-groups] with `uvx migrate-to-uv` (or by hand), then run again; --group NAME then installs one beyond dev',
    });
  });

  it('--group naming a Poetry group: the error says so and names the conversion', () => {
    const files = { 'pyproject.toml': '[project]\nname = "p"\nversion = "0"\n[tool.poetry.group.docs.dependencies]\nsphinx = "^7"\n' };
    const error = refused(files, { group: ['docs'] }, 'unknown-group');
    expect(error.message).toMatch(/docs is a Poetry group \(\[tool\.poetry\.group\.docs\]\), which uv does not read$/);
    expect(error.hint).toMatch(/uvx migrate-to-uv/);
  });

  it('no Poetry groups, no warning', () => {
    expect(codes(planned({ 'pyproject.toml': LIBRARY }).diagnostics)).not.toContain('poetry-groups-ignored');
  });
});

it('tool.uv.managed = false: no install step, so the options are said to do nothing', () => {
  const { diagnostics, plan } = planned({ 'pyproject.toml': `${LIBRARY}[tool.uv]\nmanaged = false\n` }, { extra: ['fast'] });
  expect(plan!.devcontainer.lifecycle.map((s) => s.step)).not.toContain('install');
  expect(find(diagnostics, 'dependency-options-unused')).toMatchObject({ level: 'warning', message: '--extra fast: there is no install step to add them to' });
});
