import { projectLabel } from '../../render/header.js';
import { commentText, dotenvValue, shellWord } from '../../render/quote.js';
import type { Plan } from '../types.js';

export type EnvFormat = 'sh' | 'dotenv' | 'json';
export const ENV_FORMATS: readonly EnvFormat[] = ['sh', 'dotenv', 'json'];

/**
 * The container's uv variables for use outside the dev container: CI, a plain `docker run` with
 * the same volume, a shell. PATH is extended, never replaced, wherever the format allows it.
 */
export function renderEnv(plan: Plan, format: EnvFormat): string {
  const path = plan.pathPrepend.value.join(':');
  // A value kept from the user's devcontainer.json may hold a dev container variable, which only the Dev Container CLI substitutes.
  const variables = plan.env.some((v) => v.value.includes('${'))
    ? ['# Values with ${...} hold dev container variables (${localWorkspaceFolder}, ...): outside the dev container, put in what they stand for.']
    : [];
  switch (format) {
    case 'sh':
      return [
        `# uv layout of ${commentText(projectLabel(plan))}: everything under ${plan.volume.target.value} (one mount).`,
        ...variables,
        ...plan.env.map((v) => `export ${v.name}=${shellWord(v.value)}`),
        `export PATH=${shellWord(path)}":$PATH"`,
        '',
      ].join('\n');
    case 'dotenv':
      return [
        `# uv layout of ${commentText(projectLabel(plan))}: everything under ${plan.volume.target.value} (one mount).`,
        `# PATH cannot be extended in this format; put ${path} in front of it.`,
        ...variables,
        ...plan.env.map((v) => `${v.name}=${dotenvValue(v.value)}`),
        '',
      ].join('\n');
    case 'json':
      return `${JSON.stringify({ env: Object.fromEntries(plan.env.map((v) => [v.name, v.value])), pathPrepend: plan.pathPrepend.value }, null, 2)}\n`;
  }
}
