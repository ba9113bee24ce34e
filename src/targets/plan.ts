import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { LAYOUTS } from '../plan/layouts/index.js';
import type { LayoutProvider } from '../plan/layouts/provider.js';
import type { PlanOptions } from '../plan/options.js';
import { planCore } from '../plan/plan.js';
import { TARGETS } from './index.js';
import type { Target } from './target.js';
import type { Plan, SectionKey } from './types.js';

export type { PlanOptions } from '../plan/options.js';

export interface PlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
  /**
   * What a write of this plan must refuse (errors) or warn about, decided by the targets with the
   * run's --force (options.force): apart from `diagnostics`, since `plan`, `explain` and `env` print
   * the plan all the same and say that writing would be refused. Empty without a plan.
   */
  beforeWriting: Diagnostic[];
}

/**
 * The whole plan: the core (plan/plan.ts, planCore), then each target's own steps on it, in the
 * order of TARGETS, each filling its section (put after the core's keys, as plan.json shows them)
 * and adding the refusals a write makes. No plan when the core could not be made, or a target's
 * step stopped.
 */
export function planTargets(facts: RepoFacts, options: PlanOptions, layouts: readonly LayoutProvider[] = LAYOUTS, targets: readonly Target[] = TARGETS): PlanResult {
  const core = planCore(facts, options, layouts);
  const { diagnostics } = core;
  if (!core.plan || !core.decided) return { diagnostics, beforeWriting: [] };
  const sections: Partial<Record<SectionKey, Plan[SectionKey]>> = {};
  const beforeWriting: Diagnostic[] = [];
  for (const target of targets) {
    const planning = target.planning;
    if (!planning) continue;
    const draft = planning.draft({ plan: core.plan, facts, options, decided: core.decided });
    for (const step of planning.steps) if (step.run(draft, diagnostics) === false) return { diagnostics, beforeWriting: [] };
    sections[planning.section] = draft.section;
    beforeWriting.push(...(draft.beforeWriting ?? []));
  }
  // Every section a target of Plan fills is there: the schema check (targets/validate.ts) says so when one is not.
  return { plan: { ...core.plan, ...sections } as Plan, diagnostics, beforeWriting };
}
