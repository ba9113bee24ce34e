/**
 * The fuzz class of a user's own `customizations` in a devcontainer.json the tool edits (issue 21,
 * item 5): random extension lists (ours among them, duplicates, odd types), settings objects (the
 * keys the tool sets with other values, a `"[python]"` block of any shape, unknown keys), odd
 * types at every level, and a comment (or none) at every token boundary. For every case, with and
 * without --force: no value of the user's under `customizations` is dropped or changed (lists only
 * grow at their end), our extensions are there once unless the user listed them, every comment
 * survives, the text is valid JSONC, and a second run with the manifest of the first changes
 * nothing.
 */
import fc from 'fast-check';
import { type ParseError, parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import type { Json } from '../../src/render/jsonc.js';
import { desiredConfig } from '../../src/targets/devcontainer/devcontainer-json.js';
import { equal, isObject } from '../../src/targets/devcontainer/jsonc-edit.js';
import { mergeConfig } from '../../src/targets/devcontainer/merge-config.js';
import { planTargets } from '../../src/targets/plan.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const { count } = fuzzTally();
const CONFIG = '.devcontainer/devcontainer.json';

/** What the plan wants for a project that uses every tool: planned once, merged into every case. */
const PYPROJECT = '[project]\nname = "fz"\nversion = "0"\nrequires-python = ">=3.12"\n[dependency-groups]\ndev = ["ruff", "mypy", "basedpyright", "pytest"]\n';
const plan = planTargets(analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT }), 'fz').facts, { generatorVersion: 't' }).plan!;
const desired = desiredConfig(plan).config;
const OURS = plan.devcontainer.editor.extensions;

/** A comment or none at each boundary, numbered so that a lost or doubled one shows; a line comment ends its line. */
function withComments(value: Json, spots: readonly number[]): { text: string; comments: string[] } {
  const comments: string[] = [];
  let spot = 0;
  const comment = () => {
    const k = spots[spot++ % spots.length]!;
    if (k === 0 || k > 2) return '';
    const text = k === 1 ? `// c${comments.length}` : `/* c${comments.length} */`;
    comments.push(text);
    return k === 1 ? ` ${text}\n` : ` ${text} `;
  };
  const write = (v: Json): string => {
    if (Array.isArray(v)) return `[${v.map((item) => `${comment()}${write(item)}${comment()}`).join(',')}]`;
    if (isObject(v))
      return `{${Object.entries(v)
        .map(([k, item]) => `${comment()}${JSON.stringify(k)}:${comment()}${write(item)}${comment()}`)
        .join(',')}${comment()}}`;
    return JSON.stringify(v);
  };
  return { text: `${write(value)}\n`, comments };
}

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
const odd: fc.Arbitrary<Json> = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 2 }));
const extension = fc.oneof(fc.constantFrom(...OURS, 'eamodio.gitlens', 'ms-python.autopep8'), fc.string({ maxLength: 12 }), scalar);
const extensions = fc.oneof({ weight: 4, arbitrary: fc.array(extension, { maxLength: 6 }) }, { weight: 1, arbitrary: odd });
const settingKey = fc.constantFrom(
  'python.defaultInterpreterPath',
  'python.testing.pytestEnabled',
  'python.testing.unittestEnabled',
  'python.languageServer',
  'mypy-type-checker.importStrategy',
  'editor.formatOnSave',
  '[python]',
  '[json]',
);
const pythonBlock: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom('editor.defaultFormatter', 'editor.tabSize', 'editor.formatOnSave'), fc.oneof(scalar, fc.constantFrom(...OURS)), { maxKeys: 3 }) },
  { weight: 1, arbitrary: odd },
);
const settings = fc.oneof({ weight: 4, arbitrary: fc.dictionary(fc.oneof(settingKey, fc.string({ maxLength: 8 })), fc.oneof(scalar, pythonBlock), { maxKeys: 5 }) }, { weight: 1, arbitrary: odd });
const vscode = fc.oneof({ weight: 5, arbitrary: fc.record({ extensions, settings }, { requiredKeys: [] }) }, { weight: 1, arbitrary: odd });
const customizations = fc.oneof({ weight: 5, arbitrary: fc.record({ vscode, jetbrains: odd }, { requiredKeys: [] }) }, { weight: 1, arbitrary: odd });

/**
 * Every value of the user's is still there: an object's members each kept (others may be added), a
 * list's items kept in order at its start (ours are appended), a scalar equal. `skip`: the one
 * setting --force may replace (the interpreter, which decides where the environment is).
 */
function keptIn(theirs: Json, now: Json | undefined, at: string, skip?: string): string | undefined {
  if (at === skip) return undefined;
  if (Array.isArray(theirs)) {
    if (!Array.isArray(now)) return `${at}: a list became ${JSON.stringify(now)}`;
    const i = theirs.findIndex((item, k) => !equal(item, now[k]));
    return i === -1 ? undefined : `${at}[${i}]: ${JSON.stringify(theirs[i])} became ${JSON.stringify(now[i])}`;
  }
  if (isObject(theirs)) {
    if (!isObject(now)) return `${at}: an object became ${JSON.stringify(now)}`;
    for (const [key, value] of Object.entries(theirs)) {
      const problem = keptIn(value, Object.hasOwn(now, key) ? now[key] : undefined, `${at}.${key}`, skip);
      if (problem) return problem;
    }
    return undefined;
  }
  return equal(theirs, now) ? undefined : `${at}: ${JSON.stringify(theirs)} became ${JSON.stringify(now)}`;
}

function parsed(text: string): Json {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false }) as Json;
  expect(errors).toEqual([]);
  return value;
}

describe("fuzz: a user's customizations merged with the editor plan", () => {
  it('no user value dropped or changed, ours added once, comments kept, a second run unchanged', () => {
    fc.assert(
      fc.property(customizations, fc.array(fc.nat(4), { minLength: 1, maxLength: 40 }), fc.boolean(), (theirs, spots, force) => {
        const { text, comments } = withComments({ image: 'python:3.12', customizations: theirs }, spots);
        const first = mergeConfig({ file: CONFIG, text, kind: 'none' }, desired, force);
        const after = parsed(first.text) as { customizations?: Json };
        const skip = force ? 'customizations.vscode.settings.python.defaultInterpreterPath' : undefined;
        expect(keptIn(theirs, after.customizations, 'customizations', skip)).toBeUndefined();
        for (const c of comments) expect(first.text).toContain(c);
        const list = isObject(after.customizations) && isObject(after.customizations.vscode) ? after.customizations.vscode.extensions : undefined;
        const userList = isObject(theirs) && isObject(theirs.vscode) ? theirs.vscode.extensions : undefined;
        if (Array.isArray(list)) {
          for (const id of OURS) expect(list.filter((item) => item === id).length).toBe(Array.isArray(userList) ? Math.max(1, userList.filter((item) => item === id).length) : 1);
        }
        const second = mergeConfig({ file: CONFIG, text: first.text, kind: 'none' }, desired, force, first.owned);
        expect(second.text).toBe(first.text);
        expect(second.owned).toEqual(first.owned);
        count('editor-customizations', Array.isArray(list) ? 'extensions merged' : 'customizations kept whole (not an object or list)');
      }),
      fuzzSettings,
    );
  });
});
