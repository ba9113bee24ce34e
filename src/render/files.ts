import type { ExistingDevcontainerFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { type Owner, renderManifest } from '../ownership.js';
import { recordOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import { renderCheckScript } from './check-script.js';
import { renderComposeOverride } from './compose.js';
import { desiredConfig, removedUserValues, renderDevcontainerJson } from './devcontainer-json.js';
import { renderDockerfile, renderDockerfileBlock, upsertDockerfileBlock } from './dockerfile.js';
import type { Json } from './jsonc.js';
import { renderLayoutReadme } from './layout.js';
import { renderLifecycleScript } from './lifecycle-script.js';
import { mergeConfig, ownedValues } from './merge-config.js';

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
 * Every file the plan needs, in a stable order: generated whole, or (for files the user owns) the
 * user's text with the plan's part edited in. Pure: the existing texts come from the analyzer.
 */
export function renderFiles(plan: Plan, existing: ExistingDevcontainerFacts | undefined, force: boolean): Rendering {
  const diagnostics: Diagnostic[] = [];
  const files: RenderedFile[] = [];
  const { outputs } = plan;

  let managedValues: Record<string, Json> = {};
  if (outputs.config.mode === 'edit' && existing?.config) {
    const merged = mergeConfig(
      existing.config,
      desiredConfig(plan).config,
      force,
      (existing.manifest?.managedValues ?? {}) as Record<string, Json>,
      outputs.config.replaceImage,
      removedUserValues(plan),
    );
    diagnostics.push(...merged.notes);
    managedValues = merged.owned;
    files.push({ path: outputs.config.file, content: `${existing.config.bom ? '\uFEFF' : ''}${merged.text}`, owner: 'user' });
  } else {
    const content = renderDevcontainerJson(plan);
    files.push({ path: outputs.config.file, content, owner: 'generated' });
    // Every value is the tool's, and recorded as such: once the user edits the file (a comment is
    // enough), it is theirs to merge into, value by value, and these stay the plan's to change.
    managedValues = ownedValues(desiredConfig(plan).config);
  }

  if (outputs.dockerfile.mode === 'block') {
    const current = existing?.config?.dockerfile ?? existing?.config?.compose?.dockerfile;
    const target = outputs.dockerfile.target;
    const upserted = upsertDockerfileBlock(current?.text ?? '', renderDockerfileBlock(plan), outputs.dockerfile.file, target);
    if (upserted.diagnostic) diagnostics.push(upserted.diagnostic);
    else {
      files.push({ path: outputs.dockerfile.file, content: upserted.text!, owner: 'user' });
      if (!outputs.dockerfile.file.startsWith('.devcontainer/')) {
        // The same user written as root:root, 0, 0:0 or name:group is no change.
        const written = current?.stage?.user;
        const stageName = written?.value?.split(':')[0];
        const stageUser = written && (stageName === '0' ? 'root' : stageName) !== plan.user.name.value ? written : undefined;
        diagnostics.push({
          level: 'warning',
          code: 'block-outside-devcontainer',
          message: `the uv set-up goes into ${outputs.dockerfile.file}${target ? ` (stage ${target})` : ''}, outside .devcontainer/: if that Dockerfile also builds other images, they get it too${
            stageUser
              ? `, and their user changes: the block ends with USER ${plan.user.name.value}, where the stage's last USER was ${stageUser.written} (line ${stageUser.line}), so an ENTRYPOINT or CMD of such an image runs as ${plan.user.name.value}`
              : ''
          }`,
          file: outputs.dockerfile.file,
          ...(stageUser ? { line: stageUser.line } : {}),
          hint: 'point the dev container at a Dockerfile of its own (or a build target of its own) if that matters',
        });
      }
    }
  } else {
    files.push({ path: outputs.dockerfile.file, content: renderDockerfile(plan), owner: 'generated' });
  }

  if (outputs.compose && existing?.config?.compose) {
    files.push({ path: outputs.compose.file, content: renderComposeOverride(plan, existing.config.compose), owner: 'generated' });
  }

  files.push({ path: outputs.checkScript.file, content: renderCheckScript(plan), owner: 'generated' });
  files.push({ path: outputs.lifecycleScript.file, content: renderLifecycleScript(plan), owner: 'generated' });
  files.push({ path: outputs.readme.file, content: renderLayoutReadme(plan), owner: 'generated' });
  files.push({ path: outputs.manifest.file, content: renderManifest(plan.generator.version, files, managedValues, recordOptions(plan.options)), owner: 'record' });
  return { files, diagnostics };
}
