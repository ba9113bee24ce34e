/**
 * The user's own uv settings, wherever they are set: kept when they already put everything uv
 * writes on one volume of theirs, refused (exit 2, each place named with its fix) otherwise, and
 * replaced consistently with --force (src/plan/user-uv-settings.ts, user-uv-pin.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { desiredConfig } from '../../src/targets/devcontainer/devcontainer-json.js';
import { userSettingsDiagnostics } from '../../src/targets/devcontainer/user-settings.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { runCli } from '../helpers/cli.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { codes, find, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function plan(files: Record<string, string>, options: Partial<PlanOptions> = {}) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, ...files }), 'demo');
  expect(analysis.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
  expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
  return { plan: planned.plan!, diagnostics: planned.diagnostics, facts: analysis.facts };
}

/** The plan's decisions about the user's settings as a run reports them, with --force or without. */
const refusal = (files: Record<string, string>, force = false, options: Partial<PlanOptions> = {}): Diagnostic[] => userSettingsDiagnostics(plan(files, options).plan.devcontainer.userSettings, force);

/** A hand-written configuration keeping cache and environment on one /cache volume, as DiamondLightSource's python-copier-template does. */
const SHARED_CACHE = [
  '{',
  '  "build": { "dockerfile": "Dockerfile" },',
  '  "remoteEnv": {',
  '    "UV_CACHE_DIR": "/cache/uv",',
  '    "UV_PROJECT_ENVIRONMENT": "/cache/venv-for${localWorkspaceFolder}",',
  '    "VIRTUAL_ENV": "/cache/venv-for${localWorkspaceFolder}",',
  '    "PATH": "/cache/venv-for${localWorkspaceFolder}/bin:${containerEnv:PATH}"',
  '  },',
  '  "mounts": [{ "source": "devcontainer-shared-cache", "target": "/cache", "type": "volume" }]',
  '}',
].join('\n');

