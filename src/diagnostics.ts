import type { DiagnosticCode } from './diagnostic-codes.js';

export type { DiagnosticCode } from './diagnostic-codes.js';

/**
 * Diagnostics are data: every stage returns them in a list, and only the CLI prints them.
 * A user's mistake is a diagnostic with a hint, never an exception.
 */
export type DiagnosticLevel = 'error' | 'warning' | 'info';

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

/** `file:line:col: level: message (code)` followed by an indented hint, the format compilers use. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const head = `${where}${d.level}: ${d.message} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
