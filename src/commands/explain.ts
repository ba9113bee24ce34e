import { EXIT, type Io } from '../cli/io.js';
import { type PlanArgs, toPlanOptions } from '../cli/options.js';
import { runPipeline } from '../pipeline.js';
import { renderLayoutText } from '../render/layout.js';
import { describePlan } from './describe-plan.js';
import { reportDiagnostics } from './report.js';

/** The layout as a picture, then every decision with its source and reason. */
export function explainCommand(args: PlanArgs, io: Io, version: string): number {
  const result = runPipeline(args.dir, toPlanOptions(args, version));
  reportDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT.usage;
  io.stdout(`${renderLayoutText(result.plan)}\n${describePlan(result.plan)}`);
  return EXIT.ok;
}
