/**
 * Every layout (README "Every layout"): uv workspaces, requirements and other markers, a folder of
 * several projects, Python from the image, a read-only root and the machine-wide cache. Repositories
 * are in memory (MemoryRepo), run through the real analyzer, planner and renderer.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import type { RepoFacts } from '../../src/analyze/facts.js';
import { memberGlob } from '../../src/analyze/workspace.js';
import { type Diagnostic, hasErrors } from '../../src/diagnostics.js';
import { requirements } from '../../src/plan/layouts/requirements.js';
import { choosePythonProvider, imagePythonMinor } from '../../src/plan/python-provider.js';
import { actionShell } from '../../src/targets/devcontainer/lifecycle-script.js';
import type { LifecycleStep } from '../../src/targets/devcontainer/types.js';
import { userSettingsDiagnostics } from '../../src/targets/devcontainer/user-settings.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import type { Plan } from '../../src/targets/types.js';
import { runLifecycle, shSyntax } from '../helpers/lifecycle.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { baseFacts, codes, find, tempDir } from './support.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

interface Planned {
  facts: RepoFacts;
  plan?: Plan;
  /** The analyzer's diagnostics, then the planner's (the CLI's order). */
  diagnostics: Diagnostic[];
}

/** analyze -> plan over an in-memory repository; the planner runs only when analysis found no error, as in the CLI. */
function planFiles(files: Record<string, string>, options: Partial<PlanOptions> = {}, folder = 'repo'): Planned {
  const analysis = analyzeRepo(new MemoryRepo(files), folder);
  if (hasErrors(analysis.diagnostics)) return { facts: analysis.facts, diagnostics: analysis.diagnostics };
  const result = planTargets(analysis.facts, { generatorVersion: '9.9.9-test', ...options });
  return { facts: analysis.facts, plan: result.plan, diagnostics: [...analysis.diagnostics, ...result.diagnostics] };
}

/** What each plan of planOf came from: its diagnostics and the facts (the plan itself must stay schema-valid). */
const origins = new WeakMap<Plan, { diagnostics: Diagnostic[]; facts: RepoFacts }>();
const diagnosticsOf = (plan: Plan) => origins.get(plan)!.diagnostics;
const factsOf = (plan: Plan) => origins.get(plan)!.facts;

/** The plan, insisting that there is one and no error. */
function planOf(files: Record<string, string>, options: Partial<PlanOptions> = {}, folder = 'repo'): Plan {
  const result = planFiles(files, options, folder);
  if (!result.plan || hasErrors(result.diagnostics)) throw new Error(`expected a plan, got: ${JSON.stringify(result.diagnostics)}`);
  origins.set(result.plan, { diagnostics: result.diagnostics, facts: result.facts });
  return result.plan;
}

/** The files a run writes, by path. */
function renderOf(plan: Plan, facts: RepoFacts): Record<string, string> {
  const rendering = renderTargets(plan, facts.devcontainer, false);
  expect(hasErrors(rendering.diagnostics)).toBe(false);
  return Object.fromEntries(rendering.files.map((f) => [f.path, f.content]));
}

function devcontainerJson(plan: Plan): Record<string, any> {
  return parseJsoncStrict(renderOf(plan, factsOf(plan))['.devcontainer/devcontainer.json']!) as Record<string, any>;
}

const step = (plan: Plan, property: LifecycleStep['property']) => plan.devcontainer.lifecycle.find((s) => s.property === property);
const envOf = (plan: Plan) => Object.fromEntries(plan.env.map((v) => [v.name, v.value]));
const level = (diagnostics: readonly Diagnostic[], code: string) => find(diagnostics, code)?.level;

/** The install step's action (what the lifecycle script's `install` does), as data. */
const installOf = (plan: Plan) => plan.steps.find((s) => s.step === 'install')!.action;
/** The shell the lifecycle script runs for the install step, one line per command. */
const installShell = (plan: Plan) => actionShell(installOf(plan), plan.devcontainer.outputs.checkScript.file).join('\n');
/** The generated .devcontainer/uv-lifecycle.sh. */
const lifecycleScript = (plan: Plan) => renderOf(plan, factsOf(plan))['.devcontainer/uv-lifecycle.sh']!;

/**
 * Runs a generated `sh -c` text for real, in `cwd`, with `uv` replaced by a shell function that
 * prints its working folder and each argument in angle brackets: what uv would have been given.
 */