describe('kept: everything the user placed is on one volume of theirs', () => {
  const files = { [CONFIG]: SHARED_CACHE, '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/base:trixie\n' };

  it('the volume and its target are the plan’s one mount, with where they came from and why', () => {
    const { plan: p, diagnostics } = plan(files);
    expect(p.volume.target).toMatchObject({ value: '/cache', source: `${CONFIG}:9` });
    expect(p.volume.target.reason).toMatch(/^your configuration already keeps the cache and the environment on \/cache \(one mount: the volume devcontainer-shared-cache\): kept/);
    expect(p.volume.name).toMatchObject({ value: 'devcontainer-shared-cache' });
    expect(Object.fromEntries(p.directories.map((d) => [d.role, d.path]))).toEqual({
      cache: '/cache/uv',
      environment: '/cache/venv-for${localWorkspaceFolder}',
      python: '/cache/python',
      'python-cache': '/cache/python-cache',
      tools: '/cache/tools',
      bin: '/cache/bin',
      tmp: '/cache/tmp',
    });
    expect(p.devcontainer.userSettings?.settings.map((s) => [s.name, s.action])).toEqual([
      ['UV_CACHE_DIR', 'adopted'],
      ['UV_PROJECT_ENVIRONMENT', 'adopted'],
      ['VIRTUAL_ENV', 'adopted'],
    ]);
    // The environment's path holds a dev container variable: the image's PATH cannot, the user's remoteEnv PATH does.
    expect(p.pathPrepend.value).toEqual(['/cache/bin']);
    expect(codes(diagnostics)).not.toContain('environment-off-path');
    expect(userSettingsDiagnostics(p.devcontainer.userSettings, false)).toEqual([]);
  });

  it('writes neither the mount nor the kept variables again: they stay where the user wrote them, and are not the tool’s', () => {
    const { plan: p, facts } = plan(files);
    const desired = desiredConfig(p).config;
    expect(desired).not.toHaveProperty('mounts');
    expect(Object.keys(desired.containerEnv as object)).toEqual([
      'UV_PYTHON_INSTALL_DIR',
      'UV_PYTHON_CACHE_DIR',
      'UV_TOOL_DIR',
      'UV_PYTHON_BIN_DIR',
      'UV_TOOL_BIN_DIR',
      'TMPDIR',
      'UV_PYTHON_PREFERENCE',
      'UV_LINK_MODE',
    ]);
    const rendering = renderTargets(p, facts.devcontainer, false);
    expect(rendering.diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
    const written = parseJsoncStrict(rendering.files.find((f) => f.path === CONFIG)!.content) as Record<string, unknown>;
    expect(written.mounts).toEqual([{ source: 'devcontainer-shared-cache', target: '/cache', type: 'volume' }]);
    expect(written.remoteEnv).toEqual((parseJsoncStrict(SHARED_CACHE) as { remoteEnv: unknown }).remoteEnv);
    // The Dockerfile makes the fixed part of each folder, never a path with a variable in it.
    expect(rendering.files.find((f) => f.path === '.devcontainer/Dockerfile')!.content).toMatch(/mkdir -p \/cache\/uv \/cache \/cache\/python /);
  });

  it('without a remoteEnv PATH that puts such an environment first, a warning with the line to add', () => {
    const { diagnostics } = plan({ ...files, [CONFIG]: SHARED_CACHE.replace(/\n {4}"PATH": .*$/m, '').replace('${localWorkspaceFolder}",\n  },', '${localWorkspaceFolder}"\n  },') });
    expect(find(diagnostics, 'environment-off-path')).toMatchObject({ level: 'warning', hint: 'set "PATH": "/cache/venv-for${localWorkspaceFolder}/bin:${containerEnv:PATH}" in remoteEnv' });
  });

  it('the same from containerEnv and a mount in string form; a second run decides the same', async () => {
    const config =
      '{ "image": "mcr.microsoft.com/devcontainers/base:trixie", "containerEnv": { "UV_CACHE_DIR": "/srv/uv/cache", "UV_PROJECT_ENVIRONMENT": "/srv/uv/env" }, "mounts": ["source=my-uv,target=/srv/uv,type=volume"] }\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: config });
    const first = await runCli([repo]);
    expect(first.code, first.stderr).toBe(0);
    const written = parseJsoncStrict(fs.readFileSync(path.join(repo, CONFIG), 'utf8')) as { mounts: unknown[]; containerEnv: Record<string, string> };
    expect(written.mounts).toEqual(['source=my-uv,target=/srv/uv,type=volume']);
    expect(written.containerEnv).toMatchObject({ UV_CACHE_DIR: '/srv/uv/cache', UV_PROJECT_ENVIRONMENT: '/srv/uv/env', VIRTUAL_ENV: '/srv/uv/env', TMPDIR: '/srv/uv/tmp' });
    expect((await runCli([repo, '--check'])).code).toBe(0);
  });

  it('Compose: a named volume of the service and its environment; the override declares no volume of its own', () => {
    const { plan: p, facts } = plan({
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }',
      '.devcontainer/compose.yaml':
        'services:\n  app:\n    image: python:3.12\n    volumes:\n      - uv-cache:/cache\n    environment:\n      UV_CACHE_DIR: /cache/uv\n      UV_PROJECT_ENVIRONMENT: /cache/env\nvolumes:\n  uv-cache: {}\n',
    });
    expect(p.volume.target.value).toBe('/cache');
    const override = renderTargets(p, facts.devcontainer, false).files.find((f) => f.path === '.devcontainer/compose.gen-devcontainer.yaml')!.content;
    const parsed = parseDocument(override).toJS() as { services: { app: Record<string, unknown> }; volumes?: unknown };
    expect(parsed.volumes).toBeUndefined();
    expect(parsed.services.app).not.toHaveProperty('volumes');
  });
});

