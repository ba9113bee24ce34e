import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { hasErrors } from '../../src/diagnostics.js';
import { analyzeFiles, codes, find, makeRepo, tempDir } from './support.js';

const FULL_PYPROJECT = `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "acme-tool"
version = "1.0"
requires-python = ">=3.11"
dependencies = ["httpx>=0.27", "rich"]

[project.optional-dependencies]
cli = ["typer"]
docs = ["mkdocs", "mkdocs-material"]

[dependency-groups]
dev = ["pytest", { include-group = "lint" }]
lint = ["ruff"]

[tool.uv]
required-version = ">=0.5"
managed = true
package = false
dev-dependencies = ["ipython"]
`;

describe('pyproject.toml facts', () => {
  it('reads every field the planner uses, with the line it came from', () => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': FULL_PYPROJECT });
    expect(diagnostics).toEqual([]);
    const p = facts.pyproject!;
    expect(p.name).toEqual({ value: 'acme-tool', file: 'pyproject.toml', key: 'project.name', line: 6 });
    expect(p.requiresPython).toMatchObject({ value: '>=3.11', line: 8 });
    expect(p.dependencies).toEqual(['httpx>=0.27', 'rich']);
    expect(p.optionalDependencies).toEqual({ cli: ['typer'], docs: ['mkdocs', 'mkdocs-material'] });
    expect(p.dependencyGroups).toEqual({ dev: 2, lint: 1 });
    expect(p.hasBuildSystem).toBe(true);
    expect(p.uv.present).toBe(true);
    expect(p.uv.requiredVersion).toMatchObject({ value: '>=0.5', key: 'tool.uv.required-version', line: 20 });
    expect(p.uv.managed).toMatchObject({ value: true, line: 21 });
    expect(p.uv.package).toMatchObject({ value: false, line: 22 });
    expect(p.uv.devDependencies).toEqual(['ipython']);
  });

  it('leaves absent fields out', () => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n' });
    expect(diagnostics).toEqual([]);
    expect(facts.pyproject).toMatchObject({ dependencies: [], optionalDependencies: {}, dependencyGroups: {}, hasBuildSystem: false });
    expect(facts.pyproject!.requiresPython).toBeUndefined();
    expect(facts.pyproject!.uv).toEqual({ present: false, requiredVersion: undefined, managed: undefined, package: undefined, devDependencies: [] });
  });

  it.each([
    ['name = 3', '[project]\nversion = "1"\nname = 3\n', 'project.name', 3],
    ['requires-python = 3.11', '[project]\nname = "x"\nrequires-python = 3.11\n', 'project.requires-python', 3],
    ['dependencies = "httpx"', '[project]\nname = "x"\ndependencies = "httpx"\n', 'project.dependencies', 3],
    ['dependencies with a number', '[project]\nname = "x"\n\ndependencies = ["a", 1]\n', 'project.dependencies', 4],
    ['extra not a list', '[project]\nname = "x"\n[project.optional-dependencies]\ncli = "typer"\n', 'project.optional-dependencies.cli', 4],
    ['group not a list', '[project]\nname = "x"\n[dependency-groups]\ndev = "pytest"\n', 'dependency-groups.dev', 4],
    ['dependency-groups not a table', 'dependency-groups = 1\n[project]\nname = "x"\n', 'dependency-groups', 1],
    ['project not a table', 'project = "x"\n', 'project', 1],
    ['required-version = 0.5', '[project]\nname = "x"\n[tool.uv]\nrequired-version = 0.5\n', 'tool.uv.required-version', 4],
    ['managed = "no"', '[project]\nname = "x"\n[tool.uv]\nmanaged = "no"\n', 'tool.uv.managed', 4],
    ['package = 1', '[project]\nname = "x"\n[tool.uv]\n\npackage = 1\n', 'tool.uv.package', 5],
    ['dev-dependencies = "x"', '[project]\nname = "x"\n[tool.uv]\ndev-dependencies = "x"\n', 'tool.uv.dev-dependencies', 4],
  ])('%s: error pyproject-wrong-type at the key, as uv refuses the file too', (_label, text, key, line) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': text });
    expect(hasErrors(diagnostics)).toBe(true);
    const wrong = diagnostics.filter((d) => d.code === 'pyproject-wrong-type');
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ level: 'error', file: 'pyproject.toml', line });
    expect(wrong[0]!.message).toContain(key);
    expect(facts.pyproject).toBeDefined();
  });

  // Regression (was a bug, fixed): src/analyze/pyproject.ts:18 (lineOfKey, src/analyze/toml.ts:50) looks only for the leaf
  // key anywhere in the file, so a `dev =` in an earlier table gets the diagnostic's line.
  it('points a wrong-type error at the key in its own table, not a same-named key elsewhere', () => {
    const text = '[project]\nname = "x"\n[project.optional-dependencies]\ndev = ["pytest"]\n[dependency-groups]\ndev = "pytest"\n';
    const { diagnostics } = analyzeFiles({ 'pyproject.toml': text });
    expect(find(diagnostics, 'pyproject-wrong-type')).toMatchObject({ line: 6 });
  });

  it.each([
    ['unclosed string', '[project]\nname = "x\n', 2],
    ['missing value', '[project]\nname = "x"\nversion =\n', 3],
    ['duplicate table', '[project]\nname = "x"\n[project]\nname = "y"\n', 3],
    ['garbage', '[project]\nname = "x"\n\n  this is not toml\n', 4],
  ])('%s: error pyproject-invalid-toml with line and column', (_label, text, line) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': text });
    const d = find(diagnostics, 'pyproject-invalid-toml');
    expect(d).toMatchObject({ level: 'error', file: 'pyproject.toml', line });
    expect(d!.column).toBeGreaterThanOrEqual(1);
    expect(d!.hint).toContain(`line ${line}`);
    expect(facts.pyproject).toBeUndefined();
  });

  it('a missing pyproject.toml is error pyproject-missing', () => {
    const { facts, diagnostics } = analyzeFiles({ 'README.md': 'hi' });
    expect(find(diagnostics, 'pyproject-missing')).toMatchObject({ level: 'error' });
    expect(facts.pyproject).toBeUndefined();
  });
});

