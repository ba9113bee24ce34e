/**
 * Fuzz class: the install step's test for "is this pyproject.toml a project" (a grep in the
 * container, since the generator reads no sub-project's file) against a real TOML parser. The
 * property: a file that holds a table uv installs from ([project], [dependency-groups], a
 * workspace, legacy dev-dependencies) is never left alone; a tool's settings alone mostly are.
 * All cases go through one real `grep -E` run (one process for the class), as the script runs it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { expect, it } from 'vitest';
import { PROJECT_TABLES } from '../../src/targets/devcontainer/lifecycle-script.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const tally = fuzzTally();

/** Headers as people write them: quoted keys, spaces around dots, sub-tables, arrays of tables. */
const HEADERS = [
  '[project]',
  '[ project ]',
  '["project"]',
  "['project']",
  '[project.urls]',
  '[project.optional-dependencies]',
  '[dependency-groups]',
  '[tool.uv.workspace]',
  '[tool . uv . workspace]',
  '["tool"."uv"."workspace"]',
  '[tool.uv]',
  '[tool.uv.sources]',
  '[[tool.uv.index]]',
  '[tool.ruff]',
  '[tool.ruff.lint]',
  '[tool.black]',
  '[tool.projectile]',
  '[build-system]',
  '[projects]',
];
/** Lines inside a table: plain keys, the keys that make [tool.uv] a workspace, comments that look like headers. */
const KEYS = [
  'name = "x"',
  'version = "0"',
  'line-length = 100',
  'dev = ["pytest"]',
  'workspace = { members = ["p/*"] }',
  'workspace.members = ["p/*"]',
  'dev-dependencies = ["pytest"]',
  'members = ["a"]',
  'url = "https://example.org"',
  '# [project]',
  '  # dependency-groups = 1',
  'select = ["E"]',
];
/** Keys before any header (top level): a dotted key can make a table too. */
const TOP = ['project.name = "x"', 'project = { name = "x" }', '"dependency-groups".dev = []', 'tool.uv.workspace.members = []', 'tool.ruff.line-length = 1', 'title = "t"'];

const document = fc
  .record({
    top: fc.uniqueArray(fc.constantFrom(...TOP), { maxLength: 2 }),
    // One of each header (a table defined twice is not TOML), keys once within a table.
    tables: fc.uniqueArray(fc.record({ header: fc.constantFrom(...HEADERS), keys: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 3 }), indent: fc.constantFrom('', '  ', '\t') }), {
      maxLength: 4,
      selector: (t) => t.header,
    }),
    crlf: fc.boolean(),
  })
  .map(({ top, tables, crlf }) => [...top, ...tables.flatMap((t) => [`${t.indent}${t.header}`, ...t.keys])].join(crlf ? '\r\n' : '\n'));

/** What uv installs from, as a TOML parser reads the file; undefined when the file is not TOML. */
function installsSomething(text: string): boolean | undefined {
  let table: Record<string, unknown>;
  try {
    table = parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const uv = ((table.tool as Record<string, unknown> | undefined)?.uv ?? {}) as Record<string, unknown>;
  return table.project !== undefined || table['dependency-groups'] !== undefined || uv.workspace !== undefined || uv['dev-dependencies'] !== undefined;
}

it(`the install step's project test never leaves a project unsynced (${FUZZ_RUNS} generated pyproject.toml files, one real grep)`, () => {
  const texts = fc.sample(document, fuzzSettings);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-fuzz-tables-'));
  try {
    for (const [i, text] of texts.entries()) fs.writeFileSync(path.join(dir, `${i}.toml`), text);
    const patterns = PROJECT_TABLES.flatMap((p) => ['-e', p]);
    // One shell for every file: the exit status of the same grep the script runs, a line each.
    const run = spawnSync(
      'sh',
      ['-c', `for f in "$@"; do grep -Eq ${patterns.map((p) => `'${p.replaceAll("'", `'\\''`)}'`).join(' ')} -- "$f"; echo $?; done`, 'sh', ...texts.map((_, i) => path.join(dir, `${i}.toml`))],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const found = run.stdout.trim().split('\n');
    expect(found).toHaveLength(texts.length);
    texts.forEach((text, i) => {
      const truth = installsSomething(text);
      const synced = found[i] === '0';
      tally.count('project-tables', truth === undefined ? `not TOML (${synced ? 'synced: uv reports it' : 'left alone'})` : `${truth ? 'project' : 'no project'}, ${synced ? 'synced' : 'left alone'}`);
      if (truth === true) expect(synced, text).toBe(true);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(tally.total('project-tables')).toBe(FUZZ_RUNS);
});
