import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PlanOptions } from '../plan/options.js';
import type { CoreDecisions } from '../plan/plan.js';
import type { Step } from '../plan/step.js';
import type { CorePlan } from '../plan/types.js';
import type { OutputRenderer } from '../render/files.js';
import type { Plan, SectionKey } from './types.js';

/**
 * One thing the core plan (plan/types.ts: the Python, uv and its pin, the folders on the volume,
 * the variables, the user) is turned into. A target stands on the plan and adds its own: its
 * decisions (`planning`: a section of the plan of its own, and the refusals a write makes), the
 * files it writes (`outputs`, rendered, recorded in the manifest and compared by --check like
 * every other), and what it prints (`print`). Imports go one way: a target imports the core (plan/,
 * render/), and nothing in the core imports a target. A new target is a folder of its own under
 * targets/, one line in TARGETS (targets/index.ts) and, when it plans, one field in Plan
 * (targets/types.ts).
 */
export interface Target {
  /** The word that names it. */
  name: string;
  /** Its own decisions, made on the finished core plan (targets/plan.ts runs them); none for a target that only formats the core. */
  planning?: TargetPlanning;
  /** The files it writes, in order; none for a target that only prints. */
  outputs: readonly OutputRenderer<Plan>[];
  /**
   * The command that writes it, for a target whose files go into a folder of their own and only by
   * that command (`gen-devcontainer feature DIR`), never by the default command: its `outputs` are none.
   */
  command?: string;
  /** What it prints on stdout (`gen-devcontainer env`), in one of `formats`. */
  print?: { formats: readonly string[]; render(plan: Plan, format: string): string };
}

/** The files the targets write, in order. */
export function targetOutputs(targets: readonly Target[]): OutputRenderer<Plan>[] {
  return targets.flatMap((t) => t.outputs);
}

/** What the target of this name prints (`env`). */
export function printingTarget(name: string, targets: readonly Target[]): NonNullable<Target['print']> {
  const found = targets.find((t) => t.name === name)?.print;
  if (!found) throw new Error(`no target prints as ${name}`);
  return found;
}

/** What a target's decisions stand on: the finished core plan, the repository, the options, and what the core decided beside the plan's data. */
export interface TargetInput {
  readonly plan: CorePlan;
  readonly facts: RepoFacts;
  readonly options: PlanOptions;
  readonly decided: CoreDecisions;
}

/**
 * The slots a target's steps fill, on top of what they stand on: `section`, the target's part of
 * the plan (filled once, by its last step), and `beforeWriting`, what a write of the plan must
 * refuse (errors) or warn about, decided with the run's --force (options.force).
 */
export interface TargetDraft<K extends SectionKey = SectionKey> extends TargetInput {
  section?: Plan[K];
  beforeWriting?: Diagnostic[];
}

/**
 * A target's own planning: a fresh draft on the core (`draft`, with the slots of its own), then its
 * steps in order, each filling one slot (the core's Step: plan/step.ts); a step returning `false`
 * leaves no plan. The section goes under the plan's key `section`.
 */
export interface TargetPlanning<K extends SectionKey = SectionKey, D extends TargetDraft<K> = TargetDraft<K>> {
  section: K;
  draft(on: TargetInput): D;
  steps: readonly Step<D>[];
}