describe('uv.lock', () => {
  const head = 'version = 1\nrevision = 2\nrequires-python = ">=3.12"\nresolution-markers = [\n    "python_full_version >= \'3.13\'",\n]\n\n';

  it.each([
    ['valid packages', `${head}[[package]]\nname = "anyio"\nversion = "4.0"\n`],
    ['garbage after the first header', `${head}[[package]]\nname = "anyio\n}}} not toml at all {{{\n[[package]\n`],
    ['no tables at all', head],
  ])('%s: version and requires-python come from the head', (_label, lock) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', 'uv.lock': lock });
    expect(diagnostics).toEqual([]);
    expect(facts.uvLock).toEqual({
      file: 'uv.lock',
      lockVersion: 1,
      requiresPython: { value: '>=3.12', file: 'uv.lock', key: 'requires-python', line: 3 },
      // The wheels are read past the head, by a line scanner that garbage does not stop (uv-lock-wheels.ts).
      wheels: { packages: expect.any(Number), lacking: [] },
    });
  });

  it('a broken head is a warning, and the lock still counts as present', () => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', 'uv.lock': 'version = = 1\n[[package]]\n' });
    expect(find(diagnostics, 'uv-lock-invalid-toml')).toMatchObject({ level: 'warning', line: 1 });
    expect(hasErrors(diagnostics)).toBe(false);
    expect(facts.uvLock).toEqual({ file: 'uv.lock' });
  });

  it('no uv.lock: no lock facts', () => {
    expect(analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n' }).facts.uvLock).toBeUndefined();
  });
});

