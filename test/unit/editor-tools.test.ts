/**
 * The editor wired to the project's own tools: what the analyzer reads (analyze/editor-tools.ts),
 * what the plan makes of it (targets/devcontainer/editor.ts), and how it goes into a
 * devcontainer.json of the user's (merge-config.ts: their extensions and settings kept).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { readEditorTools } from '../../src/analyze/editor-tools.js';
import type { EditorToolFacts } from '../../src/analyze/facts.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { PlanOptions } from '../../src/plan/plan.js';
import type { PlanStep } from '../../src/plan/types.js';
import { planEditor } from '../../src/targets/devcontainer/editor.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { loadSpecValidator, parseJsoncStrict } from '../helpers/validators.js';

const CONFIG = '.devcontainer/devcontainer.json';
const PROJECT = '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.12"\n';
const NO_MARKERS = { requirements: [], requirementsIn: [], hasSetupPy: false, poetryLock: false, pdmLock: false, pipfile: false };

/** The tools read from these files, as `tool@file:line (what)`. */
function toolsOf(files: Record<string, string>): string[] {
  const text = files['pyproject.toml'];
  const pyproject = text === undefined ? undefined : { table: parse(text) as Record<string, unknown>, text };
  const markers = { ...NO_MARKERS, requirements: Object.keys(files).filter((f) => /^requirements.*\.txt$/.test(f)) };
  return readEditorTools(new MemoryRepo(files), pyproject, markers).map((t) => `${t.tool}@${t.evidence.file}${t.evidence.line ? `:${t.evidence.line}` : ''} (${t.evidence.what})`);
}

