import type { Plan } from '../plan/types.js';
import validatePlan from '../generated/validate-plan.js';
import { renderDevcontainerJson } from './devcontainer-json.js';
import { renderCheckScript } from './check-script.js';
import { renderDockerfile } from './dockerfile.js';
import { CHECK_SCRIPT_PATH } from '../plan/tables.js';

export interface RenderedFile {
  /** Repository-relative path, forward slashes. */
  path: string;
  content: string;
}

/** Every file the generator owns, in a stable order. */
export function renderFiles(plan: Plan): RenderedFile[] {
  assertValidPlan(plan);
  return [
    { path: '.devcontainer/devcontainer.json', content: renderDevcontainerJson(plan) },
    { path: '.devcontainer/Dockerfile', content: renderDockerfile(plan) },
    { path: CHECK_SCRIPT_PATH, content: renderCheckScript(plan) },
  ];
}

/** A plan that breaks its own schema is a bug in the planner; stop before anything is written. */
export function assertValidPlan(plan: Plan): void {
  if (!validatePlan(plan)) {
    const details = (validatePlan.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw new Error(`internal error: the plan does not match schemas/plan.schema.json: ${details}`);
  }
}