describe('refused: the user placed uv folders where the plan cannot keep them', () => {
  const dockerfile = [
    'FROM python:3.12-slim-bookworm',
    'ENV UV_COMPILE_BYTECODE=1 \\',
    '    UV_LINK_MODE=copy \\',
    '    UV_PROJECT_ENVIRONMENT=/usr/local',
    'RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked',
  ].join('\n');
  const files = { [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }\n', '.devcontainer/Dockerfile': dockerfile };

  it('ENV UV_PROJECT_ENVIRONMENT=/usr/local: exit 2 naming the file and line, the fix, and what --force would do', () => {
    const diagnostics = refusal(files);
    const error = find(diagnostics, 'user-uv-locations');
    const rest = diagnostics.filter((d) => d !== error);
    expect(error).toMatchObject({ level: 'error', code: 'user-uv-locations', file: '.devcontainer/Dockerfile', line: 4 });
    expect(error!.message).toBe(
      'UV_PROJECT_ENVIRONMENT="/usr/local" (Dockerfile ENV) places a folder uv writes, and is not kept: it is on no volume of yours: that folder is on the container\'s own file system, lost with every rebuild, and a mount apart from any volume. Beside the plan\'s folders on /opt/uv, it would split what uv writes across mounts, and uv would copy instead of linking',
    );
    expect(error!.hint).toMatch(
      /^remove that ENV from \.devcontainer\/Dockerfile line 4, or run with --force: the line stays, and containerEnv UV_PROJECT_ENVIRONMENT=\/opt\/uv\/envs\/demo overrides it in the container \(docker run -e outranks the image's ENV\)/,
    );
    // The build's UV_LINK_MODE=copy is right for the build, and overridden in the container: a note.
    expect(rest).toEqual([expect.objectContaining({ level: 'info', code: 'user-uv-setting-overridden', line: 3 })]);
  });

  it('--force: the run goes on, says what overrides what, and the next run without it is quiet', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, ...files });
    const refused = await runCli([repo]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^\.devcontainer\/Dockerfile:4: error: UV_PROJECT_ENVIRONMENT="\/usr\/local" \(Dockerfile ENV\) places a folder uv writes/m);
    expect(fs.existsSync(path.join(repo, '.devcontainer/gen-devcontainer.manifest.json'))).toBe(false);

    const forced = await runCli([repo, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(
      'info: UV_PROJECT_ENVIRONMENT="/usr/local" (Dockerfile ENV): stays in .devcontainer/Dockerfile, which gen-devcontainer does not edit; containerEnv UV_PROJECT_ENVIRONMENT=/opt/uv/envs/demo overrides it in the container',
    );
    const config = parseJsoncStrict(fs.readFileSync(path.join(repo, CONFIG), 'utf8')) as { containerEnv: Record<string, string> };
    expect(config.containerEnv.UV_PROJECT_ENVIRONMENT).toBe('/opt/uv/envs/demo');

    const again = await runCli([repo]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/error:/);
    expect(again.stdout).not.toMatch(/^(created|updated) /m);
  });

  it.each([
    [
      'a volume at a system folder',
      '{ "image": "x:1", "remoteEnv": { "UV_CACHE_DIR": "/home/vscode/.cache/uv" }, "mounts": ["source=c,target=/home/vscode/.cache,type=volume"] }',
      /mount target \/home\/vscode\/\.cache cannot hold the rest of what uv writes: .*inside the system folder \/home/,
    ],
    [
      'two volumes',
      '{ "image": "x:1", "containerEnv": { "UV_CACHE_DIR": "/a/uv", "UV_PROJECT_ENVIRONMENT": "/b/env" }, "mounts": ["source=a,target=/a,type=volume", "source=b,target=/b,type=volume"] }',
      /on 2 mounts \(\/a, \/b\)/,
    ],
    ['a bind mount', '{ "image": "x:1", "containerEnv": { "UV_CACHE_DIR": "/a/uv" }, "mounts": ["source=/host/cache,target=/a,type=bind"] }', /a bind mount of \/host\/cache at \/a/],
    ['a relative environment', '{ "image": "x:1", "containerEnv": { "UV_PROJECT_ENVIRONMENT": ".venv" } }', /a relative path, which uv resolves against the workspace/],
    ['a host variable', '{ "image": "x:1", "remoteEnv": { "UV_CACHE_DIR": "${localEnv:HOME}/.cache/uv" } }', /depends on a variable only known when the container is built or started/],
    [
      'a workspace variable outside the environment',
      '{ "image": "x:1", "remoteEnv": { "UV_CACHE_DIR": "/c/${localWorkspaceFolderBasename}" }, "mounts": ["source=c,target=/c,type=volume"] }',
      /keeps only in the environment's path/,
    ],
    [
      'VIRTUAL_ENV and UV_PROJECT_ENVIRONMENT apart',
      '{ "image": "x:1", "containerEnv": { "UV_PROJECT_ENVIRONMENT": "/c/a", "VIRTUAL_ENV": "/c/b" }, "mounts": ["source=c,target=/c,type=volume"] }',
      /VIRTUAL_ENV \(\/c\/b\) is not UV_PROJECT_ENVIRONMENT \(\/c\/a\)/,
    ],
  ])('%s', (_label, config, why) => {
    const diagnostics = refusal({ [CONFIG]: config });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d).toMatchObject({ level: 'error', code: 'user-uv-locations', file: CONFIG });
    expect(diagnostics[0]!.message).toMatch(why);
  });

  it('an option that asks for another mount than the user’s: refused, the option named', () => {
    const config = '{ "image": "x:1", "containerEnv": { "UV_CACHE_DIR": "/c/uv" }, "mounts": ["source=c,target=/c,type=volume"] }';
    expect(refusal({ [CONFIG]: config })).toEqual([]);
    expect(refusal({ [CONFIG]: config }, false, { mountTarget: '/srv/uv' })[0]!.message).toMatch(/--mount-target \/srv\/uv asks for another mount than yours \(\/c\)/);
  });

  it('remoteEnv with --force: removed (remoteEnv outranks containerEnv), the object with it when it was the last', async () => {
    const config = '{\n  "image": "mcr.microsoft.com/devcontainers/base:trixie",\n  // mine\n  "remoteEnv": { "UV_CACHE_DIR": "/tmp/uv-cache" }\n}\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: config });
    expect((await runCli([repo])).code).toBe(2);
    const forced = await runCli([repo, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(
      /info: UV_CACHE_DIR="\/tmp\/uv-cache" \(remoteEnv\): removed from remoteEnv, which outranks containerEnv for terminals and lifecycle commands: the plan's containerEnv UV_CACHE_DIR=\/opt\/uv\/cache applies \(--force\)/,
    );
    const text = fs.readFileSync(path.join(repo, CONFIG), 'utf8');
    expect(text).toContain('// mine');
    expect(parseJsoncStrict(text)).not.toHaveProperty('remoteEnv');
  });

  it('a folder of projects and a UV_PROJECT_ENVIRONMENT in the Dockerfile: stuck, even with --force, since nothing the plan sets outranks it', () => {
    const files = {
      'a/pyproject.toml': PYPROJECT,
      'b/pyproject.toml': PYPROJECT.replace('demo', 'b'),
      [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }',
      '.devcontainer/Dockerfile': 'FROM x\nENV UV_PROJECT_ENVIRONMENT=/opt/env\n',
    };
    const analysis = analyzeRepo(new MemoryRepo(files), 'many');
    const p = planTargets(analysis.facts, { generatorVersion: 'test' }).plan!;
    const forced = userSettingsDiagnostics(p.devcontainer.userSettings, true);
    expect(forced).toEqual([expect.objectContaining({ level: 'error', code: 'user-uv-location-stuck', line: 2, hint: 'remove it from .devcontainer/Dockerfile line 2, then run again' })]);
  });
});

describe('settings that are not locations', () => {
  it('remoteEnv UV_LINK_MODE=copy is kept with a warning that names the check line; --force removes it', () => {
    const files = { [CONFIG]: '{ "image": "x:1", "remoteEnv": { "UV_LINK_MODE": "copy" } }' };
    expect(refusal(files)).toEqual([
      expect.objectContaining({ level: 'warning', code: 'user-uv-setting-kept', message: expect.stringContaining('the in-container check\'s "link mode" line fails on copy or symlink') }),
    ]);
    expect(refusal(files, true)).toEqual([expect.objectContaining({ level: 'info', code: 'user-uv-setting-removed' })]);
  });

  it('Compose UV_LINK_MODE=copy: containerEnv overrides it, a note', () => {
    const diagnostics = refusal({
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: x\n    environment:\n      - UV_LINK_MODE=copy\n',
    });
    expect(diagnostics).toEqual([expect.objectContaining({ level: 'info', code: 'user-uv-setting-overridden', file: '.devcontainer/compose.yaml', line: 5 })]);
  });

  it('a variable the plan does not set is none of its business', () => {
    expect(plan({ [CONFIG]: '{ "image": "x:1", "remoteEnv": { "UV_COMPILE_BYTECODE": "1", "UV_INDEX_URL": "https://example" } }' }).plan.devcontainer.userSettings).toBeUndefined();
  });
});

describe('a uv the Dockerfile installs', () => {
  const withDockerfile = (line: string, pyproject = PYPROJECT) => ({
    'pyproject.toml': pyproject,
    [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }',
    '.devcontainer/Dockerfile': `FROM debian:trixie\n${line}\n`,
  });

  it('pinned to a release: the plan’s uv, so the block copies the same one', () => {
    const { plan: p, diagnostics } = plan(withDockerfile('COPY --from=ghcr.io/astral-sh/uv:0.8.24 /uv /uvx /bin/'));
    expect(p.uv.version).toMatchObject({ value: '0.8.24', source: '.devcontainer/Dockerfile:2' });
    expect(p.uv.version.reason).toMatch(/^your Dockerfile already installs uv 0\.8\.24 \(COPY --from uv 0\.8\.24 into \/bin\/\): kept/);
    expect(diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
  });

  it.each([
    ['not a release', 'RUN pip install uv==0.8.99', {}, 'uv-pin-unusable'],
    ['too old', 'RUN pip install uv==0.3.0', {}, 'uv-pin-unusable'],
    ['refused by required-version', 'RUN pip install uv==0.5.2', { pyproject: `${PYPROJECT}\n[tool.uv]\nrequired-version = ">=0.8"\n` }, 'uv-pin-unusable'],
    ['unpinned', 'RUN pip install uv', {}, 'uv-unpinned-in-dockerfile'],
    ['another version asked for', 'RUN pip install uv==0.8.24', { uvVersion: '0.9.30' }, 'uv-pin-differs'],
    ['two versions', 'COPY --from=ghcr.io/astral-sh/uv:0.8.24 /uv /bin/\nRUN pip install uv==0.9.1', {}, 'uv-pins-disagree'],
  ])('%s: not kept, a warning that says which uv wins', (_label, line, opts: { pyproject?: string; uvVersion?: string }, code) => {
    const { plan: p, diagnostics } = plan(withDockerfile(line, opts.pyproject), opts.uvVersion ? { uvVersion: opts.uvVersion } : {});
    expect(find(diagnostics, code)).toMatchObject({ level: 'warning', file: '.devcontainer/Dockerfile' });
    expect(p.uv.version.source).not.toMatch(/Dockerfile/);
  });
});

describe('the one Compose reader: the service’s mounts for uv’s settings come from compose-service.ts', () => {
  it('a volume written ${UV_VOLUME:-uvcache}:/cache is a mount at /cache: the refusal says what it is, not "on no volume of yours"', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: python:3.12',
      '    volumes:',
      '      - ${UV_VOLUME:-uvcache}:/cache',
      '    environment:',
      '      UV_CACHE_DIR: /cache/uv',
      'volumes:',
      '  uvcache: {}',
    ].join('\n');
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }',
      '.devcontainer/compose.yaml': compose,
    });
    const run = await runCli([repo]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toContain('on no volume of yours');
    expect(run.stderr).toMatch(
      /^\.devcontainer\/compose\.yaml:7: error: UV_CACHE_DIR="\/cache\/uv" \(Compose environment\) places a folder uv writes, and is not kept: it is on the mount at \/cache \(\.devcontainer\/compose\.yaml:5\), whose source \$\{UV_VOLUME:-uvcache\} Compose fills in from the host's environment/m,
    );
  });
});

