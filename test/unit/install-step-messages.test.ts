/**
 * Install steps that would fail or mislead, and messages that were false or missing (issue 17,
 * items 6 and 7): each case is a shape seen in a real repository, and each fails on the code before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { hasErrors } from '../../src/diagnostics.js';
import { renderLifecycleScript } from '../../src/targets/devcontainer/lifecycle-script.js';
import { planTargets } from '../../src/targets/plan.js';
import type { Plan } from '../../src/targets/types.js';
import { runCli } from '../helpers/cli.js';
import { runLifecycle } from '../helpers/lifecycle.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { makeRepo, tempDir } from './support.js';

const pyproject = (name: string) => `[project]\nname = ${JSON.stringify(name)}\nversion = "0.1.0"\n`;
const PIN = { '.python-version': '3.12\n' };
const MATURIN = '[build-system]\nrequires = ["maturin>=1.5,<2.0"]\nbuild-backend = "maturin"\n\n';

function planOf(files: Record<string, string>, folder = 'repo') {
  const analysis = analyzeRepo(new MemoryRepo(files), folder);
  const result = planTargets(analysis.facts, { generatorVersion: '9.9.9-test' });
  const diagnostics = [...analysis.diagnostics, ...result.diagnostics];
  if (!result.plan || hasErrors(diagnostics)) throw new Error(`expected a plan, got: ${JSON.stringify(diagnostics)}`);
  return { plan: result.plan, diagnostics };
}
const install = (plan: Plan) => plan.steps.find((s) => s.step === 'install')!;

describe('a cargo warning only where uv builds with Rust', () => {
  it('maturin with [tool.uv] package = false: no warning (uv builds nothing; real uv 0.13.9 synced it offline with no maturin)', () => {
    const { diagnostics } = planOf({ 'pyproject.toml': `${MATURIN}${pyproject('rs')}\n[tool.uv]\npackage = false\n` });
    expect(diagnostics.map((d) => d.code)).not.toContain('build-backend-needs-rust');
    // Control: the same project, packaged.
    expect(planOf({ 'pyproject.toml': `${MATURIN}${pyproject('rs')}` }).diagnostics.map((d) => d.code)).toContain('build-backend-needs-rust');
  });

  it('a workspace member with package = false: no warning for it; a packaged member still warned', () => {
    const { diagnostics } = planOf({
      'pyproject.toml': `${pyproject('root')}\n[tool.uv.workspace]\nmembers = ["crates/*"]\n`,
      'crates/quiet/pyproject.toml': `${MATURIN}${pyproject('quiet')}\n[tool.uv]\npackage = false\n`,
      'crates/loud/pyproject.toml': `${MATURIN}${pyproject('loud')}`,
    });
    const rust = diagnostics.filter((d) => d.code === 'build-backend-needs-rust');
    expect(rust.map((d) => d.file)).toEqual(['crates/loud/pyproject.toml']);
  });

  it('tool.uv.managed = false: no install step, so no warning', () => {
    const { diagnostics } = planOf({ 'pyproject.toml': `${MATURIN}${pyproject('rs')}\n[tool.uv]\nmanaged = false\n` });
    expect(diagnostics.map((d) => d.code)).not.toContain('build-backend-needs-rust');
  });
});

describe('uv.lock that .gitignore ignores', () => {
  it('no "commit it" advice and no --frozen (a clone has no lock, and --frozen fails without one): a warning with the line', async () => {
    const repo = makeRepo({ ...PIN, 'pyproject.toml': pyproject('app'), 'uv.lock': 'version = 1\n', '.gitignore': '.venv/\n*.lock\n' });
    const run = await runCli(['plan', '--json', repo]);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as Plan;
    const step = install(plan);
    expect(step.action).toEqual({ kind: 'uv-sync', args: [] });
    expect(step.reason).not.toMatch(/commit it/);
    expect(step.reason).toMatch(/uv\.lock is ignored by \.gitignore \(line 2\)/);
    expect(run.stderr).toMatch(/\.gitignore:2: warning: .*uv\.lock.*\[uv-lock-gitignored\]/);
    // Control: tracked, it is installed from with --frozen.
    const tracked = makeRepo({ ...PIN, 'pyproject.toml': pyproject('app'), 'uv.lock': 'version = 1\n', '.gitignore': '.venv/\n' });
    expect(install(JSON.parse((await runCli(['plan', '--json', tracked])).stdout) as Plan).action).toEqual({ kind: 'uv-sync', args: ['--frozen'] });
  });

  it('a folder pattern ("uv.lock/") does not ignore the file, and a folder of projects names the ignored locks', () => {
    expect(install(planOf({ ...PIN, 'pyproject.toml': pyproject('app'), 'uv.lock': 'version = 1\n', '.gitignore': 'uv.lock/\n' }).plan).action).toEqual({ kind: 'uv-sync', args: ['--frozen'] });
    const { plan, diagnostics } = planOf({ 'api/pyproject.toml': pyproject('api'), 'web/pyproject.toml': pyproject('web'), '.gitignore': 'uv.lock\n' });
    expect(install(plan).reason).toMatch(/\.gitignore \(line 1\) ignores the uv\.lock of 2 projects \(api\/uv\.lock first\)/);
    expect(install(plan).reason).not.toMatch(/commit it so/);
    expect(diagnostics.find((d) => d.code === 'uv-lock-gitignored')).toMatchObject({ file: '.gitignore', line: 1 });
  });
});

describe("the user's UV_LOCKED and UV_FROZEN against the install step's flags", () => {
  const dockerfile = (env: string) => ({
    ...PIN,
    'pyproject.toml': pyproject('app'),
    'uv.lock': 'version = 1\n',
    '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
    '.devcontainer/Dockerfile': `FROM python:3.12-slim\n${env}\n`,
  });

  it('ENV UV_LOCKED=1 in the Dockerfile: --locked, not --frozen (uv ignores UV_LOCKED beside --frozen), said with the line', () => {
    const { plan, diagnostics } = planOf(dockerfile('ENV UV_LOCKED=1'));
    expect(install(plan).action).toEqual({ kind: 'uv-sync', args: ['--locked'] });
    expect(install(plan).reason).toMatch(/--locked rather than --frozen: your UV_LOCKED=1 \(\.devcontainer\/Dockerfile line 2\)/);
    expect(diagnostics.find((d) => d.code === 'user-uv-locked-kept')).toMatchObject({ file: '.devcontainer/Dockerfile', line: 2 });
    // Off, or overridden by remoteEnv for the lifecycle commands: --frozen as before.
    expect(install(planOf(dockerfile('ENV UV_LOCKED=0')).plan).action).toEqual({ kind: 'uv-sync', args: ['--frozen'] });
    const off = { ...dockerfile('ENV UV_LOCKED=1'), '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" }, "remoteEnv": { "UV_LOCKED": "false" } }\n' };
    expect(install(planOf(off).plan).action).toEqual({ kind: 'uv-sync', args: ['--frozen'] });
  });

  it('UV_FROZEN (or UV_LOCKED) with no uv.lock: the step will fail (real uv: "Unable to find lockfile"), a warning says so', () => {
    const files = dockerfile('ENV UV_FROZEN=true');
    delete (files as Record<string, string>)['uv.lock'];
    const { diagnostics } = planOf(files);
    expect(diagnostics.find((d) => d.code === 'user-uv-lock-setting-without-lock')).toMatchObject({ level: 'warning', file: '.devcontainer/Dockerfile', line: 2 });
  });

  it('a folder of projects: --locked where a project has a uv.lock', () => {
    const { plan } = planOf({
      'api/pyproject.toml': pyproject('api'),
      'web/pyproject.toml': pyproject('web'),
      '.devcontainer/devcontainer.json': '{ "image": "python:3.12", "containerEnv": { "UV_LOCKED": "1" } }\n',
    });
    expect(install(plan).action).toMatchObject({ kind: 'uv-sync-each', checkLock: true });
    const cwd = tempDir();
    for (const folder of ['api', 'web']) fs.mkdirSync(path.join(cwd, folder));
    fs.writeFileSync(path.join(cwd, 'api/uv.lock'), 'version = 1\n');
    expect(runLifecycle(renderLifecycleScript(plan), 'install', cwd).calls.map((c) => c.args)).toEqual([
      ['sync', '--locked', '--all-packages'],
      ['sync', '--all-packages'],
    ]);
  });
});

describe('a folder of projects: what the install step decides in the container', () => {
  const files = { 'api/pyproject.toml': pyproject('api'), 'lint/pyproject.toml': '[tool.ruff]\nline-length = 100\n', 'rs/pyproject.toml': `${MATURIN}${pyproject('rs')}` };
  function tree(contents: Record<string, string>) {
    const cwd = tempDir();
    for (const [rel, text] of Object.entries(contents)) {
      fs.mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
      fs.writeFileSync(path.join(cwd, rel), text);
    }
    return cwd;
  }

  it('a pyproject.toml with only [tool.ruff] is no project: left alone, said on stdout (uv would write a lock and an environment)', () => {
    const { plan } = planOf(files, 'mono');
    const run = runLifecycle(renderLifecycleScript(plan), 'install', tree(files));
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => path.basename(c.cwd))).toEqual(['api', 'rs']);
    expect(run.stdout).toContain('gen-devcontainer: left lint alone: its pyproject.toml has no [project], workspace or [dependency-groups] table');
  });

  it('headers written other ways, [dependency-groups] and [tool.uv] workspace keys are projects (uv installs them); a file grep cannot read is left to uv', () => {
    const shapes: Record<string, string> = {
      'a/pyproject.toml': '[ "project" ]\nname = "a"\n',
      'b/pyproject.toml': '[project.urls]\nhome = "x"\n',
      'c/pyproject.toml': '[dependency-groups]\ndev = ["idna"]\n',
      'd/pyproject.toml': '[tool.uv]\nworkspace = { members = ["p/*"] }\n',
      'e/pyproject.toml': '[tool . uv . workspace]\nmembers = []\n',
      'f/pyproject.toml': '[tool.uv]\ndev-dependencies = ["idna"]\n',
      'g/pyproject.toml': '# [project]\n[tool.black]\n',
      'h/pyproject.toml': '[[tool.uv.index]]\nurl = "x"\n',
      // Broken: uv must say so (the Docker tier's many-projects test breaks billing this way).
      'i/pyproject.toml': '[project\nname = "i"\n',
    };
    const { plan } = planOf(shapes, 'mono');
    const cwd = tree(shapes);
    const run = runLifecycle(renderLifecycleScript(plan), 'install', cwd);
    expect(run.calls.map((c) => path.basename(c.cwd))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'i']);
    // A file grep cannot read (here: gone since the plan) is synced, so that uv says what is wrong.
    fs.rmSync(path.join(cwd, 'g/pyproject.toml'));
    expect(runLifecycle(renderLifecycleScript(plan), 'install', cwd).calls.map((c) => path.basename(c.cwd))).toContain('g');
  });

  it('a failed sync of a project built by maturin, with no cargo in the image: named with the fix; a failure without Rust is not', () => {
    const { plan } = planOf(files, 'mono');
    const run = runLifecycle(renderLifecycleScript(plan), 'install', tree(files), { uvExit: 1 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('gen-devcontainer: rs is built by a back-end that compiles Rust, and this image has no cargo');
    expect(run.stderr).not.toContain('api is built by');
  });
});

describe("what the user's configuration does that the plan makes useless", () => {
  const config = (extra: string) => `{\n  "image": "python:3.12",\n${extra}\n}\n`;

  it('a cache mount at /root/.cache/uv: unused once the plan moves UV_CACHE_DIR to the volume (as root), and in another home (as vscode)', () => {
    const files = {
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': config('  "mounts": [\n    "source=uv-cache,target=/root/.cache/uv,type=volume"\n  ]'),
    };
    const { diagnostics } = planOf(files);
    const dead = diagnostics.find((d) => d.code === 'user-uv-mount-unused');
    expect(dead).toMatchObject({ level: 'warning', file: '.devcontainer/devcontainer.json', line: 4 });
    expect(dead!.message).toMatch(/the plan puts the cache on the volume at \/opt\/uv\/cache \(UV_CACHE_DIR\)/);
    expect(dead!.hint).toMatch(/docker volume rm uv-cache/);
    const vscode = planOf({ ...files, '.devcontainer/devcontainer.json': config('  "remoteUser": "vscode",\n  "mounts": ["source=uv-cache,target=/root/.cache/uv,type=volume"]') });
    expect(vscode.diagnostics.find((d) => d.code === 'user-uv-mount-unused')!.message).toMatch(/\/root is not the home of vscode/);
    // Control: a mount elsewhere is not named, nor one of a home folder that is not uv's.
    const kept = planOf({
      ...files,
      '.devcontainer/devcontainer.json': config('  "mounts": ["source=data,target=/data,type=volume", "source=pip,target=/root/.cache/pip,type=volume"]'),
    });
    expect(kept.diagnostics.map((d) => d.code)).not.toContain('user-uv-mount-unused');
  });

  it('a dead /root/.cache/uv mount that is the only sign of root: removing it as told would make the next run a non-root user, and the hint says so', () => {
    const mount = '  "mounts": ["source=uv-cache,target=/root/.cache/uv,type=volume"]';
    const unknownImage = (extra: string) => `{\n  "image": "example.com/team/base:1",\n${extra}\n}\n`;
    const only = planOf({ ...PIN, 'pyproject.toml': pyproject('app'), '.devcontainer/devcontainer.json': unknownImage(mount) });
    expect(only.plan!.user.name.value).toBe('root');
    const dead = only.diagnostics.find((d) => d.code === 'user-uv-mount-unused')!;
    expect(dead.hint).toContain('the only thing that shows the configuration runs as root');
    expect(dead.hint).toContain('"remoteUser": "root"');
    // Control: with other evidence of root (apt-get), removing the mount changes no user, and the hint does not say it would.
    const more = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': unknownImage(`${mount},\n  "postCreateCommand": "apt-get install -y jq"`),
    });
    expect(more.plan!.user.name.value).toBe('root');
    expect(more.diagnostics.find((d) => d.code === 'user-uv-mount-unused')!.hint).not.toContain('remoteUser');
    // Two dead mounts on lines of their own, together the only evidence: each hint says it.
    const two = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': unknownImage('  "mounts": [\n    "source=uv-cache,target=/root/.cache/uv,type=volume",\n    "source=uv-data,target=/root/.local/share/uv,type=volume"\n  ]'),
    });
    expect(two.plan!.user.name.value).toBe('root');
    const hints = two.diagnostics.filter((d) => d.code === 'user-uv-mount-unused').map((d) => d.hint);
    expect(hints).toHaveLength(2);
    for (const hint of hints) expect(hint).toContain('set "remoteUser": "root" when you remove them');
  });

  it('a dead uv mount in runArgs or a Dockerfile VOLUME is named by its own channel, in the root evidence and in the hint', () => {
    const runArgs = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': '{\n  "image": "example.com/team/base:1",\n  "runArgs": ["-v", "uvcache:/root/.cache/uv"]\n}\n',
    });
    expect(runArgs.plan!.user.name.reason).toContain('a mount in runArgs at /root/.cache/uv');
    expect(runArgs.diagnostics.find((d) => d.code === 'user-uv-mount-unused')!.hint).toMatch(/^remove it from runArgs/);
    const volume = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
      '.devcontainer/Dockerfile': 'FROM example.com/team/base:1\nVOLUME /root/.cache/uv\n',
    });
    expect(volume.plan!.user.name.reason).toContain("the Dockerfile's VOLUME at /root/.cache/uv");
    expect(volume.diagnostics.find((d) => d.code === 'user-uv-mount-unused')!.hint).toMatch(/^remove it from the Dockerfile's VOLUME/);
    expect(JSON.stringify(volume.diagnostics)).not.toContain('Compose');
  });

  it('`uv pip install --system` in a script a lifecycle command runs: named, with the command without --system', () => {
    const { diagnostics } = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': config('  "postCreateCommand": "bash .devcontainer/post-create.sh"'),
      '.devcontainer/post-create.sh': '#!/bin/bash\nset -e\nuv pip install --system -r requirements-dev.txt\nuv pip install ruff\n',
    });
    const found = diagnostics.filter((d) => d.code === 'pip-outside-environment');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: '.devcontainer/post-create.sh', line: 3 });
    expect(found[0]!.message).toMatch(/--system tells uv to install into the image's Python/);
    expect(found[0]!.hint).toMatch(/run `uv pip install -r requirements-dev.txt` instead/);
  });

  it('UV_SYSTEM_PYTHON=1 set by the command itself is its --system: named the same way, the variable taken out of the command to run instead', () => {
    const { diagnostics } = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': config('  "postCreateCommand": "UV_SYSTEM_PYTHON=1 uv pip install cowsay && UV_SYSTEM_PYTHON=0 uv pip install rich"'),
    });
    const found = diagnostics.filter((d) => d.code === 'pip-outside-environment');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("runs `UV_SYSTEM_PYTHON=1 uv pip install cowsay`: UV_SYSTEM_PYTHON=1 tells uv to install into the image's Python");
    expect(found[0]!.hint).toContain('run `uv pip install cowsay` instead');
  });

  it('configurations in .devcontainer/<name>/: named, left as they are, with how to give one the layout', () => {
    const { diagnostics } = planOf({
      ...PIN,
      'pyproject.toml': pyproject('app'),
      '.devcontainer/devcontainer.json': config(''),
      '.devcontainer/gpu/devcontainer.json': config(''),
      '.devcontainer/cpu/devcontainer.json': config(''),
      '.devcontainer/scripts/setup.sh': 'true\n',
    });
    const other = diagnostics.find((d) => d.code === 'other-devcontainer-configs');
    expect(other).toMatchObject({ level: 'info', file: '.devcontainer/cpu/devcontainer.json' });
    expect(other!.message).toMatch(
      /2 other configurations beside \.devcontainer\/devcontainer\.json \(\.devcontainer\/cpu\/devcontainer\.json, \.devcontainer\/gpu\/devcontainer\.json\).* are left as they are/,
    );
    expect(other!.hint).toMatch(/move it to \.devcontainer\/devcontainer\.json/);
  });
});

describe('a setup.py that imports its own package (which imports a requirement)', () => {
  const app = {
    ...PIN,
    'requirements.txt': 'msgspec==0.19.0\n',
    'setup.py': 'import os\nfrom setuptools import setup, find_packages\nfrom weatherlib import __version__\n\nsetup(name="weatherlib", version=__version__, packages=find_packages())\n',
    'weatherlib/__init__.py': 'import msgspec\n__version__ = "1.4.0"\n',
  };

  it('requirements and setuptools first, then the project without build isolation (real uv 0.13.9: one command fails, these two succeed)', () => {
    const { plan } = planOf(app);
    expect(install(plan).action).toMatchObject({
      kind: 'uv-pip',
      install: ['uv', 'pip', 'install', '-r', 'requirements.txt', 'setuptools'],
      project: ['uv', 'pip', 'install', '--no-build-isolation', '-e', '.'],
    });
    expect(install(plan).reason).toMatch(/setup\.py imports weatherlib \(setup\.py line 3\)/);
    const run = runLifecycle(renderLifecycleScript(plan), 'install', tempDir());
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args.slice(0, 3))).toEqual([
      ['venv', '--allow-existing', '/opt/uv/envs/project'],
      ['pip', 'install', '-r'],
      ['pip', 'install', '--no-build-isolation'],
    ]);
    // A failed first install stops there: the project is not built without its requirements.
    expect(runLifecycle(renderLifecycleScript(plan), 'install', tempDir(), { uvExit: 1 }).calls).toHaveLength(1);
  });

  it('src layout too; a setup.py importing only other modules keeps the one command', () => {
    const src: Record<string, string> = { ...app, 'src/weatherlib/__init__.py': 'import msgspec\n' };
    delete src['weatherlib/__init__.py'];
    expect(install(planOf(src).plan).action).toMatchObject({ project: ['uv', 'pip', 'install', '--no-build-isolation', '-e', '.'] });
    const plain = { ...app, 'setup.py': 'import os\nfrom setuptools import setup\nsetup(name="weatherlib", version="1.4.0")\n' };
    expect(install(planOf(plain).plan).action).toEqual({
      kind: 'uv-pip',
      venv: ['uv', 'venv', '--allow-existing', '/opt/uv/envs/project'],
      install: ['uv', 'pip', 'install', '-r', 'requirements.txt', '-e', '.'],
    });
  });

  it('with [build-system] of its own, or no requirements file to install first: a warning with the line and the fix, one command', () => {
    const declared = planOf({ ...app, 'pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n' });
    expect(install(declared.plan).action).not.toHaveProperty('project');
    expect(declared.diagnostics.find((d) => d.code === 'setup-py-imports-own-package')).toMatchObject({ level: 'warning', file: 'setup.py', line: 3 });
    const bare = { ...app };
    delete (bare as Record<string, string>)['requirements.txt'];
    expect(planOf(bare).diagnostics.find((d) => d.code === 'setup-py-imports-own-package')!.message).toMatch(/no requirements file to install first/);
  });
});

describe('projects below a root project or requirements app, which nothing installs, are named', () => {
  const integrations = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`src/integrations/int${String(i).padStart(2, '0')}/pyproject.toml`, pyproject(`int${i}`)]));

  it('twenty independent projects under src/integrations of a root project: one warning naming five and the count, with how to include them', () => {
    const { diagnostics } = planOf({
      ...PIN,
      'pyproject.toml': pyproject('core'),
      ...integrations,
      'tests/fixtures/proj/pyproject.toml': pyproject('fixture'),
      // A tool's settings only: no project (read here, where only a few files are found).
      'docs/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
    });
    const nested = diagnostics.filter((d) => d.code === 'nested-projects-not-installed');
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ level: 'warning', file: 'src/integrations/int00/pyproject.toml' });
    expect(nested[0]!.message).toMatch(/^20 projects below the root \(src\/integrations\/int00, .*int04 and 15 more\) are not installed/);
    expect(nested[0]!.message).not.toMatch(/fixtures|docs/);
    expect(nested[0]!.hint).toMatch(/\[tool\.uv\.workspace\] members/);
  });

  it('workspace members, excluded folders and path sources are not named; a project beside requirements is, unless a requirements file installs it', () => {
    const workspace = planOf({
      ...PIN,
      'pyproject.toml': `${pyproject('root')}\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/old"]\n\n[tool.uv.sources]\nhelper = { path = "tools/helper" }\n`,
      'packages/a/pyproject.toml': pyproject('a'),
      'packages/old/pyproject.toml': pyproject('old'),
      'tools/helper/pyproject.toml': pyproject('helper'),
    });
    expect(workspace.diagnostics.map((d) => d.code)).not.toContain('nested-projects-not-installed');
    const beside = { ...PIN, 'requirements.txt': 'flask\n', 'src/backend/pyproject.toml': pyproject('backend') };
    const named = planOf(beside).diagnostics.find((d) => d.code === 'nested-projects-not-installed');
    expect(named).toMatchObject({ level: 'warning', file: 'src/backend/pyproject.toml' });
    expect(named!.hint).toMatch(/add `-e \.\/src\/backend` to a requirements file/);
    expect(planOf({ ...beside, 'requirements.txt': 'flask\n-e ./src/backend\n' }).diagnostics.map((d) => d.code)).not.toContain('nested-projects-not-installed');
  });
});
