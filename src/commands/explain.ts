import { EXIT, type Io } from '../cli/io.js';
import { type PlanArgs, toPlanOptions } from '../cli/options.js';
import { runPipeline } from '../pipeline.js';
import { renderLayoutText } from '../render/layout.js';
import { describePlan } from './describe-plan.js';
import { reportDiagnostics, reportRefusal, writeProblems } from './report.js';

/** The layout as a picture, then every decision with its source and reason; exit 2 when writing it would be refused. */
export function explainCommand(args: PlanArgs & { force?: boolean }, io: Io, version: string): number {
  const result = runPipeline(args.dir, toPlanOptions(args, version));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const problems = writeProblems(result, args.force === true);
  reportDiagnostics(io, [...result.diagnostics, ...problems]);
  io.stdout(`${renderLayoutText(result.plan)}\n${describePlan(result.plan)}`);
  return reportRefusal(io, problems) ? EXIT.usage : EXIT.ok;
}
