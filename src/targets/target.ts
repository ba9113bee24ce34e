import type { Plan } from '../plan/types.js';
import type { OutputRenderer } from '../render/files.js';

/**
 * One thing the core plan (plan/types.ts: the Python, uv and its pin, the folders on the volume,
 * the variables, the user) is turned into. A target stands on the plan and adds its own: the files
 * it writes (`outputs`, rendered, recorded in the manifest and compared by --check like every
 * other), and what it prints (`print`). Imports go one way: a target imports the core (plan/,
 * render/), and nothing in the core imports a target. A new target is a folder of its own under
 * targets/ and one line in TARGETS (targets/index.ts).
 */
export interface Target {
  /** The word that names it. */
  name: string;
  /** The files it writes, in order; none for a target that only prints. */
  outputs: readonly OutputRenderer[];
  /**
   * The command that writes it, for a target whose files go into a folder of their own and only by
   * that command (`gen-devcontainer feature DIR`), never by the default command: its `outputs` are none.
   */
  command?: string;
  /** What it prints on stdout (`gen-devcontainer env`), in one of `formats`. */
  print?: { formats: readonly string[]; render(plan: Plan, format: string): string };
}

/** The files the targets write, in order. */
export function targetOutputs(targets: readonly Target[]): OutputRenderer[] {
  return targets.flatMap((t) => t.outputs);
}

/** What the target of this name prints (`env`). */
export function printingTarget(name: string, targets: readonly Target[]): NonNullable<Target['print']> {
  const found = targets.find((t) => t.name === name)?.print;
  if (!found) throw new Error(`no target prints as ${name}`);
  return found;
}
