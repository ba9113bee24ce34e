import type { EditorToolFacts, EditorToolName, OtherMarkers } from './facts.js';
import type { RepoReader } from './repo-reader.js';
import { isTable, type TomlTable } from './toml.js';

/**
 * Which Python tools the project uses, from its own files at the root, so that the editor gets
 * the extensions and settings that run them (targets/devcontainer/editor.ts). The signs, in the
 * order they are looked for (the first one found is the tool's source):
 * - a table of pyproject.toml: `[tool.ruff]`, `[tool.mypy]`, `[tool.pyright]`,
 *   `[tool.basedpyright]`, `[tool.pytest.ini_options]`, `[tool.black]`;
 * - a tool's own configuration file (ruff.toml, mypy.ini, pyrightconfig.json, pytest.ini, ...),
 *   a section of setup.cfg or tox.ini (`[mypy]`, `[tool:pytest]`, `[pytest]`), a
 *   conftest.py at the root;
 * - a requirement that names it: project.dependencies and optional-dependencies,
 *   [dependency-groups], tool.uv.dev-dependencies, a requirements file at the root;
 * - a hook of .pre-commit-config.yaml (`id: ruff`).
 * Every file is read through the reader (links out of the repository refused, size bounded) and
 * scanned line by line with anchored patterns: linear in its size, whatever it holds. A file that
 * cannot be read is no sign: this decides editor extensions only, never how uv installs.
 */
