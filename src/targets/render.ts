import type { ExistingDevcontainerFacts } from '../analyze/facts.js';
import { type Rendering, renderFiles } from '../render/files.js';
import { TARGETS } from './index.js';
import { targetOutputs } from './target.js';
import type { Plan } from './types.js';

/**
 * Every file the registered targets (TARGETS, read when called) write for this plan, the manifest
 * last (render/files.ts), where the dev container's outputs put it.
 */
export function renderTargets(plan: Plan, existing: ExistingDevcontainerFacts | undefined, force: boolean): Rendering {
  return renderFiles(plan, existing, force, targetOutputs(TARGETS), plan.devcontainer.outputs.manifest.file);
}
