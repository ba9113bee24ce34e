import { OUTPUT_FOLDER } from '../../outputs.js';
import type { OutputRenderer } from '../../render/files.js';
import type { Json } from '../../render/jsonc.js';
import type { Plan } from '../types.js';
import { renderCheckScript } from './check-script.js';
import { renderComposeOverride } from './compose.js';
import { desiredConfig, removedUserValues, renderDevcontainerJson } from './devcontainer-json.js';
import { renderDockerfile, renderDockerfileBlock, upsertDockerfileBlock } from './dockerfile.js';
import { renderLayoutReadme } from './layout.js';
import { renderLifecycleScript } from './lifecycle-script.js';
import { mergeConfig, ownedValues } from './merge-config.js';

const config: OutputRenderer<Plan> = {
  id: 'config',
  path: (plan) => plan.devcontainer.outputs.config.file,
  render(plan, { existing, force, diagnostics }) {
    const { outputs } = plan.devcontainer;
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
      return { content: `${existing.config.bom ? '\uFEFF' : ''}${merged.text}`, owner: 'user', managedValues: merged.owned };
    }
    // Every value is the tool's, and recorded as such: once the user edits the file (a comment is
    // enough), it is theirs to merge into, value by value, and these stay the plan's to change.
    return { content: renderDevcontainerJson(plan), owner: 'generated', managedValues: ownedValues(desiredConfig(plan).config) };
  },
};

const dockerfile: OutputRenderer<Plan> = {
  id: 'dockerfile',
  path: (plan) => plan.devcontainer.outputs.dockerfile.file,
  render(plan, { file, existing, diagnostics }) {
    const { outputs } = plan.devcontainer;
    if (outputs.dockerfile.mode !== 'block') return { content: renderDockerfile(plan), owner: 'generated' };
    const current = existing?.config?.dockerfile ?? existing?.config?.compose?.dockerfile;
    const target = outputs.dockerfile.target;
    const upserted = upsertDockerfileBlock(current?.text ?? '', renderDockerfileBlock(plan), file, target);
    if (upserted.diagnostic) {
      diagnostics.push(upserted.diagnostic);
      return undefined;
    }
    if (!file.startsWith(`${OUTPUT_FOLDER}/`)) {
      // The same user written as root:root, 0, 0:0 or name:group is no change.
      const written = current?.stage?.user;
      const stageName = written?.value?.split(':')[0];
      const stageUser = written && (stageName === '0' ? 'root' : stageName) !== plan.user.name.value ? written : undefined;
      diagnostics.push({
        level: 'warning',
        code: 'block-outside-devcontainer',
        message: `the uv set-up goes into ${file}${target ? ` (stage ${target})` : ''}, outside .devcontainer/: if that Dockerfile also builds other images, they get it too${
          stageUser
            ? `, and their user changes: the block ends with USER ${plan.user.name.value}, where the stage's last USER was ${stageUser.written} (line ${stageUser.line}), so an ENTRYPOINT or CMD of such an image runs as ${plan.user.name.value}`
            : ''
        }`,
        file,
        ...(stageUser ? { line: stageUser.line } : {}),
        hint: 'point the dev container at a Dockerfile of its own (or a build target of its own) if that matters',
      });
    }
    return { content: upserted.text!, owner: 'user' };
  },
};

const compose: OutputRenderer<Plan> = {
  id: 'compose',
  path: (plan) => plan.devcontainer.outputs.compose?.file,
  render: (plan, { existing }) => (existing?.config?.compose ? { content: renderComposeOverride(plan, existing.config.compose), owner: 'generated' } : undefined),
};

/** A file rendered whole from the plan alone, at the plan's path for output `id`. */
function generated(id: 'checkScript' | 'lifecycleScript' | 'readme', render: (plan: Plan) => string): OutputRenderer<Plan> {
  return { id, path: (plan) => plan.devcontainer.outputs[id].file, render: (plan) => ({ content: render(plan), owner: 'generated' }) };
}

/**
 * Every output of the dev container target, in the order they are written and listed. A new
 * output is its renderer and one line here (and its default path in src/outputs.ts).
 */
export const OUTPUTS: readonly OutputRenderer<Plan>[] = [
  config,
  dockerfile,
  compose,
  generated('checkScript', renderCheckScript),
  generated('lifecycleScript', renderLifecycleScript),
  generated('readme', renderLayoutReadme),
];
