import validatePlan from '../generated/validate-plan.js';
import { deferred } from '../lazy.js';
import * as productionValidation from './production/validate.js';
import type { Plan } from './types.js';

// Loaded by the runs whose plan has a production section only (scripts/bundle.mjs, DEFERRED).
const production = deferred('validate-production', productionValidation);

/**
 * A plan that breaks its own schema (schemas/plan.schema.json, generated from targets/types.ts) is a
 * bug in the planner: every command stops on it, before anything is printed or written
 * (runPipeline calls this once, runProductionPipeline once more with the production section). The
 * check is the whole schema, in two validators (scripts/plan-schema.mjs, runtimePlanSchemas): the
 * plan's, for which the production section is any object, and the section's own.
 */
export function assertValidPlan(plan: Plan): void {
  const details = validatePlan(plan)
    ? plan.production === undefined
      ? []
      : production().productionSchemaErrors(plan.production)
    : (validatePlan.errors ?? [{ instancePath: '', message: 'does not match' }]).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  if (details.length > 0) throw new Error(`internal error: the plan does not match schemas/plan.schema.json: ${details.join('; ')}`);
}
