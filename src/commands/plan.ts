import { EXIT, type Io } from '../cli/io.js';
import { type PlanArgs, toPlanOptions } from '../cli/options.js';
import { runPipeline } from '../pipeline.js';
import { describePlan } from './describe-plan.js';
import { reportDiagnostics } from './report.js';

export function planCommand(args: PlanArgs & { json?: boolean }, io: Io, version: string): number {
  const result = runPipeline(args.dir, toPlanOptions(args, version));
  reportDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT.usage;
  io.stdout(args.json ? `${JSON.stringify(result.plan, null, 2)}\n` : describePlan(result.plan));
  return EXIT.ok;
}
