import * as path from 'node:path';
import { analyzeRepo } from './analyze/analyze.js';
import type { RepoFacts } from './analyze/facts.js';
import { openRepo, type RepoReader, RootNotFoundError } from './analyze/repo-reader.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { type PlanOptions, planDevcontainer } from './plan/plan.js';
import type { Plan } from './plan/types.js';
import { assertValidPlan } from './plan/validate.js';

export type PipelineResult = { ok: true; reader: RepoReader; facts: RepoFacts; plan: Plan; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** analyze -> plan, for every command. Stops at the first stage that reports an error; the plan is checked against its schema. */
export function runPipeline(dir: string, options: PlanOptions): PipelineResult {
  let reader: RepoReader;
  try {
    reader = openRepo(dir);
  } catch (err) {
    if (err instanceof RootNotFoundError) {
      return { ok: false, diagnostics: [{ level: 'error', code: 'directory-not-found', message: err.message, hint: 'pass the path of a repository folder, or run inside one' }] };
    }
    throw err;
  }
  const analysis = analyzeRepo(reader, path.basename(reader.root));
  if (hasErrors(analysis.diagnostics)) return { ok: false, diagnostics: analysis.diagnostics };
  const planned = planDevcontainer(analysis.facts, options);
  const diagnostics = [...analysis.diagnostics, ...planned.diagnostics];
  if (!planned.plan || hasErrors(diagnostics)) return { ok: false, diagnostics };
  assertValidPlan(planned.plan);
  return { ok: true, reader, facts: analysis.facts, plan: planned.plan, diagnostics };
}
