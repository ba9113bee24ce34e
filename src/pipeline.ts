import * as path from 'node:path';
import { analyzeRepo } from './analyze/analyze.js';
import type { RepoFacts } from './analyze/facts.js';
import { openRepo, type RepoReader, RootNotFoundError } from './analyze/repo-reader.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { MANIFEST_FILE } from './ownership.js';
import { linkDiagnostics } from './plan/links.js';
import { type OptionRequest, readRecordedOptions, rememberedDiagnostics, settleOptions } from './plan/options.js';
import { planDevcontainer } from './plan/plan.js';
import type { Plan } from './plan/types.js';
import { userSettingsDiagnostics } from './plan/user-uv-settings.js';
import { assertValidPlan } from './plan/validate.js';
import { workspacePairDiagnostics } from './plan/workspace-mount.js';
import { renderFiles } from './render/files.js';
import { conflictDiagnostic, planWrites, refusalBeforeWriting, refusalDiagnostic, type WriteAction } from './write/writer.js';

export type PipelineOk = { ok: true; reader: RepoReader; facts: RepoFacts; plan: Plan; diagnostics: Diagnostic[] };
export type PipelineResult = PipelineOk | { ok: false; diagnostics: Diagnostic[] };

/**
 * analyze -> plan, for every command. Stops at the first stage that reports an error; the plan is
 * checked against its schema. The options are the command line's over those the manifest recorded
 * (plan/options.ts, settleOptions).
 */
export function runPipeline(dir: string, options: OptionRequest): PipelineResult {
  let reader: RepoReader;
  try {
    reader = openRepo(dir);
  } catch (err) {
    if (err instanceof RootNotFoundError) {
      return { ok: false, diagnostics: [{ level: 'error', code: 'directory-not-found', message: err.message, hint: 'pass the path of a repository folder, or run inside one' }] };
    }
    throw err;
  }
  return planRepository(reader, options);
}

/** analyze -> plan over any reader (the disk's, or a test's in memory). */
export function planRepository(reader: RepoReader, request: OptionRequest): PipelineResult {
  const analysis = analyzeRepo(reader, path.basename(reader.root));
  if (hasErrors(analysis.diagnostics)) return { ok: false, diagnostics: analysis.diagnostics };
  const manifest = analysis.facts.devcontainer?.manifest;
  const at = { file: manifest?.file ?? MANIFEST_FILE, lines: manifest?.options?.lines ?? {} };
  const recorded = readRecordedOptions(manifest?.options?.value, at);
  if (hasErrors(recorded.diagnostics)) return { ok: false, diagnostics: [...analysis.diagnostics, ...recorded.diagnostics] };
  const { options, remembered } = settleOptions(request, recorded.values);
  const planned = planDevcontainer(analysis.facts, options);
  const diagnostics = rememberedDiagnostics(remembered, options, at, [...analysis.diagnostics, ...planned.diagnostics]);
  if (!planned.plan || hasErrors(diagnostics)) return { ok: false, diagnostics };
  assertValidPlan(planned.plan);
  return { ok: true, reader, facts: analysis.facts, plan: planned.plan, diagnostics };
}

/** What a run would write, and every reason it would refuse to (errors), with what it would keep or replace in your files. */
export interface PreparedWrites {
  actions: WriteAction[];
  diagnostics: Diagnostic[];
}

/**
 * render -> compare with the disk: everything `generate` checks before it writes, in one place.
 * `writing`: the run means to write (not --check, --diff or --dry-run), so a file in the way that
 * is not the tool's (or that was edited since the tool wrote it) and a lock held by a live run stop
 * it, unless `force` lets it replace such files. `plan`, `explain` and `env` ask it as a plain
 * `gen-devcontainer` run would, so that they never print a plan that writing would refuse without
 * saying so.
 */
export function prepareWrites(result: PipelineOk, options: { writing: boolean; force: boolean }): PreparedWrites {
  const { plan, reader, facts } = result;
  // The user's own uv settings and workspace pair, and links to the files written: nothing is rendered unless --force.
  const choices = [...userSettingsDiagnostics(plan.userSettings, options.force), ...workspacePairDiagnostics(plan.workspaceMount, options.force), ...linkDiagnostics(plan.links, options.force)];
  if (hasErrors(choices)) return { actions: [], diagnostics: choices };
  const rendering = renderFiles(plan, facts.devcontainer, options.force);
  const diagnostics = [...choices, ...rendering.diagnostics];
  const actions = planWrites(reader, rendering.files, facts.devcontainer?.manifest?.hashes ?? {}, diagnostics);
  if (options.writing) {
    if (!options.force) diagnostics.push(...actions.filter((a) => a.status === 'conflict').map(conflictDiagnostic));
    const refusal = refusalBeforeWriting(reader.root);
    if (refusal) diagnostics.push(refusalDiagnostic(refusal));
  }
  return { actions, diagnostics };
}
