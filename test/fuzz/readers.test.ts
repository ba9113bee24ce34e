/**
 * Fuzz classes of issue 18 (items 1, 2, 13, 14), FUZZ_RUNS cases each:
 * - links and special files (FIFO, folder, links to /dev/zero and /dev/urandom, out of the
 *   repository, in a loop, through a linked folder) as the tool's own files and as every file the
 *   analyzer reads: every read ends, bounded, and says what the file is; a run exits 0 or 2, never 3;
 * - pathological text for every line reader: the linear scans give what the regular expressions
 *   they replaced gave, and nothing throws;
 * - expansion bombs in Dockerfiles: bounded, never thrown;
 * - control characters in diagnostics and plan output: never printed raw, JSON kept equal.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readDockerfile } from '../../src/analyze/dockerfile.js';
import { MAX_EXPANDED_CHARS, MAX_VALUE_CHARS } from '../../src/analyze/dockerfile-lexer.js';
import { parseIgnoreRules } from '../../src/analyze/ignore.js';
import { readPythonVersionFile } from '../../src/analyze/python-version.js';
import { openRepo, readRepoFile } from '../../src/analyze/repo-reader.js';
import { lineOfKey } from '../../src/analyze/toml.js';
import { indentBlock } from '../../src/commands/generate.js';
import { type DiagnosticCode, formatDiagnostic, printable, printableLines } from '../../src/diagnostics.js';
import { prepareWrites, runPipeline } from '../../src/pipeline.js';
import { lineColumn, trimEndBlanks, trimEndSlashes } from '../../src/text.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { placeSpecial, SAYS_WHAT, SPECIAL_KINDS } from '../helpers/special-files.js';

const { count, total } = fuzzTally();

// ---- Links and special files ------------------------------------------------------------------------

const KINDS = [...SPECIAL_KINDS, 'regular'] as const;

/** Every file the tool reads, by role: its own, the outputs it compares, and what the analyzer reads. */
const ROLES = [
  '.devcontainer/.gen-devcontainer.lock',
  '.devcontainer/gen-devcontainer.manifest.json',
  '.devcontainer/devcontainer.json',
  '.devcontainer/Dockerfile',
  '.devcontainer/uv-lifecycle.sh',
  '.devcontainer/compose.yaml',
  '.devcontainer/app.env',
  'setup.sh',
  '.gitignore',
  'pyproject.toml',
  '.python-version',
  'uv.lock',
  'runtime.txt',
  'sub/pyproject.toml',
] as const;

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-fuzz-readers-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const PYPROJECT = '[project]\nname = "app"\nversion = "0"\nrequires-python = ">=3.11"\n';
/** A repository that reaches every role: a Compose configuration with an env_file, a Dockerfile, a script a lifecycle command runs. */
const REPO_FILES: Record<string, string> = {
  'pyproject.toml': PYPROJECT,
  '.devcontainer/devcontainer.json': '{"dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w", "postCreateCommand": "bash setup.sh"}',
  '.devcontainer/compose.yaml': 'services:\n  app:\n    build: {context: ., dockerfile: Dockerfile}\n    env_file: app.env\n    volumes:\n      - ..:/w\n',
  '.devcontainer/Dockerfile': 'FROM python:3.12\n',
  '.devcontainer/app.env': 'A=b\n',
  'setup.sh': 'pip install x\n',
  '.gitignore': 'build/\n',
  '.python-version': '3.12\n',
  'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n',
  'runtime.txt': 'python-3.12.1\n',
  'sub/pyproject.toml': '[project]\nname = "sub"\nversion = "0"\n',
};