describe('.python-version', () => {
  it.each([
    ['3.12\n', '3.12', 1, ['3.12']],
    ['# pinned\n\n  3.11.4  \n3.12\n', '3.11.4', 3, ['3.11.4', '3.12']],
    ['\r\n# c\r\ncpython@3.13\r\n', 'cpython@3.13', 3, ['cpython@3.13']],
    ['pypy3.10', 'pypy3.10', 1, ['pypy3.10']],
  ])('%j: the first non-comment line is the request', (text, request, line, all) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', '.python-version': text });
    expect(diagnostics).toEqual([]);
    expect(facts.pythonVersionFile).toEqual({ request: { value: request, file: '.python-version', line }, all });
  });

  it.each(['', '\n\n', '# only a comment\n   \n'])('%j: warning python-version-empty, and no request', (text) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', '.python-version': text });
    expect(find(diagnostics, 'python-version-empty')).toMatchObject({ level: 'warning', file: '.python-version' });
    expect(facts.pythonVersionFile).toBeUndefined();
  });
});

describe('repository notes', () => {
  it.each([
    ['.devcontainer\n', true],
    ['/.devcontainer/\n', true],
    ['node_modules\n.devcontainer/\n', true],
    ['# .devcontainer\n', false],
    ['.devcontainer-old\n', false],
    ['*.pyc\n', false],
  ])('.gitignore %j ignores .devcontainer: %s', (gitignore, ignored) => {
    const { facts } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', '.gitignore': gitignore });
    expect(facts.gitignore).toMatchObject({ file: '.gitignore', ignoresDevcontainer: ignored });
  });

  it('lists an existing .devcontainer, sorted, and a root .devcontainer.json', () => {
    const { facts } = analyzeFiles({
      'pyproject.toml': '[project]\nname = "x"\n',
      '.devcontainer/Dockerfile': 'FROM x\n',
      '.devcontainer/devcontainer.json': '{}',
      '.devcontainer/compose.yaml': '',
      '.devcontainer.json': '{}',
    });
    expect(facts.devcontainer).toEqual({
      hasConfig: true,
      hasDockerfile: true,
      hasRootConfig: true,
      files: ['Dockerfile', 'compose.yaml', 'devcontainer.json'],
      // The configuration's text is kept: renderers edit it in place.
      config: { file: '.devcontainer/devcontainer.json', text: '{}', kind: 'none' },
    });
  });

  it.each([
    ['an image', '{ "image": "python:3.12", "remoteUser": "dev" }', { kind: 'image', image: 'python:3.12', remoteUser: 'dev' }],
    ['a Dockerfile', '// c\n{ "build": { "dockerfile": "Dockerfile" }, }', { kind: 'dockerfile', dockerfile: { file: '.devcontainer/Dockerfile', text: 'FROM x\n', exists: true } }],
    ['a missing Dockerfile', '{ "build": { "dockerfile": "other/Dockerfile" } }', { kind: 'dockerfile', dockerfile: { file: '.devcontainer/other/Dockerfile', text: '', exists: false } }],
    ['neither', '{ "forwardPorts": [8000] }', { kind: 'none' }],
  ])('a devcontainer.json with %s: its kind, and its text as it is', (_label, text, expected) => {
    const { facts, diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', '.devcontainer/devcontainer.json': text, '.devcontainer/Dockerfile': 'FROM x\n' });
    expect(diagnostics).toEqual([]);
    expect(facts.devcontainer?.config).toMatchObject({ file: '.devcontainer/devcontainer.json', text, ...expected });
  });

  it('an invalid devcontainer.json is an error with line and column', () => {
    const { diagnostics } = analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', '.devcontainer/devcontainer.json': '{\n  "image": \n}' });
    expect(find(diagnostics, 'devcontainer-json-invalid')).toMatchObject({ level: 'error', file: '.devcontainer/devcontainer.json', line: 3 });
  });

  it('no .devcontainer: no facts about it', () => {
    expect(analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n' }).facts.devcontainer).toBeUndefined();
  });

  it.each([
    ['a .venv folder', { '.venv/pyvenv.cfg': 'home = /usr' }, true],
    ['a .venv file', { '.venv': 'not a folder' }, false],
    ['no .venv', {}, false],
  ])('%s: hasWorkspaceVenv', (_label, extra: Record<string, string>, expected) => {
    expect(analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', ...extra }).facts.hasWorkspaceVenv).toBe(expected);
  });
});

describe('files that must not be read', () => {
  it('a pyproject.toml linked to a file outside the repository is an error, and is not read', () => {
    const outside = path.join(tempDir(), 'secret.toml');
    fs.writeFileSync(outside, '[project]\nname = "leaked-secret"\n');
    const root = makeRepo({});
    fs.symlinkSync(outside, path.join(root, 'pyproject.toml'));
    const { facts, diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(hasErrors(diagnostics)).toBe(true);
    expect(find(diagnostics, 'pyproject-unreadable')?.message).toMatch(/outside the repository/);
    expect(facts.pyproject).toBeUndefined();
    expect(JSON.stringify({ facts, diagnostics })).not.toContain('leaked-secret');
  });

  it('a pyproject.toml linked to a file inside the repository is read', () => {
    const root = makeRepo({ 'config/py.toml': '[project]\nname = "linked"\n' });
    fs.symlinkSync('config/py.toml', path.join(root, 'pyproject.toml'));
    expect(analyzeRepo(openRepo(root), 'repo').facts.pyproject?.name?.value).toBe('linked');
  });

  it('a folder named pyproject.toml is an error', () => {
    const root = makeRepo({ 'pyproject.toml/inner': 'x' });
    const { diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(find(diagnostics, 'pyproject-unreadable')).toMatchObject({ level: 'error', file: 'pyproject.toml' });
  });

  // An unreadable (chmod 000) pyproject.toml is tested end to end in test/cli.test.ts, as a
  // non-root user even when the tests run as root.

  it('an unreadable .python-version is a warning, not an error', () => {
    const root = makeRepo({ 'pyproject.toml': '[project]\nname = "x"\n', '.python-version/x': '' });
    const { diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(codes(diagnostics)).toEqual(['python-version-unreadable']);
    expect(hasErrors(diagnostics)).toBe(false);
  });
});

describe('the manifest of an earlier run', () => {
  const MANIFEST = '.devcontainer/gen-devcontainer.manifest.json';
  const HASH = 'a'.repeat(64);
  const read = (text: string) => analyzeFiles({ 'pyproject.toml': '[project]\nname = "x"\n', [MANIFEST]: text });

  it('gives the recorded hashes, by path', () => {
    const { facts, diagnostics } = read(JSON.stringify({ generator: 'gen-devcontainer 1.0', files: { '.devcontainer/Dockerfile': HASH } }));
    expect(diagnostics).toEqual([]);
    expect(facts.devcontainer?.manifest).toEqual({ file: MANIFEST, hashes: { '.devcontainer/Dockerfile': HASH }, managedValues: {} });
  });

  // Untrusted like any file in the repository: an entry that is not a plain path and a hex hash is dropped.
  it('keeps only plain relative paths with sha256 hex hashes', () => {
    const files = {
      '.devcontainer/Dockerfile': HASH,
      '../outside': HASH,
      '/etc/passwd': HASH,
      '.devcontainer/../x': HASH,
      '.devcontainer/short': 'abc',
      '.devcontainer/upper': 'A'.repeat(64),
      '.devcontainer/number': 42,
    };
    const { facts } = read(JSON.stringify({ files }));
    expect(facts.devcontainer?.manifest?.hashes).toEqual({ '.devcontainer/Dockerfile': HASH });
  });

  it("invalid JSON: a warning, and no manifest (every existing generated file is then the user's)", () => {
    const { facts, diagnostics } = read('{ not json');
    expect(facts.devcontainer?.manifest).toBeUndefined();
    expect(find(diagnostics, 'manifest-invalid')).toMatchObject({ level: 'warning', file: MANIFEST });
    expect(hasErrors(diagnostics)).toBe(false);
  });
});
