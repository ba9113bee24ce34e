import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RepoReader, readRepoFile } from '../analyze/repo-reader.js';
import type { Diagnostic } from '../diagnostics.js';
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

export interface AppliedWrite {
  path: string;
  status: WriteStatus;
  /** Where the user's own file was kept, when `--force` replaced it. */
  backup?: string;
}

/** Why a set of writes was not made: nothing was changed, and the message says what to do. */
export class WriteRefused extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly file: string | undefined,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The lock a run holds while it writes, in the folder of the files it writes. */
export const LOCK_FILE = '.devcontainer/.gen-devcontainer.lock';

/**
 * Writes every action that changes something, as one transaction: under a lock (a second run at
 * the same time waits for nothing and stops with a message), every new content goes to a
 * temporary file first; only when all are written are they renamed over their targets, the
 * manifest last, so a failure (a full disk, a permission) leaves the folder as it was, and a kill
 * leaves at worst a set the manifest does not yet describe, whose temporary files the next run
 * removes. A file that changed on disk since it was read stops the whole set. Old modes are kept.
 */
export function applyWrites(root: string, actions: readonly WriteAction[], force: boolean, manifestPath?: string): AppliedWrite[] {
  const writes = actions.filter((a) => a.status !== 'unchanged' && (a.status !== 'conflict' || force));
  // The manifest describes the others: it goes last.
  writes.sort((x, y) => Number(x.path === manifestPath) - Number(y.path === manifestPath));
  let release = () => {};
  const temps: { action: WriteAction; target: string; temp: string }[] = [];
  try {
    release = lock(root);
    removeLeftovers(root, actions);
    for (const action of writes) {
      const target = path.join(root, action.path);
      if (readIfPresent(root, action.path) !== action.previous) {
        // Someone (an editor, another tool) changed the file since we compared: never clobber that.
        throw new WriteRefused(`${action.path} changed on disk while gen-devcontainer ran; nothing was written`, 'changed-during-run', action.path, 'run gen-devcontainer again');
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      temps.push({ action, target, temp: writeTemp(target, action.content) });
    }
    const applied: AppliedWrite[] = [];
    for (const { action, target, temp } of temps) {
      let backup: string | undefined;
      if (action.status === 'conflict') {
        backup = freeBackupName(target);
        fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
      }
      fs.renameSync(temp, target);
      applied.push({ path: action.path, status: action.status, ...(backup ? { backup: path.relative(root, backup).split(path.sep).join('/') } : {}) });
    }
    return applied;
  } catch (err) {
    for (const { temp } of temps) fs.rmSync(temp, { force: true });
    if (err instanceof WriteRefused) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const file = (err as NodeJS.ErrnoException).path ? path.relative(root, (err as NodeJS.ErrnoException).path!) : undefined;
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new WriteRefused(`the disk is full (${code}) writing ${file ?? 'the files'}; nothing was written`, 'disk-full', file, 'free some space, then run again');
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new WriteRefused(
        `${file ?? 'a file'} cannot be written (${code}); nothing was written`,
        'not-writable',
        file,
        `make ${file ? path.posix.dirname(file) : 'the folder'} writable by you (ls -ld shows its owner), then run again`,
      );
    throw err;
  } finally {
    release();
  }
}

/** Takes the lock, or stops with a message when a live run holds it; a lock left by a dead run is taken over. */
function lock(root: string): () => void {
  const file = path.join(root, LOCK_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = liveHolder(readIfPresent(root, LOCK_FILE));
      if (holder !== undefined) throw lockedBy(holder);
      fs.rmSync(file, { force: true });
    }
  }
  throw new WriteRefused(`${LOCK_FILE} could not be taken; nothing was written`, 'locked', LOCK_FILE, `remove ${LOCK_FILE}, then run again`);
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

/** The pid in a lock file's text, when that run is alive and is not this one. */
function liveHolder(text: string | undefined): number | undefined {
  const holder = Number.parseInt(text ?? '', 10);
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder) ? holder : undefined;
}

function lockedBy(holder: number): WriteRefused {
  return new WriteRefused(
    `another gen-devcontainer run (pid ${holder}) is writing in this repository; nothing was written`,
    'locked',
    LOCK_FILE,
    `wait for it to finish, then run again (remove ${LOCK_FILE} if no such run exists)`,
  );
}

/** A refusal as the diagnostic every command prints. */
export function refusalDiagnostic(refusal: WriteRefused): Diagnostic {
  return { level: 'error', code: refusal.code, message: refusal.message, ...(refusal.file ? { file: refusal.file } : {}), hint: refusal.hint };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files an earlier, killed run left beside the files it was writing (`.NAME.PID[.RANDOM].tmp`, PID dead). */
function removeLeftovers(root: string, actions: readonly WriteAction[]): void {
  for (const folder of new Set(actions.map((a) => path.dirname(path.join(root, a.path))))) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = /^\..+\.(\d+)(?:\.[0-9a-f]{8})?\.tmp$/.exec(name);
      if (match && Number(match[1]) !== process.pid && !alive(Number(match[1]))) fs.rmSync(path.join(folder, name), { force: true });
    }
  }
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

/** The content in a temporary file beside `target`, with the target's mode; its path. */
function writeTemp(target: string, content: string): string {
  let mode = 0o644;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    // New file: default mode.
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, content, { mode, flag: 'wx' });
    fs.chmodSync(temp, mode);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  return temp;
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
