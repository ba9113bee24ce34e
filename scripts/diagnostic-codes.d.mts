export const README_FILE: string;
export const START: string;
export const END: string;
/** The table of src/diagnostic-codes.ts, loaded from its source. */
export function loadDiagnosticCodes(root: string): Promise<Record<string, { levels: readonly string[]; meaning: string; fix: string }>>;
/** The section's body between the markers. */
export function diagnosticCodesSection(table: Record<string, { levels: readonly string[]; meaning: string; fix: string }>): string;
/** The README with the section between the markers replaced. */
export function readmeWithDiagnosticCodes(readme: string, table: Record<string, { levels: readonly string[]; meaning: string; fix: string }>): string;
