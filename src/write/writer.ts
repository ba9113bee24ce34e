import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RepoReader, readRepoFile } from '../analyze/repo-reader.js';
import type { Diagnostic } from '../diagnostics.js';
import { deferred } from '../lazy.js';
import { mayReplace, versionControlFolder } from '../ownership.js';
import type { RenderedFile } from '../render/files.js';
import { LOCK_FILE, liveHolder, lockedBy, WriteRefused } from './lock.js';
import type { AppliedWrite, WriteAction } from './transaction.js';
import * as transactionSource from './transaction.js';

export type { WriteAction, WriteStatus } from './transaction.js';

/**
 * Compares each rendered file with what is on disk. A file rendered whole may replace only what
 * this tool wrote and nobody changed since (its hash is in the manifest); anything else there is
 * the user's, and replacing it is a conflict that needs --force. Files the user owns were rendered
 * around their own content, so updating them loses nothing.
 */
export function planWrites(reader: RepoReader, files: readonly RenderedFile[], manifest: Readonly<Record<string, string>>, diagnostics: Diagnostic[]): WriteAction[] {
  const actions: WriteAction[] = [];
  for (const file of files) {
    const unsafe = unsafePathReason(reader.root, file.path);
    if (unsafe) {
      diagnostics.push({
        level: 'error',
        code: 'unsafe-output-path',
        message: `refusing to write ${file.path}: ${unsafe}`,
        file: file.path,
        hint: 'replace the link with a real folder or file inside the repository',
      });
      continue;
    }
    const read = reader.readText(file.path);
    if (read.kind === 'missing') actions.push({ path: file.path, status: 'create', content: file.content });
    else if (read.kind === 'error') diagnostics.push({ level: 'error', code: 'output-unreadable', message: read.message, file: file.path, hint: read.hint });
    else if (read.text === file.content) actions.push({ path: file.path, status: 'unchanged', content: file.content, previous: read.text });
    else if (mayReplace(file.owner, manifest, file.path, read.text)) actions.push({ path: file.path, status: 'update', content: file.content, previous: read.text });
    else actions.push({ path: file.path, status: 'conflict', content: file.content, previous: read.text });
  }
  return actions;
}

/** A file `planWrites` found in the way (not the tool's, or changed since it wrote it), as a run that writes without --force reports it. */
export function conflictDiagnostic(action: WriteAction): Diagnostic {
  return {
    level: 'error',
    code: 'not-generated-by-us',
    message: `${action.path} exists, and is not a file gen-devcontainer wrote and you left unchanged; it is left as it is`,
    file: action.path,
    hint: `see the difference with --diff; move it aside, or run again with --force to replace it (yours is kept as ${action.path}.bak)`,
  };
}

/**
 * Why writing `rel` could land outside the repository or clobber something that is not a plain
 * file: any symbolic link on the way (a `.devcontainer -> /etc` link), or a folder where a file goes.
 */
export function unsafePathReason(root: string, rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return 'the path is not a plain relative path';
  const vcs = versionControlFolder(rel);
  if (vcs) return `it is inside ${vcs}/, version control's own data`;
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return undefined; // Nothing there yet: it will be created as a plain folder or file.
    }
    if (stat.isSymbolicLink()) return `${parts.slice(0, i + 1).join('/')} is a symbolic link`;
    const last = i === parts.length - 1;
    if (!last && !stat.isDirectory()) return `${parts.slice(0, i + 1).join('/')} is not a folder`;
    if (last && !stat.isFile()) return `${rel} exists and is not a regular file`;
  }
  return undefined;
}

export { LOCK_FILE, WriteRefused } from './lock.js';
export type { AppliedWrite } from './transaction.js';

/** The transaction (transaction.ts): loaded only by a run that writes. */
const transaction = deferred('write-transaction', transactionSource);

/** Writes the actions as one transaction under the lock (transaction.ts, applyWrites). */
export function applyWrites(...args: Parameters<typeof transactionSource.applyWrites>): AppliedWrite[] {
  return transaction().applyWrites(...args);
}

/**
 * Why a run writing in `root` now would stop before writing anything, as `applyWrites` would say it;
 * undefined when nothing would. Only reads: commands that write nothing (plan, explain, env) ask it too.
 */
export function refusalBeforeWriting(root: string): WriteRefused | undefined {
  let text: string | undefined;
  try {
    text = readIfPresent(root, LOCK_FILE);
  } catch (err) {
    // Not a regular file inside the repository (a link to /dev/zero, a FIFO, a folder): taking the lock would stop on it too.
    if (err instanceof WriteRefused) return err;
    throw err;
  }
  const holder = liveHolder(text);
  return holder === undefined ? undefined : lockedBy(holder);
}

/** A refusal as the diagnostic every command prints. */
export function refusalDiagnostic(refusal: WriteRefused): Diagnostic {
  return { level: 'error', code: refusal.code, message: refusal.message, ...(refusal.file ? { file: refusal.file } : {}), hint: refusal.hint };
}

/**
 * The text of `rel` now, undefined when there is none. Read as the analyzer reads every file (no
 * link out of the repository, a regular file, bounded), so that a lock committed as a link to
 * /dev/zero or a FIFO stops the run with its name instead of a read without end.
 */
function readIfPresent(root: string, rel: string): string | undefined {
  const read = readRepoFile(root, rel);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'ok') return read.text;
  throw new WriteRefused(`${read.message}; nothing was written`, 'unreadable-own-file', rel, read.hint);
}
