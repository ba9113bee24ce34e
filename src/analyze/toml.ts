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
 */
export function lineOfKey(text: string, dottedKey: string): number | undefined {
  const lines = text.split('\n');
  let table = '';
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[\[?\s*([^[\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = header[1]!
        .split('.')
        .map((p) => p.trim().replace(/^["']|["']$/g, ''))
        .join('.');
      continue;
    }
    const key = /^\s*([A-Za-z0-9_."' -]+?)\s*=/.exec(line)?.[1];
    if (!key) continue;
    const full = [
      table,
      key
        .split('.')
        .map((p) => p.trim().replace(/^["']|["']$/g, ''))
        .join('.'),
    ]
      .filter(Boolean)
      .join('.');
    if (full === dottedKey) return index + 1;
  }
  return undefined;
}
