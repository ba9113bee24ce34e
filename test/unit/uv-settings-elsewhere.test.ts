/**
 * The uv settings a user's configuration already has, from every place they can be set
 * (src/analyze/uv-settings-elsewhere.ts): devcontainer.json containerEnv and remoteEnv, the
 * Dockerfile's ENV in the stages the container runs, Compose environment and env_file; their mounts;
 * a uv their Dockerfile installs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { analyzeFiles, codes, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function settingsOf(files: Record<string, string>) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, ...files }), 'demo');
  return { facts: analysis.facts.userUvSettings, diagnostics: analysis.diagnostics };
}

describe('devcontainer.json', () => {
  it('reads containerEnv and remoteEnv with their lines, and the mounts in both forms', () => {
    const config = [
      '{',
      '  "image": "debian:trixie",',
      '  "containerEnv": { "UV_LINK_MODE": "copy", "APP_ENV": "dev" },',
      '  "remoteEnv": {',
      '    "UV_CACHE_DIR": "/cache/uv",',
      '    "UV_PROJECT_ENVIRONMENT": "/cache/venv-for${localWorkspaceFolder}",',
      '    "TMPDIR": "${localEnv:TMPDIR}"',
      '  },',
      '  "mounts": ["source=shared,target=/cache,type=volume", { "source": "/host", "target": "/data", "type": "bind" }]',
      '}',
    ].join('\n');
    const { facts } = settingsOf({ [CONFIG]: config });
    expect(facts!.settings).toEqual([
      { name: 'UV_LINK_MODE', value: 'copy', place: 'containerEnv', file: CONFIG, line: 3 },
      { name: 'UV_CACHE_DIR', value: '/cache/uv', place: 'remoteEnv', file: CONFIG, line: 5 },
      { name: 'UV_PROJECT_ENVIRONMENT', value: '/cache/venv-for${localWorkspaceFolder}', place: 'remoteEnv', file: CONFIG, line: 6 },
      // Only the host knows ${localEnv:…}.
      { name: 'TMPDIR', value: '${localEnv:TMPDIR}', place: 'remoteEnv', file: CONFIG, line: 7, unresolved: true },
    ]);
    expect(facts!.mounts).toEqual([
      { target: '/cache', type: 'volume', source: 'shared', file: CONFIG, line: 9, place: 'mounts' },
      { target: '/data', type: 'bind', source: '/host', file: CONFIG, line: 9, place: 'mounts' },
    ]);
  });

  it('a value the manifest records as the tool’s own is marked so, not taken for the user’s choice', () => {
    const manifest = JSON.stringify({ files: {}, managedValues: { '["containerEnv","UV_CACHE_DIR"]': '/opt/uv/cache', '["mounts"]': [{ type: 'volume', source: 'uv-demo', target: '/opt/uv' }] } });
    const config =
      '{ "image": "debian:trixie", "containerEnv": { "UV_CACHE_DIR": "/opt/uv/cache", "UV_TOOL_DIR": "/mine" }, "mounts": [{ "type": "volume", "source": "uv-demo", "target": "/opt/uv" }] }';
    const { facts } = settingsOf({ [CONFIG]: config, '.devcontainer/gen-devcontainer.manifest.json': manifest });
    expect(facts!.settings.map((s) => [s.name, s.tool])).toEqual([
      ['UV_CACHE_DIR', true],
      ['UV_TOOL_DIR', undefined],
    ]);
    expect(facts!.mounts).toEqual([]);
  });

  it('CRLF, a byte order mark and comments do not move the lines', () => {
    const config = '\uFEFF// mine\r\n{\r\n  /* the cache */\r\n  "remoteEnv": { "UV_CACHE_DIR": "/c" }\r\n}\r\n';
    expect(settingsOf({ [CONFIG]: config }).facts!.settings).toEqual([{ name: 'UV_CACHE_DIR', value: '/c', place: 'remoteEnv', file: CONFIG, line: 4 }]);
  });
});

