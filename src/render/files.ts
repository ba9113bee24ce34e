import type { ExistingDevcontainerFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { type Owner, renderManifest } from '../ownership.js';
import { recordOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import type { Json } from './jsonc.js';

/** What an output's renderer is given besides the plan. */
export interface OutputContext {
  /** The output's path, from the plan. */
  file: string;
  /** The earlier run's and the user's files, as the analyzer read them. */
  existing: ExistingDevcontainerFacts | undefined;
  force: boolean;
  /** Where a renderer says what it kept, replaced or refused. */
  diagnostics: Diagnostic[];
}

export interface RenderedOutput {
  content: string;
  /** `generated`: written whole; `user`: the user's file, edited around their content. */
  owner: Owner;
  /** The devcontainer.json values this tool owns, for the manifest (only the config output has them). */
  managedValues?: Record<string, Json>;
}

/**
 * One file a target writes (the dev container's: targets/devcontainer/outputs.ts, with their
 * default paths in src/outputs.ts): where the plan puts it, and how it is rendered. The manifest
 * is no entry: it is written last, from what the entries produced (renderFiles).
 */
export interface OutputRenderer {
  id: string;
  /** The file's path in this plan; undefined when this plan writes no such file. */
  path(plan: Plan): string | undefined;
  /** The file's text; undefined when it cannot be written (a diagnostic says why). */
  render(plan: Plan, context: OutputContext): RenderedOutput | undefined;
}

export interface RenderedFile {
  /** Repository-relative path, forward slashes. */
  path: string;
  content: string;
  /**
   * `generated`: written whole by this tool. `user`: the user's file, edited around their content.
   * `record`: the manifest, this tool's own bookkeeping, rewritten whenever it changes.
   */
  owner: Owner;
}

export interface Rendering {
  files: RenderedFile[];
  /** What was kept, replaced or combined in the user's files, and anything that stops the run. */
  diagnostics: Diagnostic[];
}

/**
 * Every file the targets write (`outputs`, in the order of the targets' registries: targets/): generated whole, or (for
 * files the user owns) the user's text with the plan's part edited in; then the manifest, written
 * last from what the others produced. Pure: the existing texts come from the analyzer.
 */
export function renderFiles(
  plan: Plan,
  existing: ExistingDevcontainerFacts | undefined,
  force: boolean,
  outputs: readonly OutputRenderer[],
  manifest: string = plan.devcontainer.outputs.manifest.file,
): Rendering {
  const diagnostics: Diagnostic[] = [];
  const files: RenderedFile[] = [];
  let managedValues: Record<string, Json> = {};
  for (const output of outputs) {
    const file = output.path(plan);
    if (file === undefined) continue;
    const rendered = output.render(plan, { file, existing, force, diagnostics });
    if (!rendered) continue;
    files.push({ path: file, content: rendered.content, owner: rendered.owner });
    if (rendered.managedValues) managedValues = rendered.managedValues;
  }
  files.push({ path: manifest, content: renderManifest(plan.generator.version, files, managedValues, recordOptions(plan.options), productionRecord(plan)), owner: 'record' });
  return { files, diagnostics };
}

/** deploy/'s manifest records the production options as `{"command": "serve", "with-uv": true}`. */
function productionRecord(plan: Plan): Record<string, string | true> | undefined {
  return plan.production && Object.fromEntries(plan.production.options.map((o) => [o.flag, o.value ?? true]));
}
