import type { Plan } from '../../plan/types.js';
import type { OutputRenderer } from '../../render/files.js';
import type { Target } from '../target.js';
import { renderProductionDockerfile } from './dockerfile.js';
import { renderCompose, renderDockerignore, renderKubernetes } from './manifests.js';

type ProductionOutput = 'dockerfile' | 'dockerignore' | 'kubernetes' | 'compose';

/** A production file, rendered whole from the plan; none in a plan without a production section (every run but `production`). */
function generated(id: ProductionOutput, render: (plan: Plan) => string): OutputRenderer {
  return {
    id: `production-${id}`,
    path: (plan) => plan.production?.outputs[id].file,
    render: (plan) => ({ content: render(plan), owner: 'generated' }),
  };
}

/**
 * The production image and its manifests (`gen-devcontainer production`): a multi-stage
 * Dockerfile, its ignore file, a Kubernetes Deployment and a compose file, all run with a
 * read-only root and one writable volume. Its outputs have a path only when the plan has a
 * production section, which only the production command plans: the default command, which writes
 * every target's outputs, writes none of these.
 */
export const production: Target = {
  name: 'production',
  outputs: [generated('dockerfile', renderProductionDockerfile), generated('dockerignore', renderDockerignore), generated('kubernetes', renderKubernetes), generated('compose', renderCompose)],
};
