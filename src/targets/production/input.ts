import type { RepoFacts } from '../../analyze/facts.js';
import type { RequirementReach } from '../../analyze/requirement-includes.js';
import type { Plan } from '../../plan/types.js';

/** What the production target plans from: the core plan and facts of the project the image runs, and where that project is. */
export interface ProductionInput {
  plan: Plan;
  facts: RepoFacts;
  /** The project's folder relative to the folder the files go in (the build context): `.`, or the folder --project chose. */
  projectPath: string;
  /** For a requirements layout: the files its requirement files include, and whether one names a local path (analyze/requirement-includes.ts). */
  requirements?: RequirementReach;
}
