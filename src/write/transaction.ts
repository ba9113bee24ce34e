/**
 * The one place files reach the disk: a set of writes as a transaction under a lock, with the old
 * state put back when any step fails, so a run ends with the folder as it was or as it should be,
 * never a mix, and says which. Every call that changes the disk goes through `WriteFs`, so a test
 * can make the k-th of them fail (test/fuzz/writes.test.ts).
 */

import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { DiagnosticCode } from '../diagnostics.js';
import { OUTPUT_FOLDER } from '../outputs.js';

export type WriteStatus = 'create' | 'update' | 'unchanged' | 'conflict';

export interface WriteAction {
  path: string;
  status: WriteStatus;
  content: string;
  /** What is on disk now, when there is a file. */
  previous?: string;
}

/** The file-system calls a transaction makes; node:fs is the real one. */
export type WriteFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'fstatSync'
  | 'fchmodSync'
  | 'fchownSync'
  | 'readSync'
  | 'renameSync'
  | 'linkSync'
  | 'unlinkSync'
  | 'mkdirSync'
  | 'rmdirSync'
  | 'chownSync'
  | 'lstatSync'
  | 'readdirSync'
  | 'readFileSync'
>;

export interface AppliedWrite {
  path: string;
  status: WriteAction['status'];
  /** Where the user's own file was kept, when `--force` replaced it. */
  backup?: string;
}

/** Why a set of writes was not made (or not all of it), with what the disk holds now. */
export class WriteRefused extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode,
    readonly file: string | undefined,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The lock a run holds while it writes, in the folder of the files it writes. */
export const LOCK_FILE = `${OUTPUT_FOLDER}/.gen-devcontainer.lock`;

/**
 * The part of a temporary file's name that says it is this tool's: `.NAME.gen-devcontainer-TOKEN.tmp`
 * (new content) or `.old` (a second link to the content it replaces, to put back on failure). NAME
 * is the output's own name, TOKEN a random per run: a user's `.session.1234.tmp` never matches.
 */
const TEMP_MARK = 'gen-devcontainer-';
const TOKEN_HEX = 12;
const TEMP_NAME = new RegExp(`^\\.(.+)\\.${TEMP_MARK}[0-9a-f]{${TOKEN_HEX}}\\.(?:tmp|old)$`);

