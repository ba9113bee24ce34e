import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComposeService } from '../../src/analyze/compose-service.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { growth, textWork } from '../helpers/work.js';
import { analyzeFiles, makeRepo } from './support.js';

/** The service `app` as the analyzer reads it from these compose files (repository-relative path -> text), in order. */
function service(files: Record<string, string>, extra: Record<string, string> = {}) {
  const root = makeRepo({ 'pyproject.toml': '[project]\nname = "x"\n', ...files, ...extra });
  return readComposeService(
    openRepo(root),
    Object.entries(files).map(([file, text]) => ({ file, text })),
    'app',
  );
}

describe('bind mounts of the service', () => {
  it("short syntax: a source starting with . / or ~ is a host path, resolved from the first file's folder; others are volumes", () => {
    const facts = service({
      '.devcontainer/compose.yaml':
        'services:\n  app:\n    volumes:\n      - ..:/app:cached\n      - data:/data\n      - /var/run/docker.sock:/var/run/docker.sock\n      - ~/.ssh:/root/.ssh:ro\n      - /anonymous\n',
    });
    expect(facts.binds).toEqual([
      { source: '.', written: '..', target: '/app', file: '.devcontainer/compose.yaml', line: 4 },
      { written: '/var/run/docker.sock', target: '/var/run/docker.sock', file: '.devcontainer/compose.yaml' },
      { written: '~/.ssh', target: '/root/.ssh', file: '.devcontainer/compose.yaml' },
    ]);
  });

  it('long syntax: type bind with source and target; a volume or tmpfs is no bind', () => {
    const facts = service({
      'compose.yaml':
        'services:\n  app:\n    volumes:\n      - type: bind\n        source: .\n        target: /workspace\n      - type: volume\n        source: cache\n        target: /cache\n      - type: tmpfs\n        target: /tmp\n',
    });
    expect(facts.binds).toEqual([{ source: '.', written: '.', target: '/workspace', file: 'compose.yaml', line: 6 }]);
  });

  it("every file's relative paths resolve from the FIRST file's folder, as Compose resolves them", () => {
    // `.` in .devcontainer/dev.yaml is the repository root here, because compose.yaml (at the root) comes first.
    const facts = service({
      'compose.yaml': 'services:\n  app:\n    image: python:3.12\n',
      '.devcontainer/dev.yaml': 'services:\n  app:\n    volumes:\n      - type: bind\n        source: .\n        target: /app\n',
    });
    expect(facts.binds).toEqual([expect.objectContaining({ source: '.', target: '/app', file: '.devcontainer/dev.yaml' })]);
    // The other way round, `..` from .devcontainer/ is the root, and `.` is .devcontainer itself.
    const other = service({ '.devcontainer/compose.yaml': 'services:\n  app:\n    volumes: [".:/cfg", "..:/app"]\n' });
    expect(other.binds.map((b) => [b.source, b.target])).toEqual([
      ['.devcontainer', '/cfg'],
      ['.', '/app'],
    ]);
  });

  it('a later file replaces a mount at the same target (Compose merges volumes by target), with a volume too', () => {
    const facts = service({
      '.devcontainer/a.yaml': 'services:\n  app:\n    volumes: ["..:/app", "..:/src"]\n',
      '.devcontainer/b.yaml': 'services:\n  app:\n    volumes: ["../docs:/app/", "code:/src"]\n',
    });
    expect(facts.binds.map((b) => [b.source, b.target])).toEqual([['docs', '/app/']]);
  });

  it('the folder holding the repository is `..`; one further up keeps its path', () => {
    const facts = service({ '.devcontainer/compose.yaml': 'services:\n  app:\n    volumes: ["../..:/workspaces:cached", "../../..:/all"]\n' });
    expect(facts.binds.map((b) => b.source)).toEqual(['..', '../..']);
  });

  it('a link inside the repository is followed, as Docker follows it when it binds', () => {
    const root = makeRepo({ 'pyproject.toml': '', '.devcontainer/compose.yaml': 'services:\n  app:\n    volumes: ["../here:/app", "../gone:/gone", "../out:/out"]\n' });
    fs.symlinkSync('.', path.join(root, 'here'));
    fs.symlinkSync('/etc', path.join(root, 'out'));
    const facts = readComposeService(openRepo(root), [{ file: '.devcontainer/compose.yaml', text: fs.readFileSync(path.join(root, '.devcontainer/compose.yaml'), 'utf8') }], 'app');
    // The link to the root is the repository; a missing one keeps its name; one leading outside is not the repository.
    expect(facts.binds.map((b) => [b.source, b.target])).toEqual([
      ['.', '/app'],
      ['gone', '/gone'],
      ['out', '/out'],
    ]);
  });

  it('${...} sources are interpolated by Compose: unknown here, and the colons inside them do not split', () => {
    const facts = service({ '.devcontainer/compose.yaml': 'services:\n  app:\n    volumes:\n      - ${PROJECT_DIR:-..}:/app\n      - ./${SUB}:/sub\n' });
    expect(facts.binds).toEqual([
      { written: '${PROJECT_DIR:-..}', target: '/app', file: '.devcontainer/compose.yaml' },
      { written: './${SUB}', target: '/sub', file: '.devcontainer/compose.yaml' },
    ]);
  });

  it('a Windows drive letter is not a separator', () => {
    expect(service({ 'compose.yaml': 'services:\n  app:\n    volumes: ["C:\\\\src:/app"]\n' }).binds).toEqual([{ written: 'C:\\src', target: '/app', file: 'compose.yaml' }]);
  });

  it('anchors and merge keys are resolved', () => {
    const facts = service({ 'compose.yaml': 'x-common: &common\n  volumes: ["..:/opt/airflow"]\n  user: "50000:0"\nservices:\n  app:\n    <<: *common\n' });
    expect(facts.binds.map((b) => b.target)).toEqual(['/opt/airflow']);
    expect(facts.user).toMatchObject({ value: '50000:0', file: 'compose.yaml' });
  });
});

