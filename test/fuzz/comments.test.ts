/**
 * The fuzz class of comments in a devcontainer.json the tool edits (issue 18, item 3): a user's
 * file built from random members, with a comment (or none) at every token boundary, among them
 * the values the tool edits inside: lifecycle commands it wraps (string, array and object forms),
 * a list of Compose files in any order with the generated one anywhere, a remoteEnv that --force
 * takes values out of, and untouched members last. For every case, with and without --force:
 * every comment survives, the output is valid JSONC, a second run changes nothing, the members the
 * tool does not manage are there byte for byte, and so is the user's own text inside a wrapped
 * command.
 */
import fc from 'fast-check';
import { type Node, type ParseError, parse as parseJsonc, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/render/jsonc.js';
import { JsoncEditor } from '../../src/targets/devcontainer/jsonc-edit.js';
import { MERGE_RULES } from '../../src/targets/devcontainer/merge-config.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { reachedCounter } from '../helpers/reached.js';
import { outcomeOf, renderInMemory as run } from '../helpers/render-in-memory.js';

const { count } = fuzzTally();
const CONFIG = '.devcontainer/devcontainer.json';
const OVERRIDE = 'compose.gen-devcontainer.yaml';

/**
 * A comment or none, in turn as `spots` says (0 and 5: none), each numbered so that a lost or
 * doubled one shows. A line comment always ends its line, or it would swallow what follows.
 */
function commentMaker(spots: readonly number[]): () => string {
  let n = 0;
  let spot = 0;
  return () => {
    const k = spots[spot++ % spots.length]!;
    return k === 1 ? ` // c${n++}\n  ` : k === 2 ? ` /* c${n++} */ ` : k === 3 ? `\n  // c${n++}\n  ` : k === 4 ? `/* c${n++} */` : '';
  };
}

/** JSON written with a comment (or none) at every boundary between tokens; `comment()` says which. */
function withComments(value: Json, comment: () => string): string {
  if (Array.isArray(value)) return `[${value.map((v) => `${comment()}${withComments(v, comment)}${comment()}`).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${comment()}${JSON.stringify(k)}${comment()}:${comment()}${withComments(v, comment)}${comment()}`)
      .join(',')}${comment()}}`;
  }
  return JSON.stringify(value);
}

const command = fc.constantFrom('echo a', 'uv run pre-commit install', 'make dev');
const lifecycle = fc.oneof(
  command,
  fc.array(command, { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'setup'), fc.oneof(command, fc.array(command, { minLength: 1, maxLength: 2 })), { minKeys: 1, maxKeys: 3 }),
);
/** Members the tool never manages, with values of every shape. */
const untouched = fc.constantFrom<[string, Json]>(
  ['features', { 'ghcr.io/devcontainers/features/node:1': {} }],
  ['forwardPorts', [8000, 5432]],
  ['shutdownAction', 'none'],
  ['hostRequirements', { cpus: 2 }],
  ['otherPortsAttributes', {}],
  ['portsAttributes', { '8000': { label: 'app' } }],
);
const member = fc.oneof(
  fc.tuple(fc.constantFrom('onCreateCommand', 'updateContentCommand', 'postCreateCommand'), lifecycle),
  fc.tuple(fc.constant('containerEnv'), fc.constantFrom<Json>({ APP: '1' }, {}, { APP: '1', OTHER: 'x' })),
  fc.tuple(fc.constant('remoteEnv'), fc.constantFrom<Json>({ UV_LINK_MODE: 'copy' }, { UV_LINK_MODE: 'copy', EDITOR: 'vi' }, { EDITOR: 'vi' }, {})),
  fc.tuple(fc.constant('mounts'), fc.constantFrom<Json>([], ['type=volume,source=data,target=/data'], [{ type: 'volume', source: 'x', target: '/x' }])),
  fc.tuple(fc.constant('runArgs'), fc.constantFrom<Json>([], ['--shm-size=2g'])),
  fc.tuple(fc.constant('name'), fc.constant<Json>('mine')),
  fc.tuple(fc.constant('customizations'), fc.constantFrom<Json>({ vscode: { extensions: ['ms-python.python'] } }, { vscode: { settings: {} } })),
  untouched,
);
/** Compose files: the user's two and (perhaps) the generated one, in any order; or a single name. */
const composeFiles = fc.oneof(
  fc.shuffledSubarray(['compose.yaml', 'other.yaml', OVERRIDE], { minLength: 1 }).filter((list) => list.includes('compose.yaml')),
  fc.constant('compose.yaml'),
);
const COMPOSE = 'services:\n  app:\n    image: debian:trixie\n    volumes:\n      - ..:/w\n';
const OTHER = 'services:\n  app:\n    environment:\n      APP: "1"\n';

/** Every comment of a JSONC text: the generator numbers them, so a lost or doubled one shows. */
const commentIds = (text: string) => (text.match(/c\d+\b/g) ?? []).sort();

function parseStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false });
  if (errors.length) throw new Error(`invalid JSONC: ${JSON.stringify(errors)}\n${text}`);
  return value;
}

/** The text of each top-level member (key to end of value), by key. */
function memberTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const property of parseTree(text)?.children ?? []) {
    const key = property.children?.[0]?.value as string;
    out.set(key, text.slice(property.offset, property.offset + property.length));
  }
  return out;
}

/** The user's own text inside a lifecycle value: a string as written, an array's elements with what lies between them, an object's values likewise. */
function commandTexts(text: string, node: Node): string[] {
  if (node.type === 'string') return [text.slice(node.offset, node.offset + node.length)];
  if (node.type === 'array') {
    const items = node.children ?? [];
    return items.length ? [text.slice(items[0]!.offset, items.at(-1)!.offset + items.at(-1)!.length)] : [];
  }
  if (node.type === 'object') return (node.children ?? []).flatMap((p) => (p.children?.[1] ? commandTexts(text, p.children[1]) : []));
  return [];
}

describe('fuzz: comments in a devcontainer.json the tool edits', { timeout: 600_000 }, () => {
  it('every comment survives, with and without --force; valid JSONC; a second run changes nothing; untouched bytes stay', () => {
    const cases = reachedCounter('comments in edited values');
    fc.assert(
      fc.property(
        fc.uniqueArray(member, { minLength: 1, maxLength: 7, selector: (m) => m[0] }),
        fc.option(composeFiles, { nil: undefined }),
        fc.array(fc.nat(5), { minLength: 60, maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        (members, compose, spots, force, crlf) => {
          const comment = commentMaker(spots);
          const base: [string, Json][] =
            compose === undefined
              ? [['image', 'debian:trixie']]
              : [
                  ['dockerComposeFile', compose],
                  ['service', 'app'],
                  ['workspaceFolder', '/w'],
                ];
          const config = Object.fromEntries([...base, ...members]) as Record<string, Json>;
          let text = `${comment()}${withComments(config, comment)}${comment()}\n`;
          if (crlf) text = text.replace(/\n/g, '\r\n');
          const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "fuzz-comments"\nversion = "0"\n', [CONFIG]: text };
          if (compose !== undefined) {
            files['.devcontainer/compose.yaml'] = COMPOSE;
            files['.devcontainer/other.yaml'] = OTHER;
            // Listed by the user before any run: there must be such a file for the Compose CLI (and the analyzer) to read.
            files[`.devcontainer/${OVERRIDE}`] = 'services: {}\n';
          }
          const first = run(files, force);
          cases.tried();
          count('comments in edited values', outcomeOf(first, `written${force ? ' --force' : ''}`));
          if (first.outcome !== 'written') return;
          cases.reached();
          const after = first.files[CONFIG]!;
          expect(commentIds(after), after).toEqual(commentIds(text));
          parseStrict(after);
          // The members the tool does not manage, byte for byte (comments inside them included).
          const before = memberTexts(text);
          const now = memberTexts(after);
          for (const [key, written] of before) {
            if (key in MERGE_RULES || key === 'image' || key === 'remoteEnv' || key === 'customizations' || key === 'dockerComposeFile') continue;
            expect(now.get(key), key).toBe(written);
          }
          // A wrapped command: the user's own text is still there as written, brackets and words added around it.
          for (const property of parseTree(text)?.children ?? []) {
            const key = property.children?.[0]?.value as string;
            if (!key.endsWith('Command') || !property.children?.[1]) continue;
            for (const own of commandTexts(text, property.children[1])) expect(now.get(key), key).toContain(own);
          }
          const second = run(first.files, force);
          expect(second.outcome).toBe('written');
          if (second.outcome === 'written') expect(second.files[CONFIG]).toBe(after);
        },
      ),
      fuzzSettings,
    );
    cases.expectAtLeast(0.5);
  });

  it('the editor itself: any JSON value with comments everywhere, edited into any other: the new value, every comment, valid JSONC, a second edit changes nothing', () => {
    // Small alphabets, so that the two values share keys, items and sub-values often.
    const leaf = fc.constantFrom<Json>('a', 'b', 1, true, null);
    const { value } = fc.letrec<{ value: Json }>((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 })),
    }));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 }),
        fc.array(fc.nat(5), { minLength: 50, maxLength: 50 }),
        fc.boolean(),
        fc.boolean(),
        (from, to, spots, tabs, crlf) => {
          const comment = commentMaker(spots);
          const eol = crlf ? '\r\n' : '\n';
          const text = `${withComments(from, comment)}\n`.replace(/\n/g, eol);
          const editor = new JsoncEditor(text, tabs ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: 2, eol });
          editor.set([], to);
          count('editor', 'edited');
          expect(commentIds(editor.text), `${text}\n=>\n${editor.text}`).toEqual(commentIds(text));
          expect(parseStrict(editor.text), `${text}\n=>\n${editor.text}`).toEqual(to);
          // A member whose value does not change keeps its bytes.
          const before = memberTexts(text);
          const now = memberTexts(editor.text);
          for (const [key, v] of Object.entries(from)) if (Object.hasOwn(to, key) && JSON.stringify(to[key]) === JSON.stringify(v)) expect(now.get(key), key).toBe(before.get(key));
          // The file's line ends stay its own.
          if (crlf) expect(editor.text.replace(/\r\n/g, '')).not.toContain('\n');
          const once = editor.text;
          editor.set([], to);
          expect(editor.text).toBe(once);
        },
      ),
      fuzzSettings,
    );
  });
});