describe('the Dockerfile', () => {
  const config = '{ "build": { "dockerfile": "Dockerfile", "target": "dev" } }';

  it('reads ENV of the stages the container runs, the last of each name, with the line of the name', () => {
    const dockerfile = [
      'FROM python:3.12-slim AS base',
      'ENV UV_CACHE_DIR=/root/.cache/uv',
      'FROM base AS dev',
      'ENV UV_COMPILE_BYTECODE=1 \\',
      '    UV_LINK_MODE=copy \\',
      '    UV_PROJECT_ENVIRONMENT=/usr/local',
      'ENV UV_CACHE_DIR /var/cache/uv',
      'FROM base AS prod',
      'ENV UV_TOOL_DIR=/prod/tools',
    ].join('\n');
    const { facts } = settingsOf({ [CONFIG]: config, '.devcontainer/Dockerfile': dockerfile });
    const file = '.devcontainer/Dockerfile';
    expect(facts!.settings).toEqual([
      { name: 'UV_COMPILE_BYTECODE', value: '1', place: 'dockerfile', file, line: 4 },
      { name: 'UV_LINK_MODE', value: 'copy', place: 'dockerfile', file, line: 5 },
      { name: 'UV_PROJECT_ENVIRONMENT', value: '/usr/local', place: 'dockerfile', file, line: 6 },
      { name: 'UV_CACHE_DIR', value: '/var/cache/uv', place: 'dockerfile', file, line: 7 },
    ]);
  });

  it('a value built from a variable of the base image is unresolved', () => {
    const { facts } = settingsOf({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': 'FROM x\nENV UV_CACHE_DIR=$HOME/.cache/uv\n' });
    expect(facts!.settings[0]).toMatchObject({ name: 'UV_CACHE_DIR', value: '/.cache/uv', unresolved: true });
  });

  it.each([
    ['COPY --from=ghcr.io/astral-sh/uv:0.8.24 /uv /uvx /bin/', { how: 'COPY --from', version: '0.8.24', where: '/bin/' }],
    [`COPY --from=ghcr.io/astral-sh/uv:0.5.2@sha256:${'a'.repeat(64)} /uv /usr/local/bin/uv`, { how: 'COPY --from', version: '0.5.2' }],
    ['COPY --from=astral/uv:latest /uv /bin/', { how: 'COPY --from', version: undefined }],
    ['RUN pip install --no-cache-dir "uv==0.6.3" ruff', { how: 'pip install', version: '0.6.3' }],
    // The line of the word uv, in a continued RUN.
    ['RUN python -m pip install \\\n    uv \\\n    ruff', { how: 'pip install', version: undefined, line: 3 }],
    ['RUN pipx install uv>=0.5', { how: 'pip install', version: undefined, where: '~/.local/bin (pipx)' }],
    ['RUN curl -LsSf https://astral.sh/uv/0.7.2/install.sh | sh', { how: 'installer script', version: '0.7.2' }],
  ])('finds the uv it installs: %s', (line, pin) => {
    const { facts } = settingsOf({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': `FROM debian:trixie\n${line}\n` });
    const { version, line: at, ...rest } = pin as { version?: string; line?: number };
    expect(facts!.pins).toEqual([expect.objectContaining({ ...rest, file: '.devcontainer/Dockerfile', line: at ?? 2 })]);
    expect(facts!.pins[0]!.version).toBe(version);
  });

  it('a uv stage copied from, a uv base image, an ARG in the tag; not pip install uv-something, nor a stage the container does not run', () => {
    const dockerfile = [
      'ARG UV=0.9.1',
      'FROM ghcr.io/astral-sh/uv:${UV} AS uv',
      'FROM ghcr.io/astral-sh/uv:0.4.30-python3.12-bookworm AS dev',
      'COPY --from=uv /uv /uvx /bin/',
      'RUN pip install uv-dynamic-versioning',
      'FROM debian AS other',
      'RUN pip install uv==0.1.0',
    ].join('\n');
    const { facts } = settingsOf({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile", "target": "dev" } }', '.devcontainer/Dockerfile': dockerfile });
    expect(facts!.pins.map((p) => [p.how, p.version, p.line])).toEqual([
      ['base image', '0.4.30', 3],
      ['COPY --from', '0.9.1', 4],
    ]);
  });

  it("a Dockerfile the tool generated is not the user's; its block in the user's is not either", () => {
    const block = '# >>> gen-devcontainer: uv layout >>>\nCOPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /usr/local/bin/\nENV PATH=/opt/uv/bin:$PATH\n# <<< gen-devcontainer <<<\n';
    const { facts } = settingsOf({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': `FROM x\n${block}` });
    expect(facts).toEqual({ settings: [], mounts: [], pins: [] });
  });

  it('a Dockerfile over 1 MiB is not read for settings, with a warning', () => {
    const { facts, diagnostics } = settingsOf({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': `FROM x\n${'# pad\n'.repeat(200_000)}ENV UV_CACHE_DIR=/x\n` });
    expect(facts!.settings).toEqual([]);
    expect(codes(diagnostics)).toContain('dockerfile-not-read-for-settings');
  });

  it('a Dockerfile over 1 MiB is not read for its stage either (one limit for the one reader), and the warning says so', () => {
    const files = { 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': `FROM x\n${'# pad\n'.repeat(200_000)}` };
    const { facts, diagnostics } = analyzeRepo(new MemoryRepo(files), 'demo');
    expect(facts.devcontainer?.config?.dockerfile?.stage).toBeUndefined();
    expect(diagnostics.find((d) => d.code === 'dockerfile-not-read-for-settings')?.message).toMatch(/is not read: not the stage the container runs/);
  });
});

describe('the Dockerfile: one reading for the stage and for its ENV', () => {
  /** The stage facts and the uv settings of one configuration, side by side: they must follow the same chain. */
  function both(files: Record<string, string>) {
    const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, ...files }), 'demo');
    const stage = analysis.facts.devcontainer?.config?.dockerfile?.stage;
    const cache = analysis.facts.userUvSettings?.settings.filter((s) => s.name === 'UV_CACHE_DIR').map((s) => [s.value, s.line]);
    return { stage, cache };
  }

  it('(a) a << inside a quoted sed expression opens no heredoc: the dev stage and its ENV are read', () => {
    const dockerfile = ['FROM python:3.12 AS base', 'ENV UV_CACHE_DIR=/cache/uv', "RUN sed -i 's/<<OLD/new/' /etc/motd", 'FROM base AS dev', 'ENV UV_CACHE_DIR=/somewhere-else/uv'].join('\n');
    const { stage, cache } = both({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': dockerfile });
    expect(stage).toMatchObject({ name: 'dev', chain: ['dev', 'base'], image: 'python:3.12' });
    expect(cache).toEqual([['/somewhere-else/uv', 5]]);
  });

  it('(b) devcontainer.json build.args choose the stage FROM ${FLAVOUR} builds on, for the image and for the ENV alike', () => {
    const dockerfile = [
      'ARG FLAVOUR=cpu',
      'FROM python:3.12 AS cpu',
      'ENV UV_CACHE_DIR=/cache/cpu/uv',
      'FROM python:3.12 AS gpu',
      'ENV UV_CACHE_DIR=/cache/gpu/uv',
      'FROM ${FLAVOUR}',
      'RUN true',
    ].join('\n');
    const config = '{ "build": { "dockerfile": "Dockerfile", "args": { "FLAVOUR": "gpu" } } }';
    const { stage, cache } = both({ [CONFIG]: config, '.devcontainer/Dockerfile': dockerfile });
    expect(stage).toMatchObject({ chain: ['#3', 'gpu'], from: { line: 4 } });
    expect(cache).toEqual([['/cache/gpu/uv', 5]]);
    // Without the build argument, the default: cpu, for both.
    const plain = both({ [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': dockerfile });
    expect(plain.stage).toMatchObject({ chain: ['#3', 'cpu'] });
    expect(plain.cache).toEqual([['/cache/cpu/uv', 3]]);
  });

  it('(b) Compose build.args do the same', () => {
    const dockerfile = 'ARG FLAVOUR=cpu\nFROM python:3.12 AS cpu\nENV UV_CACHE_DIR=/cache/cpu/uv\nFROM python:3.12 AS gpu\nENV UV_CACHE_DIR=/cache/gpu/uv\nFROM ${FLAVOUR}\n';
    const compose = 'services:\n  app:\n    build:\n      context: .\n      args:\n        FLAVOUR: gpu\n';
    const analysis = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': PYPROJECT,
        [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }',
        '.devcontainer/compose.yaml': compose,
        '.devcontainer/Dockerfile': dockerfile,
      }),
      'demo',
    );
    expect(analysis.facts.devcontainer?.config?.compose?.dockerfile?.stage).toMatchObject({ chain: ['#3', 'gpu'] });
    expect(analysis.facts.userUvSettings!.settings.map((s) => [s.name, s.value])).toEqual([['UV_CACHE_DIR', '/cache/gpu/uv']]);
  });
});

describe('Compose', () => {
  const config = '{ "dockerComposeFile": ["../compose.yaml", "compose.dev.yaml"], "service": "app", "workspaceFolder": "/w" }';

  it('reads environment (map and list), env_file, and volumes across the files; a later file wins', () => {
    const compose = [
      'services:',
      '  app:',
      '    image: python:3.12',
      '    env_file:',
      '      - .env.dev',
      '      - path: ./missing.env',
      '        required: false',
      '    environment:',
      '      UV_CACHE_DIR: /cache/uv',
      '      UV_LINK_MODE: copy',
      '      DATABASE_URL: postgres://db',
      '    volumes:',
      '      - uv-cache:/cache',
      '      - ..:/w:cached',
      '      - { type: volume, source: other, target: /other }',
    ].join('\n');
    const dev = 'services:\n  app:\n    environment:\n      - UV_LINK_MODE=hardlink\n      - UV_PROJECT_ENVIRONMENT=/cache/envs/$${USER}\n      - TMPDIR=${HOST_TMP}\n      - VIRTUAL_ENV\n';
    const envFile = '# local settings\nexport UV_PYTHON_INSTALL_DIR="/cache/python"\nSECRET_TOKEN=do-not-read\nUV_TOOL_DIR=/cache/tools # inline comment\n';
    const { facts } = settingsOf({ [CONFIG]: config, 'compose.yaml': compose, '.devcontainer/compose.dev.yaml': dev, '.env.dev': envFile });
    expect(facts!.settings).toEqual([
      { name: 'UV_PYTHON_INSTALL_DIR', value: '/cache/python', place: 'compose-env-file', file: '.env.dev', line: 2 },
      { name: 'UV_TOOL_DIR', value: '/cache/tools', place: 'compose-env-file', file: '.env.dev', line: 4 },
      { name: 'UV_CACHE_DIR', value: '/cache/uv', place: 'compose-environment', file: 'compose.yaml', line: 9 },
      { name: 'UV_LINK_MODE', value: 'hardlink', place: 'compose-environment', file: '.devcontainer/compose.dev.yaml', line: 4 },
      // $$ is a literal $ in Compose; ${HOST_TMP} comes from the host.
      { name: 'UV_PROJECT_ENVIRONMENT', value: '/cache/envs/${USER}', place: 'compose-environment', file: '.devcontainer/compose.dev.yaml', line: 5 },
      { name: 'TMPDIR', value: '${HOST_TMP}', place: 'compose-environment', file: '.devcontainer/compose.dev.yaml', line: 6, unresolved: true },
    ]);
    expect(JSON.stringify(facts)).not.toContain('do-not-read');
    expect(facts!.mounts.map((m) => [m.target, m.type, m.source, m.line])).toEqual([
      ['/cache', 'volume', 'uv-cache', 13],
      ['/w', 'bind', '..', 14],
      ['/other', 'volume', 'other', 15],
    ]);
  });

  it('a huge env_file is read up to its first 10,000 lines', () => {
    const envFile = `${'A=1\n'.repeat(20_000)}UV_CACHE_DIR=/late\n`;
    const { facts } = settingsOf({ [CONFIG]: config, 'compose.yaml': 'services:\n  app:\n    image: x\n    env_file: .env\n', '.env': envFile });
    expect(facts!.settings).toEqual([]);
  });

  it('an env_file that is a link out of the repository is not read, with a warning', () => {
    const root = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: config,
      'compose.yaml': 'services:\n  app:\n    image: x\n    env_file: .env\n',
      '.devcontainer/compose.dev.yaml': 'services: {}\n',
    });
    fs.symlinkSync('/etc/hostname', path.join(root, '.env'));
    const analysis = analyzeRepo(openRepo(root), 'repo');
    expect(codes(analysis.diagnostics)).toContain('env-file-unreadable');
    expect(analysis.facts.userUvSettings!.settings).toEqual([]);
  });
});

it('no configuration, or one the tool generated and nobody changed: nothing', () => {
  expect(analyzeFiles({ 'pyproject.toml': PYPROJECT }).facts.userUvSettings).toBeUndefined();
});
