/**
 * Reading the user's own configuration truthfully (issue 10, items 4, 6, 7, 8): where the
 * repository is in a Compose service, the image a Dockerfile really starts from, who the
 * configuration runs as, and the Python its image ships. Repositories are in memory, run through the
 * real analyzer, planner and renderer; a second run re-analyses what the first wrote.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { type Diagnostic, hasErrors } from '../../src/diagnostics.js';
import { imageFacts } from '../../src/plan/image-facts.js';
import { renderLayoutText } from '../../src/targets/devcontainer/layout.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import type { Plan } from '../../src/targets/types.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { find } from './support.js';

const PYPROJECT = '[project]\nname = "svc"\nrequires-python = ">=3.10"\n';
const CONFIG = '.devcontainer/devcontainer.json';

interface Run {
  plan?: Plan;
  diagnostics: Diagnostic[];
  /** Every file after the run: the repository's, with what the run wrote. */
  files: Record<string, string>;
}

/** One run as the CLI does it: analyze, plan, render; the files written are merged into the repository. */
function run(files: Record<string, string>, options: Partial<PlanOptions> = {}): Run {
  const analysis = analyzeRepo(new MemoryRepo(files), 'svc');
  if (hasErrors(analysis.diagnostics)) return { diagnostics: analysis.diagnostics, files };
  const planned = planTargets(analysis.facts, { generatorVersion: '9.9.9-test', ...options });
  const diagnostics = [...analysis.diagnostics, ...planned.diagnostics];
  if (!planned.plan || hasErrors(diagnostics)) return { diagnostics, files };
  const rendering = renderTargets(planned.plan, analysis.facts.devcontainer, false);
  return { plan: planned.plan, diagnostics: [...diagnostics, ...rendering.diagnostics], files: { ...files, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) } };
}

/** A run that must produce a plan. */
function ok(files: Record<string, string>, options: Partial<PlanOptions> = {}): Run & { plan: Plan } {
  const result = run(files, options);
  if (!result.plan) throw new Error(`expected a plan, got: ${JSON.stringify(result.diagnostics)}`);
  return result as Run & { plan: Plan };
}

/** Two runs; the second must write exactly what the first did. */
function twice(files: Record<string, string>, options: Partial<PlanOptions> = {}) {
  const first = ok(files, options);
  const second = ok(first.files, options);
  expect(second.files).toEqual(first.files);
  return { first, second };
}

const configOf = (r: Run) => parseJsoncStrict(r.files[CONFIG]!) as Record<string, any>;

// ---- item 4: Compose without workspaceFolder -------------------------------------------------

