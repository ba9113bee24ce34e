import type { Plan } from '../../plan/types.js';
import { GENERATED_MARKER } from '../../render/header.js';
import { commentText, shellCommand } from '../../render/quote.js';

/** The words that regenerate the production files: the version that wrote them, `production`, the plan's options and the production ones (plan.production's own record of them). */
export function productionWords(plan: Plan, command: readonly string[] = ['production']): string[] {
  return ['npx', `${plan.generator.name}@${plan.generator.version}`, ...command, ...plan.options];
}

/** The header lines of a production file, without comment syntax. */
export function productionHeader(plan: Plan): string[] {
  return [
    `${GENERATED_MARKER} ${plan.generator.version}. Edits here are overwritten: change the options instead.`,
    `Regenerate: ${shellCommand(productionWords(plan))}`,
    `Why each setting: ${shellCommand(productionWords(plan, ['plan', '--production']))}`,
  ].map(commentText);
}
