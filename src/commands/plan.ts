import { EXIT, type Io } from '../cli/io.js';
import { type PlanArgs, toPlanOptions } from '../cli/options.js';
import { runPipeline } from '../pipeline.js';
import { describePlan } from './describe-plan.js';
import { reportDiagnostics, reportRefusal, writeProblems } from './report.js';

/** The plan, printed even when writing it would be refused: then exit 2, with generate's own message. */
export function planCommand(args: PlanArgs & { json?: boolean; force?: boolean }, io: Io, version: string): number {
  const result = runPipeline(args.dir, toPlanOptions(args, version));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const problems = writeProblems(result, args.force === true);
  reportDiagnostics(io, [...result.diagnostics, ...problems]);
  io.stdout(args.json ? `${JSON.stringify(result.plan, null, 2)}\n` : describePlan(result.plan));
  return reportRefusal(io, problems) ? EXIT.usage : EXIT.ok;
}
