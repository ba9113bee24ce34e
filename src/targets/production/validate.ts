import validateProduction from '../../generated/validate-production.js';

/**
 * The production section's half of the plan's schema check (src/targets/validate.ts): its own
 * validator, compiled from the ProductionPlan definition alone (scripts/plan-schema.mjs,
 * runtimePlanSchemas), so that the runs without a production section do not load its code. The
 * errors as `path message`, none when the section is valid.
 */
export function productionSchemaErrors(section: unknown): string[] {
  if (validateProduction(section)) return [];
  return (validateProduction.errors ?? [{ instancePath: '', message: 'does not match' }]).map((e) => `/production${e.instancePath} ${e.message ?? ''}`);
}
