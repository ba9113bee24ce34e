import { type Diagnostic, formatDiagnostic, hasErrors, printableLines } from '../diagnostics.js';
import { type PipelineOk, prepareWrites, runPipeline } from '../pipeline.js';
import type { Plan } from '../plan/types.js';
import { prepareProductionWrites, runProductionPipeline } from '../production-pipeline.js';
import type { ProductionOptions } from '../targets/production/options.js';
import { type PlanArgs, runPlace, toPlanOptions } from './args.js';
import { EXIT, type Io } from './io.js';
import { splitForget } from './production-args.js';

/** Diagnostics go to stderr, once, errors first. */
export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort((a, b) => order[a.level] - order[b.level]);
  for (const d of sorted) io.stderr(`${formatDiagnostic(d)}\n`);
}

/**
 * For the commands that only read (plan, explain, env): what a plain `gen-devcontainer` run would
 * refuse (errors, with exit 2) or keep of yours against the plan (warnings), checked exactly as it
 * checks before writing; with --force (planned with it), as `gen-devcontainer --force` would. Notes on what it would
 * change are left to that run.
 */
export function writeProblems(result: PipelineOk): Diagnostic[] {
  return prepareWrites(result, { writing: true }).diagnostics.filter((d) => d.level !== 'info');
}

/** After the diagnostics of `writeProblems`: says that the output stands, but a write would not. */
export function reportRefusal(io: Io, problems: readonly Diagnostic[]): boolean {
  if (!hasErrors(problems)) return false;
  io.stderr('gen-devcontainer: writing these files would be refused (the error above says why and what to do); exit 2\n');
  return true;
}

/**
 * `plan` and `explain`: the pipeline, every diagnostic with what writing would refuse, then the
 * output, printed even when writing would be refused (exit 2 then, with generate's own message).
 */
export function printPlan(args: PlanArgs & { force?: boolean }, io: Io, version: string, render: (plan: Plan) => string, production?: ProductionOptions): number {
  // --production: the plan of `gen-devcontainer production`, and what writing deploy/ would refuse.
  const result = production ? runProductionPipeline(args.dir, toPlanOptions(args, version), production, runPlace(args, io)) : runPipeline(args.dir, toPlanOptions(args, version), runPlace(args, io));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const problems = production ? prepareProductionWrites(result, { writing: true }).diagnostics.filter((d) => d.level !== 'info') : writeProblems(result);
  reportDiagnostics(io, [...result.diagnostics, ...problems]);
  io.stdout(printableLines(render(result.plan)));
  return reportRefusal(io, problems) ? EXIT.usage : EXIT.ok;
}