describe('Compose: the workspace folder from the service mount of the repository', () => {
  const compose = (volumes: string, extra = '') => ({
    'pyproject.toml': PYPROJECT,
    [CONFIG]: `{ "dockerComposeFile": "compose.yaml", "service": "app"${extra} }`,
    '.devcontainer/compose.yaml': `services:\n  app:\n    image: python:3.12\n    command: sleep infinity\n${volumes}`,
  });

  it('short syntax: the target becomes workspaceFolder, written into devcontainer.json and drawn by explain', () => {
    const { first, second } = twice(compose('    volumes:\n      - ..:/app:cached\n'));
    expect(first.plan.devcontainer.workspaceFolder).toMatchObject({ value: '/app', source: '.devcontainer/compose.yaml line 6' });
    expect(first.plan.devcontainer.workspaceFolder.reason).toContain('which is / unless set');
    expect(first.plan.devcontainer.outputs.config.writesWorkspaceFolder).toBeDefined();
    expect(configOf(first).workspaceFolder).toBe('/app');
    expect(renderLayoutText(first.plan)).toMatch(/^├── \/app {2,}your repository/m);
    expect(renderLayoutText(first.plan)).not.toContain('/workspaces');
    expect(first.files['.devcontainer/README.md']).toContain('ws["/app (bind mount of your repository)"]');
    // The second run sees the value it wrote (the manifest says so) and decides it again from the mount.
    expect(second.plan.devcontainer.workspaceFolder.source).toBe('.devcontainer/compose.yaml line 6');
  });

  it("long syntax in a second file, resolved from the first file's folder", () => {
    const files = {
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "dockerComposeFile": ["../compose.yml", "dev.yml"], "service": "app" }',
      'compose.yml': 'services:\n  app:\n    image: python:3.12\n',
      '.devcontainer/dev.yml': 'services:\n  app:\n    volumes:\n      - type: bind\n        source: .\n        target: /opt/airflow\n',
    };
    expect(ok(files).plan.devcontainer.workspaceFolder.value).toBe('/opt/airflow');
  });

  it('a mount of the folder holding the repository: the repository is under it, by its folder name', () => {
    const r = ok(compose('    volumes: ["../..:/workspaces:cached"]\n'));
    expect(r.plan.devcontainer.workspaceFolder.value).toBe('/workspaces/${localWorkspaceFolderBasename}');
    expect(configOf(r).workspaceFolder).toBe('/workspaces/${localWorkspaceFolderBasename}');
  });

  it("a workspaceFolder of the user's is kept and not written", () => {
    const r = ok(compose('', ', "workspaceFolder": "/srv/code"'));
    expect(r.plan.devcontainer.workspaceFolder).toMatchObject({ value: '/srv/code', source: CONFIG });
    expect(r.plan.devcontainer.outputs.config.writesWorkspaceFolder).toBeUndefined();
  });

  it('no mount of the repository: exit 2 with the file and the fix', () => {
    const r = run(compose('    volumes: ["data:/data", "../src:/app/src", "${CODE}:/code"]\n'));
    expect(r.plan).toBeUndefined();
    const d = find(r.diagnostics, 'compose-workspace-unknown')!;
    expect(d).toMatchObject({ level: 'error', file: CONFIG });
    expect(d.message).toContain('${CODE}:/code cannot be resolved here');
    expect(d.message).toContain('run every lifecycle command in /');
    expect(d.hint).toContain('"- ..:/workspace" under volumes: in .devcontainer/compose.yaml');
    expect(d.hint).toContain('set "workspaceFolder"');
  });

  it('a target Compose would interpolate, or / itself, is not used', () => {
    expect(find(run(compose('    volumes: ["..:/${APP_DIR}"]\n')).diagnostics, 'compose-workspace-unknown')).toBeDefined();
    expect(find(run(compose('    volumes: ["..:/"]\n')).diagnostics, 'compose-workspace-unknown')).toBeDefined();
  });

  it('the uv volume inside the workspace mount is refused (Docker would make the folder in the repository)', () => {
    const r = run(compose('    volumes: ["..:/opt"]\n'), { mountTarget: '/opt/app/uv' });
    expect(find(r.diagnostics, 'volume-inside-workspace')).toMatchObject({ level: 'error', file: '.devcontainer/compose.yaml' });
  });

  it('the mount moved: the workspaceFolder the tool wrote moves with it; one the user edited stays', () => {
    const first = ok(compose('    volumes: ["..:/app"]\n'));
    const moved = { ...first.files, '.devcontainer/compose.yaml': first.files['.devcontainer/compose.yaml']!.replace('..:/app', '..:/code') };
    expect(configOf(ok(moved)).workspaceFolder).toBe('/code');
    const edited = { ...first.files, [CONFIG]: first.files[CONFIG]!.replace('"workspaceFolder": "/app"', '"workspaceFolder": "/app/src"') };
    const kept = ok(edited);
    expect(kept.plan.devcontainer.workspaceFolder).toMatchObject({ value: '/app/src', source: CONFIG });
    expect(configOf(kept).workspaceFolder).toBe('/app/src');
  });

  it('an image or Dockerfile configuration: /workspaces/<folder>, nothing written', () => {
    const r = ok({ 'pyproject.toml': PYPROJECT });
    expect(r.plan.devcontainer.workspaceFolder).toMatchObject({ value: '/workspaces/${localWorkspaceFolderBasename}', source: 'default' });
    expect(configOf(r)).not.toHaveProperty('workspaceFolder');
    expect(renderLayoutText(r.plan)).toMatch(/^├── \/workspaces\/… {2,}your repository/m);
  });
});

// ---- item 6: the base image a Dockerfile really starts from -------------------------------------