let repoCount = 0;
function freshRepo(): string {
  const root = path.join(base, `r${repoCount++}`);
  for (const [rel, text] of Object.entries(REPO_FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** The files only the tool writes: one in the way is never skipped. */
const OWN = new Set(['.devcontainer/.gen-devcontainer.lock', '.devcontainer/uv-lifecycle.sh']);

/**
 * Files this repository's run does not read: runtime.txt counts only as a regular file (a FIFO there
 * is no runtime.txt), .gitignore only guides a search for projects (none here: the root is one),
 * and sub-projects are not searched for the same reason.
 */
const NOT_READ_HERE = new Set(['runtime.txt', '.gitignore', 'sub/pyproject.toml']);

describe('links and special files', () => {
  it('as any file a reader opens: the read ends, bounded, and says what the file is', () => {
    const root = freshRepo();
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...KINDS), fc.boolean(), (role, kind, listedFirst) => {
        placeSpecial(root, role, kind);
        const reader = openRepo(root);
        // Listing first takes the quick path (open, fstat, read) for entries of a listed folder.
        if (listedFirst) reader.listDir(path.posix.dirname(role));
        const rel = kind === 'through-linked-folder' ? `${role}/f` : role;
        for (const read of [reader.readText(rel), readRepoFile(root, rel)]) {
          if (kind === 'regular') expect(read).toEqual({ kind: 'ok', text: 'plain text\n' });
          else {
            expect(read.kind).toBe('error');
            if (read.kind === 'error') expect(read.message).toMatch(SAYS_WHAT[kind]);
          }
        }
        count('special files (reader)', kind === 'regular' ? 'read' : 'refused with what it is');
        placeSpecial(root, role, 'regular');
      }),
      fuzzSettings,
    );
    expect(total('special files (reader)')).toBe(FUZZ_RUNS);
  });

  it('as the tool own files and the analyzer files, through the pipeline: exit 0 or 2 (never thrown), and the file named when refused', () => {
    const root = freshRepo();
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...KINDS), (role, kind) => {
        placeSpecial(root, role, kind);
        // --force, so that the repository's own files in the way of generated ones refuse nothing: an error is the special file's.
        const force = true;
        const result = runPipeline(root, { given: { generatorVersion: '9.9.9-test', force }, forget: [] });
        const diagnostics = result.ok ? [...result.diagnostics, ...prepareWrites(result, { writing: true }).diagnostics] : result.diagnostics;
        const refused = diagnostics.filter((d) => d.level === 'error');
        const named = diagnostics.some((d) => d.file === role || d.message.includes(role));
        const saysWhat = kind !== 'regular' && diagnostics.some((d) => SAYS_WHAT[kind].test(d.message));
        const exit = refused.length > 0 ? 'exit 2' : 'exit 0';
        count('special files (pipeline)', kind === 'regular' ? `a regular file of plain text: ${exit}` : `${exit}${named ? ', named' : ''}${saysWhat ? ' as what it is' : ''}`);
        // The tool's own lock and a file it generates are refused, by name (an output in the way is
        // refused by the writer's own check before any read); any other file the run reads is named.
        if (kind !== 'regular' && OWN.has(role)) expect(refused.length).toBeGreaterThan(0);
        if (kind !== 'regular' && !NOT_READ_HERE.has(role)) expect(named, `${role} as ${kind}: ${JSON.stringify(diagnostics)}`).toBe(true);
        placeSpecial(root, role, 'regular');
        for (const [rel, text] of Object.entries(REPO_FILES)) if (rel === role) fs.writeFileSync(path.join(root, rel), text);
      }),
      fuzzSettings,
    );
  }, 120_000);
});

// ---- Pathological text ------------------------------------------------------------------------------

/** Text built of runs of the characters the scanners split, trim and match on. */
const pathological = fc
  .array(
    fc.tuple(
      fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '[', ']', '[[', '=', '#', '\\', '/', '"', "'", '"""', '.', 'a', 'k', 'python-3.12', '$', '{', '}', '\u00a0', '\u2028', '*'),
      fc.integer({ min: 1, max: 40 }),
    ),
    { maxLength: 30 },
  )
  .map((runs) => runs.map(([s, n]) => s.repeat(n)).join(''));

