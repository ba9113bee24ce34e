import type { Target } from '../target.js';
import { ENV_FORMATS, type EnvFormat, renderEnv } from './render.js';

/**
 * The core plan's variables and PATH for use outside a dev container (CI, a plain `docker run`
 * with the same volume, a shell): printed by `gen-devcontainer env`, no file written.
 */
export const env: Target = {
  name: 'env',
  outputs: [],
  print: { formats: ENV_FORMATS, render: (plan, format) => renderEnv(plan, format as EnvFormat) },
};
