import { devcontainer } from './devcontainer/index.js';
import { env } from './env/index.js';
import { production } from './production/index.js';
import type { Target } from './target.js';

/**
 * Every target, in the order its files are written (the manifest, last, records them all). A new
 * target is its folder under targets/ and one line here. `production` writes only in a plan with a
 * production section (`gen-devcontainer production`), under a manifest of its own.
 */
export const TARGETS: readonly Target[] = [devcontainer, env, production];
