import type { ExistingDevcontainerFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { type Owner, renderManifest } from '../ownership.js';
import { recordOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import type { Json } from './jsonc.js';
import { OUTPUTS, type OutputRenderer } from './outputs.js';

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
 * Every file the plan needs, in the registry's order (render/outputs.ts): generated whole, or (for
 * files the user owns) the user's text with the plan's part edited in; then the manifest, written
 * last from what the others produced. Pure: the existing texts come from the analyzer.
 */
export function renderFiles(plan: Plan, existing: ExistingDevcontainerFacts | undefined, force: boolean, outputs: readonly OutputRenderer[] = OUTPUTS): Rendering {
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
  files.push({ path: plan.devcontainer.outputs.manifest.file, content: renderManifest(plan.generator.version, files, managedValues, recordOptions(plan.options)), owner: 'record' });
  return { files, diagnostics };
}