function tempName(target: string, token: string, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${TEMP_MARK}${token}.${kind}`);
}

interface Staged {
  action: WriteAction;
  target: string;
  temp: string;
  /** A second link to the content being replaced, when there is one. */
  old?: string;
  backup?: string;
  renamed?: boolean;
}

/**
 * Writes every action that changes something, as one transaction. Under a lock (a second run at
 * the same time stops with a message), each new content goes to a temporary file beside its
 * target, with the owner and mode of the file it replaces (as root: the folder's owner for a new
 * file), and is synced; each file to be replaced gets a second name for its content (`.old`). Then the renames, the manifest last. When any step
 * fails, the files already renamed get their old content back (the old link renamed over them; a new
 * file removed), so the folder is as it was, and the error says so; only when putting back fails
 * too does it name the files left changed. A file that changed on disk since it was read stops the
 * whole set before anything is renamed.
 */
export function applyWrites(root: string, actions: readonly WriteAction[], force: boolean, manifestPath?: string, fs: WriteFs = nodeFs): AppliedWrite[] {
  const writes = actions.filter((a) => a.status !== 'unchanged' && (a.status !== 'conflict' || force));
  // The manifest describes the others: it goes last.
  writes.sort((x, y) => Number(x.path === manifestPath) - Number(y.path === manifestPath));
  const tx = new Transaction(root, fs);
  try {
    tx.lock();
    tx.removeLeftovers(actions);
    for (const action of writes) tx.stage(action);
    tx.commit();
  } catch (err) {
    throw tx.rollBack(err);
  }
  tx.finish();
  return tx.staged.map(({ action, backup }) => ({ path: action.path, status: action.status, ...(backup ? { backup: tx.rel(backup) } : {}) }));
}

class Transaction {
  readonly staged: Staged[] = [];
  private readonly token = randomBytes(TOKEN_HEX / 2).toString('hex');
  private readonly createdDirs: string[] = [];
  private lockFile: string | undefined;
  private readonly runAsRoot = process.geteuid?.() === 0;

  constructor(
    private readonly root: string,
    private readonly fs: WriteFs,
  ) {}

  rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** Takes the lock, or stops with a message when a live run holds it; a lock left by a dead run is taken over. */
  lock(): void {
    const file = path.join(this.root, LOCK_FILE);
    this.makeFolder(path.dirname(file));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        this.writeNew(file, `${process.pid}\n`, 0o644);
        this.lockFile = file;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = liveHolder(this.readLock(file));
        if (holder !== undefined) throw lockedBy(holder);
        this.fs.unlinkSync(file);
      }
    }
    throw new WriteRefused(`${LOCK_FILE} could not be taken; nothing was written`, 'locked', LOCK_FILE, `remove ${LOCK_FILE}, then run again`);
  }

  /** The start of the lock's text, read without following a link or waiting on a FIFO; anything but a regular file is refused. */
  private readLock(file: string): string {
    const stat = this.fs.lstatSync(file);
    if (!stat.isFile())
      throw new WriteRefused(
        `${LOCK_FILE} is not a regular file (a link, folder or device); nothing was written`,
        'lock-not-a-file',
        LOCK_FILE,
        `remove ${LOCK_FILE} (it is the lock of a run, never a file to keep), then run again`,
      );
    const fd = this.fs.openSync(file, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW | nodeFs.constants.O_NONBLOCK);
    try {
      const buffer = Buffer.alloc(64);
      return buffer.toString('utf8', 0, this.fs.readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /**
   * Temporary files an earlier, killed run left beside the outputs: regular files named for one of
   * this run's outputs in the same folder, with this tool's mark. Nothing else is touched: a user's
   * `.notes.1234.tmp` or a folder of any name stays. The lock is held, so no live run owns them.
   */
  removeLeftovers(actions: readonly WriteAction[]): void {
    const outputsByFolder = new Map<string, Set<string>>();
    for (const action of actions) {
      const abs = path.join(this.root, action.path);
      const names = outputsByFolder.get(path.dirname(abs)) ?? new Set();
      names.add(path.basename(abs));
      outputsByFolder.set(path.dirname(abs), names);
    }
    for (const [folder, outputs] of outputsByFolder) {
      let names: string[];
      try {
        names = this.fs.readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const match = TEMP_NAME.exec(name);
        if (!match || !outputs.has(match[1]!)) continue;
        const file = path.join(folder, name);
        // Best effort: a leftover that vanished meanwhile, or cannot be removed, stops nothing.
        tryTo(() => this.fs.lstatSync(file).isFile() && this.fs.unlinkSync(file));
      }
    }
  }

  /** Writes one action's content to its temporary file, after checking nobody changed the target since it was read. */
  stage(action: WriteAction): void {
    const target = path.join(this.root, action.path);
    const stat = lstatIfPresent(this.fs, target);
    const current = stat?.isFile() ? this.fs.readFileSync(target) : undefined;
    if ((stat && !current) || current?.toString('utf8') !== action.previous) {
      // Someone (an editor, another tool) changed the file since we compared: never clobber that.
      throw new WriteRefused(`${action.path} changed on disk while gen-devcontainer ran; nothing was written`, 'changed-during-run', action.path, 'run gen-devcontainer again');
    }
    this.makeFolder(path.dirname(target));
    const entry: Staged = { action, target, temp: tempName(target, this.token, 'tmp') };
    this.staged.push(entry);
    // The replaced file's owner and mode; a new file's are decided in writeNew.
    const kept = stat && { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
    this.writeNew(entry.temp, action.content, kept?.mode ?? 0o644, kept);
    if (stat && current && kept) {
      entry.old = tempName(target, this.token, 'old');
      this.keepCopy(target, entry.old, current, kept);
      if (action.status === 'conflict') {
        entry.backup = freeBackupName(this.fs, target);
        this.keepCopy(target, entry.backup, current, kept);
      }
    }
  }

  /**
   * A second name for `target`'s content: a link, so the file keeps its owner, mode and times; a
   * copy where a link cannot be made.
   */
  private keepCopy(target: string, copy: string, content: Buffer, kept: { mode: number; uid: number; gid: number }): void {
    try {
      this.fs.linkSync(target, copy);
    } catch (err) {
      // No links here (vfat answers EPERM; so do an immutable file, whose rename then fails and is undone, and a
      // file of another user under protected_hardlinks): a copy keeps the content, if not the owner.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      this.writeNew(copy, content, kept.mode, kept);
    }
  }

  /** The renames, then the folders synced so that the new names last. */
  commit(): void {
    for (const entry of this.staged) {
      this.fs.renameSync(entry.temp, entry.target);
      entry.renamed = true;
    }
    for (const folder of new Set(this.staged.map((s) => path.dirname(s.target)))) syncFolder(this.fs, folder);
  }

  /** After a commit: the old links and the lock go. What fails here changes no file's content. */
  finish(): void {
    for (const entry of this.staged) if (entry.old) tryTo(() => this.fs.unlinkSync(entry.old!));
    this.release();
    // A folder made for the lock alone (.devcontainer/, in a run that writes only deploy/) is left
    // empty: removed. rmdir removes nothing else, so a folder the outputs went into stays.
    for (const dir of [...this.createdDirs].reverse()) tryTo(() => this.fs.rmdirSync(dir));
  }

  /**
   * Puts every renamed file back and removes what this run made; the error to report, saying what
   * the disk holds now.
   */
  rollBack(err: unknown): unknown {
    const notRestored: { path: string; backup?: string }[] = [];
    const putBack = this.staged.filter((entry) => entry.renamed).length;
    for (const entry of [...this.staged].reverse()) {
      if (entry.renamed) {
        const restored = tryTo(() => (entry.old ? this.fs.renameSync(entry.old, entry.target) : this.fs.unlinkSync(entry.target)));
        if (restored) entry.renamed = false;
        else notRestored.unshift({ path: entry.action.path, ...(entry.backup ? { backup: this.rel(entry.backup) } : {}) });
      }
      // A user's file left replaced keeps its .bak, as a run that succeeds leaves it.
      for (const file of [entry.temp, entry.old, entry.renamed ? undefined : entry.backup]) if (file) tryTo(() => this.fs.unlinkSync(file));
    }
    this.release();
    for (const dir of [...this.createdDirs].reverse()) tryTo(() => this.fs.rmdirSync(dir));
    return describeFailure(err, this.root, notRestored, putBack > 0);
  }

  private release(): void {
    if (this.lockFile) tryTo(() => this.fs.unlinkSync(this.lockFile!));
    this.lockFile = undefined;
  }

  /** Creates the folders on the way to `dir` that are missing, each owned like the folder it is in (see `ownerForNew`). */
  private makeFolder(dir: string): void {
    if (lstatIfPresent(this.fs, dir)) return;
    this.makeFolder(path.dirname(dir));
    this.fs.mkdirSync(dir);
    this.createdDirs.push(dir);
    const owner = this.ownerForNew(dir);
    if (owner) this.fs.chownSync(dir, owner.uid, owner.gid);
  }

  /**
   * The owner a new file or folder gets: as root, its folder's. A root run in alice's repository
   * (sudo, or a container running as root over a bind mount) acts for the repository's owner; files
   * it left to root would be files she cannot edit or regenerate without root. As any other user the
   * kernel decides (that user, or the folder's group when the folder is setgid).
   */
  private ownerForNew(file: string): { uid: number; gid: number } | undefined {
    if (!this.runAsRoot) return undefined;
    const folder = this.fs.lstatSync(path.dirname(file));
    return { uid: folder.uid, gid: folder.gid };
  }

  /**
   * A new file (never an existing one, never through a link) with `content`, `mode` and an owner:
   * `owner` (the file it will replace), else `ownerForNew`; synced before it is closed.
   */
  private writeNew(file: string, content: string | Buffer, mode: number, owner?: { uid: number; gid: number }): void {
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
    const fd = this.fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let done = 0; done < bytes.length; ) done += this.fs.writeSync(fd, bytes, done, bytes.length - done);
      const wanted = owner ?? this.ownerForNew(file);
      // Only root may give a file away; anyone may keep its group when they are in it.
      if (wanted && (this.runAsRoot || wanted.gid !== this.fs.fstatSync(fd).gid)) {
        try {
          this.fs.fchownSync(fd, this.runAsRoot ? wanted.uid : (process.geteuid?.() ?? wanted.uid), wanted.gid);
        } catch (err) {
          if (this.runAsRoot) throw err;
        }
      }
      // After the chown, which clears set-id bits; exactly this mode, whatever the umask.
      this.fs.fchmodSync(fd, mode);
      this.fs.fsyncSync(fd);
    } catch (err) {
      tryTo(() => this.fs.closeSync(fd));
      tryTo(() => this.fs.unlinkSync(file));
      // Calls on a descriptor name no file: the message should.
      if (isErrno(err) && err.path === undefined) err.path = file;
      throw err;
    }
    this.fs.closeSync(fd);
  }
}

/** A folder's entries made durable (a rename is an entry of its folder). Folders that cannot be opened for it are left to the kernel. */
function syncFolder(fs: WriteFs, folder: string): void {
  let fd: number;
  try {
    fd = fs.openSync(folder, nodeFs.constants.O_RDONLY | nodeFs.constants.O_DIRECTORY);
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    // Some file systems cannot sync a folder; that is no failure of the write.
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    tryTo(() => fs.closeSync(fd));
  }
}

/** The error a failed transaction reports: the original refusal, or the file-system error as a refusal that says what was kept. */
function describeFailure(err: unknown, root: string, notRestored: readonly { path: string; backup?: string }[], putBack: boolean): unknown {
  if (err instanceof WriteRefused || !isErrno(err)) return err;
  const abs = err.path ?? err.dest;
  const file = abs ? shownName(path.relative(root, abs).split(path.sep).join('/')) : undefined;
  const what = file ?? 'a file';
  const outcome =
    notRestored.length === 0
      ? putBack
        ? 'nothing was written (the files already replaced have their previous content again)'
        : 'nothing was written'
      : `${notRestored.map((f) => (f.backup ? `${f.path} (yours is kept as ${f.backup})` : f.path)).join(', ')} could not be given back ${notRestored.length === 1 ? 'its' : 'their'} previous content and ${notRestored.length === 1 ? 'is' : 'are'} the new version; every other file has its previous content`;
  const { code, reason, hint } = failureKind(err.code ?? 'EIO', file);
  return new WriteRefused(`${what} could not be written (${err.code}: ${reason}); ${outcome}`, code, file, hint);
}

/** A temporary name is the output it stands for, for the person reading the message. */
function shownName(file: string): string {
  const match = TEMP_NAME.exec(path.posix.basename(file));
  return match ? path.posix.join(path.posix.dirname(file), match[1]!) : file;
}

function failureKind(errno: string, file: string | undefined): { code: DiagnosticCode; reason: string; hint: string } {
  const folder = file ? path.posix.dirname(file) : 'the folder';
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { code: 'disk-full', reason: 'the disk is full', hint: 'free some space, then run again' };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'not-writable',
        reason: 'not permitted',
        hint: `make ${folder} writable by you (ls -ld shows its owner); a file that is immutable or append-only (lsattr shows i or a) needs chattr -i / -a, and in a sticky folder (mode t) only a file's owner may replace it; then run again`,
      };
    case 'EROFS':
      return { code: 'not-writable', reason: 'the file system is read-only', hint: `write ${folder} where it is mounted read-write, then run again` };
    case 'EBUSY':
      return {
        code: 'file-busy',
        reason: 'the file is busy, perhaps a mount point',
        hint: `${file ?? 'the file'} is likely bind-mounted (findmnt shows it): edit it where it is mounted from, or unmount it, then run again`,
      };
    default:
      return { code: 'write-failed', reason: 'the file system refused', hint: 'check the disk and the folder (dmesg may say more), then run again' };
  }
}

function isErrno(err: unknown): err is NodeJS.ErrnoException & { dest?: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).syscall !== undefined;
}

function lstatIfPresent(fs: WriteFs, file: string): nodeFs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Runs a clean-up step; whether it worked. */
function tryTo(step: () => void): boolean {
  try {
    step();
    return true;
  } catch {
    return false;
  }
}

function freeBackupName(fs: WriteFs, target: string): string {
  // lstat, not exists: a dangling symlink is taken too, and must not be written through.
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${target}.bak` : `${target}.bak.${n}`;
    if (!lstatIfPresent(fs, candidate)) return candidate;
  }
}

/** The pid in a lock file's text, when that run is alive and is not this one. */
export function liveHolder(text: string | undefined): number | undefined {
  const holder = Number.parseInt(text ?? '', 10);
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder) ? holder : undefined;
}

export function lockedBy(holder: number): WriteRefused {
  return new WriteRefused(
    `another gen-devcontainer run (pid ${holder}) is writing in this repository; nothing was written`,
    'locked',
    LOCK_FILE,
    `wait for it to finish, then run again (remove ${LOCK_FILE} if no such run exists)`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
