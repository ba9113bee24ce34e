import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic, DiagnosticCode } from '../../diagnostics.js';
import type { CorePlan, Decision, EnvVar, StepAction } from '../types.js';

/**
 * Which extras and dependency groups the install step adds to what uv installs by default, from
 * `--extra`, `--all-extras`, `--group`, `--all-groups` and `--no-dev`. Each layout turns it into
 * its install command's words (uv sync flags, `-e .[x]`), checked against what the project declares.
 */
export interface DependencySelection {
  /** As given, each once (names compared as uv compares them). */
  extras: string[];
  allExtras: boolean;
  groups: string[];
  allGroups: boolean;
  noDev: boolean;
}

/** What a layout gets from the rest of the plan. */
export interface LayoutContext {
  facts: RepoFacts;
  /** The volume's mount target: every folder uv writes is below it. */
  root: string;
  /** The project's name as a path segment. */
  slug: string;
  uvVersion: string;
  /** Whether the pinned uv is at least `since`. */
  uvReads(since: string): boolean;
  /** The Python `uv sync` / `uv venv` must be told, when nothing uv reads itself pins one. */
  syncPython: string | undefined;
  /** Extras and dependency groups asked for (--extra, --group, ...): the install step adds them, or says why it cannot. */
  dependencies: DependencySelection;
  diagnostics: Diagnostic[];
}

/** Where the layout's environment lives, and the variables that point uv (and editors) at it. */
export interface LayoutEnvironment {
  path: string;
  reason: string;
  mode: 'single' | 'per-project';
  /** Variables placing the environment, next to the folder's other variables. */
  variables: EnvVar[];
  /** PATH entries in front of the volume's bin folder, and why. */
  pathPrepend: { value: string[]; reason: string };
}

/** The layout's install step, or why there is none. */
export type LayoutInstall = { action: StepAction; reason: string } | undefined;

/**
 * One repository layout: the facts it matches on, and its part of the plan. The planner asks each
 * provider in `LAYOUTS` order (layouts/index.ts); the first whose `detect` answers decides.
 */
export interface LayoutProvider {
  /** `plan.layout.value`. */
  name: string;
  /** What the layout is and how it is served, in a few words, for the plan's reason. */
  summary: string;
  /** The evidence for this layout in the facts (where, and what), or undefined when it does not apply. */
  detect(facts: RepoFacts): { source: string; evidence: string } | undefined;
  /** A uv older than this cannot serve the layout: the plan stops with this message. */
  minimumUv?: { version: string; code: DiagnosticCode; why: string };
  environment(context: LayoutContext): LayoutEnvironment;
  /**
   * The install step for the environment `environment()` placed: what it runs and why, in the
   * plan's own terms; which dev container property runs it (and why there) is that target's
   * (targets/devcontainer/plan.ts, INSTALL_PROPERTY).
   */
  install(context: LayoutContext, environment: LayoutEnvironment): LayoutInstall;
  /** The plan's `python` value where this layout has no one version (each project its own); the provider stays the plan's. */
  python?(context: LayoutContext): Decision<string>;
  /** Fields of the plan only this layout has (a workspace's members, the projects of a folder). */
  extra?(context: LayoutContext, plan: CorePlan): void;
}