describe('a kept path the plan cannot hold: a refusal with the place and the fix (exit 2), never an internal error (exit 3)', () => {
  it('containerEnv UV_PROJECT_ENVIRONMENT=/cache/venv+py3.12 on a /cache volume', async () => {
    const config = [
      '{',
      '  "image": "mcr.microsoft.com/devcontainers/base:trixie",',
      '  "containerEnv": { "UV_PROJECT_ENVIRONMENT": "/cache/venv+py3.12" },',
      '  "mounts": [{ "source": "shared", "target": "/cache", "type": "volume" }]',
      '}',
    ].join('\n');
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: config });
    const run = await runCli([repo]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toMatch(
      /^\.devcontainer\/devcontainer\.json:3: error: UV_PROJECT_ENVIRONMENT="\/cache\/venv\+py3\.12" \(containerEnv\) places a folder uv writes, and is not kept: its path has characters a kept path cannot hold \("\+"\)/m,
    );
    expect(run.stderr).toMatch(/hint: run with --force to replace it with \/opt\/uv/);
    // plan and explain refuse the same way.
    for (const command of ['plan', 'explain']) {
      const shown = await runCli([command, repo]);
      expect(shown.code, shown.stderr).toBe(2);
      expect(shown.stderr).not.toContain('internal error');
    }
  });

  it('Compose UV_PROJECT_ENVIRONMENT=/cache/$${localEnv:GITHUB_TOKEN}/venv: the ${…} is a folder name there, which nothing substitutes', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: python:3.12',
      '    volumes:',
      '      - uvcache:/cache',
      '    environment:',
      '      UV_PROJECT_ENVIRONMENT: /cache/$${localEnv:GITHUB_TOKEN}/venv',
      'volumes:',
      '  uvcache: {}',
    ].join('\n');
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }',
      '.devcontainer/compose.yaml': compose,
    });
    const run = await runCli([repo]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toMatch(
      /^\.devcontainer\/compose\.yaml:7: error: UV_PROJECT_ENVIRONMENT="\/cache\/\$\{localEnv:GITHUB_TOKEN\}\/venv" \(Compose environment\) places a folder uv writes, and is not kept: its path has characters a kept path cannot hold \("\$" "\{" ":" "\}"\); the \$\{…\} in it is text here, a folder name nothing substitutes \(Compose's \$\$ is a plain \$\)/m,
    );
  });
});
