import type { Target } from '../target.js';

/**
 * A Dev Container Feature that gives any dev container the one-volume layout: written by
 * `gen-devcontainer feature DIR` alone (commands/feature.ts: plan.ts here decides, render.ts
 * formats), never by the default command.
 */
export const feature: Target = { name: 'feature', outputs: [], command: 'feature' };
