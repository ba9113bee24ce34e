import type { PlanArgs } from './args.js';
import { describePlan } from './describe-plan.js';
import type { Io } from './io.js';
import { printPlan } from './report.js';

/** The plan, printed even when writing it would be refused: then exit 2, with generate's own message. */
export function planCommand(args: PlanArgs & { json?: boolean; force?: boolean }, io: Io, version: string): number {
  return printPlan(args, io, version, (plan) => (args.json ? `${JSON.stringify(plan, null, 2)}\n` : describePlan(plan)));
}
