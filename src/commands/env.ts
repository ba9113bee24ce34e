import { planFolder } from '../library.js';
import type { EnvFormat } from '../targets/env/render.js';
import { TARGETS } from '../targets/index.js';
import { printingTarget } from '../targets/target.js';
import { type PlanArgs, runPlace, toPlanOptions } from './args.js';
import { EXIT, type Io } from './io.js';
import { reportDiagnostics, reportRefusal } from './report.js';

/** The variables, printed even when writing the dev container would be refused: then exit 2, with generate's own message. */
export function envCommand(args: PlanArgs & { format: EnvFormat; force?: boolean }, io: Io, version: string): number {
  const planned = planFolder(args.dir, toPlanOptions(args, version), runPlace(args, io));
  // Only problems: the output is meant for `eval` or a file, and notes on stderr would just be noise.
  reportDiagnostics(
    io,
    planned.diagnostics.filter((d) => d.level !== 'info'),
  );
  if (!planned.ok) return EXIT.usage;
  // The env target (targets/env/) prints the core plan's variables, found through the target registry.
  io.stdout(printingTarget('env', TARGETS).render(planned.plan, args.format));
  return reportRefusal(io, planned.writeRefused) ? EXIT.usage : EXIT.ok;
}
