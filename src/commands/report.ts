import { type Diagnostic, formatDiagnostic, hasErrors, printableLines } from '../diagnostics.js';
import { planFolder } from '../library.js';
import { prepareProductionWrites, runProductionPipeline } from '../production-pipeline.js';
import type { ProductionOptions } from '../targets/production/options.js';
import type { Plan } from '../targets/types.js';
import { type PlanArgs, runPlace, toPlanOptions } from './args.js';
import { EXIT, type Io } from './io.js';

/** Diagnostics go to stderr, once, errors first. */
export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort((a, b) => order[a.level] - order[b.level]);
  for (const d of sorted) io.stderr(`${formatDiagnostic(d)}\n`);
}

/**
 * After the diagnostics of a plan (library.ts planFolder: what a plain `gen-devcontainer` run
 * would refuse, errors with exit 2, or keep of yours, warnings; with --force, as
 * `gen-devcontainer --force` would): says that the output stands, but a write would not.
 */
export function reportRefusal(io: Io, writeRefused: boolean): boolean {
  if (!writeRefused) return false;
  io.stderr('gen-devcontainer: writing these files would be refused (the error above says why and what to do); exit 2\n');
  return true;
}

/**
 * `plan` and `explain`: the pipeline, every diagnostic with what writing would refuse, then the
 * output, printed even when writing would be refused (exit 2 then, with generate's own message).
 */
export function printPlan(args: PlanArgs & { force?: boolean }, io: Io, version: string, render: (plan: Plan) => string, production?: ProductionOptions): number {
  if (!production) {
    const planned = planFolder(args.dir, toPlanOptions(args, version), runPlace(args, io));
    reportDiagnostics(io, planned.diagnostics);
    if (!planned.ok) return EXIT.usage;
    io.stdout(printableLines(render(planned.plan)));
    return reportRefusal(io, planned.writeRefused) ? EXIT.usage : EXIT.ok;
  }
  // --production: the plan of `gen-devcontainer production`, and what writing deploy/ would refuse.
  const result = runProductionPipeline(args.dir, toPlanOptions(args, version), production, runPlace(args, io));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const problems = prepareProductionWrites(result, { writing: true }).diagnostics.filter((d) => d.level !== 'info');
  reportDiagnostics(io, [...result.diagnostics, ...problems]);
  io.stdout(printableLines(render(result.plan)));
  return reportRefusal(io, hasErrors(problems)) ? EXIT.usage : EXIT.ok;
}