describe('the base image of Dockerfile and Compose configurations', () => {
  const dockerfileConfig = (dockerfile: string, build = '"dockerfile": "Dockerfile"') => ({
    'pyproject.toml': PYPROJECT,
    [CONFIG]: `{ "build": { ${build} }, "remoteUser": "vscode" }`,
    '.devcontainer/Dockerfile': dockerfile,
  });

  it('the FROM of the stage the container runs, with its file and line', () => {
    const r = ok(dockerfileConfig('# base\nFROM debian:bookworm-slim\nRUN true\n'));
    expect(r.plan.baseImage).toMatchObject({ value: 'debian:bookworm-slim', source: '.devcontainer/Dockerfile line 2' });
    expect(r.plan.baseImage.reason).toContain('the FROM stays yours');
  });

  it('build.target, FROM <stage> chains, ARG defaults and build.args', () => {
    const text = 'ARG PY=3.12\nFROM python:${PY}-slim AS base\nFROM base AS dev\nFROM base AS prod\n';
    const r = ok(dockerfileConfig(text, '"dockerfile": "Dockerfile", "target": "dev", "args": { "PY": "3.11" }'));
    expect(r.plan.baseImage).toMatchObject({ value: 'python:3.11-slim', source: '.devcontainer/Dockerfile line 2' });
    expect(r.plan.baseImage.reason).toContain('stage dev (build.target) starts from, through stage base');
  });

  it('a FROM decided at build time is reported as written, and nothing is assumed of it', () => {
    const r = ok(dockerfileConfig('ARG BASE\nFROM ${BASE}\n'));
    expect(r.plan.baseImage).toMatchObject({ value: '${BASE}', source: '.devcontainer/Dockerfile line 2' });
    expect(r.plan.baseImage.reason).toContain('decided at build time: ARG BASE has no default');
    const fromEnv = ok(dockerfileConfig('ARG V=3.12\nFROM python:${V}\n', '"dockerfile": "Dockerfile", "args": { "V": "${localEnv:PY}" }'));
    expect(fromEnv.plan.baseImage.value).toBe('python:${V}');
    expect(fromEnv.plan.python.provider.value).toBe('uv-managed');
  });

  it('a Compose service built from a Dockerfile: that FROM', () => {
    const r = ok({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/app" }',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: Dockerfile\n',
      Dockerfile: 'FROM python:3.13-bookworm\n',
    });
    expect(r.plan.baseImage).toMatchObject({ value: 'python:3.13-bookworm', source: 'Dockerfile line 1' });
  });

  it("--base-image with the user's Dockerfile cannot apply: exit 2, naming the FROM line and what to do", () => {
    const r = run(dockerfileConfig('FROM debian:bookworm-slim\n'), { baseImage: 'ubuntu:noble' });
    expect(r.plan).toBeUndefined();
    const d = find(r.diagnostics, 'base-image-with-users-dockerfile')!;
    expect(d).toMatchObject({ level: 'error', file: '.devcontainer/Dockerfile', line: 1 });
    expect(d.message).toContain('line 1: FROM debian:bookworm-slim');
    expect(d.hint).toContain('change that FROM line yourself, then run again without --base-image');
  });

  it('--base-image still applies where the tool writes the Dockerfile (an image configuration, or none)', () => {
    expect(ok({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "debian:trixie" }' }, { baseImage: 'ubuntu:noble' }).plan.baseImage.source).toBe('--base-image');
    expect(ok({ 'pyproject.toml': PYPROJECT }, { baseImage: 'ubuntu:noble' }).plan.baseImage.value).toBe('ubuntu:noble');
  });
});

// ---- item 7: who the configuration runs as ---------------------------------------------------

describe('the user: a configuration that runs as root keeps root', () => {
  const withDockerfile = (dockerfile: string, config = '{ "build": { "dockerfile": "Dockerfile" } }') => ({ 'pyproject.toml': PYPROJECT, [CONFIG]: config, '.devcontainer/Dockerfile': dockerfile });

  it('Dockerfile USER root: root, uid 0, no remoteUser written, a block that makes no user', () => {
    const { first } = twice(withDockerfile('FROM debian:bookworm\nUSER root\n'));
    expect(first.plan.user).toMatchObject({ name: { value: 'root', source: '.devcontainer/Dockerfile line 2' }, uid: 0, gid: 0 });
    expect(first.plan.devcontainer.outputs.config.keepsUser).toBeDefined();
    expect(configOf(first)).not.toHaveProperty('remoteUser');
    const dockerfile = first.files['.devcontainer/Dockerfile']!;
    expect(dockerfile).toContain('ARG USERNAME=root');
    expect(dockerfile).not.toContain('useradd');
    expect(dockerfile).toMatch(/USER \$\{USERNAME\}\n# <<< gen-devcontainer <<<\n$/);
    // The prepare step needs no sudo as root.
    expect(first.files['.devcontainer/uv-lifecycle.sh']).toContain('if [ "$(id -u)" -eq 0 ]; then\n            chown -R 0:0 /opt/uv');
  });

  it('no USER and an image known to run as root: root, from the image', () => {
    const r = ok(withDockerfile('FROM python:3.12-slim\nRUN pip install uv\n'));
    expect(r.plan.user.name).toMatchObject({ value: 'root', source: '.devcontainer/Dockerfile line 1' });
    expect(r.plan.user.name.reason).toContain('sets no USER');
    const image = ok({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "debian:trixie" }' });
    expect(image.plan.user.name).toMatchObject({ value: 'root', source: CONFIG });
  });

  it('an image the generator does not know keeps the default non-root user', () => {
    expect(ok(withDockerfile('FROM ghcr.io/acme/dev:1\n')).plan.user.name).toMatchObject({ value: 'vscode', source: 'default' });
  });

  it('Compose user: root (or 0) is root; a name is that user; a uid is reported and not guessed', () => {
    const compose = (user: string) => ({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/app" }',
      '.devcontainer/compose.yaml': `services:\n  app:\n    image: ghcr.io/acme/dev:1\n    user: ${user}\n`,
    });
    expect(ok(compose('root')).plan.user).toMatchObject({ name: { value: 'root', source: '.devcontainer/compose.yaml line 4' }, uid: 0 });
    expect(ok(compose('"0:0"')).plan.user.name.value).toBe('root');
    expect(ok(compose('app')).plan.user.name.value).toBe('app');
    const numeric = ok(compose('"1000:1000"'));
    expect(numeric.plan.user.name.value).toBe('vscode');
    expect(find(numeric.diagnostics, 'compose-user-unknown')).toMatchObject({ level: 'info', line: 4 });
  });

  it('remoteUser "root" is the user\'s choice and kept (it used to be replaced by vscode, with a warning)', () => {
    const r = ok({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "ghcr.io/acme/dev:1", "remoteUser": "root" }' });
    expect(r.plan.user).toMatchObject({ name: { value: 'root', source: CONFIG }, uid: 0 });
    expect(find(r.diagnostics, 'existing-user-unusable')).toBeUndefined();
  });

  it('--user asks otherwise: that user, written as remoteUser', () => {
    const r = ok(withDockerfile('FROM debian:bookworm\nUSER root\n'), { user: 'dev' });
    expect(r.plan.user.name).toMatchObject({ value: 'dev', source: '--user' });
    expect(configOf(r).remoteUser).toBe('dev');
  });

  it('a devcontainers image names its user in its metadata: that user, and no remoteUser is needed', () => {
    const { first } = twice({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "mcr.microsoft.com/devcontainers/python:1-3.12" }' });
    expect(first.plan.user).toMatchObject({ name: { value: 'vscode', source: CONFIG }, uid: 1000 });
    expect(first.plan.user.name.reason).toContain('devcontainer.metadata');
    expect(configOf(first)).not.toHaveProperty('remoteUser');
  });

  it("a second run does not credit the user with the tool's own remoteUser", () => {
    const { first, second } = twice({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "ghcr.io/acme/dev:1" }' });
    expect(configOf(first).remoteUser).toBe('vscode');
    expect(first.plan.user.name.source).toBe('default');
    expect(second.plan.user.name).toMatchObject({ value: 'vscode', source: 'default' });
    expect(second.plan.user.name.reason).not.toContain('your configuration');
  });

  it("the user's own remoteUser is not recorded as the tool's, so --user later warns instead of silently replacing it", () => {
    const first = ok({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "ghcr.io/acme/dev:1", "remoteUser": "alice" }' });
    expect(first.files['.devcontainer/gen-devcontainer.manifest.json']).not.toContain('remoteUser');
    const later = ok(first.files, { user: 'bob' });
    expect(configOf(later).remoteUser).toBe('alice');
    expect(find(later.diagnostics, 'kept-user-value')!.message).toContain('remoteUser is "alice"');
  });

  it('an unusable remoteUser: the user is decided from the rest, and the same on a second run', () => {
    const files = { 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "debian:trixie", "remoteUser": "Bad User" }' };
    const r = ok(files);
    expect(r.plan.user.name.value).toBe('root');
    expect(find(r.diagnostics, 'existing-user-unusable')!.message).toContain('the volume is made for root instead');
    const forced = renderTargets(r.plan, analyzeRepo(new MemoryRepo(files), 'svc').facts.devcontainer, true);
    const after = { ...files, ...Object.fromEntries(forced.files.map((f) => [f.path, f.content])) };
    expect(parseJsoncStrict(after[CONFIG]!)).toMatchObject({ remoteUser: 'root' });
    const again = ok(after);
    expect(again.files).toEqual(after);
  });
});

describe('the uid the plan states is the uid the user gets', () => {
  it('ubuntu:noble has "ubuntu" at uid 1000: the plan says so, and the Dockerfile renames that user', () => {
    const r = ok({ 'pyproject.toml': PYPROJECT }, { baseImage: 'ubuntu:noble' });
    expect(r.plan.user).toMatchObject({ name: { value: 'vscode' }, uid: 1000, ids: { value: '1000:1000', source: '--base-image' } });
    expect(r.plan.user.ids!.reason).toContain('renames ubuntu to vscode');
    expect(r.files['.devcontainer/Dockerfile']).toContain('usermod --login "$USERNAME" --home "/home/$USERNAME" --move-home "$holder"');
  });

  it.each([
    ['ubuntu:24.04', 'ubuntu'],
    ['ubuntu:noble-20240605', 'ubuntu'],
    ['ubuntu:23.04', 'ubuntu'],
    ['ubuntu', 'ubuntu'],
    ['docker.io/library/ubuntu:26.04', 'ubuntu'],
    ['ubuntu:22.04', undefined],
    ['ubuntu:jammy', undefined],
    ['node:22-bookworm', 'node'],
    ['mcr.microsoft.com/devcontainers/base:noble', 'vscode'],
    ['mcr.microsoft.com/devcontainers/universal:2', 'codespace'],
    ['debian:trixie', undefined],
    ['ghcr.io/acme/dev:1', undefined],
  ])('%s: uid 1000 is held by %s', (image, holder) => {
    expect(imageFacts(image)?.uid1000).toBe(holder);
  });

  it('images the generator knows nothing about stay unknown; ${...} and blanks are no reference', () => {
    for (const image of ['ghcr.io/acme/python:3.12', '${BASE}', 'python :3.12', 'mypython:3.12']) expect(imageFacts(image)).toBeUndefined();
  });
});

// ---- item 8: the Python of the user's image ----------------------------------------------------

describe("the Python the user's image ships", () => {
  const image = (ref: string, extra: Record<string, string> = {}) => ({ 'pyproject.toml': PYPROJECT, [CONFIG]: `{ "image": "${ref}" }`, ...extra });

  it('mcr.microsoft.com/devcontainers/python:1-3.12 gives 3.12 from the image (it used to be a uv-managed 3.14)', () => {
    const r = ok(image('mcr.microsoft.com/devcontainers/python:1-3.12'));
    expect(r.plan.python).toMatchObject({ value: '3.12', source: CONFIG, provider: { value: 'image' } });
    expect(r.plan.python.reason).toContain('the Python your image mcr.microsoft.com/devcontainers/python:1-3.12 ships');
    expect(r.plan.env.find((v) => v.name === 'UV_PYTHON_PREFERENCE')?.value).toBe('only-system');
  });

  it('the FROM of a Dockerfile counts the same', () => {
    const r = ok({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': 'FROM ghcr.io/astral-sh/uv:python3.11-bookworm-slim\n' });
    expect(r.plan.python).toMatchObject({ value: '3.11', source: '.devcontainer/Dockerfile line 1' });
  });

  it('.python-version and --python still win; the image then only serves when it matches', () => {
    expect(ok(image('python:3.12', { '.python-version': '3.13\n' })).plan.python).toMatchObject({ value: '3.13', provider: { value: 'uv-managed' } });
    expect(ok(image('python:3.12'), { python: '3.11' }).plan.python.value).toBe('3.11');
  });

  it('requires-python that excludes it: the newest it allows, with a warning', () => {
    const r = ok({ ...image('python:3.10-slim'), 'pyproject.toml': '[project]\nname = "svc"\nrequires-python = ">=3.12"\n' });
    expect(r.plan.python.value).toBe('3.14');
    expect(find(r.diagnostics, 'image-python-outside-requires-python')!.message).toContain('python:3.10-slim ships Python 3.10');
  });

  it('no signal at all: still the newest that requires-python allows', () => {
    expect(ok({ 'pyproject.toml': PYPROJECT }).plan.python).toMatchObject({ value: '3.14', source: 'pyproject.toml' });
    expect(ok(image('debian:trixie')).plan.python.value).toBe('3.14');
  });

  it('--python-from uv-managed leaves the image out of it', () => {
    expect(ok(image('python:3.12'), { pythonFrom: 'uv-managed' }).plan.python.value).toBe('3.14');
  });
});
