import type { Target } from '../target.js';
import { OUTPUTS } from './outputs.js';
import { DEVCONTAINER_PLANNING } from './plan.js';

/**
 * The dev container: its own decisions (plan.ts: the plan's `devcontainer` section), and
 * devcontainer.json (or the user's, edited), a Dockerfile (or a block in the
 * user's), a Compose override, the lifecycle and check scripts and a README (outputs.ts here).
 */
export const devcontainer: Target = {
  name: 'devcontainer',
  planning: DEVCONTAINER_PLANNING,
  // Read when asked, so that the registry of outputs stays the one place that lists them.
  get outputs() {
    return OUTPUTS;
  },
};
