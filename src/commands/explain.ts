import type { Plan } from '../plan/types.js';
import { renderLayoutText } from '../targets/devcontainer/layout.js';
import { renderProductionLayoutText } from '../targets/production/layout.js';
import type { ProductionOptions } from '../targets/production/options.js';
import type { PlanArgs } from './args.js';
import { describePlan } from './describe-plan.js';
import type { Io } from './io.js';
import { productionOptions } from './production-args.js';
import { printPlan } from './report.js';

/** The layout as a picture, then every decision with its source and reason; exit 2 when writing it would be refused. */
export function explainCommand(args: PlanArgs & ProductionOptions & { force?: boolean; production?: boolean }, io: Io, version: string): number {
  // A production option (--image, --port, ...) means the production plan as much as --production does.
  const given = productionOptions(args);
  const production = args.production || Object.keys(given).length > 0 ? given : undefined;
  // --production: the production container's picture instead of the dev container's.
  const picture = (plan: Plan) => (plan.production ? renderProductionLayoutText(plan) : renderLayoutText(plan));
  return printPlan(args, io, version, (plan) => `${picture(plan)}\n${describePlan(plan)}`, production);
}