function runWithFakeUv(text: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const fake = `uv() { printf '%s:' "$(pwd -P)"; for a in "$@"; do printf '<%s>' "$a"; done; printf '\\n'; }\n`;
  const run = spawnSync('sh', ['-c', fake + text], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const pyproject = (name: string, extra = '') => `[project]\nname = "${name}"\nversion = "0.1.0"\n${extra}`;
const workspaceRoot = (members: string[], exclude: string[] = [], project = true) =>
  `${project ? pyproject('root') : ''}[tool.uv.workspace]\nmembers = ${JSON.stringify(members)}\n${exclude.length ? `exclude = ${JSON.stringify(exclude)}\n` : ''}`;

// ---- src/analyze/workspace.ts -------------------------------------------------------------------

describe('memberGlob', () => {
  it.each([
    ['*', ['a', 'core', 'x.y', ''], ['a/b']],
    ['packages/*', ['packages/a', 'packages/a-b', 'packages/a/'], ['packages', 'packages/a/b', 'other/a', 'xpackages/a']],
    ['pkg-?', ['pkg-a', 'pkg-1'], ['pkg-', 'pkg-ab', 'pkg-/']],
    ['a?b', ['axb'], ['a/b', 'ab']],
    ['a*b', ['ab', 'axxb'], ['a/b', 'ax/yb']],
    ['pkg-[abc]', ['pkg-a', 'pkg-c'], ['pkg-d', 'pkg-ab', 'pkg-']],
    ['pkg-[a-c]x', ['pkg-bx'], ['pkg-dx']],
    ['pkg-[!abc]', ['pkg-d', 'pkg-1'], ['pkg-a', 'pkg-c', 'pkg-']],
    ['libs/*/pkg', ['libs/a/pkg'], ['libs/pkg', 'libs/a/b/pkg', 'libs/a/pkgx']],
    ['tools/cli', ['tools/cli', 'tools/cli/'], ['tools/clix', 'tools', 'tools/cli/x']],
  ])('%s', (glob, matching, notMatching) => {
    const re = memberGlob(glob);
    for (const s of matching) expect(re.matches(s), `${glob} should match ${s}`).toBe(true);
    for (const s of notMatching) expect(re.matches(s), `${glob} should not match ${s}`).toBe(false);
  });

  it('regular-expression characters in a glob are literal', () => {
    expect(memberGlob('a.b').matches('a.b')).toBe(true);
    expect(memberGlob('a.b').matches('axb')).toBe(false);
    expect(memberGlob('a+(b)').matches('a+(b)')).toBe(true);
    expect(memberGlob('a+(b)').matches('aab')).toBe(false);
    expect(memberGlob('$x^|{y}').matches('$x^|{y}')).toBe(true);
  });

  it('an unclosed [ is a literal [', () => {
    expect(memberGlob('a[b').matches('a[b')).toBe(true);
    expect(memberGlob('a[b').matches('ab')).toBe(false);
  });

  it('a hostile glob costs pattern × path, not exponential time; a backwards range matches nothing, never throws', () => {
    const folder = 'a'.repeat(60);
    expect(memberGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b').matches(folder)).toBe(false);
    expect(memberGlob(`${'*a'.repeat(200)}`).matches(folder)).toBe(false);
    expect(memberGlob('[z-a]').matches('m')).toBe(false);
    expect(memberGlob('[z-a]x').matches('[z-a]x')).toBe(false);
  });

  it('`**` crosses folders (exclude globs may use it)', () => {
    expect(memberGlob('packages/**').matches('packages/a/b/c')).toBe(true);
  });

  // Regression (was a bug, fixed): src/analyze/workspace.ts:82 copies a bracket expression into the regular expression
  // as it is, so a negated class `[!x]` becomes `[^x]`, which matches "/": a[!x]b matches "a/b".
  // `*` and `?` never cross a "/" (the function's own contract, and the glob semantics the module
  // documents); a bracket expression must not either.
  it('a negated bracket expression does not cross a /', () => {
    expect(memberGlob('a[!x]b').matches('a/b')).toBe(false);
  });
});

describe('workspace members', () => {
  it('"packages/*": every folder holding a pyproject.toml, sorted, with names and requires-python', () => {
    const { facts, diagnostics } = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': workspaceRoot(['packages/*']),
        'packages/web/pyproject.toml': pyproject('web', 'requires-python = ">=3.11"\n'),
        'packages/core/pyproject.toml': pyproject('core'),
        'packages/docs/README.md': '# not a member\n',
        'packages/README.md': 'a file, not a folder\n',
      }),
      'repo',
    );
    expect(diagnostics).toEqual([]);
    expect(facts.workspace).toEqual({
      file: 'pyproject.toml',
      virtualRoot: false,
      members: [
        { path: 'packages/core', name: 'core', requiresPython: undefined, declares: { extras: [], groups: [] } },
        {
          path: 'packages/web',
          name: 'web',
          requiresPython: { value: '>=3.11', file: 'packages/web/pyproject.toml', key: 'project.requires-python', line: 4 },
          declares: { extras: [], groups: [] },
        },
      ],
      excluded: [],
    });
  });

  it('a literal path, a nested glob and a class glob, each matched once', () => {
    const { facts } = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': workspaceRoot(['tools/cli', 'libs/*/pkg', 'svc-[ab]', 'svc-[!ab]', 'tools/cli']),
        'tools/cli/pyproject.toml': pyproject('cli'),
        'tools/other/pyproject.toml': pyproject('other'),
        'libs/one/pkg/pyproject.toml': pyproject('one'),
        'libs/two/pkg/pyproject.toml': pyproject('two'),
        'libs/three/src/pyproject.toml': pyproject('three'),
        'libs/pkg/pyproject.toml': pyproject('flat'),
        'svc-a/pyproject.toml': pyproject('a'),
        'svc-c/pyproject.toml': pyproject('c'),
        'svc-ab/pyproject.toml': pyproject('ab'),
      }),
      'repo',
    );
    expect(facts.workspace!.members.map((m) => m.path)).toEqual(['libs/one/pkg', 'libs/two/pkg', 'svc-a', 'svc-c', 'tools/cli']);
  });

  it('a glob skips hidden folders, node_modules, .venv and the like', () => {
    const files: Record<string, string> = { 'pyproject.toml': workspaceRoot(['packages/*', '*']), 'packages/real/pyproject.toml': pyproject('real') };
    for (const skipped of ['.hidden', '.venv', '.git', 'node_modules', '__pycache__', '.tox', 'dist', 'build']) {
      files[`packages/${skipped}/pyproject.toml`] = pyproject(skipped.replace(/\W/g, '') || 'x');
      files[`${skipped}/pyproject.toml`] = pyproject(skipped.replace(/\W/g, '') || 'x');
    }
    const { facts } = analyzeRepo(new MemoryRepo(files), 'repo');
    // "*" at the root matches "packages" too, which has no pyproject.toml of its own.
    expect(facts.workspace!.members.map((m) => m.path)).toEqual(['packages/real']);
  });

  it('exclude globs leave matched folders out and list them', () => {
    const { facts } = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': workspaceRoot(['packages/*'], ['packages/legacy', 'packages/old-*']),
        'packages/core/pyproject.toml': pyproject('core'),
        'packages/legacy/pyproject.toml': pyproject('legacy'),
        'packages/old-api/pyproject.toml': pyproject('old-api'),
        'packages/oldest/pyproject.toml': pyproject('oldest'),
      }),
      'repo',
    );
    expect(facts.workspace).toMatchObject({ members: [{ path: 'packages/core' }, { path: 'packages/oldest' }], excluded: ['packages/legacy', 'packages/old-api'] });
  });

  it('exclude globs written "./packages/old" or "packages\\old/" leave the folder out too, as for a workspace found above (review finding)', () => {
    const { facts } = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': workspaceRoot(['packages/*'], ['./packages/old', 'packages\\legacy/']),
        'packages/core/pyproject.toml': pyproject('core'),
        'packages/old/pyproject.toml': pyproject('old'),
        'packages/legacy/pyproject.toml': pyproject('legacy'),
      }),
      'repo',
    );
    expect(facts.workspace).toMatchObject({ members: [{ path: 'packages/core' }], excluded: ['packages/legacy', 'packages/old'] });
  });

  it('`**` in a member glob: warning workspace-glob-unsupported, and nothing walked for it', () => {
    const { facts, diagnostics } = analyzeRepo(
      new MemoryRepo({ 'pyproject.toml': workspaceRoot(['libs/**', 'packages/*']), 'libs/a/b/pyproject.toml': pyproject('deep'), 'packages/p/pyproject.toml': pyproject('p') }),
      'repo',
    );
    expect(find(diagnostics, 'workspace-glob-unsupported')).toMatchObject({ level: 'warning', file: 'pyproject.toml' });
    expect(find(diagnostics, 'workspace-glob-unsupported')!.message).toContain('libs/**');
    expect(facts.workspace!.members.map((m) => m.path)).toEqual(['packages/p']);
  });

  it('".." never leaves the repository', () => {
    const { facts } = analyzeRepo(new MemoryRepo({ 'pyproject.toml': workspaceRoot(['../*', 'a/../b']), 'b/pyproject.toml': pyproject('b') }), 'repo');
    expect(facts.workspace!.members).toEqual([]);
  });

  it('a member with invalid TOML: a warning, and it is left out', () => {
    const { facts, diagnostics } = analyzeRepo(
      new MemoryRepo({ 'pyproject.toml': workspaceRoot(['packages/*']), 'packages/bad/pyproject.toml': '[project\n', 'packages/good/pyproject.toml': pyproject('good') }),
      'repo',
    );
    expect(hasErrors(diagnostics)).toBe(false);
    expect(find(diagnostics, 'member-pyproject-invalid-toml')).toMatchObject({ level: 'warning', file: 'packages/bad/pyproject.toml' });
    expect(facts.workspace!.members.map((m) => m.path)).toEqual(['packages/good']);
  });

  it('a root without [project] is a virtual root; one with it is not', () => {
    const files = { 'packages/a/pyproject.toml': pyproject('a') };
    expect(analyzeRepo(new MemoryRepo({ ...files, 'pyproject.toml': workspaceRoot(['packages/*'], [], false) }), 'repo').facts.workspace!.virtualRoot).toBe(true);
    expect(analyzeRepo(new MemoryRepo({ ...files, 'pyproject.toml': workspaceRoot(['packages/*']) }), 'repo').facts.workspace!.virtualRoot).toBe(false);
  });

  it('no [tool.uv.workspace]: no workspace facts', () => {
    expect(analyzeRepo(new MemoryRepo({ 'pyproject.toml': pyproject('x'), 'packages/a/pyproject.toml': pyproject('a') }), 'repo').facts.workspace).toBeUndefined();
  });
});

describe('workspace plan', () => {
  const files = {
    'pyproject.toml': workspaceRoot(['packages/*'], ['packages/legacy'], false),
    'uv.lock': 'version = 1\n',
    'packages/core/pyproject.toml': pyproject('core'),
    'packages/web/pyproject.toml': pyproject('web'),
    'packages/legacy/pyproject.toml': pyproject('legacy'),
  };

  it('members, excluded and the reason; one environment; uv sync --frozen --all-packages', () => {
    const plan = planOf(files, {}, 'mono');
    // A virtual root: a plain `uv sync` installs every member too, so there is no other sync to type.
    expect(plan.workspace).toEqual({ members: ['packages/core', 'packages/web'], excluded: ['packages/legacy'], reason: expect.stringContaining('virtual root') });
    expect(plan.workspace!.reason).toContain('all 2 member(s)');
    expect(plan.workspace!.reason).toContain('packages/legacy excluded');
    // No [project] name: the environment is named the same in every clone, whatever the folder is called.
    expect(plan.environment).toEqual({ path: '/opt/uv/envs/project', mode: 'single', interpreter: '/opt/uv/envs/project/bin/python' });
    expect(envOf(plan).UV_PROJECT_ENVIRONMENT).toBe('/opt/uv/envs/project');
    expect(installOf(plan)).toEqual({ kind: 'uv-sync', args: ['--frozen', '--all-packages', '--python', '3.14'] });
    expect(step(plan, 'updateContentCommand')!.reason).toContain('--all-packages');
  });

  it('the rendered devcontainer.json runs the install step, and the lifecycle script runs that command there', () => {
    const plan = planOf(files, {}, 'mono');
    expect(devcontainerJson(plan).updateContentCommand).toEqual(['sh', '.devcontainer/uv-lifecycle.sh', 'install']);
    expect(lifecycleScript(plan)).toMatch(/^step_install\(\) \{\n {4}uv sync --frozen --all-packages --python 3\.14\n\}$/m);
    const run = runLifecycle(lifecycleScript(plan), 'install', tempDir());
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args)).toEqual([['sync', '--frozen', '--all-packages', '--python', '3.14']]);
  });

  // Members the generator could not list (a ** glob) still belong to the workspace: uv finds them.
  it('a workspace with no members listed (a ** glob): an empty member list, and still --all-packages', () => {
    const plan = planOf({ 'pyproject.toml': workspaceRoot(['packages/**']) });
    expect(plan.workspace).toMatchObject({ members: [], excluded: [] });
    expect(installOf(plan)).toEqual({ kind: 'uv-sync', args: ['--all-packages', '--python', '3.14'] });
  });

  it('a non-virtual root says nothing of a virtual root', () => {
    const plan = planOf({ 'pyproject.toml': workspaceRoot(['packages/*']), 'packages/a/pyproject.toml': pyproject('a') });
    expect(plan.workspace!.reason).not.toContain('virtual');
    expect(plan.project.name.value).toBe('root');
  });

  it("Python: the intersection of the members' requires-python when root and uv.lock state none", () => {
    const plan = planOf({
      'pyproject.toml': workspaceRoot(['packages/*'], [], false),
      'packages/a/pyproject.toml': pyproject('a', 'requires-python = ">=3.10"\n'),
      'packages/b/pyproject.toml': pyproject('b', 'requires-python = "<3.13"\n'),
      'packages/c/pyproject.toml': pyproject('c'),
    });
    expect(plan.python.value).toBe('3.12');
    expect(plan.python.source).toContain('packages/a/pyproject.toml');
    expect(plan.python.source).toContain('packages/b/pyproject.toml');
    expect(plan.python.reason).toContain('>=3.10');
    expect(plan.python.reason).toContain('<3.13');
  });

  it("the root's requires-python, then uv.lock's, come before the members'", () => {
    const members = { 'packages/a/pyproject.toml': pyproject('a', 'requires-python = "<3.11"\n') };
    expect(planOf({ ...members, 'pyproject.toml': workspaceRoot(['packages/*']).replace('version', 'requires-python = "<3.12"\nversion') }).python).toMatchObject({
      value: '3.11',
      source: 'pyproject.toml',
    });
    expect(planOf({ ...members, 'pyproject.toml': workspaceRoot(['packages/*'], [], false), 'uv.lock': 'version = 1\nrequires-python = ">=3.13"\n' }).python).toMatchObject({
      value: '3.14',
      source: 'uv.lock',
    });
  });

  it('members whose requires-python exclude each other: error python-unsatisfiable', () => {
    const result = planFiles({
      'pyproject.toml': workspaceRoot(['packages/*'], [], false),
      'packages/a/pyproject.toml': pyproject('a', 'requires-python = ">=3.13"\n'),
      'packages/b/pyproject.toml': pyproject('b', 'requires-python = "<3.12"\n'),
    });
    expect(result.plan).toBeUndefined();
    expect(level(result.diagnostics, 'python-unsatisfiable')).toBe('error');
  });
});

// ---- src/analyze/markers.ts + src/plan/install.ts -----------------------------------------------

describe('other packaging markers', () => {
  it('requirements.txt first, then the others sorted; pip-tools inputs apart', () => {
    const { facts, diagnostics } = analyzeRepo(
      new MemoryRepo({
        'requirements-test.txt': '',
        'requirements_docs.txt': '',
        'requirements-docs.txt': '',
        'requirements-dev.txt': '',
        'requirements.txt': 'httpx\n',
        'requirements.in': 'httpx\n',
        'requirements-dev.in': '',
        'requirements-notes.md': '',
        'dev-requirements.txt': '',
        'requirements/base.txt': '',
      }),
      'repo',
    );
    expect(diagnostics).toEqual([]);
    // requirements_docs.txt is left out of the order check: "_" against "-" is where collations disagree (see the locale test below).
    expect(facts.markers.requirements.filter((f) => f !== 'requirements_docs.txt')).toEqual(['requirements.txt', 'requirements-dev.txt', 'requirements-docs.txt', 'requirements-test.txt']);
    expect(facts.markers.requirements).toContain('requirements_docs.txt');
    expect(facts.markers.requirementsIn).toEqual(['requirements.in', 'requirements-dev.in']);
  });

  it('installs every requirements file, requirements.txt first, into the environment on the volume', () => {
    const plan = planOf({ 'requirements-dev.txt': 'pytest\n', 'requirements.txt': 'httpx\n', 'requirements-b.txt': '' }, {}, 'app');
    expect(installOf(plan)).toEqual({
      kind: 'uv-pip',
      venv: ['uv', 'venv', '--allow-existing', '--python', '3.14', '/opt/uv/envs/project'],
      install: ['uv', 'pip', 'install', '-r', 'requirements.txt', '-r', 'requirements-b.txt', '-r', 'requirements-dev.txt'],
    });
    expect(installShell(plan)).toBe('uv venv --allow-existing --python 3.14 /opt/uv/envs/project\nuv pip install -r requirements.txt -r requirements-b.txt -r requirements-dev.txt');
    expect(shSyntax(lifecycleScript(plan))).toEqual({ status: 0, stderr: '' });
    expect(diagnosticsOf(plan)).toEqual([]);
    expect(envOf(plan)).toMatchObject({ UV_PROJECT_ENVIRONMENT: '/opt/uv/envs/project', VIRTUAL_ENV: '/opt/uv/envs/project' });
  });

  it('only requirements*.in: installed unpinned, with warning requirements-in-unpinned', () => {
    const plan = planOf({ 'requirements.in': 'httpx\n', 'requirements-dev.in': 'pytest\n' }, {}, 'app');
    expect(find(diagnosticsOf(plan), 'requirements-in-unpinned')).toMatchObject({ level: 'warning', file: 'requirements.in' });
    expect(installShell(plan)).toContain('uv pip install -r requirements.in -r requirements-dev.in');
  });

  it('.in files beside .txt files: the .txt files are installed, without a warning', () => {
    const plan = planOf({ 'requirements.in': 'httpx\n', 'requirements.txt': 'httpx==0.28.1\n' }, {}, 'app');
    expect(codes(diagnosticsOf(plan))).not.toContain('requirements-in-unpinned');
    expect(installShell(plan)).toMatch(/\nuv pip install -r requirements\.txt$/);
  });

  // setup.cfg needs a pyproject.toml beside it (with no [project]: the requirements layout) for uv to build it.
  it.each<Record<string, string>>([{ 'setup.py': '' }, { 'setup.cfg': '', 'pyproject.toml': '[tool.ruff]\n' }])('%o: the project itself, editable (-e .)', (files) => {
    const plan = planOf(files, {}, 'app');
    expect(installShell(plan)).toMatch(/\nuv pip install -e \.$/);
    expect(step(plan, 'updateContentCommand')!.reason).toContain('setup.py, editable');
  });

  it('requirements.txt and setup.py: both', () => {
    const plan = planOf({ 'setup.py': '', 'requirements.txt': '' }, {}, 'app');
    expect(installShell(plan)).toMatch(/\nuv pip install -r requirements\.txt -e \.$/);
    expect(shSyntax(lifecycleScript(plan)).status).toBe(0);
  });

  it('runtime.txt python-3.12.4: Python 3.12.4, from runtime.txt, given to uv venv', () => {
    const plan = planOf({ 'requirements.txt': '', 'runtime.txt': 'python-3.12.4\n' }, {}, 'app');
    expect(plan.python).toMatchObject({ value: '3.12.4', source: 'runtime.txt' });
    expect(installShell(plan)).toContain('uv venv --allow-existing --python 3.12.4 /opt/uv/envs/project\n');
  });

  it('.python-version outranks runtime.txt, and uv reads it itself', () => {
    const plan = planOf({ 'requirements.txt': '', 'runtime.txt': 'python-3.12.4\n', '.python-version': '3.11\n' }, {}, 'app');
    expect(plan.python).toMatchObject({ value: '3.11', source: '.python-version' });
    expect(installShell(plan)).toContain('uv venv --allow-existing /opt/uv/envs/project\n');
  });

  it.each(['3.12', 'python3.12', 'python-3', 'python-latest', ''])('runtime.txt %j: warning runtime-txt-unrecognised, and it is ignored', (text) => {
    const plan = planOf({ 'requirements.txt': '', 'runtime.txt': `${text}\n` }, {}, 'app');
    expect(find(diagnosticsOf(plan), 'runtime-txt-unrecognised')).toMatchObject({ level: 'warning', file: 'runtime.txt' });
    expect(plan.python.source).toBe('default');
  });

  it('Poetry metadata ([tool.poetry], no [project]) with poetry.lock: error poetry-metadata', () => {
    const result = planFiles({ 'pyproject.toml': '[tool.poetry]\nname = "legacy"\nversion = "1.0.0"\n', 'poetry.lock': '' });
    expect(find(result.diagnostics, 'poetry-metadata')).toMatchObject({ level: 'error', file: 'pyproject.toml' });
    expect(find(result.diagnostics, 'poetry-metadata')!.hint).toContain('migrate-to-uv');
  });

  it.each([
    ['poetry.lock', 'poetry-lock-ignored'],
    ['pdm.lock', 'pdm-lock-ignored'],
  ])('%s next to [project]: warning %s, and uv sync', (lock, code) => {
    const plan = planOf({ 'pyproject.toml': pyproject('app'), [lock]: '' });
    expect(find(diagnosticsOf(plan), code)).toMatchObject({ level: 'warning', file: lock });
    expect(installOf(plan)).toEqual({ kind: 'uv-sync', args: ['--python', '3.14'] });
  });

  it.each<Record<string, string>>([{ Pipfile: '' }, { Pipfile: '', 'Pipfile.lock': '{}' }, { 'Pipfile.lock': '{}' }])('Pipfile only (%o): error pipfile-only', (files) => {
    const result = planFiles(files);
    expect(result.plan).toBeUndefined();
    expect(find(result.diagnostics, 'pipfile-only')).toMatchObject({ level: 'error' });
    expect(find(result.diagnostics, 'pipfile-only')!.hint).toContain('migrate-to-uv');
  });

  it('a Pipfile beside requirements.txt: the requirements are installed', () => {
    const plan = planOf({ Pipfile: '', 'requirements.txt': '' }, {}, 'app');
    expect(installShell(plan)).toContain('uv pip install -r requirements.txt');
  });

  it('pyproject.toml without [project] and nothing else: error pyproject-no-project', () => {
    const result = planFiles({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' });
    expect(find(result.diagnostics, 'pyproject-no-project')).toMatchObject({ level: 'error', file: 'pyproject.toml' });
  });

  it('pyproject.toml without [project] beside requirements.txt: the requirements are installed', () => {
    const plan = planOf({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n', 'requirements.txt': '' }, {}, 'app');
    expect(installShell(plan)).toContain('uv pip install -r requirements.txt');
  });

  it('the analyzer takes only plain requirements names: nothing a shell would read', () => {
    const { facts } = analyzeRepo(
      new MemoryRepo({ 'requirements.txt': '', 'requirements-$(id).txt': '', "requirements-it's.txt": '', 'requirements a.txt': '', 'requirements-;x.txt': '', 'requirements-`x`.txt': '' }),
      'repo',
    );
    expect(facts.markers.requirements).toEqual(['requirements.txt']);
  });

  it('the install command is sh text that sh -n accepts, quoting hostile file names and paths safely', () => {
    const hostile = ['requirements.txt', "it's.txt", 'a b.txt', '$(touch pwned).txt', '`touch pwned`.txt', 'x;touch pwned.txt', '-r', 'new\nline.txt', '"q".txt', '\\.txt', '*.txt', '~', '$HOME'];
    const envPath = "/opt/uv/envs/o'k $(touch pwned)";
    const facts = baseFacts({ pyproject: undefined, markers: { requirements: hostile, requirementsIn: [], hasSetupPy: true, poetryLock: false, pdmLock: false, pipfile: false } });
    const diagnostics: Diagnostic[] = [];
    const dependencies = { extras: [], allExtras: false, groups: [], allGroups: false, noDev: false };
    const context = { facts, root: '/opt/uv', slug: 'x', uvVersion: '0.13.9', uvReads: () => true, syncPython: '3.12; touch pwned', dependencies, diagnostics };
    const install = requirements.install(context, { path: envPath, reason: 'r', mode: 'single', variables: [], pathPrepend: { value: [], reason: 'r' } })!;
    expect(diagnostics).toEqual([]);
    expect(install).toMatchObject({ action: { kind: 'uv-pip' } });
    const text = actionShell(install.action, '.devcontainer/check-uv-layout.sh').join('\n');
    expect(shSyntax(text)).toEqual({ status: 0, stderr: '' });

    const cwd = tempDir();
    const run = runWithFakeUv(text, cwd);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const args = (words: string[]) => `${fs.realpathSync(cwd)}:${words.map((w) => `<${w}>`).join('')}`;
    expect(run.stdout).toBe(
      `${[args(['venv', '--allow-existing', '--python', '3.12; touch pwned', envPath]), args(['pip', 'install', ...hostile.flatMap((f) => ['-r', f]), '-e', '.'])].join('\n')}\n`,
    );
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('a uv project is synced, not pip-installed, whatever else is there', () => {
    const plan = planOf({ 'pyproject.toml': pyproject('app'), 'requirements.txt': '', 'setup.py': '' });
    expect(installOf(plan)).toEqual({ kind: 'uv-sync', args: ['--python', '3.14'] });
  });

  // Regression (was a bug, fixed): src/analyze/markers.ts:35 sorts requirement files with String.prototype.localeCompare,
  // which follows the host's locale (LANG / LC_ALL): under cs_CZ "ch" sorts after "h", so
  // requirements-ch.txt and requirements-h.txt swap places and the generated updateContentCommand
  // (devcontainer.json) differs from machine to machine, which `--check` reports as drift. The
  // README promises output that depends only on the repository, the options and the version.
  it('the order of requirement files does not depend on the host locale', () => {
    const script = [
      `import { readOtherMarkers } from ${JSON.stringify(path.join(REPO_ROOT, 'dist/analyze/markers.js'))};`,
      "const names = ['requirements-h.txt', 'requirements-ch.txt', 'requirements.txt'];",
      "const reader = { root: '/r', listDir: () => names, kindOf: () => 'file', readText: () => ({ kind: 'missing' }) };",
      'console.log(JSON.stringify(readOtherMarkers(reader, []).requirements));',
    ].join('\n');
    const orderUnder = (locale: string) => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LANG: locale, LC_ALL: locale } });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as string[];
    };
    expect(orderUnder('C.UTF-8')).toEqual(['requirements.txt', 'requirements-ch.txt', 'requirements-h.txt']);
    expect(orderUnder('cs_CZ.UTF-8')).toEqual(orderUnder('C.UTF-8'));
  });
});

// ---- Several projects in one folder --------------------------------------------------------------

describe('several projects in one folder', () => {
  const files = {
    'README.md': '# tools\n',
    'api/pyproject.toml': pyproject('api'),
    'api/uv.lock': 'version = 1\n',
    'worker/pyproject.toml': pyproject('worker'),
    'my tool/pyproject.toml': pyproject('my-tool'),
    'my tool/uv.lock': 'version = 1\n',
    'docs/index.md': '# not a project\n',
    '.hidden/pyproject.toml': pyproject('hidden'),
    'node_modules/pyproject.toml': pyproject('nm'),
    'build/pyproject.toml': pyproject('build'),
  };

  it('analysis: each folder with a pyproject.toml, below others too (whether it has a uv.lock is looked at when the step runs)', () => {
    const { facts, diagnostics } = analyzeRepo(new MemoryRepo({ ...files, 'deep/er/pyproject.toml': pyproject('deeper') }), 'tools');
    expect(diagnostics).toEqual([]);
    expect(facts.projects).toEqual([{ path: 'api' }, { path: 'deep/er' }, { path: 'my tool' }, { path: 'worker' }]);
  });

  it('plan.projects, centralized-project-envs, and no single environment variables', () => {
    const plan = planOf(files, {}, 'tools');
    expect(plan.projects).toMatchObject({ paths: ['api', 'my tool', 'worker'], strategy: 'centralized-project-envs' });
    expect(plan.projects!.reason).toContain('3 independent projects');
    const env = envOf(plan);
    expect(env.UV_PREVIEW_FEATURES).toBe('centralized-project-envs');
    expect(env).not.toHaveProperty('UV_PROJECT_ENVIRONMENT');
    expect(env).not.toHaveProperty('VIRTUAL_ENV');
    expect(plan.environment).toEqual({ path: '/opt/uv/cache/environments-v2', mode: 'per-project' });
    expect(plan.environment.path.startsWith(`${env.UV_CACHE_DIR}/`)).toBe(true);
    expect(plan.pathPrepend.value).toEqual(['/opt/uv/bin']);
    expect(plan.python).toMatchObject({ value: 'per project', source: 'each project' });
    expect(plan.workspace).toBeUndefined();
  });

  it('the sync step: each project in its folder, --frozen where the folder has a uv.lock when it runs', () => {
    const plan = planOf(files, {}, 'tools');
    expect(installOf(plan)).toEqual({
      kind: 'uv-sync-each',
      paths: ['api', 'my tool', 'worker'],
      args: ['--all-packages'],
      frozenWhereLocked: true,
      rustBackends: ['maturin', 'setuptools_rust.build_meta'],
    });
    expect(installShell(plan)).toContain("sync_project api\nsync_project 'my tool'\nsync_project worker\n");
    expect(shSyntax(lifecycleScript(plan))).toEqual({ status: 0, stderr: '' });
  });

  it('the sync step runs uv in each folder, --frozen where a uv.lock is there when it runs', () => {
    const script = lifecycleScript(planOf(files, {}, 'tools'));
    const cwd = tempDir();
    for (const folder of ['api', 'my tool', 'worker']) fs.mkdirSync(path.join(cwd, folder));
    fs.writeFileSync(path.join(cwd, 'api', 'uv.lock'), 'version = 1\n');
    const root = fs.realpathSync(cwd);
    const run = runLifecycle(script, 'install', cwd);
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => [c.cwd, c.args])).toEqual([
      [`${root}/api`, ['sync', '--frozen', '--all-packages']],
      [`${root}/my tool`, ['sync', '--all-packages']],
      [`${root}/worker`, ['sync', '--all-packages']],
    ]);
    // A lock committed after the files were generated counts; a uv.lock that is a folder does not.
    fs.writeFileSync(path.join(cwd, 'worker', 'uv.lock'), 'version = 1\n');
    fs.mkdirSync(path.join(cwd, 'my tool', 'uv.lock'));
    expect(runLifecycle(script, 'install', cwd).calls.map((c) => c.args)).toEqual([
      ['sync', '--frozen', '--all-packages'],
      ['sync', '--all-packages'],
      ['sync', '--frozen', '--all-packages'],
    ]);
  });

  it('a project whose sync fails does not stop the others; the step fails at the end and names it', () => {
    const script = lifecycleScript(planOf(files, {}, 'tools'));
    const cwd = tempDir();
    for (const folder of ['api', 'worker']) fs.mkdirSync(path.join(cwd, folder));
    const root = fs.realpathSync(cwd);
    // "my tool" is missing, so cd fails there, as uv sync would on a broken pyproject.toml.
    const failed = runLifecycle(script, 'install', cwd);
    expect(failed.status).toBe(1);
    expect(failed.calls.map((c) => [c.cwd, c.args])).toEqual([
      [`${root}/api`, ['sync', '--all-packages']],
      [`${root}/worker`, ['sync', '--all-packages']],
    ]);
    expect(failed.stderr).toContain('gen-devcontainer: uv sync failed in my tool (uv says why above)');
    expect(failed.stderr).toContain('gen-devcontainer: uv sync failed in 1 of 3 project(s), see above');
    // uv itself failing everywhere: every project is tried, and the step fails.
    const all = runLifecycle(script, 'install', cwd, { uvExit: 1 });
    expect(all.status).toBe(1);
    expect(all.calls).toHaveLength(2);
    expect(all.stderr).toContain('uv sync failed in 3 of 3 project(s)');
  });

  it('hostile folder names stay single shell words', () => {
    const names = ["it's", '$(touch pwned)', 'a;b', '`x`', 'tab\there', 'new\nline', '${localEnv:GH_TOKEN}', '"q"'];
    const plan = planOf(Object.fromEntries(names.map((n) => [`${n}/pyproject.toml`, pyproject('p')])), {}, 'tools');
    const script = lifecycleScript(plan);
    expect(shSyntax(script).status).toBe(0);
    const cwd = tempDir();
    for (const n of names) fs.mkdirSync(path.join(cwd, n));
    const run = runLifecycle(script, 'install', cwd);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const root = fs.realpathSync(cwd);
    expect(plan.projects!.paths.slice().sort()).toEqual([...names].sort());
    expect(run.calls.map((c) => [c.cwd, c.args])).toEqual(plan.projects!.paths.map((n) => [`${root}/${n}`, ['sync', '--all-packages']]));
    expect(fs.readdirSync(cwd).sort()).toEqual([...names].sort());
  });

  // Regression (was a bug, fixed): src/plan/plan.ts:199 writes `cd <folder>` with no `--`, and shellWord leaves a leading "-"
  // bare, so a project folder named "-P" (or "-L", "-") is read by cd as an option: `cd -P` goes to
  // $HOME and `uv sync` runs there instead of in the project. It needs `cd -- <folder>` (or ./<folder>).
  it('a project folder whose name starts with "-" is still the folder uv runs in', () => {
    const plan = planOf({ '-P/pyproject.toml': pyproject('p'), 'q/pyproject.toml': pyproject('q') }, {}, 'tools');
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '-P'));
    fs.mkdirSync(path.join(cwd, 'q'));
    const root = fs.realpathSync(cwd);
    expect(runLifecycle(lifecycleScript(plan), 'install', cwd).calls.map((c) => [c.cwd, c.args])).toEqual([
      [`${root}/-P`, ['sync', '--all-packages']],
      [`${root}/q`, ['sync', '--all-packages']],
    ]);
  });

  it('uv older than 0.11.25: error uv-too-old-for-projects; 0.11.25 is enough', () => {
    const old = planFiles(files, { uvVersion: '0.11.24' }, 'tools');
    expect(old.plan).toBeUndefined();
    expect(find(old.diagnostics, 'uv-too-old-for-projects')).toMatchObject({ level: 'error' });
    expect(find(old.diagnostics, 'uv-too-old-for-projects')!.message).toContain('0.11.24');
    expect(planOf(files, { uvVersion: '0.11.25' }, 'tools').uv.version.value).toBe('0.11.25');
  });

  it('devcontainer.json: no python.defaultInterpreterPath, and the per-project variables', () => {
    const config = devcontainerJson(planOf(files, {}, 'tools'));
    expect(config.customizations.vscode.settings).toEqual({});
    expect(config.containerEnv.UV_PREVIEW_FEATURES).toBe('centralized-project-envs');
    expect(config.containerEnv).not.toHaveProperty('UV_PROJECT_ENVIRONMENT');
    expect(config.updateContentCommand[0]).toBe('sh');
  });

  it('a subfolder pyproject.toml is not read: uv reads it when the install step syncs that folder', () => {
    const { facts, diagnostics } = analyzeRepo(new MemoryRepo({ 'a/pyproject.toml': '[project\n', 'b/pyproject.toml': pyproject('b') }), 'tools');
    expect(diagnostics).toEqual([]);
    expect(facts.projects).toEqual([{ path: 'a' }, { path: 'b' }]);
  });

  it('no project anywhere: error pyproject-missing', () => {
    expect(level(planFiles({ 'docs/index.md': '', '.hidden/pyproject.toml': pyproject('h') }).diagnostics, 'pyproject-missing')).toBe('error');
  });

  it('requirements at the root make it a requirements project, not a folder of projects', () => {
    const plan = planOf({ 'requirements.txt': '', 'a/pyproject.toml': pyproject('a') }, {}, 'app');
    expect(plan.projects).toBeUndefined();
    expect(plan.environment.mode).toBe('single');
  });
});

// ---- src/plan/python-provider.ts ---------------------------------------------------------------

describe('imagePythonMinor', () => {
  it.each([
    ['python:3.12-slim', '3.12'],
    ['python:3.12', '3.12'],
    ['docker.io/library/python:3.13', '3.13'],
    ['library/python:3.10-alpine3.20', '3.10'],
    ['ghcr.io/x/python:3.11.9-bookworm', '3.11'],
    ['localhost:5000/team/python:3.14.0', '3.14'],
    [`python:3.12-slim@${DIGEST}`, '3.12'],
    [`python:3.13@${DIGEST}`, '3.13'],
    [`python@${DIGEST}`, undefined],
    ['python', undefined],
    ['python:latest', undefined],
    ['python:3', undefined],
    ['python:slim', undefined],
    ['pypy:3.10', undefined],
    ['mypython:3.12', undefined],
    // uv's derived images are built on the official python images (uv docs, guides/integration/docker.md).
    ['ghcr.io/astral-sh/uv:python3.12-bookworm', '3.12'],
    ['ghcr.io/astral-sh/uv:0.12-python3.14-trixie-slim', '3.14'],
    ['ghcr.io/astral-sh/uv:0.9.5', undefined],
    ['ghcr.io/astral-sh/uv:debian', undefined],
    ['mcr.microsoft.com/devcontainers/base:trixie', undefined],
    // The devcontainers python tags are [RELEASE-]X.Y[-DISTRO] (devcontainers/images src/python/manifest.json).
    ['mcr.microsoft.com/devcontainers/python:3.12', '3.12'],
    ['mcr.microsoft.com/devcontainers/python:1-3.12', '3.12'],
    ['mcr.microsoft.com/devcontainers/python:1-3.12-bookworm', '3.12'],
    ['mcr.microsoft.com/devcontainers/python:3.1.5-3.13-trixie', '3.13'],
    ['mcr.microsoft.com/devcontainers/python:3.12-bookworm', '3.12'],
    ['mcr.microsoft.com/vscode/devcontainers/python:0-3.10', '3.10'],
    ['mcr.microsoft.com/devcontainers/python:1', undefined],
    ['mcr.microsoft.com/devcontainers/python:3.1', undefined],
    ['mcr.microsoft.com/devcontainers/python:latest', undefined],
    ['debian:trixie-slim', undefined],
  ])('%s -> %s', (image, minor) => {
    expect(imagePythonMinor(image)).toBe(minor);
  });
});

describe('Python from the image', () => {
  const project = (requires?: string) => ({ 'pyproject.toml': pyproject('app', requires ? `requires-python = "${requires}"\n` : '') });

  it('a python:X.Y base image of the chosen version: provider image, only-system, no downloads', () => {
    const plan = planOf(project('<3.13'), { baseImage: 'python:3.12-slim' });
    expect(plan.python.value).toBe('3.12');
    expect(plan.python.provider).toMatchObject({ value: 'image', source: 'base image' });
    expect(envOf(plan)).toMatchObject({ UV_PYTHON_PREFERENCE: 'only-system', UV_PYTHON_DOWNLOADS: 'never' });
    expect(plan.env.filter((v) => v.name === 'UV_PYTHON_PREFERENCE')).toHaveLength(1);
    expect(diagnosticsOf(plan)).toEqual([]);
  });

  // The image may hold another patch release than 3.13.1, and with downloads off uv would find no
  // interpreter: only a bare X.Y request is served from the image.
  it('a patch pin of the same minor is not left to the image', () => {
    const plan = planOf({ ...project(), '.python-version': '3.13.1\n' }, { baseImage: 'docker.io/library/python:3.13' });
    expect(plan.python.provider.value).toBe('uv-managed');
  });

  // The image's Python is what the configuration runs: with nothing in the project naming a version,
  // it is the plan's Python (it used to be 3.14, downloaded beside the image's 3.12).
  it("no version in the project: the image's Python, from the image", () => {
    const plan = planOf(project(), { baseImage: 'python:3.12-slim' });
    expect(plan.python).toMatchObject({ value: '3.12', source: '--base-image' });
    expect(plan.python.reason).toContain('python:3.12-slim');
    expect(plan.python.provider).toMatchObject({ value: 'image', source: 'base image' });
    expect(diagnosticsOf(plan)).toEqual([]);
  });

  it("requires-python that excludes the image's Python: the newest it allows, uv-managed, with a warning", () => {
    const plan = planOf(project('>=3.13'), { baseImage: 'python:3.12-slim' });
    expect(plan.python.value).toBe('3.14');
    expect(find(diagnosticsOf(plan), 'image-python-outside-requires-python')).toMatchObject({ level: 'warning', file: 'pyproject.toml' });
  });

  it.each([
    ['python:3.12-slim', 'a newer requires-python', '>=3.13'],
    ['mcr.microsoft.com/devcontainers/base:trixie', 'a non-Python image', '<3.13'],
  ])('%s with %s: uv-managed, only-managed, downloads allowed', (baseImage, _why, requires) => {
    const plan = planOf(project(requires), { baseImage });
    expect(plan.python.provider.value).toBe('uv-managed');
    expect(envOf(plan).UV_PYTHON_PREFERENCE).toBe('only-managed');
    expect(envOf(plan)).not.toHaveProperty('UV_PYTHON_DOWNLOADS');
  });

  it('the mismatch is explained', () => {
    expect(planOf(project('>=3.13'), { baseImage: 'python:3.12-slim' }).python.provider.reason).toContain('python:3.12-slim ships Python 3.12, not 3.14');
  });

  it('--python-from uv-managed overrides a matching image', () => {
    const plan = planOf(project('<3.13'), { baseImage: 'python:3.12-slim', pythonFrom: 'uv-managed' });
    expect(plan.python.provider).toMatchObject({ value: 'uv-managed', source: '--python-from' });
    expect(envOf(plan).UV_PYTHON_PREFERENCE).toBe('only-managed');
    expect(plan.options).toEqual(['--base-image', 'python:3.12-slim', '--python-from', 'uv-managed']);
  });

  it('--python-from image with a matching image: no warning', () => {
    const plan = planOf(project('<3.13'), { baseImage: 'python:3.12-slim', pythonFrom: 'image' });
    expect(plan.python.provider).toMatchObject({ value: 'image', source: '--python-from' });
    expect(diagnosticsOf(plan)).toEqual([]);
  });

  it('--python-from image with another version: image anyway, warning python-from-image-mismatch', () => {
    const plan = planOf({ ...project(), '.python-version': '3.14\n' }, { baseImage: 'python:3.12-slim', pythonFrom: 'image' });
    expect(plan.python.provider.value).toBe('image');
    expect(envOf(plan)).toMatchObject({ UV_PYTHON_PREFERENCE: 'only-system', UV_PYTHON_DOWNLOADS: 'never' });
    expect(find(diagnosticsOf(plan), 'python-from-image-mismatch')).toMatchObject({ level: 'warning' });
    expect(find(diagnosticsOf(plan), 'python-from-image-mismatch')!.message).toContain('Python 3.12, the plan chose 3.14');
  });

  it('--python-from image with a non-Python image: image anyway, warning python-from-image-unknown', () => {
    const plan = planOf(project(), { pythonFrom: 'image' });
    expect(plan.python.provider.value).toBe('image');
    expect(level(diagnosticsOf(plan), 'python-from-image-unknown')).toBe('warning');
  });

  // Regression (was a bug, fixed): src/plan/python-provider.ts:20 and :27: the chosen version is read with /^(\d+\.\d+)/, so a
  // .python-version request uv accepts such as "cpython@3.11" (or "pypy@3.10") yields no version,
  // and `wanted === undefined` then counts as agreeing: python:3.12-slim becomes the provider with
  // UV_PYTHON_PREFERENCE=only-system and UV_PYTHON_DOWNLOADS=never, so `uv sync` cannot get 3.11.
  it('a .python-version of another version in a request form (cpython@3.11) does not pick the image', () => {
    const plan = planOf({ ...project(), '.python-version': 'cpython@3.11\n' }, { baseImage: 'python:3.12-slim' });
    expect(plan.python.value).toBe('cpython@3.11');
    expect(plan.python.provider.value).toBe('uv-managed');
  });

  it('choosePythonProvider directly: the options and the agreement rule', () => {
    const d: Diagnostic[] = [];
    expect(choosePythonProvider('python:3.11', '3.11.4', undefined, d).value).toBe('uv-managed');
    expect(choosePythonProvider('python:3.11', '3.11', undefined, d).value).toBe('image');
    expect(choosePythonProvider('python:3.11', '3.12', undefined, d).value).toBe('uv-managed');
    expect(choosePythonProvider('debian:trixie', '3.12', undefined, d).value).toBe('uv-managed');
    expect(choosePythonProvider('python:3.11', '3.11', 'uv-managed', d).value).toBe('uv-managed');
    expect(d).toEqual([]);
  });
});

// ---- --read-only and --shared-cache -------------------------------------------------------------

describe('read-only root', () => {
  const files = { 'pyproject.toml': pyproject('app') };

  it('tmpfs for /tmp, /var/tmp, /run and the home folder; XDG_CACHE_HOME on the volume', () => {
    const plan = planOf(files, { readOnly: true });
    expect(plan.devcontainer.readOnlyRoot!.tmpfs).toEqual(['/tmp', '/var/tmp', '/run', '/home/vscode']);
    expect(plan.devcontainer.readOnlyRoot!.reason).toContain('read-only');
    expect(envOf(plan).XDG_CACHE_HOME).toBe('/opt/uv/xdg-cache');
    expect(plan.directories.find((d) => d.role === 'xdg-cache')?.path).toBe('/opt/uv/xdg-cache');
    expect(plan.options).toEqual(['--read-only']);
  });

  it('the home folder follows --user, and every uv folder stays on the volume', () => {
    const plan = planOf(files, { readOnly: true, user: 'dev:1001', mountTarget: '/data/uv' });
    expect(plan.devcontainer.readOnlyRoot!.tmpfs).toContain('/home/dev');
    for (const d of plan.directories) expect(d.path.startsWith('/data/uv/')).toBe(true);
    for (const v of plan.env) if (v.value.startsWith('/')) expect(v.value.startsWith('/data/uv/')).toBe(true);
  });

  it('devcontainer.json runArgs start with --read-only, then a --tmpfs per folder', () => {
    const config = devcontainerJson(planOf(files, { readOnly: true }));
    expect(config.runArgs).toEqual(['--read-only', '--tmpfs=/tmp:exec', '--tmpfs=/var/tmp:exec', '--tmpfs=/run:exec', '--tmpfs=/home/vscode:exec']);
    expect(config.containerEnv.XDG_CACHE_HOME).toBe('/opt/uv/xdg-cache');
  });

  it('the Dockerfile makes the home folder world-writable and creates the XDG cache folder', () => {
    const plan = planOf(files, { readOnly: true });
    const dockerfile = renderOf(plan, factsOf(plan))['.devcontainer/Dockerfile']!;
    expect(dockerfile).toContain('RUN chmod 1777 "$(getent passwd "$USERNAME" | cut -d: -f6)"');
    expect(dockerfile).toMatch(/mkdir -p [^\n]*\/opt\/uv\/xdg-cache/);
  });

  it('without it: no runArgs, no XDG_CACHE_HOME, no chmod', () => {
    const plan = planOf(files);
    expect(plan.devcontainer.readOnlyRoot).toBeUndefined();
    expect(envOf(plan)).not.toHaveProperty('XDG_CACHE_HOME');
    const rendered = renderOf(plan, factsOf(plan));
    expect(rendered['.devcontainer/Dockerfile']).not.toContain('chmod 1777');
    expect(parseJsoncStrict(rendered['.devcontainer/devcontainer.json']!)).not.toHaveProperty('runArgs');
  });

  it("a user's runArgs are kept, ours added after them", () => {
    const plan = planOf({ ...files, '.devcontainer/devcontainer.json': '{\n  // mine\n  "image": "debian:trixie",\n  "runArgs": ["--cap-add=SYS_PTRACE"]\n}\n' }, { readOnly: true });
    const config = devcontainerJson(plan);
    // debian:trixie runs as root and the configuration names no user, so it keeps root, whose home is /root.
    expect(config.runArgs).toEqual(['--cap-add=SYS_PTRACE', '--read-only', '--tmpfs=/tmp:exec', '--tmpfs=/var/tmp:exec', '--tmpfs=/run:exec', '--tmpfs=/root:exec']);
  });

  // Regression (was a bug, fixed): src/targets/devcontainer/devcontainer-json.ts:43-44 puts runArgs into a Docker Compose configuration
  // too. runArgs is an image/Dockerfile-only property (the spec schema defines it only in
  // nonComposeBase; containers.dev json_reference "Image or Dockerfile specific"), which the Dev
  // Container CLI ignores for compose (microsoft/vscode-remote-release#1299, #6539), and
  // src/targets/devcontainer/compose.ts writes neither `read_only` nor `tmpfs` into the service: --read-only
  // silently does nothing there, while the plan and the check say the root is read-only.
  it('a compose configuration gets the read-only root in the compose file, not runArgs', () => {
    const plan = planOf(
      {
        ...files,
        '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/workspace" }\n',
        '.devcontainer/compose.yaml': 'services:\n  app:\n    image: debian:trixie\n',
      },
      { readOnly: true },
    );
    const rendered = renderOf(plan, factsOf(plan));
    expect(parseJsoncStrict(rendered['.devcontainer/devcontainer.json']!)).not.toHaveProperty('runArgs');
    // The user's compose file is not edited; the override says it.
    expect(rendered['.devcontainer/compose.yaml']).toBeUndefined();
    expect(rendered['.devcontainer/compose.gen-devcontainer.yaml']).toMatch(/read_only: true\n {4}tmpfs:\n {6}- \/tmp:exec/);
  });
});

describe('shared cache', () => {
  it('one volume uv-shared-cache; the environment is still envs/<slug>; the flag is in the regenerate hint', () => {
    const plan = planOf({ 'pyproject.toml': pyproject('My_App') }, { sharedCache: true });
    expect(plan.volume.name).toMatchObject({ value: 'uv-shared-cache', source: '--shared-cache' });
    expect(plan.volume.name.reason).toContain('envs/my-app');
    expect(plan.environment.path).toBe('/opt/uv/envs/my-app');
    expect(envOf(plan)).toMatchObject({ UV_PROJECT_ENVIRONMENT: '/opt/uv/envs/my-app', UV_CACHE_DIR: '/opt/uv/cache', UV_PYTHON_INSTALL_DIR: '/opt/uv/python' });
    expect(plan.options).toEqual(['--shared-cache']);
    const rendered = renderOf(plan, factsOf(plan));
    expect(rendered['.devcontainer/devcontainer.json']).toContain('// Regenerate: npx gen-devcontainer@9.9.9-test --shared-cache\n');
    expect(rendered['.devcontainer/Dockerfile']).toContain('# Regenerate: npx gen-devcontainer@9.9.9-test --shared-cache\n');
    expect(parseJsoncStrict(rendered['.devcontainer/devcontainer.json']!)).toMatchObject({ mounts: [{ type: 'volume', source: 'uv-shared-cache', target: '/opt/uv' }] });
  });

  it('two projects share the volume and keep their own environments', () => {
    const a = planOf({ 'pyproject.toml': pyproject('alpha') }, { sharedCache: true });
    const b = planOf({ 'pyproject.toml': pyproject('beta') }, { sharedCache: true });
    expect(a.volume.name.value).toBe(b.volume.name.value);
    expect(a.environment.path).not.toBe(b.environment.path);
    expect(envOf(a).UV_CACHE_DIR).toBe(envOf(b).UV_CACHE_DIR);
  });

  it('--volume names it: the shared volume under that name', () => {
    expect(planOf({ 'pyproject.toml': pyproject('app') }, { sharedCache: true, volume: 'mine' }).volume.name).toMatchObject({ value: 'mine', source: '--volume, --shared-cache' });
  });

  it('with a folder of projects and a read-only root, the plan still holds together', () => {
    const plan = planOf({ 'a/pyproject.toml': pyproject('a'), 'b/pyproject.toml': pyproject('b') }, { sharedCache: true, readOnly: true }, 'tools');
    expect(plan.volume.name.value).toBe('uv-shared-cache');
    expect(plan.environment.mode).toBe('per-project');
    expect(plan.devcontainer.readOnlyRoot!.tmpfs).toContain('/tmp');
    expect(() => renderOf(plan, factsOf(plan))).not.toThrow();
  });
});

describe('merging into a configuration an earlier run edited', () => {
  const pyprojectText = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n';
  const userConfig = '{\n  // mine\n  "image": "debian:trixie",\n  "features": {}\n}\n';

  /** Runs analyze -> plan -> render twice, the second time with other options, as a user would. */
  function twice(first: Partial<PlanOptions>, second: Partial<PlanOptions>, between: (files: Record<string, string>) => void = () => {}) {
    let files: Record<string, string> = { 'pyproject.toml': pyprojectText, '.devcontainer/devcontainer.json': userConfig };
    const results: Diagnostic[][] = [];
    for (const options of [first, second]) {
      const analysis = analyzeRepo(new MemoryRepo(files), 'demo');
      const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
      const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, false);
      results.push(rendering.diagnostics);
      files = { ...files, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) };
      between(files);
    }
    return { files, notes: results[1]! };
  }

  it('values it wrote are its own to change: a new mount target moves them all, with no warning and no error', () => {
    const { files, notes } = twice({}, { mountTarget: '/srv/uv' });
    expect(notes.filter((d) => d.level !== 'info')).toEqual([]);
    const config = parseJsoncStrict(files['.devcontainer/devcontainer.json']!) as { containerEnv: Record<string, string> };
    expect(config.containerEnv.UV_CACHE_DIR).toBe('/srv/uv/cache');
    expect(config.containerEnv.UV_PROJECT_ENVIRONMENT).toBe('/srv/uv/envs/demo');
  });

  it('a lock committed after the first run: uv sync becomes --frozen, not a second sync beside the first', () => {
    const { files } = twice({}, {}, (f) => {
      f['uv.lock'] = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n';
    });
    const config = parseJsoncStrict(files['.devcontainer/devcontainer.json']!) as { updateContentCommand: unknown };
    expect(config.updateContentCommand).toEqual(['sh', '.devcontainer/uv-lifecycle.sh', 'install']);
    expect(files['.devcontainer/uv-lifecycle.sh']).toMatch(/^step_install\(\) \{\n {4}uv sync --frozen --python 3\.14\n\}$/m);
  });

  it('a value the user changed after the first run stays theirs (kept, with a warning)', () => {
    const { files, notes } = twice({}, {}, (f) => {
      f['.devcontainer/devcontainer.json'] = f['.devcontainer/devcontainer.json']!.replace('"UV_LINK_MODE": "clone"', '"UV_LINK_MODE": "copy"');
    });
    expect(files['.devcontainer/devcontainer.json']).toContain('"UV_LINK_MODE": "copy"');
    expect(notes.map((d) => d.code)).toContain('kept-user-value');
  });

  it("the user's own uv locations stop the run instead of being kept one by one", () => {
    const analysis = analyzeRepo(
      new MemoryRepo({ 'pyproject.toml': pyprojectText, '.devcontainer/devcontainer.json': '{ "image": "debian:trixie", "containerEnv": { "UV_CACHE_DIR": "/cache/uv" } }' }),
      'demo',
    );
    const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
    // The plan lists the place; a run without --force stops on it, one with --force replaces it.
    expect(planned.plan!.devcontainer.userSettings?.settings).toEqual([expect.objectContaining({ name: 'UV_CACHE_DIR', place: 'containerEnv', action: 'replace', line: 1 })]);
    expect(userSettingsDiagnostics(planned.plan!.devcontainer.userSettings, false).find((d) => d.code === 'user-uv-locations')).toMatchObject({ level: 'error' });
    expect(userSettingsDiagnostics(planned.plan!.devcontainer.userSettings, true).find((d) => d.code === 'user-uv-locations')).toBeUndefined();
    const forced = renderTargets(planned.plan!, analysis.facts.devcontainer, true).files.find((f) => f.path === '.devcontainer/devcontainer.json')!;
    expect(parseJsoncStrict(forced.content)).toMatchObject({ containerEnv: { UV_CACHE_DIR: '/opt/uv/cache' } });
  });
});