describe('every mount, and the variables the service sets (the one Compose reader for uv settings too)', () => {
  it('mounts of every kind, one per target, with their lines; an interpolated source is marked so, its colons not split', () => {
    const facts = service({
      'compose.yaml': [
        'services:',
        '  app:',
        '    volumes:',
        '      - ${UV_VOLUME:-uvcache}:/cache',
        '      - ${DIR:-..}:/w',
        '      - data:/data:ro',
        '      - /anonymous',
        '      - { type: tmpfs, target: /tmp }',
        '      - type: volume',
        '        source: other',
        '        target: /other',
      ].join('\n'),
    });
    expect(facts.mounts).toEqual([
      { target: '/cache', type: 'volume', source: '${UV_VOLUME:-uvcache}', interpolated: true, key: 'volumes', file: 'compose.yaml', line: 4 },
      { target: '/w', type: 'bind', source: '${DIR:-..}', interpolated: true, key: 'volumes', file: 'compose.yaml', line: 5 },
      { target: '/data', type: 'volume', source: 'data', key: 'volumes', file: 'compose.yaml', line: 6 },
      { target: '/anonymous', type: 'volume', key: 'volumes', file: 'compose.yaml', line: 7 },
      { target: '/tmp', type: 'tmpfs', key: 'volumes', file: 'compose.yaml', line: 8 },
      { target: '/other', type: 'volume', source: 'other', key: 'volumes', file: 'compose.yaml', line: 9 },
    ]);
  });

  it('environment (map and list) and env_file: only the variables gen-devcontainer reads, as written, with their lines', () => {
    const facts = service(
      {
        'compose.yaml': 'services:\n  app:\n    env_file: [.env]\n    environment:\n      UV_CACHE_DIR: /cache/uv\n      UV_LINK_MODE:\n      SECRET: x\n      UV_CONCURRENT_DOWNLOADS: 4\n',
        'dev.yaml': 'services:\n  app:\n    environment:\n      - UV_CACHE_DIR=/elsewhere\n      - TMPDIR\n',
      },
      { '.env': 'TOKEN=secret\nUV_TOOL_DIR="/cache/tools"\n' },
    );
    expect(facts.environment).toEqual([
      { name: 'UV_CACHE_DIR', value: '/elsewhere', file: 'dev.yaml', line: 4 },
      { name: 'UV_CONCURRENT_DOWNLOADS', value: '4', file: 'compose.yaml', line: 8 },
    ]);
    expect(facts.envFile).toEqual([{ name: 'UV_TOOL_DIR', value: '/cache/tools', file: '.env', line: 2 }]);
    expect(JSON.stringify(facts)).not.toContain('secret');
  });
});

