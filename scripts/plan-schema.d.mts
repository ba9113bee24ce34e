export const PLAN_SCHEMA_FILE: string;
/** The plan's JSON schema generated from src/plan/types.ts, as the text to commit. */
export function planSchemaText(root: string): string;
