import type { DiagnosticCode, DiagnosticLevel } from './diagnostic-codes.js';

export type { DiagnosticCode, DiagnosticLevel } from './diagnostic-codes.js';

/**
 * Diagnostics are data: every stage returns them in a list, and only the CLI prints them.
 * A user's mistake is a diagnostic with a hint, never an exception.
 */
export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable identifier, e.g. `pyproject-invalid-toml`, a key of src/diagnostic-codes.ts; tests and docs refer to it. */
  code: DiagnosticCode;
  message: string;
  /** Path relative to the repository root, with forward slashes. */
  file?: string;
  line?: number;
  column?: number;
  /** What the user can do about it. */
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.level === 'error');
}

/**
 * `file:line:col: level: message (code)` followed by an indented hint, the format compilers use.
 * Each field may quote the repository (a folder's name, a line of a script), so each is printed
 * with its control characters escaped: one diagnostic is always these lines, and nothing in it
 * reaches the terminal as an instruction.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${printable(d.file)}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const head = `${where}${d.level}: ${printable(d.message)} [${printable(d.code)}]`;
  return d.hint ? `${head}\n  hint: ${printable(d.hint)}` : head;
}

/**
 * What a terminal would take for an instruction rather than text: C0 controls (ESC starts a
 * sequence, CR rewrites a line, BEL rings), DEL, C1 controls (U+009B is a one-byte CSI), the line
 * and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates that
 * make text display in another order than it reads (U+202E).
 */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const TERMINAL_CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One field of a message, every control character written as an escape (`\u001b`, `\n`). */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROLS, escapeControl);
}

/**
 * A whole output (plan, explain, their --json) with the same characters escaped, but its own line
 * breaks and tabs kept. Written as `\uXXXX`, which inside a JSON string is the same character again,
 * and outside one no JSON.stringify output has such a character: --json stays valid, equal JSON.
 */
export function printableLines(text: string): string {
  return text.replace(TERMINAL_CONTROLS_BUT_LINES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
