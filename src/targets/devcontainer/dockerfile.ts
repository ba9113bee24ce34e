import { stageStarts } from '../../analyze/dockerfile.js';
import { dockerfileEscapeToken } from '../../analyze/dockerfile-lexer.js';
import type { Diagnostic } from '../../diagnostics.js';
import { DOCKERFILE_BLOCK_END as BLOCK_END, DOCKERFILE_BLOCK_START as BLOCK_START } from '../../ownership.js';
import { foldersToPrepare } from '../../plan/folders.js';
import { headerLines } from '../../render/header.js';
import type { Plan } from '../types.js';
import { renderTemplate } from './templates.js';

/** The uv set-up: the same lines in a generated Dockerfile and in a block inside a user's. */
export function renderDockerfileBlock(plan: Plan): string {
  return renderTemplate('dockerfile-block', {
    target: plan.volume.target.value,
    uvImage: plan.uv.image,
    uvBin: plan.uv.bin.value,
    user: plan.user.name.value,
    uid: plan.user.uid,
    gid: plan.user.gid,
    directories: foldersToPrepare(plan.directories),
    path: plan.pathPrepend.value.join(':'),
    sharedHome: plan.devcontainer.readOnlyRoot?.openHome !== undefined,
    root: plan.user.uid === 0,
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
 * else the last stage. A block in another stage than the target (the target changed) moves. The
 * file keeps its line endings, and an instruction left open by a trailing line continuation is
 * refused: the block's first line would become part of it.
 */
export function upsertDockerfileBlock(text: string, block: string, file: string, target?: string): { text?: string; diagnostic?: Diagnostic } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = text.split(/\r?\n/);
  const continuation = dockerfileEscapeToken(lines);
  // The block is written with `\` continuations; a file whose escape directive is a backtick
  // continues lines with that instead (its `\` is a plain character there).
  const blockLines = block
    .trimEnd()
    .split('\n')
    .map((l) => (continuation === '\\' ? l : l.replace(/\\$/, continuation)));
  const starts = lines.flatMap((l, i) => (l.startsWith(BLOCK_START) ? [i] : []));
  const ends = lines.flatMap((l, i) => (l.startsWith(BLOCK_END) ? [i] : []));
  // None, or one start with one end after it; anything else is a block someone cut or copied.
  if (starts.length > 1 || ends.length !== starts.length || (starts.length === 1 && ends[0]! < starts[0]!)) return { diagnostic: unbalanced(file) };
  const start = starts[0] ?? -1;
  const end = ends[0] ?? -1;
  const stageOf = (index: number) =>
    stageStarts(lines)
      .starts.filter((s) => s.index <= index)
      .at(-1)?.name;
  if (start !== -1 && (target === undefined || stageOf(start) === target.toLowerCase())) {
    return { text: [...lines.slice(0, start), ...blockLines, ...lines.slice(end + 1)].join(eol) };
  }
  if (start !== -1) {
    // The target changed since the block went in: it moves to the target's stage.
    lines = [...lines.slice(0, start), ...lines.slice(end + 1)];
    while (start > 0 && start < lines.length && lines[start - 1]!.trim() === '' && lines[start]!.trim() === '') lines.splice(start, 1);
  }
  let insertAt = lines.length;
  if (target !== undefined) {
    const { starts, swallowed } = stageStarts(lines);
    if (swallowed !== undefined) {
      return {
        diagnostic: {
          level: 'error',
          code: 'dockerfile-open-continuation',
          message: `${file} line ${swallowed.line} ends its instruction with a line continuation (${continuation}) that runs on, past blank or comment lines, into line ${swallowed.fromLine}: Docker reads that FROM as part of the instruction, so the file has fewer stages than it shows`,
          file,
          line: swallowed.line,
          hint: `finish the instruction that starts on line ${swallowed.line} (remove its last trailing ${continuation}), then run again`,
        },
      };
    }
    const stage = starts.find((s) => s.name === target.toLowerCase())?.index ?? -1;
    if (stage === -1) {
      return {
        diagnostic: {
          level: 'error',
          code: 'dockerfile-target-missing',
          message: `${file} has no stage named "${target}", which the build targets`,
          file,
          hint: 'fix build.target, or name the stage',
        },
      };
    }
    const next = starts.find((s) => s.index > stage)?.index ?? -1;
    if (next !== -1) {
      insertAt = next;
      // Comment lines right above the next FROM describe that stage: the block goes before them.
      while (insertAt > stage + 1 && /^\s*#/.test(lines[insertAt - 1]!)) insertAt--;
    }
  }
  while (insertAt > 0 && lines[insertAt - 1]!.trim() === '') insertAt--;
  const open = openContinuation(lines.slice(0, insertAt), continuation);
  if (open !== undefined) {
    return { diagnostic: openContinuationDiagnostic(file, open, continuation) };
  }
  const before = lines.slice(0, insertAt);
  const after = lines.slice(insertAt);
  while (after.length > 1 && after[0]!.trim() === '') after.shift();
  const body = before.length > 0 ? [...before, ''] : [];
  if (after.every((l) => l.trim() === '')) return { text: [...body, ...blockLines, ''].join(eol) };
  return { text: [...body, ...blockLines, '', ...after].join(eol) };
}

/** The index of the last instruction line when it ends with a continuation (comments and blank lines after it do not end it), else undefined. */
function openContinuation(lines: readonly string[], continuation: string): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trimEnd();
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    return line.endsWith(continuation) ? i : undefined;
  }
  return undefined;
}

function unbalanced(file: string): Diagnostic {
  return {
    level: 'error',
    code: 'dockerfile-block-unbalanced',
    message: `${file} does not have exactly one gen-devcontainer block (one start marker, then one end marker)`,
    file,
    hint: `remove the partial block (the lines from "${BLOCK_START}" to "${BLOCK_END}"), then run again`,
  };
}

/** An instruction left open by a line continuation (0-based `index`): the block would join it. */
function openContinuationDiagnostic(file: string, index: number, continuation: string): Diagnostic {
  return {
    level: 'error',
    code: 'dockerfile-open-continuation',
    message: `${file} line ${index + 1} ends with a line continuation (${continuation}) and nothing follows it, so the uv block would become part of that instruction`,
    file,
    line: index + 1,
    hint: `finish the instruction on line ${index + 1} (remove the trailing ${continuation}), then run again`,
  };
}