export function readEditorTools(reader: RepoReader, pyproject: { table: TomlTable; text: string } | undefined, markers: OtherMarkers): EditorToolFacts[] {
  const found = new Map<EditorToolName, EditorToolFacts>();
  const sign = (tool: EditorToolName, file: string, line: number | undefined, what: string) => {
    if (!found.has(tool)) found.set(tool, { tool, evidence: { file, ...(line ? { line } : {}), what } });
  };
  if (pyproject) {
    const tool = isTable(pyproject.table.tool) ? pyproject.table.tool : {};
    for (const [name, key] of PYPROJECT_TABLES) {
      const table = tableAt(tool, key);
      if (table !== undefined) sign(name, 'pyproject.toml', headerLine(pyproject.text, `tool.${key.join('.')}`), `[tool.${key.join('.')}]`);
    }
  }
  for (const [name, file] of CONFIG_FILES) if (reader.kindOf(file) === 'file') sign(name, file, undefined, file);
  for (const [file, sections] of INI_SECTIONS) {
    const text = readSmall(reader, file);
    if (text === undefined) continue;
    forEachLine(text, (line, number) => {
      const section = /^\[([A-Za-z0-9_:.-]+)\]\s*$/.exec(line.trim())?.[1];
      const name = section === undefined ? undefined : sections[section];
      if (name) sign(name, file, number, `[${section}]`);
    });
  }
  if (pyproject) for (const dependency of pyprojectRequirements(pyproject.table, pyproject.text)) noteRequirement(found, sign, dependency);
  for (const file of [...markers.requirements, ...markers.requirementsIn]) {
    const text = readSmall(reader, file);
    if (text === undefined) continue;
    forEachLine(text, (line, number) => {
      const name = requirementName(line);
      if (name && isTool(name)) noteRequirement(found, sign, { tool: name, where: file, line: number }, file);
    });
  }
  const hooks = readSmall(reader, PRE_COMMIT_CONFIG);
  if (hooks !== undefined)
    forEachLine(hooks, (line, number) => {
      const id = /^\s*(?:-\s*)?id\s*:\s*["']?([A-Za-z0-9_.-]{1,100})["']?\s*(?:#.*)?$/.exec(line)?.[1];
      const name = id === undefined ? undefined : HOOK_IDS[id];
      if (name) sign(name, PRE_COMMIT_CONFIG, number, `the ${id} hook`);
    });
  return [...found.values()].sort((a, b) => TOOL_ORDER.indexOf(a.tool) - TOOL_ORDER.indexOf(b.tool));
}

export const TOOL_ORDER: readonly EditorToolName[] = ['ruff', 'black', 'mypy', 'pyright', 'basedpyright', 'pytest'];

const PYPROJECT_TABLES: readonly (readonly [EditorToolName, string[]])[] = [
  ['ruff', ['ruff']],
  ['mypy', ['mypy']],
  ['pyright', ['pyright']],
  ['basedpyright', ['basedpyright']],
  ['pytest', ['pytest', 'ini_options']],
  ['black', ['black']],
];

/** Files whose presence says the tool is configured (each tool's documented file names). */
const CONFIG_FILES: readonly (readonly [EditorToolName, string])[] = [
  ['ruff', 'ruff.toml'],
  ['ruff', '.ruff.toml'],
  ['mypy', 'mypy.ini'],
  ['mypy', '.mypy.ini'],
  ['pyright', 'pyrightconfig.json'],
  ['pytest', 'pytest.ini'],
  ['pytest', '.pytest.ini'],
  ['pytest', 'conftest.py'],
];

/** INI files shared by several tools, and the section of each (`[mypy-pkg.*]` sections need `[mypy]` to mean anything). */
const INI_SECTIONS: readonly (readonly [string, Readonly<Record<string, EditorToolName>>])[] = [
  ['setup.cfg', { mypy: 'mypy', 'tool:pytest': 'pytest' }],
  ['tox.ini', { mypy: 'mypy', pytest: 'pytest' }],
];

const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';

/**
 * Hook ids of the tools' own pre-commit repositories: astral-sh/ruff-pre-commit (`ruff`,
 * `ruff-check`, `ruff-format`), pre-commit/mirrors-mypy (`mypy`), psf/black (`black`,
 * `black-jupyter`), RobertCraigie/pyright-python (`pyright`).
 */
const HOOK_IDS: Readonly<Record<string, EditorToolName>> = {
  ruff: 'ruff',
  'ruff-check': 'ruff',
  'ruff-format': 'ruff',
  mypy: 'mypy',
  black: 'black',
  'black-jupyter': 'black',
  pyright: 'pyright',
  basedpyright: 'basedpyright',
};

/** Configuration files are small; one past this is not scanned (a hostile or generated file). */
const MAX_SCANNED_BYTES = 1024 * 1024;

function readSmall(reader: RepoReader, file: string): string | undefined {
  const size = reader.sizeOf?.(file);
  if (size !== undefined && size > MAX_SCANNED_BYTES) return undefined;
  const read = reader.readText(file);
  return read.kind === 'ok' && read.text.length <= MAX_SCANNED_BYTES ? read.text : undefined;
}

function forEachLine(text: string, visit: (line: string, number: number) => void): void {
  let start = 0;
  for (let number = 1; start <= text.length; number++) {
    const end = text.indexOf('\n', start);
    visit(text.slice(start, end === -1 ? text.length : end), number);
    if (end === -1) return;
    start = end + 1;
  }
}

function tableAt(tool: TomlTable, key: readonly string[]): TomlTable | undefined {
  let at: unknown = tool;
  for (const part of key) at = isTable(at) ? at[part] : undefined;
  return isTable(at) ? at : undefined;
}

/** The line of `[name]` or of a table below it (`[tool.ruff.lint]`), or of a dotted key under it; undefined when written otherwise (inline). */
function headerLine(text: string, name: string): number | undefined {
  let line: number | undefined;
  forEachLine(text, (raw, number) => {
    if (line !== undefined) return;
    const trimmed = raw.trim();
    // By hand, not with a pattern: `[` and a long run of blanks with no `]` must stay linear.
    const close = trimmed.startsWith('[') ? trimmed.indexOf(']') : -1;
    const header = close === -1 ? undefined : trimmed.slice(1, close).replace(/[[\]"'\s]/g, '');
    const dotted = /^([A-Za-z0-9_.-]+)\s*=/.exec(trimmed)?.[1];
    if (header === name || header?.startsWith(`${name}.`) || dotted?.startsWith(`${name}.`)) line = number;
  });
  return line;
}

type Sign = (tool: EditorToolName, file: string, line: number | undefined, what: string) => void;

/** A requirement of pyproject.toml that names a tool: a sign, and where it is installed from. */
function noteRequirement(found: Map<EditorToolName, EditorToolFacts>, sign: Sign, dependency: { tool: EditorToolName; where: string; line?: number }, file = 'pyproject.toml'): void {
  sign(dependency.tool, file, dependency.line, `${dependency.tool} in ${dependency.where}`);
  const facts = found.get(dependency.tool)!;
  facts.requirements ??= [];
  if (!facts.requirements.includes(dependency.where)) facts.requirements.push(dependency.where);
}

/** The tools named by pyproject.toml's requirements, with the list that names each. */
function pyprojectRequirements(table: TomlTable, text: string): { tool: EditorToolName; where: string; line?: number }[] {
  const lists: [string, unknown][] = [];
  const project = isTable(table.project) ? table.project : {};
  lists.push(['project.dependencies', project.dependencies]);
  if (isTable(project['optional-dependencies'])) for (const [extra, list] of Object.entries(project['optional-dependencies'])) lists.push([`project.optional-dependencies.${extra}`, list]);
  if (isTable(table['dependency-groups'])) for (const [group, list] of Object.entries(table['dependency-groups'])) lists.push([`dependency-groups.${group}`, list]);
  const uv = tableAt(isTable(table.tool) ? table.tool : {}, ['uv']);
  lists.push(['tool.uv.dev-dependencies', uv?.['dev-dependencies']]);
  const named: { tool: EditorToolName; where: string; line?: number }[] = [];
  for (const [where, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const name = typeof entry === 'string' ? requirementName(entry) : undefined;
      if (name && isTool(name)) {
        const line = requirementLine(text, name);
        named.push({ tool: name, where, ...(line ? { line } : {}) });
      }
    }
  }
  return named;
}

/** The line where a quoted requirement starts with this name, to aim at (the first such line). */
function requirementLine(text: string, name: string): number | undefined {
  let line: number | undefined;
  const pattern = new RegExp(`["']\\s*${name}(?![A-Za-z0-9_.-])`, 'i');
  forEachLine(text, (raw, number) => {
    if (line === undefined && raw.length <= 4096 && pattern.test(raw)) line = number;
  });
  return line;
}

/** The normalized name a requirement line starts with (PEP 503: lower case, runs of `-_.` as `-`); undefined for options and comments. */
export function requirementName(line: string): string | undefined {
  const name = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?)/.exec(line)?.[1];
  return name?.toLowerCase().replace(/[-_.]+/g, '-');
}

function isTool(name: string): name is EditorToolName {
  return (TOOL_ORDER as readonly string[]).includes(name);
}