describe('which tools the project uses, from each kind of sign', () => {
  it.each([
    ['[tool.ruff]', { 'pyproject.toml': `${PROJECT}\n[tool.ruff]\nline-length = 100\n` }, 'ruff@pyproject.toml:6 ([tool.ruff])'],
    ['[tool.ruff.lint] alone', { 'pyproject.toml': `${PROJECT}[tool.ruff.lint]\nselect = ["E"]\n` }, 'ruff@pyproject.toml:5 ([tool.ruff])'],
    ['ruff.toml', { 'ruff.toml': 'line-length = 100\n' }, 'ruff@ruff.toml (ruff.toml)'],
    ['.ruff.toml', { '.ruff.toml': '' }, 'ruff@.ruff.toml (.ruff.toml)'],
    ['ruff in a dependency group', { 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = [\n  "ruff>=0.6",\n]\n` }, 'ruff@pyproject.toml:7 (ruff in dependency-groups.dev)'],
    ['ruff in tool.uv.dev-dependencies', { 'pyproject.toml': `${PROJECT}[tool.uv]\ndev-dependencies = ["Ruff==0.6.9"]\n` }, 'ruff@pyproject.toml:6 (ruff in tool.uv.dev-dependencies)'],
    ['ruff in requirements-dev.txt', { 'requirements-dev.txt': '-r requirements.txt\nruff==0.6.9  # lint\n' }, 'ruff@requirements-dev.txt:2 (ruff in requirements-dev.txt)'],
    [
      'the ruff-format hook',
      { '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      - id: ruff-format\n' },
      'ruff@.pre-commit-config.yaml:4 (the ruff-format hook)',
    ],
    ['[tool.mypy]', { 'pyproject.toml': `${PROJECT}[tool.mypy]\nstrict = true\n` }, 'mypy@pyproject.toml:5 ([tool.mypy])'],
    ['mypy.ini', { 'mypy.ini': '[mypy]\n' }, 'mypy@mypy.ini (mypy.ini)'],
    ['setup.cfg [mypy]', { 'setup.cfg': '[metadata]\nname = x\n\n[mypy]\nstrict = True\n' }, 'mypy@setup.cfg:4 ([mypy])'],
    [
      'mypy in project.optional-dependencies',
      { 'pyproject.toml': `${PROJECT}[project.optional-dependencies]\ntypes = ["mypy[reports]>=1"]\n` },
      'mypy@pyproject.toml:6 (mypy in project.optional-dependencies.types)',
    ],
    ['[tool.pyright]', { 'pyproject.toml': `${PROJECT}[tool.pyright]\ntypeCheckingMode = "strict"\n` }, 'pyright@pyproject.toml:5 ([tool.pyright])'],
    ['pyrightconfig.json', { 'pyrightconfig.json': '{}' }, 'pyright@pyrightconfig.json (pyrightconfig.json)'],
    ['[tool.basedpyright]', { 'pyproject.toml': `${PROJECT}[tool.basedpyright]\n` }, 'basedpyright@pyproject.toml:5 ([tool.basedpyright])'],
    ['basedpyright as a dependency', { 'pyproject.toml': `${PROJECT}[dependency-groups]\nlint = ["basedpyright"]\n` }, 'basedpyright@pyproject.toml:6 (basedpyright in dependency-groups.lint)'],
    ['[tool.pytest.ini_options]', { 'pyproject.toml': `${PROJECT}[tool.pytest.ini_options]\naddopts = "-q"\n` }, 'pytest@pyproject.toml:5 ([tool.pytest.ini_options])'],
    ['pytest.ini', { 'pytest.ini': '[pytest]\n' }, 'pytest@pytest.ini (pytest.ini)'],
    ['conftest.py', { 'conftest.py': 'import pytest\n' }, 'pytest@conftest.py (conftest.py)'],
    ['tox.ini [pytest]', { 'tox.ini': '[tox]\nenvlist = py312\n[pytest]\naddopts = -q\n' }, 'pytest@tox.ini:3 ([pytest])'],
    ['setup.cfg [tool:pytest]', { 'setup.cfg': '[tool:pytest]\n' }, 'pytest@setup.cfg:1 ([tool:pytest])'],
    ['pytest in the dev group', { 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = ["pytest>=8", "pytest-cov"]\n` }, 'pytest@pyproject.toml:6 (pytest in dependency-groups.dev)'],
    ['[tool.black]', { 'pyproject.toml': `${PROJECT}[tool.black]\nline-length = 100\n` }, 'black@pyproject.toml:5 ([tool.black])'],
    ['the black hook', { '.pre-commit-config.yaml': 'repos:\n- repo: https://github.com/psf/black\n  hooks:\n  - id: "black"\n' }, 'black@.pre-commit-config.yaml:4 (the black hook)'],
  ])('%s', (_label, files, wanted) => {
    expect(toolsOf(files)).toEqual([wanted]);
  });

  it.each([
    ['a name that only starts like a tool', { 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = ["ruff-lsp", "pytest-cov", "mypy-extensions", "types-black"]\n` }],
    ['a table that only starts like one', { 'pyproject.toml': `${PROJECT}[tool.ruffle]\n[tool.mypyc]\n` }],
    ['a hook in a comment, and another tool', { '.pre-commit-config.yaml': 'repos:\n  # - id: ruff\n  - repo: x\n    hooks:\n      - id: flake8\n' }],
    ['a section in setup.cfg of another tool', { 'setup.cfg': '[flake8]\n[mypy-foo.*]\n' }],
    [
      'an include-group table, and options in a requirements file',
      { 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = [{include-group = "x"}]\nx = []\n`, 'requirements.txt': '--index-url https://x\n# ruff\n' },
    ],
  ])('no sign: %s', (_label, files) => {
    expect(toolsOf(files)).toEqual([]);
  });

  it('the first sign is the source; the requirement lists that name it are kept (they decide the environment has it)', () => {
    const files = { 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = ["mypy"]\n[tool.mypy]\nstrict = true\n` };
    const facts = analyzeRepo(new MemoryRepo(files), 'demo').facts.editorTools!;
    expect(facts).toEqual([{ tool: 'mypy', evidence: { file: 'pyproject.toml', line: 7, what: '[tool.mypy]' }, requirements: ['dependency-groups.dev'] }]);
  });

  it('hostile files are no sign: a link out of the repository, a file too large to be configuration, a FIFO', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-tools-'));
    try {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-outside-'));
      fs.writeFileSync(path.join(outside, 'setup.cfg'), '[mypy]\n');
      fs.writeFileSync(path.join(outside, 'conftest.py'), '');
      fs.writeFileSync(path.join(root, 'pyproject.toml'), PROJECT);
      fs.symlinkSync(path.join(outside, 'setup.cfg'), path.join(root, 'setup.cfg'));
      fs.symlinkSync(path.join(outside, 'conftest.py'), path.join(root, 'conftest.py'));
      fs.writeFileSync(path.join(root, 'tox.ini'), `[pytest]\n${'#'.repeat(2 * 1024 * 1024)}\n`);
      execFileSync('mkfifo', [path.join(root, '.pre-commit-config.yaml')]);
      const analysis = analyzeRepo(openRepo(root), 'demo');
      expect(analysis.facts.editorTools).toBeUndefined();
      fs.rmSync(outside, { recursive: true });
    } finally {
      fs.rmSync(root, { recursive: true });
    }
  });

  it('a line of TOML made to make a pattern backtrack is read in one pass', () => {
    const files = { 'pyproject.toml': `${PROJECT}x = """\n[${' '.repeat(200_000)}a\n"""\n[tool.ruff]\n` };
    expect(toolsOf(files)).toEqual(['ruff@pyproject.toml:8 ([tool.ruff])']);
  });
});

const single = { mode: 'single' as const, path: '/opt/uv/envs/demo' };
const fact = (tool: EditorToolFacts['tool'], requirements?: string[]): EditorToolFacts => ({
  tool,
  evidence: { file: 'pyproject.toml', line: 3, what: `[tool.${tool}]` },
  ...(requirements ? { requirements } : {}),
});

const SYNC: PlanStep[] = [{ step: 'install', action: { kind: 'uv-sync', args: [] }, reason: 'r' }];

describe('the editor plan, one rule per tool', () => {
  it('without tools, or with --no-editor-tools: the Python extension and the interpreter, as before', () => {
    const base = { extensions: ['ms-python.python'], interpreterPath: '/opt/uv/envs/demo/bin/python', reason: expect.any(String) };
    expect(planEditor(single, undefined, undefined, SYNC)).toEqual(base);
    expect(planEditor(single, [fact('ruff'), fact('pytest')], true, SYNC)).toEqual(base);
    expect(planEditor({ mode: 'per-project', path: '/opt/uv/cache' }, [], undefined, SYNC)).not.toHaveProperty('interpreterPath');
  });

  it('ruff: the Ruff extension, as the Python formatter; with black, black formats and ruff lints', () => {
    const ruff = planEditor(single, [fact('ruff')], undefined, SYNC);
    expect(ruff.extensions).toEqual(['ms-python.python', 'charliermarsh.ruff']);
    expect(ruff.tools).toEqual([
      {
        tool: 'ruff',
        source: '[tool.ruff], pyproject.toml:3',
        extensions: ['charliermarsh.ruff'],
        settings: [{ key: 'editor.defaultFormatter', value: 'charliermarsh.ruff', language: 'python' }],
        reason: expect.stringContaining('formats'),
      },
    ]);
    const both = planEditor(single, [fact('ruff'), fact('black')], undefined, SYNC);
    expect(both.extensions).toEqual(['ms-python.python', 'charliermarsh.ruff', 'ms-python.black-formatter']);
    expect(both.tools!.flatMap((t) => t.settings)).toEqual([{ key: 'editor.defaultFormatter', value: 'ms-python.black-formatter', language: 'python' }]);
  });

  it("mypy: its extension; the environment's mypy only where the install step puts it there", () => {
    expect(planEditor(single, [fact('mypy', ['dependency-groups.dev'])], undefined, SYNC).tools![0]!.settings).toEqual([{ key: 'mypy-type-checker.importStrategy', value: 'fromEnvironment' }]);
    expect(planEditor(single, [fact('mypy', ['dependency-groups.lint'])], undefined, SYNC).tools![0]!.settings).toEqual([]);
    expect(planEditor(single, [fact('mypy')], undefined, SYNC).extensions).toEqual(['ms-python.python', 'ms-python.mypy-type-checker']);
  });

  it.each<[string, string, PlanStep['action'], boolean]>([
    ['the dev group, with --no-dev', 'dependency-groups.dev', { kind: 'uv-sync', args: ['--no-dev'] }, false],
    ['a group --group names', 'dependency-groups.lint', { kind: 'uv-sync', args: ['--group', 'lint'] }, true],
    ['any group, with --all-groups', 'dependency-groups.lint', { kind: 'uv-sync-each', paths: ['a'], args: ['--all-groups'], frozenWhereLocked: true, rustBackends: [] }, true],
    ['an extra --extra names', 'project.optional-dependencies.types', { kind: 'uv-sync', args: ['--extra', 'types'] }, true],
    ['an extra not named', 'project.optional-dependencies.types', { kind: 'uv-sync', args: ['--extra', 'docs'] }, false],
    ['a requirements file uv pip installs', 'requirements-dev.txt', { kind: 'uv-pip', venv: ['uv', 'venv'], install: ['uv', 'pip', 'install', '-r', 'requirements-dev.txt'] }, true],
    ['a requirements file it does not', 'requirements-dev.txt', { kind: 'uv-sync', args: [] }, false],
  ])('mypy in the environment or not: %s', (_label, list, action, installed) => {
    const planned = planEditor(single, [fact('mypy', [list])], undefined, [{ step: 'install', action, reason: 'r' }]);
    expect(planned.tools![0]!.settings.length).toBe(installed ? 1 : 0);
  });

  it('pyright: Pylance; basedpyright takes its place, with Pylance turned off', () => {
    expect(planEditor(single, [fact('pyright')], undefined, SYNC).tools).toEqual([
      expect.objectContaining({ tool: 'pyright', extensions: ['ms-python.vscode-pylance'], settings: [{ key: 'python.languageServer', value: 'Pylance' }] }),
    ]);
    const based = planEditor(single, [fact('pyright'), fact('basedpyright')], undefined, SYNC);
    expect(based.extensions).toEqual(['ms-python.python', 'detachhead.basedpyright']);
    expect(based.tools!.map((t) => t.tool)).toEqual(['basedpyright']);
    expect(based.tools![0]!.settings).toEqual([{ key: 'python.languageServer', value: 'None' }]);
  });

  it('pytest: discovery on, unittest off, in the environment', () => {
    const pytest = planEditor(single, [fact('pytest')], undefined, SYNC);
    expect(pytest.extensions).toEqual(['ms-python.python']);
    expect(pytest.tools![0]!.settings).toEqual([
      { key: 'python.testing.pytestEnabled', value: true },
      { key: 'python.testing.unittestEnabled', value: false },
    ]);
    expect(pytest.tools![0]!.reason).toContain('environment on the volume');
  });
});

/** One run of the CLI's stages over files in memory (the manifest of the run before is read back). */
function runOnce(files: Record<string, string>, options: Partial<PlanOptions> = {}, force = false): { files: Record<string, string>; notes: Diagnostic[] } {
  const analysis = analyzeRepo(new MemoryRepo(files), 'demo');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
  expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
  const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, force);
  return { files: { ...files, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) }, notes: rendering.diagnostics };
}

const TOOLS = `${PROJECT}[dependency-groups]\ndev = ["ruff", "pytest"]\n[tool.ruff]\n`;
const USERS = `// my dev container
{
  "image": "python:3.12",
  "customizations": {
    "vscode": {
      // my own extensions
      "extensions": ["eamodio.gitlens", "charliermarsh.ruff"],
      "settings": {
        "[python]": { "editor.tabSize": 4, "editor.defaultFormatter": "ms-python.autopep8" }, // mine
        "python.testing.pytestEnabled": false
      }
    }
  }
}
`;

describe("a devcontainer.json of the user's: their customizations stay", () => {
  it.each([false, true])('their extensions and settings are kept, ours added without duplicates, a differing setting noted (--force %s)', (force) => {
    const { files, notes } = runOnce({ 'pyproject.toml': TOOLS, [CONFIG]: USERS }, {}, force);
    const config = parseJsoncStrict(files[CONFIG]!) as { customizations: { vscode: { extensions: string[]; settings: Record<string, unknown> } } };
    expect(config.customizations.vscode.extensions).toEqual(['eamodio.gitlens', 'charliermarsh.ruff', 'ms-python.python']);
    expect(config.customizations.vscode.settings).toEqual({
      '[python]': { 'editor.tabSize': 4, 'editor.defaultFormatter': 'ms-python.autopep8' },
      'python.testing.pytestEnabled': false,
      'python.defaultInterpreterPath': '/opt/uv/envs/demo/bin/python',
      'python.testing.unittestEnabled': false,
    });
    for (const comment of ['// my dev container', '// my own extensions', '// mine']) expect(files[CONFIG]).toContain(comment);
    expect(notes.filter((n) => n.code === 'kept-user-setting').map((n) => [n.message.split(' is ')[0], n.line])).toEqual([
      ['customizations.vscode.settings.[python].editor.defaultFormatter', 9],
      ['customizations.vscode.settings.python.testing.pytestEnabled', 10],
    ]);
    // The manifest records only what this run added: not their charliermarsh.ruff, not their settings.
    const managed = JSON.parse(files['.devcontainer/gen-devcontainer.manifest.json']!).managedValues;
    expect(managed['["customizations","vscode","extensions"]']).toEqual(['ms-python.python']);
    expect(Object.keys(managed).filter((k) => k.includes('"settings"'))).toEqual([
      '["customizations","vscode","settings","python.defaultInterpreterPath"]',
      '["customizations","vscode","settings","python.testing.unittestEnabled"]',
    ]);
    // A second run changes nothing.
    const again = runOnce(files, {}, force);
    expect(again.files[CONFIG]).toBe(files[CONFIG]);
  });

  it("a later run removes what an earlier one added and the plan no longer wants, never the user's", () => {
    const first = runOnce({ 'pyproject.toml': TOOLS, [CONFIG]: '{\n  "image": "python:3.12",\n  "customizations": { "vscode": { "extensions": ["eamodio.gitlens"] } }\n}\n' }).files;
    const added = parseJsoncStrict(first[CONFIG]!) as { customizations: { vscode: { extensions: string[]; settings: Record<string, unknown> } } };
    expect(added.customizations.vscode.extensions).toEqual(['eamodio.gitlens', 'ms-python.python', 'charliermarsh.ruff']);
    expect(added.customizations.vscode.settings['[python]']).toEqual({ 'editor.defaultFormatter': 'charliermarsh.ruff' });
    // The project drops ruff: what the tool added for it goes; the user's extension stays.
    const dropped = runOnce({ ...first, 'pyproject.toml': `${PROJECT}[dependency-groups]\ndev = ["pytest"]\n` });
    const after = parseJsoncStrict(dropped.files[CONFIG]!) as typeof added;
    expect(after.customizations.vscode.extensions).toEqual(['eamodio.gitlens', 'ms-python.python']);
    expect(after.customizations.vscode.settings).not.toHaveProperty('[python]');
    expect(after.customizations.vscode.settings['python.testing.pytestEnabled']).toBe(true);
    // --no-editor-tools takes out the rest of the tools' settings.
    const optedOut = parseJsoncStrict(runOnce(dropped.files, { noEditorTools: true }).files[CONFIG]!) as typeof added;
    expect(Object.keys(optedOut.customizations.vscode.settings)).toEqual(['python.defaultInterpreterPath']);
  });

  it('a user extension the tool would add is theirs: it stays when the plan stops wanting it', () => {
    const first = runOnce({ 'pyproject.toml': TOOLS, [CONFIG]: USERS }).files;
    const dropped = runOnce({ ...first, 'pyproject.toml': PROJECT }).files;
    const config = parseJsoncStrict(dropped[CONFIG]!) as { customizations: { vscode: { extensions: string[]; settings: Record<string, unknown> } } };
    expect(config.customizations.vscode.extensions).toEqual(['eamodio.gitlens', 'charliermarsh.ruff', 'ms-python.python']);
    expect(config.customizations.vscode.settings['python.testing.pytestEnabled']).toBe(false);
    expect(config.customizations.vscode.settings).not.toHaveProperty('python.testing.unittestEnabled');
  });

  it('a settings value that is not an object, and a "[python]" that is not one, are left as they are, with a note', () => {
    const odd = `{\n  "image": "python:3.12",\n  "customizations": { "vscode": { "settings": { "[python]": "tabs" } } }\n}\n`;
    const { files, notes } = runOnce({ 'pyproject.toml': TOOLS, [CONFIG]: odd });
    expect((parseJsoncStrict(files[CONFIG]!) as { customizations: { vscode: { settings: Record<string, unknown> } } }).customizations.vscode.settings['[python]']).toBe('tabs');
    expect(notes).toContainEqual(expect.objectContaining({ code: 'kept-user-value', message: expect.stringContaining('[python]') }));
  });
});

const validate = loadSpecValidator();

it.runIf(validate)('a generated devcontainer.json with every tool is valid against the spec schema', () => {
  const pyproject = `${PROJECT}[dependency-groups]\ndev = ["ruff", "black", "mypy", "basedpyright", "pytest"]\n[tool.pyright]\n`;
  const { files } = runOnce({ 'pyproject.toml': pyproject });
  const config = parseJsoncStrict(files[CONFIG]!) as { customizations: { vscode: { extensions: string[] } } };
  expect(config.customizations.vscode.extensions).toEqual(['ms-python.python', 'charliermarsh.ruff', 'ms-python.black-formatter', 'ms-python.mypy-type-checker', 'detachhead.basedpyright']);
  expect(validate!(config)).toEqual([]);
});
