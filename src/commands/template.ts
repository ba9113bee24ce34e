import * as path from 'node:path';
import { planRepository } from '../pipeline.js';
import { RECOMMENDED_PYTHON_MINOR } from '../plan/tables.js';
import { packageIdProblem } from '../targets/package-id.js';
import { leftOutOfTemplate, type TemplatePlan, templateOptions, templateRepository } from '../targets/template/plan.js';
import { renderTemplate } from '../targets/template/render.js';
import type { Plan } from '../targets/types.js';
import { writePackageFolder } from '../write/package-folder.js';
import { EXIT, type Io } from './io.js';
import { reportDiagnostics } from './report.js';

export interface TemplateArgs {
  out: string;
  uvVersion?: string;
  mountTarget?: string;
  force?: boolean;
}

/**
 * Writes the template folder `out` (its name is the template's id): the generator's own plans of a
 * new project, one per value each option is probed with, rendered by the generator's renderers,
 * with each option's placeholder where those files differ (targets/template/render.ts).
 */
export function templateCommand(args: TemplateArgs, io: Io, version: string): number {
  const id = path.basename(args.out);
  const problem = packageIdProblem('template', id, 'uv-one-volume-template');
  if (problem) {
    reportDiagnostics(io, [problem]);
    return EXIT.usage;
  }
  const minor = Number(RECOMMENDED_PYTHON_MINOR.split('.')[1]);
  const options = templateOptions(RECOMMENDED_PYTHON_MINOR, `3.${minor - 1}`);
  const [name, python] = options;
  const plans: Plan[] = [];
  for (const [projectName, pythonVersion] of [
    [name!.probes[0], python!.probes[0]],
    [name!.probes[1], python!.probes[0]],
    [name!.probes[0], python!.probes[1]],
  ] as const) {
    const given = { generatorVersion: version, python: pythonVersion, ...(args.uvVersion ? { uvVersion: args.uvVersion } : {}), ...(args.mountTarget ? { mountTarget: args.mountTarget } : {}) };
    const planned = planRepository(templateRepository(projectName), { given, forget: [] });
    if (!planned.ok) {
      reportDiagnostics(io, planned.diagnostics);
      return EXIT.usage;
    }
    plans.push(planned.plan);
  }
  const template: TemplatePlan = {
    id,
    version,
    options,
    base: plans[0]!,
    varied: plans.slice(1),
    leftOut: leftOutOfTemplate(plans[0]!),
  };
  const result = writePackageFolder(args.out, renderTemplate(template), 'devcontainer-template.json', args.force === true);
  if ('refused' in result) {
    reportDiagnostics(io, [result.refused]);
    return EXIT.usage;
  }
  for (const file of result.written) io.stdout(`${file.status.padEnd(9)} ${path.join(path.relative(io.cwd || '/', args.out) || '.', file.path)}\n`);
  io.stdout(`Publish it with devcontainer templates publish, apply it with devcontainer templates apply (see the README).\n`);
  return EXIT.ok;
}
