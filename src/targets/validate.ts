import validatePlan from '../generated/validate-plan.js';
import type { Plan } from './types.js';

/**
 * A plan that breaks its own schema (schemas/plan.schema.json, generated from targets/types.ts) is a
 * bug in the planner: every command stops on it, before anything is printed or written
 * (runPipeline calls this once).
 */
export function assertValidPlan(plan: Plan): void {
  if (!validatePlan(plan)) {
    const details = (validatePlan.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw new Error(`internal error: the plan does not match schemas/plan.schema.json: ${details}`);
  }
}
