import { analyzeRepo } from '../../src/analyze/analyze.js';
import { type Diagnostic, hasErrors } from '../../src/diagnostics.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import type { Plan } from '../../src/targets/types.js';
import { MemoryRepo } from './memory-repo.js';

export type InMemoryRun =
  | { outcome: 'refused'; diagnostics: Diagnostic[] }
  | { outcome: 'written'; plan: Plan; diagnostics: Diagnostic[]; rendered: Record<string, string>; files: Record<string, string> };

/**
 * analyze -> plan -> the refusals the planner decided for a write (PlanResult.beforeWriting) ->
 * render, over a map of files: what a run would write, for fuzz classes of thousands of cases.
 * `files` of a written run is the repository after it, ready for a second run.
 */
export function renderInMemory(files: Record<string, string>, force = false): InMemoryRun {
  const analysis = analyzeRepo(new MemoryRepo(files), 'repo');
  if (hasErrors(analysis.diagnostics)) return { outcome: 'refused', diagnostics: analysis.diagnostics };
  const planned = planTargets(analysis.facts, { generatorVersion: '0.0.0-fuzz', ...(force ? { force } : {}) });
  if (!planned.plan || hasErrors(planned.diagnostics)) return { outcome: 'refused', diagnostics: planned.diagnostics };
  const plan = planned.plan;
  const choices = planned.beforeWriting;
  if (hasErrors(choices)) return { outcome: 'refused', diagnostics: choices };
  const rendering = renderTargets(plan, analysis.facts.devcontainer, force);
  if (hasErrors(rendering.diagnostics)) return { outcome: 'refused', diagnostics: rendering.diagnostics };
  const rendered = Object.fromEntries(rendering.files.map((f) => [f.path, f.content]));
  return { outcome: 'written', plan, diagnostics: rendering.diagnostics, rendered, files: { ...files, ...rendered } };
}

/** How a run ended, for a fuzz tally: written, or refused with its error codes. */
export function outcomeOf(run: InMemoryRun, written = 'written'): string {
  return run.outcome === 'refused' ? `refused (${[...new Set(run.diagnostics.filter((d) => d.level === 'error').map((d) => d.code))].sort().join(' ')})` : written;
}
