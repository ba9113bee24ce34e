import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { RepoReader } from '../analyze/repo-reader.js';
import { mayReplace, versionControlFolder } from '../ownership.js';
import type { RenderedFile } from '../render/files.js';

export type WriteStatus = 'create' | 'update' | 'unchanged' | 'conflict';

export interface WriteAction {
  path: string;
  status: WriteStatus;
  content: string;
  /** What is on disk now, when there is a file. */
  previous?: string;
}

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
      diagnostics.push({ level: 'error', code: 'unsafe-output-path', message: `refusing to write ${file.path}: ${unsafe}`, file: file.path, hint: 'replace the link with a real folder or file inside the repository' });
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

export interface AppliedWrite {
  path: string;
  status: WriteStatus;
  /** Where the user's own file was kept, when `--force` replaced it. */
  backup?: string;
  /** Set when the file changed on disk after it was read: it was left alone. */
  skipped?: string;
}

/**
 * Writes every action that changes something. Each write goes to a temporary file in the same
 * folder and is renamed over the target, so a crash never leaves half a file; the old mode is kept.
 */
export function applyWrites(root: string, actions: readonly WriteAction[], force: boolean): AppliedWrite[] {
  const applied: AppliedWrite[] = [];
  for (const action of actions) {
    if (action.status === 'unchanged' || (action.status === 'conflict' && !force)) continue;
    const target = path.join(root, action.path);
    if (readIfPresent(target) !== action.previous) {
      // Someone (an editor, a second run) changed the file since we compared: never clobber that.
      applied.push({ path: action.path, status: action.status, skipped: 'it changed on disk while gen-devcontainer ran' });
      continue;
    }
    let backup: string | undefined;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (action.status === 'conflict') {
        backup = freeBackupName(target);
        fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
      }
      writeAtomic(target, action.content);
    } catch (err) {
      // The disk said no (permissions, a full disk): a message for the user, not a stack trace.
      applied.push({ path: action.path, status: action.status, skipped: `it could not be written (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
      continue;
    }
    applied.push({ path: action.path, status: action.status, backup: backup && path.relative(root, backup).split(path.sep).join('/') });
  }
  return applied;
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function writeAtomic(target: string, content: string): void {
  let mode = 0o644;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    // New file: default mode.
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content, { mode, flag: 'wx' });
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function freeBackupName(target: string): string {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${target}.bak` : `${target}.bak.${n}`;
    // lstat, not exists: a dangling symlink is taken too, and must not be written through.
    try {
      fs.lstatSync(candidate);
    } catch {
      return candidate;
    }
  }
}
