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
 * or appended at the end, after the last stage, so it applies to the image the container runs.
 */
export function upsertDockerfileBlock(text: string, block: string, file: string): { text?: string; diagnostic?: Diagnostic } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(BLOCK_START));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(BLOCK_END));
  const blockLines = block.trimEnd().split('\n');
  if (start === -1 && lines.some((l) => l.startsWith(BLOCK_END))) {
    return { diagnostic: unbalanced(file) };
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
