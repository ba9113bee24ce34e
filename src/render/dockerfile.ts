import type { Diagnostic } from '../diagnostics.js';
import { foldersToPrepare } from '../plan/folders.js';
import type { Plan } from '../plan/types.js';
import { headerLines } from './header.js';
import { renderTemplate } from './templates.js';

export const BLOCK_START = '# >>> gen-devcontainer';
export const BLOCK_END = '# <<< gen-devcontainer <<<';

/** The uv set-up: the same lines in a generated Dockerfile and in a block inside a user's. */
export function renderDockerfileBlock(plan: Plan): string {
  return renderTemplate('dockerfile-block', {
    target: plan.volume.target.value,
    uvImage: plan.uv.image,
    user: plan.user.name.value,
    uid: plan.user.uid,
    gid: plan.user.gid,
    directories: foldersToPrepare(plan.directories),
    path: plan.pathPrepend.value.join(':'),
    sharedHome: plan.readOnlyRoot !== undefined,
  });
}

/** A whole Dockerfile: a pure function of the plan. */
export function renderDockerfile(plan: Plan): string {
  return renderTemplate('Dockerfile', {
    header: headerLines(plan),
    target: plan.volume.target.value,
    baseImage: plan.baseImage.value,
    block: renderDockerfileBlock(plan).trimEnd(),
  });
}

/**
 * A user's Dockerfile with the block put in or brought up to date: replaced between its markers,
 * or put at the end of the stage the container runs: the `target` stage when the build names one,
 * else the last stage.
 */
export function upsertDockerfileBlock(text: string, block: string, file: string, target?: string): { text?: string; diagnostic?: Diagnostic } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(BLOCK_START));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(BLOCK_END));
  const blockLines = block.trimEnd().split('\n');
  if (start === -1 && lines.some((l) => l.startsWith(BLOCK_END))) {
    return { diagnostic: unbalanced(file) };
  }
  if (start === -1 && target !== undefined) {
    const stage = lines.findIndex((l) => new RegExp(`^\\s*FROM\\s+\\S+\\s+AS\\s+${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i').test(l));
    if (stage === -1) {
      return { diagnostic: { level: 'error', code: 'dockerfile-target-missing', message: `${file} has no stage named "${target}", which the build targets`, file, hint: 'fix build.target, or name the stage' } };
    }
    const next = lines.findIndex((l, i) => i > stage && /^\s*FROM\s/i.test(l));
    if (next !== -1) {
      let end = next;
      while (end > stage + 1 && lines[end - 1]!.trim() === '') end--;
      return { text: [...lines.slice(0, end), '', ...blockLines, '', ...lines.slice(end)].join('\n') };
    }
  }
  if (start === -1) {
    const body = text.replace(/\n*$/, '');
    return { text: `${body}${body ? '\n\n' : ''}${blockLines.join('\n')}\n` };
  }
  if (end === -1) return { diagnostic: unbalanced(file) };
  return { text: [...lines.slice(0, start), ...blockLines, ...lines.slice(end + 1)].join('\n') };
}

function unbalanced(file: string): Diagnostic {
  return {
    level: 'error',
    code: 'dockerfile-block-unbalanced',
    message: `${file} has only one of the two gen-devcontainer block markers`,
    file,
    hint: `remove the partial block (the lines from "${BLOCK_START}" to "${BLOCK_END}"), then run again`,
  };
}