describe('user and build arguments', () => {
  it('user: the last file that sets it, as text (user: 0 is "0")', () => {
    const facts = service({ 'a.yaml': 'services:\n  app:\n    user: vscode\n', 'b.yaml': 'services:\n  app:\n    user: 0\n' });
    expect(facts.user).toEqual({ value: '0', file: 'b.yaml', line: 3 });
  });

  it('build.args as a map or a list, merged across files; numbers keep their text; values from the environment are unknown', () => {
    const facts = service({
      'a.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        PYTHON_VERSION: 3.10\n        FROM_ENV:\n        INTERPOLATED: ${PY}\n',
      'b.yaml': 'services:\n  app:\n    build:\n      args: ["DISTRO=bookworm", "BARE", "bad name=x"]\n',
    });
    expect(facts.buildArgs).toEqual({ PYTHON_VERSION: '3.10', FROM_ENV: undefined, INTERPOLATED: undefined, DISTRO: 'bookworm', BARE: undefined });
  });
});

describe('hostile compose files', () => {
  // Counted, not timed (test/helpers/work.ts): twice the input costs about twice the characters
  // scanned (YAML parsing included), and the answer is right at either size.
  it('a huge list of volumes is read up to a bound, and costs its length, nothing more', () => {
    const read = (n: number) => {
      const many = Array.from({ length: n }, (_, i) => `      - ..:/t${i}`).join('\n');
      const { result, chars } = textWork(() => service({ 'compose.yaml': `services:\n  app:\n    volumes:\n${many}\n` }));
      expect(result.binds.length).toBe(1000);
      return chars;
    };
    const { small, ratio } = growth(read, 5_000);
    expect(small).toBeGreaterThan(5_000);
    expect(ratio).toBeLessThan(2.5);
  });

  it('long lines cost their length, nothing more', () => {
    const read = (n: number) => {
      const text = `services:\n  app:\n    user: "${'u'.repeat(5 * n)}"\n    volumes: ["${'.'.repeat(n)}:/x"]\n`;
      const { result, chars } = textWork(() => service({ 'compose.yaml': text }));
      expect(result.user!.value).toHaveLength(5 * n);
      return chars;
    };
    const { small, ratio } = growth(read, 100_000);
    expect(small).toBeGreaterThan(100_000);
    expect(ratio).toBeLessThan(2.5);
  });

  it('a service that is not a mapping, volumes that are not a list, entries of any type: nothing, no throw', () => {
    for (const text of ['services:\n  app: 3\n', 'services:\n  app:\n    volumes: "..:/app"\n', 'services:\n  app:\n    volumes: [1, null, {target: 3}, [".:/a"]]\n', 'services: [1]\n', '', '{}']) {
      expect(service({ 'compose.yaml': text }).binds).toEqual([]);
    }
  });

  it('the analyzer attaches the facts to the Compose configuration', () => {
    const { facts, diagnostics } = analyzeFiles({
      'pyproject.toml': '[project]\nname = "x"\n',
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["../compose.yaml", "dev.yaml"], "service": "app" }',
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: dev\n      args: { PY: "3.11" }\n',
      '.devcontainer/dev.yaml': 'services:\n  app:\n    volumes: [".:/app"]\n    user: root\n',
      Dockerfile: 'ARG PY=3.12\nFROM python:${PY}-slim AS base\nFROM base AS dev\nFROM base AS prod\nUSER app\n',
    });
    expect(diagnostics).toEqual([]);
    const compose = facts.devcontainer!.config!.compose!;
    expect(compose.definition).toMatchObject({ binds: [{ source: '.', target: '/app' }], user: { value: 'root' }, buildArgs: { PY: '3.11' } });
    expect(compose.dockerfile!.stage).toMatchObject({ name: 'dev', targeted: true, image: 'python:3.11-slim', chain: ['dev', 'base'] });
    expect(compose.dockerfile!.stage).not.toHaveProperty('user');
  });
});