describe('Docker Compose: an override file, the user files untouched', () => {
  const files = {
    'pyproject.toml': '[project]\nname = "svc"\nrequires-python = ">=3.12"\n',
    'docker-compose.yml': [
      '# base file: anchors, merge keys and an octal mode stay exactly as written',
      'x-common: &common',
      '  image: python:3.12-bookworm',
      '  volumes: &vols',
      '    - ..:/workspaces:cached',
      'services:',
      '  app:',
      '    <<: *common',
      '    secrets:',
      '      - source: key',
      '        mode: 0400',
      'secrets:',
      '  key: { file: ./key }',
      '',
    ].join('\n'),
    '.devcontainer/docker-compose.extend.yml': 'services:\n  app:\n    image: ghcr.io/acme/dev:1.4\n',
    '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"], "service": "app", "workspaceFolder": "/workspaces" }\n',
  };

  function generate(input: Record<string, string>, options: Partial<PlanOptions> = {}) {
    const analysis = analyzeRepo(new MemoryRepo(input), 'svc');
    const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
    expect(planned.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, false);
    return { plan: planned.plan!, out: { ...input, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) } };
  }

  it('never rewrites a compose file, and reads the service across all of them (the last image wins)', () => {
    const { plan, out } = generate(files);
    expect(out['docker-compose.yml']).toBe(files['docker-compose.yml']);
    expect(out['.devcontainer/docker-compose.extend.yml']).toBe(files['.devcontainer/docker-compose.extend.yml']);
    expect(plan.baseImage.value).toBe('ghcr.io/acme/dev:1.4');
    const config = parseJsoncStrict(out['.devcontainer/devcontainer.json']!) as { dockerComposeFile: string[] };
    expect(config.dockerComposeFile).toEqual(['../docker-compose.yml', 'docker-compose.extend.yml', 'compose.gen-devcontainer.yaml']);
  });

  it('the override mounts the volume, builds from the Dockerfile with paths from the first file, and tags its own image', () => {
    const { out } = generate(files);
    const override = parseDocument(out['.devcontainer/compose.gen-devcontainer.yaml']!).toJS() as { services: { app: Record<string, unknown> }; volumes: Record<string, unknown> };
    expect(override.services.app).toEqual({ volumes: ['uv-svc:/opt/uv'], build: { context: '.devcontainer', dockerfile: 'Dockerfile' }, image: 'gen-devcontainer-svc:dev' });
    // No name of its own: Compose names it <project>_uv-svc, one per Compose project (issue 10, item 10).
    expect(override.volumes).toEqual({ 'uv-svc': {} });
  });

  it('--volume and --shared-cache name the volume for good: an explicit name, used by Compose as it is', () => {
    const volumesOf = (options: Partial<PlanOptions>) =>
      (parseDocument(generate(files, options).out['.devcontainer/compose.gen-devcontainer.yaml']!).toJS() as { volumes: Record<string, unknown> }).volumes;
    expect(volumesOf({ volume: 'team-uv' })).toEqual({ 'team-uv': { name: 'team-uv' } });
    expect(volumesOf({ sharedCache: true })).toEqual({ 'uv-shared-cache': { name: 'uv-shared-cache' } });
  });

  it('a second run changes nothing and keeps the override last', () => {
    const once = generate(files).out;
    expect(generate(once).out).toEqual(once);
  });

  it('a service defined only in a later file is found', () => {
    const input = { ...files, 'docker-compose.yml': 'services:\n  db:\n    image: postgres:17\n', '.devcontainer/docker-compose.extend.yml': 'services:\n  app:\n    image: debian:trixie\n' };
    expect(generate(input).plan.baseImage.value).toBe('debian:trixie');
  });

  it('a service built from a Dockerfile target: the block goes at the end of that stage', () => {
    const input = {
      ...files,
      '.devcontainer/docker-compose.extend.yml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile\n      target: dev\n',
      Dockerfile: 'FROM debian:trixie AS dev\nRUN echo dev\n\nFROM debian:trixie AS prod\nUSER nobody\n',
    };
    const { out } = generate(input);
    const lines = out.Dockerfile!.split('\n');
    const blockEnd = lines.findIndex((l) => l.startsWith('# <<< gen-devcontainer'));
    expect(blockEnd).toBeGreaterThan(0);
    expect(blockEnd).toBeLessThan(lines.findIndex((l) => l.startsWith('FROM debian:trixie AS prod')));
    expect(lines.at(-2)).toBe('USER nobody');
  });
});
