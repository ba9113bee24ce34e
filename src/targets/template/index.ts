import type { Target } from '../target.js';

/**
 * A Dev Container Template: the generator's files for a new uv project, its name and Python left
 * as the template's options. Written by `gen-devcontainer template DIR` alone
 * (commands/template.ts: plan.ts here decides, render.ts formats), never by the default command.
 */
export const template: Target = { name: 'template', outputs: [], command: 'template' };
