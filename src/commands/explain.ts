import { renderLayoutText } from '../targets/devcontainer/layout.js';
import type { PlanArgs } from './args.js';
import { describePlan } from './describe-plan.js';
import type { Io } from './io.js';
import { printPlan } from './report.js';

/** The layout as a picture, then every decision with its source and reason; exit 2 when writing it would be refused. */
export function explainCommand(args: PlanArgs & { force?: boolean }, io: Io, version: string): number {
  return printPlan(args, io, version, (plan) => `${renderLayoutText(plan)}\n${describePlan(plan)}`);
}
