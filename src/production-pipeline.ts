import * as path from 'node:path';
import { readProductionManifest } from './analyze/deploy.js';
import { openRepo } from './analyze/repo-reader.js';
import { requirementReach } from './analyze/requirement-includes.js';
import { DEVCONTAINER_SCOPE } from './diagnostic-scope.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { PRODUCTION_PATHS } from './outputs.js';
import { compareWithDisk, type PipelineOk, type PipelineResult, type PreparedWrites, planRepository, type RunPlace, runPipeline } from './pipeline.js';
import type { OptionRequest } from './plan/options.js';
import { renderFiles } from './render/files.js';
import { shellWord } from './render/quote.js';
import { production, productionRecord } from './targets/production/index.js';
import { runtimeRequirementFiles } from './targets/production/install.js';
import { type ProductionOptions, productionOptionWords } from './targets/production/options.js';
import { planProduction } from './targets/production/plan.js';
import { settleProductionOptions } from './targets/production/remembered.js';
import { assertValidPlan } from './targets/validate.js';

/**
 * analyze -> core plan -> production section, for `gen-devcontainer production` and `plan
 * --production`. In a folder of several projects, --project names the one the image runs: the core
 * plan is then that folder's (its Python, its lock), and this folder, which holds what it needs, is
 * the build context. The result's plan carries `production`; the dev container's refusals before
 * writing are not this command's (it writes nothing of the dev container's).
 */
export function runProductionPipeline(dir: string, request: OptionRequest, given: ProductionOptions, place: RunPlace = {}, forget: readonly string[] | 'all' = []): PipelineResult {
  // The plan options a run without options uses are those deploy/'s manifest records, not the dev container's.
  const root = runPipeline(dir, request, place, (_facts, reader) => readProductionManifest(reader));
  if (!root.ok) return root;
  const diagnostics: Diagnostic[] = root.diagnostics.filter(aboutProduction);
  const manifest = readProductionManifest(root.reader);
  const { options, remembered } = settleProductionOptions(given, forget, manifest?.production, PRODUCTION_PATHS.manifest, diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  if (remembered.length > 0)
    diagnostics.push({
      level: 'info',
      code: 'options-remembered',
      message: `production options remembered from the last run (${PRODUCTION_PATHS.manifest}): ${productionOptionWords(Object.fromEntries(remembered.map((k) => [k, options[k]])))
        .map((w) => shellWord(w))
        .join(' ')}; an option given replaces its value, --forget NAME drops one`,
      file: PRODUCTION_PATHS.manifest,
    });
  const chosen = chooseProject(root, options.project, request, diagnostics);
  if (!chosen) return { ok: false, diagnostics };
  const { facts, reader } = chosen.result;
  // The requirement files' includes and local paths, read through the project's reader (the analysis stage's facade).
  const requirements = chosen.result.plan.layout.value === 'requirements' ? requirementReach(reader, runtimeRequirementFiles(facts).files) : undefined;
  const input = { plan: chosen.result.plan, facts, projectPath: chosen.projectPath, ...(requirements ? { requirements } : {}) };
  const planned: Diagnostic[] = [];
  const section = planProduction(input, { ...options, dev: request.given.noDev === false }, planned);
  // The project's files are named from this folder, where the command runs (libs/core/pyproject.toml).
  diagnostics.push(...planned.map((d) => inFolder(d, chosen.projectPath)));
  if (!section || hasErrors(diagnostics)) return { ok: false, diagnostics };
  const plan = { ...chosen.result.plan, options: [...chosen.result.plan.options, ...productionOptionWords(options)], production: section };
  assertValidPlan(plan);
  return { ...root, plan, facts: chosen.result.facts, diagnostics, beforeWriting: [] };
}

/** A diagnostic about a file of the project in `folder`, with the file named from the folder the command runs in. */
function inFolder(d: Diagnostic, folder: string): Diagnostic {
  return d.file === undefined || folder === '.' ? d : { ...d, file: path.posix.normalize(path.posix.join(folder, d.file)) };
}

/**
 * What the core plan says that concerns the image too: every error (the run stops on it), and the
 * notes and warnings, but those about the dev container's own configuration (.devcontainer/,
 * .devcontainer.json: its lifecycle commands, mounts, other configurations), which the image never reads.
 */
function aboutProduction(d: Diagnostic): boolean {
  if (d.level === 'error') return true;
  if (DEVCONTAINER_SCOPE.has(d.code)) return false;
  return d.file === undefined || !(d.file === '.devcontainer.json' || d.file.startsWith('.devcontainer/'));
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
    diagnostics.push(...sub.diagnostics.map((d) => inFolder(d, found)));
    return undefined;
  }
  diagnostics.push(...sub.diagnostics.filter((d) => d.level !== 'info' && aboutProduction(d)).map((d) => inFolder(d, found)));
  return { result: sub, projectPath: found };
}

/** render -> compare with the disk, for the production files only, under their own manifest (deploy/): what prepareWrites does for the dev container. */
export function prepareProductionWrites(result: PipelineOk, options: { writing: boolean }): PreparedWrites {
  const { plan, reader, force } = result;
  const rendering = renderFiles(plan, undefined, force, production.outputs, plan.production!.outputs.manifest.file, productionRecord(plan));
  return compareWithDisk(result, rendering.files, readProductionManifest(reader)?.hashes ?? {}, options.writing, [...rendering.diagnostics]);
}
