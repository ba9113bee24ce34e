import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { RepoReader } from './repo-reader.js';

/** The files readToml reads, by the prefix of their codes: each has `-unreadable` and `-invalid-toml` in the table. */
type TomlCode = TomlFile<DiagnosticCode>;
type TomlFile<Code> = Code extends `${infer File}-invalid-toml` ? File : never;

export type TomlTable = Record<string, unknown>;

export type TomlRead = { kind: 'ok'; table: TomlTable; text: string } | { kind: 'missing' } | { kind: 'invalid'; diagnostic: Diagnostic };

/** Reads and parses one TOML file; a parse error becomes a diagnostic with line and column. */
export function readToml(reader: RepoReader, file: string, code: TomlCode, text?: string): TomlRead {
  if (text === undefined) {
    const read = reader.readText(file);
    if (read.kind === 'missing') return { kind: 'missing' };
    if (read.kind === 'error') {
      return { kind: 'invalid', diagnostic: { level: 'error', code: `${code}-unreadable`, message: read.message, file, hint: read.hint } };
    }
    text = read.text;
  }
  try {
    return { kind: 'ok', table: parse(text) as TomlTable, text };
  } catch (err) {
    if (err instanceof TomlError) {
      // smol-toml's message is "Invalid TOML document: <reason>\n\n<code block>"; keep the reason.
      const reason = err.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      return {
        kind: 'invalid',
        diagnostic: {
          level: 'error',
          code: `${code}-invalid-toml`,
          message: `${file} is not valid TOML: ${reason}`,
          file,
          line: err.line,
          column: err.column,
          hint: `fix the TOML syntax at line ${err.line}, column ${err.column} (check quotes, brackets and commas), then run again`,
        },
      };
    }
    throw err;
  }
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Line (1-based) of a dotted key such as `project.requires-python`, to point diagnostics at it:
 * the key inside its own table (`[project]`), else written dotted from a parent table or the root.
 * A line-based scan, not a parser: good enough to aim a message, and never wrong about the value.
 * The lines of one text are scanned once, whatever number of keys is asked of it (a pyproject.toml
 * with thousands of sources), and each line by hand: the regular expressions this replaced
 * (`\[\[?\s*([^[\]]+?)\s*\]`, `([A-Za-z0-9_."' -]+?)\s*=`) backtracked quadratically over a
 * line such as `[a<200,000 spaces>b` inside a multi-line string.
 */
export function lineOfKey(text: string, dottedKey: string): number | undefined {
  if (lastKeyLines?.text !== text) lastKeyLines = { text, lines: keyLines(text) };
  return lastKeyLines.lines.get(dottedKey);
}

let lastKeyLines: { text: string; lines: Map<string, number> } | undefined;

/** Each dotted key (table and key joined) with the first line that sets it. */
function keyLines(text: string): Map<string, number> {
  const found = new Map<string, number>();
  let table = '';
  text.split('\n').forEach((line, index) => {
    const header = tableHeader(line);
    if (header !== undefined) {
      table = dotted(header);
      return;
    }
    const at = line.indexOf('=');
    const key = at === -1 ? '' : line.slice(0, at).trim();
    if (key === '' || !KEY_CHARS.test(key)) return;
    const full = table ? `${table}.${dotted(key)}` : dotted(key);
    if (!found.has(full)) found.set(full, index + 1);
  });
  return found;
}

const KEY_CHARS = /^[A-Za-z0-9_."' -]+$/;

/** The name inside `[name]` or `[[name]]` (a comment may follow), or undefined when the line is no table header. */
function tableHeader(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const open = trimmed.startsWith('[[') ? 2 : 1;
  const close = trimmed.indexOf(']', open);
  if (close === -1) return undefined;
  const name = trimmed.slice(open, close).trim();
  if (name === '' || name.includes('[')) return undefined;
  const rest = trimmed.slice(trimmed[close + 1] === ']' ? close + 2 : close + 1).trimStart();
  return rest === '' || rest.startsWith('#') ? name : undefined;
}

/** `a . "b"` as `a.b`: each part trimmed and unquoted. */
function dotted(key: string): string {
  return key
    .split('.')
    .map((p) => p.trim().replace(/^["']|["']$/g, ''))
    .join('.');
}
