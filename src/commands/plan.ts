import type { ProductionOptions } from '../targets/production/options.js';
import type { PlanArgs } from './args.js';
import { describePlan } from './describe-plan.js';
import type { Io } from './io.js';
import { productionOptions } from './production-args.js';
import { printPlan } from './report.js';

/** The plan, printed even when writing it would be refused: then exit 2, with generate's own message. */
export function planCommand(args: PlanArgs & ProductionOptions & { json?: boolean; force?: boolean; production?: boolean }, io: Io, version: string): number {
  // A production option (--image, --port, ...) means the production plan as much as --production does.
  const given = productionOptions(args);
  const production = args.production || Object.keys(given).length > 0 ? given : undefined;
  return printPlan(args, io, version, (plan) => (args.json ? `${JSON.stringify(plan, null, 2)}\n` : describePlan(plan)), production);
}