/** The regular-expression scans the linear ones replaced, as references on short inputs. */
const reference = {
  trimEndBlanks: (s: string) => s.replace(/[ \t]+$/, ''),
  trimEndSlashes: (s: string) => s.replace(/(.)\/+$/, '$1'),
  ignoreTrim: (s: string) => s.replace(/(?<!\\)\s+$/, ''),
  indentBlock: (text: string) => `${text.replace(/^/gm, '    ').replace(/ +$/gm, '')}\n`,
  lineColumn: (text: string, offset: number) => {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  },
  lineOfKey: (text: string, dottedKey: string): number | undefined => {
    let table = '';
    for (const [index, line] of text.split('\n').entries()) {
      const header = /^\s*\[\[?\s*([^[\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
      const unquote = (k: string) =>
        k
          .split('.')
          .map((p) => p.trim().replace(/^["']|["']$/g, ''))
          .join('.');
      if (header) {
        table = unquote(header[1]!);
        continue;
      }
      const key = /^\s*([A-Za-z0-9_."' -]+?)\s*=/.exec(line)?.[1];
      if (!key) continue;
      if ([table, unquote(key)].filter(Boolean).join('.') === dottedKey) return index + 1;
    }
    return undefined;
  },
};

describe('pathological text for every line reader', () => {
  it('the linear scans give what the regular expressions they replaced gave', () => {
    fc.assert(
      fc.property(pathological, fc.nat(), (text, at) => {
        expect(trimEndBlanks(text)).toBe(reference.trimEndBlanks(text));
        // `.` takes no line terminator, so the regex kept a `/` after one; a mount target has none.
        if (!/[\n\r\u2028\u2029]/.test(text)) expect(trimEndSlashes(text)).toBe(reference.trimEndSlashes(text));
        for (const line of text.split(/\r?\n/)) {
          const trimmed = line.trimEnd();
          const ours = trimmed.length < line.length && trimmed.endsWith('\\') ? line.slice(0, trimmed.length + 1) : trimmed;
          expect(ours).toBe(reference.ignoreTrim(line));
        }
        if (text !== '') expect(indentBlock(text)).toBe(reference.indentBlock(text));
        const offset = text.length === 0 ? 0 : at % text.length;
        expect(lineColumn(text, offset)).toEqual(reference.lineColumn(text, offset));
        const keyed = `[tool.x]\n${text}\nk = 1\n[a . "b"]\nc=2\n`;
        for (const key of ['tool.x.k', 'a.b.c', 'k', 'a']) {
          const ours = lineOfKey(keyed, key);
          const theirs = reference.lineOfKey(keyed, key);
          // The hand-written scan takes the first line of a key; the regexes took the first too. A
          // header the regex refused for a stray bracket is refused by both.
          expect(ours).toBe(theirs);
        }
        count('pathological text (scans agree)', 'same answer');
      }),
      fuzzSettings,
    );
  });

  it('every reader of a long pathological file ends without throwing', () => {
    fc.assert(
      fc.property(pathological, fc.integer({ min: 1, max: 200 }), (text, times) => {
        const long = text.repeat(times);
        parseIgnoreRules(long).ignoresFolder('a/b/c');
        readPythonVersionFile('.python-version', long);
        lineOfKey(long, 'project.name');
        readDockerfile(`FROM python:3.12\nRUN ${long}\nENV A=${long}\n`);
        indentBlock(long);
        count('pathological text (long)', 'ended');
      }),
      fuzzSettings,
    );
  });
});

// ---- Expansion bombs --------------------------------------------------------------------------------

describe('Dockerfile expansion bombs', () => {
  const line = fc.constantFrom('${X}${X}', '${X}${X}${X}', '${X:-${X}${X}}', '${X:+${X}${X}}', '"${X}"${X}', 'a${X}b${X}', '$X$X', '${Y}${X}');
  it('bounded: never thrown, nothing kept past the budget, the value unknown with why', () => {
    fc.assert(
      fc.property(fc.constantFrom('ARG', 'ENV'), fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('ab', 'x'.repeat(100)), (keyword, lines, seed) => {
        const text = `FROM python:3.12\n${keyword} X=${seed} Y=${seed}\n${lines.map((l) => `${keyword} X=${l} Y=${l}`).join('\n')}\nUSER \${X}\n`;
        const read = readDockerfile(text);
        const kept = read.stages.reduce((sum, s) => sum + s.env.reduce((n, e) => n + e.value.length, 0) + (s.user?.value?.length ?? 0), 0);
        expect(kept).toBeLessThanOrEqual(MAX_EXPANDED_CHARS + 2 * MAX_VALUE_CHARS);
        const user = read.running?.user;
        if (user?.value !== undefined) expect(user.value.length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
        count('expansion bombs', user?.unresolved?.includes('expands past') ? 'unknown past the limit' : 'known');
      }),
      fuzzSettings,
    );
  });
});

// ---- Control characters in what is printed ----------------------------------------------------------

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const controlText = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\u001b[31m', '\u001b]0;title\u0007', '\u009b2J', '\u202e', '\u2066', '\u2069', '\u200f', '\u061c', '\u2028', '\u2029', '\r\n', 'é', '😀', '\\u001b'),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('control characters in diagnostics and plan output', () => {
  it('never printed raw; one diagnostic is one or two lines; JSON stays equal', () => {
    fc.assert(
      fc.property(controlText, controlText, controlText, fc.option(controlText), (message, file, code, hint) => {
        const text = formatDiagnostic({ level: 'warning', code: code as DiagnosticCode, message, file, line: 1, ...(hint === null ? {} : { hint }) });
        expect(text).not.toMatch(RAW_CONTROL);
        expect(text.split('\n')).toHaveLength(hint ? 2 : 1);
        expect(printable(message)).not.toMatch(RAW_CONTROL);
        const value = { message, [file]: [code, hint] };
        const json = printableLines(JSON.stringify(value, null, 2));
        expect(json).not.toMatch(RAW_CONTROL);
        expect(JSON.parse(json)).toEqual(value);
        count('control characters', 'escaped');
      }),
      fuzzSettings,
    );
  });
});
