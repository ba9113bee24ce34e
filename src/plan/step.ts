import type { Diagnostic } from '../diagnostics.js';

/**
 * One decision of the planner: it fills one slot of a draft and adds its diagnostics to the plan's
 * one list, and returns `false` when an error leaves nothing for the steps after it. The core's
 * steps (plan.ts) and each target's (targets/target.ts, TargetPlanning) have this shape.
 */
export interface Step<C> {
  /** What the step decides: the slot it fills. */
  name: string;
  run(context: C, diagnostics: Diagnostic[]): boolean | undefined;
}
