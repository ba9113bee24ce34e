import type { DiagnosticCode } from './diagnostics.js';

/**
 * The codes whose entry in the table (diagnostic-codes.ts) has `scope: 'devcontainer'`, as a set a
 * run can test without loading the table's text (every meaning and fix: kept out of the chunk
 * every run loads). test/unit/diagnostic-codes.test.ts holds the two equal.
 */
export const DEVCONTAINER_SCOPE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['devcontainer-gitignored', 'uv-lock-gitignored', 'workspace-plain-sync']);
