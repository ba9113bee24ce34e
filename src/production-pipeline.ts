import * as path from 'node:path';
import { readProductionHashes } from './analyze/deploy.js';
import { openRepo } from './analyze/repo-reader.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { type PipelineOk, type PipelineResult, type PreparedWrites, planRepository, type RunPlace, runPipeline } from './pipeline.js';
import type { OptionRequest } from './plan/options.js';
import { assertValidPlan } from './plan/validate.js';
import { renderFiles } from './render/files.js';
import { production } from './targets/production/index.js';
import { type ProductionOptions, productionOptionWords } from './targets/production/options.js';
import { planProduction } from './targets/production/plan.js';
import { conflictDiagnostic, planWrites, refusalBeforeWriting, refusalDiagnostic } from './write/writer.js';

/**
 * analyze -> core plan -> production section, for `gen-devcontainer production` and `plan
 * --production`. In a folder of several projects, --project names the one the image runs: the core
 * plan is then that folder's (its Python, its lock), and this folder, which holds what it needs, is
 * the build context. The result's plan carries `production`; the dev container's refusals before
 * writing are not this command's (it writes nothing of the dev container's).
 */
export function runProductionPipeline(dir: string, request: OptionRequest, options: ProductionOptions, place: RunPlace = {}): PipelineResult {
  const root = runPipeline(dir, request, place);
  if (!root.ok) return root;
  const diagnostics: Diagnostic[] = [...root.diagnostics];
  const chosen = chooseProject(root, options.project, request, diagnostics);
  if (!chosen) return { ok: false, diagnostics };
  const section = planProduction({ plan: chosen.result.plan, facts: chosen.result.facts, projectPath: chosen.projectPath }, { ...options, dev: request.given.noDev === false }, diagnostics);
  if (!section || hasErrors(diagnostics)) return { ok: false, diagnostics };
  const plan = { ...chosen.result.plan, options: [...chosen.result.plan.options, ...productionOptionWords(options)], production: section };
  assertValidPlan(plan);
  return { ...root, plan, facts: chosen.result.facts, diagnostics, beforeWriting: [] };
}

/** The project the image runs: this folder's, or in a folder of several projects the one --project names. */
function chooseProject(root: PipelineOk, project: string | undefined, request: OptionRequest, diagnostics: Diagnostic[]): { result: PipelineOk; projectPath: string } | undefined {
  const projects = root.facts.projects;
  if (root.plan.layout.value !== 'several-projects' || !projects) {
    if (project === undefined) return { result: root, projectPath: '.' };
    diagnostics.push({
      level: 'error',
      code: 'production-project-invalid',
      message: `--project ${JSON.stringify(project)}: this folder is one project (${root.plan.layout.value}), not a folder of several`,
      hint: 'leave --project out',
    });
    return undefined;
  }
  const listed = projects.map((p) => p.path);
  const wanted = project === undefined ? undefined : path.posix.normalize(project.replace(/\\/g, '/')).replace(/\/+$/, '');
  const found = listed.find((p) => p === wanted);
  if (found === undefined) {
    diagnostics.push({
      level: 'error',
      code: project === undefined ? 'production-several-projects' : 'production-project-invalid',
      message: `${project === undefined ? 'this folder holds' : `--project ${JSON.stringify(project)} is none of`} ${listed.length} independent projects (${listed.slice(0, 10).join(', ')}${listed.length > 10 ? ', ...' : ''})${project === undefined ? ', and a production image runs one' : ''}`,
      hint: `name the one the image runs: --project ${listed[0]}${listed.length > 1 ? ` (or ${listed.slice(1, 4).join(', ')}${listed.length > 4 ? ', ...' : ''})` : ''}; the build context stays this folder, so path sources between them are in it`,
    });
    return undefined;
  }
  const sub = planRepository(openRepo(path.join(root.reader.root, found)), request);
  if (!sub.ok) {
    diagnostics.push(...sub.diagnostics.map((d) => (d.file ? { ...d, file: path.posix.join(found, d.file) } : d)));
    return undefined;
  }
  diagnostics.push(...sub.diagnostics.filter((d) => d.level !== 'info'));
  return { result: sub, projectPath: found };
}

/** render -> compare with the disk, for the production files only, under their own manifest (deploy/): what prepareWrites does for the dev container. */
export function prepareProductionWrites(result: PipelineOk, options: { writing: boolean }): PreparedWrites {
  const { plan, reader, force } = result;
  const section = plan.production!;
  const rendering = renderFiles(plan, undefined, force, production.outputs, section.outputs.manifest.file);
  const diagnostics = [...rendering.diagnostics];
  const actions = planWrites(reader, rendering.files, readProductionHashes(reader), diagnostics);
  if (options.writing) {
    if (!force) diagnostics.push(...actions.filter((a) => a.status === 'conflict').map(conflictDiagnostic));
    const refusal = refusalBeforeWriting(reader.root);
    if (refusal) diagnostics.push(refusalDiagnostic(refusal));
  }
  return { actions, diagnostics };
}
