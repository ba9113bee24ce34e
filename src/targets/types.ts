import type { CorePlan } from '../plan/types.js';
import type { DevcontainerPlan } from './devcontainer/types.js';
import type { ProductionPlan } from './production/types.js';

/**
 * Where everything uv writes lives, with the source and reason of each decision: the core plan, which any target can stand on, and under `devcontainer` what only the dev container needs. Printed by `gen-devcontainer plan --json`.
 * @title gen-devcontainer plan
 */
export interface Plan extends CorePlan {
  /** What only the dev container target needs (src/targets/devcontainer/). */
  devcontainer: DevcontainerPlan;
  /** The production image and its manifests (src/targets/production/): only in a `gen-devcontainer production` run, or `plan --production`. */
  production?: ProductionPlan;
}

/** The keys of the targets' own sections: each target's planning fills one (targets/target.ts, TargetPlanning). */
export type SectionKey = Exclude<keyof Plan, keyof CorePlan>;
