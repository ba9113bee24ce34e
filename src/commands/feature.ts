import * as path from 'node:path';
import { planRepository } from '../pipeline.js';
import { neutralRepository, planFeature, uvIndexProblem } from '../targets/feature/plan.js';
import { renderFeature } from '../targets/feature/render.js';
import { packageIdProblem } from '../targets/package-id.js';
import { writePackageFolder } from '../write/package-folder.js';
import { EXIT, type Io } from './io.js';
import { reportDiagnostics } from './report.js';

export interface FeatureArgs {
  out: string;
  uvVersion?: string;
  mountTarget?: string;
  uvIndex?: string;
  force?: boolean;
}

/**
 * Writes the feature folder `out` (its name is the feature's id): the core plan of a repository
 * that says nothing of itself, the feature's decisions on it (targets/feature/plan.ts), rendered.
 */
export function featureCommand(args: FeatureArgs, io: Io, version: string): number {
  const id = path.basename(args.out);
  const problems = [packageIdProblem('feature', id, 'uv-one-volume'), args.uvIndex === undefined ? undefined : uvIndexProblem(args.uvIndex)].filter((d) => d !== undefined);
  if (problems.length > 0) {
    reportDiagnostics(io, problems);
    return EXIT.usage;
  }
  const given = { generatorVersion: version, ...(args.uvVersion ? { uvVersion: args.uvVersion } : {}), ...(args.mountTarget ? { mountTarget: args.mountTarget } : {}) };
  const planned = planRepository(neutralRepository(), { given, forget: [] });
  if (!planned.ok) {
    reportDiagnostics(io, planned.diagnostics);
    return EXIT.usage;
  }
  reportDiagnostics(
    io,
    planned.diagnostics.filter((d) => d.level !== 'info'),
  );
  const feature = planFeature(planned.plan, id, args.uvIndex);
  const result = writePackageFolder(args.out, renderFeature(feature), 'install.sh', args.force === true);
  if ('refused' in result) {
    reportDiagnostics(io, [result.refused]);
    return EXIT.usage;
  }
  for (const file of result.written) io.stdout(`${file.status.padEnd(9)} ${path.join(path.relative(io.cwd || '/', args.out) || '.', file.path)}\n`);
  io.stdout(`Use it beside a devcontainer.json: "features": { "./${id}": {} }; publish it with devcontainer features publish (see the README).\n`);
  return EXIT.ok;
}
