/**
 * Diagnostics are data: every stage returns them in a list, and only the CLI prints them.
 * A user's mistake is a diagnostic with a hint, never an exception.
 */
export type DiagnosticLevel = 'error' | 'warning' | 'info';

export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable identifier, e.g. `pyproject-invalid-toml`; tests and docs refer to it. */
  code: string;
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
  const where = d.file ? `${visible(d.file)}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const head = `${where}${d.level}: ${visible(d.message)} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${visible(d.hint)}` : head;
}

/**
 * Text with its control characters written as JSON escapes (`\n`, `\u001b`): a diagnostic names
 * files, folders and values from the repository, and a line break in a folder's name must not
 * start a line of its own that reads as another diagnostic ("error: ..."), nor an escape sequence
 * reach the terminal.
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
