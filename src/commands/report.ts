import type { Io } from '../cli/io.js';
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';

/** Diagnostics go to stderr, once, errors first. */
export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort((a, b) => order[a.level] - order[b.level]);
  for (const d of sorted) io.stderr(`${formatDiagnostic(d)}\n`);
}
