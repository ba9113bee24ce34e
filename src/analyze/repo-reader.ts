import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one way analysis touches the disk. Paths are relative to the repository root, with forward
 * slashes. Everything is synchronous: the analyzer reads a handful of small files, and a sync read
 * is both faster to start and simpler to reason about than a promise chain for that.
 */
export type ReadResult = { kind: 'ok'; text: string } | { kind: 'missing' } | { kind: 'error'; message: string; hint: string };

export type EntryKind = 'file' | 'dir' | 'other';

export interface RepoReader {
  /** Absolute, symlink-free path of the repository root. */
  readonly root: string;
  /**
   * The file's text. With `until`, a pattern that matches within one line, the reader may stop at
   * the first line where it matches: the text then ends where that line starts. A caller that asks
   * for it must take only what comes before such a line (a reader may also return the whole file).
   */
  readText(rel: string, until?: RegExp): ReadResult;
  kindOf(rel: string): EntryKind | undefined;
  /** The size in bytes of a regular file inside the root; undefined when it is missing, outside, or not a file. Readers without it (in-memory ones) read whole. */
  sizeOf?(rel: string): number | undefined;
  listDir(rel: string): string[];
  /** The folders in `rel` that are folders themselves, not symbolic links to one (a search for projects follows no link), sorted. */
  listFolders(rel: string): string[];
  /** Where `rel` really is, links followed, relative to the root ('' for the root itself); undefined when missing or outside. */
  realPathOf(rel: string): string | undefined;
  /**
   * A reader of the folder above the root, as read-only and as strict about links as this one
   * (nothing it reads may resolve outside that folder); undefined at the file-system root, and for
   * readers that have nothing above (in-memory test repositories). Used to find what uv finds above
   * a project (analyze/enclosing.ts); nothing is ever written through it.
   */
  parent?(): RepoReader | undefined;
}

/** Larger than any honest pyproject.toml or uv.lock; stops a hostile file from eating memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** How much a read with `until` takes at a time (a uv.lock's head fits); smaller files are read whole. */
const HEAD_CHUNK_BYTES = 8 * 1024;

/**
 * The C library's realpath, one call into libuv per path, where fs.realpathSync walks the path in
 * JavaScript with an lstat per folder on the way (about half the time per path here). Both give the
 * same paths and the same error codes (ENOENT, ENOTDIR, EACCES, ELOOP), which resolve() relies on;
 * test/unit/disk-reader.test.ts holds them side by side.
 */
const realpath = fs.realpathSync.native;

const QUICK_OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;
/** One buffer for every small read: files up to this size (a pyproject.toml, .python-version) are read in one call. */
const smallFileBuffer = Buffer.allocUnsafe(HEAD_CHUNK_BYTES);

export class RootNotFoundError extends Error {}

export function openRepo(dir: string): RepoReader {
  let root: string;
  try {
    root = realpath(dir);
  } catch {
    throw new RootNotFoundError(`directory not found: ${dir}`);
  }
  if (!fs.statSync(root).isDirectory()) throw new RootNotFoundError(`not a directory: ${dir}`);
  return new DiskRepoReader(root);
}

class DiskRepoReader implements RepoReader {
  /*
   * What listDir learned, kept for the rest of the run (one run reads a repository once; a folder of
   * 5,000 projects would otherwise have the disk asked the same questions thousands of times):
   * each listing; the kind of each entry that is not a link (absolute path -> kind), for kindOf; and
   * the folders known to be real, links resolved and inside the root, for resolve.
   */
  private readonly listings = new Map<string, { names: string[]; folders: string[] }>();
  private readonly listedKinds = new Map<string, EntryKind>();
  private readonly realDirs: Set<string>;

  constructor(readonly root: string) {
    this.realDirs = new Set([root]);
  }

  /**
   * Resolves a repository path, following symlinks, and refuses any that lands outside the root:
   * a `pyproject.toml -> /etc/shadow` link must not make us read (or later write) elsewhere.
   */
  private resolve(rel: string): { abs: string } | { outside: string } | { failed: string } | undefined {
    const abs = under(this.root, rel);
    if (!abs.endsWith(path.sep) && this.realDirs.has(folderOf(abs))) {
      // Listed in that folder, and no link: its own real path, with no system call at all (the
      // search for links to .devcontainer asks this of every entry of up to 1,000 folders).
      if (this.listedKinds.has(abs)) return { abs };
      // In a folder known to be real and inside the root, an entry that is no link is its own real
      // path: one lstat instead of a realpath. A link goes the long way below. (A trailing slash
      // would make lstat follow a link, hence the first test.)
      try {
        const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
        if (!stat) return undefined;
        if (!stat.isSymbolicLink()) return { abs };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return code === 'ENOTDIR' ? undefined : { failed: code ?? String(err) };
      }
    }
    let real: string;
    try {
      real = realpath(abs);
    } catch (err) {
      // Missing is missing; a folder on the way that cannot be entered (EACCES) or a link loop
      // (ELOOP) is not, and must not pass for "no such file".
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { failed: code ?? String(err) };
    }
    if (real !== this.root && !real.startsWith(withSeparator(this.root))) return { outside: real };
    return { abs: real };
  }

  readText(rel: string, until?: RegExp): ReadResult {
    const quick = this.readSmallFile(rel);
    if (quick !== undefined) return quick;
    const resolved = this.resolve(rel);
    if (!resolved) return { kind: 'missing' };
    if ('failed' in resolved) {
      return {
        kind: 'error',
        message: resolved.failed === 'ELOOP' ? `${rel} is a symbolic link that loops (ELOOP)` : `${rel} cannot be read (${resolved.failed})`,
        hint: resolved.failed === 'EACCES' ? `make ${rel} and the folders above it readable by the current user (ls -ld ${path.posix.dirname(rel)})` : `check ${rel} and the links on its way`,
      };
    }
    if ('outside' in resolved) {
      return {
        kind: 'error',
        message: `${rel} is a symbolic link to ${resolved.outside}, outside the repository`,
        hint: `replace the link with a regular file inside the repository`,
      };
    }
    return readRegularFile(resolved.abs, rel, until);
  }

  /**
   * The common case in four system calls (open, fstat, read, close) instead of seven: a small regular file,
   * no link, in a folder known to be real. The open refuses a link (O_NOFOLLOW) and never waits on a
   * FIFO (O_NONBLOCK); what fits in one read is the whole file. Anything else (a link, a folder, a
   * FIFO, a larger file, an error) returns undefined and takes the long way, which checks and
   * reports it; a missing file is missing either way.
   */
  private readSmallFile(rel: string): ReadResult | undefined {
    const abs = under(this.root, rel);
    if (!this.realDirs.has(folderOf(abs))) return undefined;
    let fd: number;
    try {
      fd = fs.openSync(abs, QUICK_OPEN_FLAGS);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : undefined;
    }
    try {
      // A FIFO opened without blocking reads as empty, a device as anything: only a regular file is read here.
      if (!fs.fstatSync(fd).isFile()) return undefined;
      const bytes = fs.readSync(fd, smallFileBuffer, 0, smallFileBuffer.length, 0);
      return bytes < smallFileBuffer.length ? { kind: 'ok', text: smallFileBuffer.toString('utf8', 0, bytes) } : undefined;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  sizeOf(rel: string): number | undefined {
    const resolved = this.resolve(rel);
    if (!resolved || !('abs' in resolved)) return undefined;
    try {
      const stat = fs.statSync(resolved.abs, { throwIfNoEntry: false });
      return stat?.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  kindOf(rel: string): EntryKind | undefined {
    const abs = under(this.root, rel);
    const listed = this.listedKinds.get(abs);
    if (listed) return listed;
    try {
      // A missing entry (most folders of a monorepo have no pyproject.toml) costs no exception.
      const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
      if (!stat) return undefined;
      if (stat.isSymbolicLink()) {
        const resolved = this.resolve(rel);
        if (!resolved || !('abs' in resolved)) return 'other';
        const target = fs.statSync(resolved.abs);
        return target.isFile() ? 'file' : target.isDirectory() ? 'dir' : 'other';
      }
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
    } catch {
      return undefined;
    }
  }

  parent(): RepoReader | undefined {
    // The root is a real path (openRepo resolved it), so the folder above it is one too.
    const above = path.dirname(this.root);
    return above === this.root ? undefined : new DiskRepoReader(above);
  }

  realPathOf(rel: string): string | undefined {
    const resolved = this.resolve(rel);
    if (!resolved || !('abs' in resolved)) return undefined;
    // resolve() gives the root, or a path inside it: the part after the root's separator is the
    // relative path (path.relative computes the same at several times the cost).
    if (resolved.abs === this.root) return '';
    const inside = resolved.abs.slice(withSeparator(this.root).length);
    return path.sep === '/' ? inside : inside.split(path.sep).join('/');
  }

  listDir(rel: string): string[] {
    return [...this.listing(rel).names];
  }

  listFolders(rel: string): string[] {
    return [...this.listing(rel).folders];
  }

  private listing(rel: string): { names: string[]; folders: string[] } {
    const key = under(this.root, rel);
    const known = this.listings.get(key);
    if (known) return known;
    const resolved = this.resolve(rel);
    if (!resolved || !('abs' in resolved)) return { names: [], folders: [] };
    const listing: { names: string[]; folders: string[] } = { names: [], folders: [] };
    // Each entry's path is made once, and is the same string in both tables when the folder is no
    // link (a folder of thousands of projects lists thousands of entries here).
    const keyPrefix = withSeparator(key);
    const realPrefix = withSeparator(resolved.abs);
    try {
      for (const entry of fs.readdirSync(resolved.abs, { withFileTypes: true })) {
        const name = entry.name;
        listing.names.push(name);
        // A link is left to kindOf and resolve, which follow it and check where it lands.
        if (entry.isSymbolicLink()) continue;
        const entryKey = keyPrefix + name;
        if (entry.isDirectory()) {
          this.listedKinds.set(entryKey, 'dir');
          this.realDirs.add(realPrefix === keyPrefix ? entryKey : realPrefix + name);
          listing.folders.push(name);
        } else {
          this.listedKinds.set(entryKey, entry.isFile() ? 'file' : 'other');
        }
      }
    } catch {
      return { names: [], folders: [] };
    }
    listing.names.sort();
    listing.folders.sort();
    this.listings.set(key, listing);
    return listing;
  }
}

/**
 * `path.join(dir, rel)`, without its cost when `rel` is already normal (no empty, "." or ".."
 * segment, no leading or trailing slash): about a microsecond a call, which a folder of thousands
 * of projects pays several times an entry (`npm run bench`). Anything else, and any platform whose
 * separator is not "/", takes path.join; test/unit/disk-reader.test.ts holds the two side by side.
 */
export function under(dir: string, rel: string): string {
  if (path.sep !== '/' || dir === '/' || !isNormalRelative(rel)) return path.join(dir, rel);
  return `${dir}/${rel}`;
}

/** An absolute folder path with a separator after it, to which an entry's name is added to give `path.join(folder, name)`. */
function withSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : folder + path.sep;
}

/** `path.dirname(abs)` for what `under` gives (an absolute path with no trailing slash). */
function folderOf(abs: string): string {
  const slash = abs.lastIndexOf('/');
  return path.sep !== '/' || slash <= 0 ? path.dirname(abs) : abs.slice(0, slash);
}

function isNormalRelative(rel: string): boolean {
  let start = 0;
  for (;;) {
    const end = rel.indexOf('/', start);
    const length = (end === -1 ? rel.length : end) - start;
    // An empty segment (leading, trailing or doubled slash), ".", or "..".
    if (length === 0 || (rel.charCodeAt(start) === 0x2e && (length === 1 || (length === 2 && rel.charCodeAt(start + 1) === 0x2e)))) return false;
    if (end === -1) return true;
    start = end + 1;
  }
}

/**
 * Reads a file a chunk at a time until a line matches `until` (see RepoReader.readText), and
 * returns the text before that line; the whole text when no line matches. Only whole lines are
 * decoded, so the text is exactly the start of what readFileSync(file, 'utf8') gives: a newline
 * byte never falls inside a UTF-8 sequence, and the decoder starts afresh after one.
 */
function readUntil(fd: number, until: RegExp): string {
  const pattern = new RegExp(until.source, until.flags.includes('g') ? until.flags : `${until.flags}g`);
  let text = '';
  let partial: Buffer[] = []; // the bytes of a line not yet ended
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(HEAD_CHUNK_BYTES);
    const bytesRead = fs.readSync(fd, chunk, 0, chunk.length, null);
    total += bytesRead;
    // A file that grows past the limit while read ends there, as one that is that large is refused.
    const atEnd = bytesRead === 0 || total > MAX_FILE_BYTES;
    const lastNewline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (!atEnd && lastNewline === -1) {
      partial.push(chunk.subarray(0, bytesRead));
      continue;
    }
    const end = atEnd ? 0 : lastNewline + 1;
    const start = text.length;
    text += Buffer.concat([...partial, chunk.subarray(0, end)]).toString('utf8');
    partial = atEnd ? [] : [chunk.subarray(end, bytesRead)];
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match) return text.slice(0, lineStart(text, match.index));
    if (atEnd) return text;
  }
}

/**
 * Where the line holding `index` starts, as a regular expression's `^` (with the m flag) sees
 * lines: after "\n", and also after "\r", U+2028 or U+2029, so that the cut falls where the
 * caller's own pattern finds the line (uv-lock.ts cuts the text again at the match).
 */
function lineStart(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return i + 1;
  }
  return 0;
}

/**
 * Reads a file the tool has resolved (no link out of the repository on the way): opened without
 * following a link at the end (one there now is an entry swapped since, refused rather than
 * followed) and without waiting on a FIFO, checked through that one handle to be a regular file,
 * and read up to MAX_FILE_BYTES however large it claims or turns out to be. Every file the tool
 * reads, its own lock and outputs included, comes through here (readText, readRepoFile).
 */
function readRegularFile(abs: string, rel: string, until?: RegExp): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(abs, QUICK_OPEN_FLAGS);
  } catch (err) {
    return cannotRead(rel, err);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'error', message: `${rel} is not a regular file (${kindName(stat)})`, hint: `remove or rename ${rel}: gen-devcontainer reads only regular files` };
    if (stat.size > MAX_FILE_BYTES) return tooLarge(rel);
    if (until && stat.size > HEAD_CHUNK_BYTES) return { kind: 'ok', text: readUntil(fd, until) };
    const text = readBounded(fd);
    return text === undefined ? tooLarge(rel) : { kind: 'ok', text };
  } catch (err) {
    return cannotRead(rel, err);
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole file, chunk by chunk to its end; undefined once it passes MAX_FILE_BYTES (a file that grows while read). */
function readBounded(fd: number): string | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_FILE_BYTES + 1 - total));
    const bytes = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (bytes === 0) return Buffer.concat(chunks, total).toString('utf8');
    total += bytes;
    if (total > MAX_FILE_BYTES) return undefined;
    chunks.push(chunk.subarray(0, bytes));
  }
}

function tooLarge(rel: string): ReadResult {
  return { kind: 'error', message: `${rel} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, hint: `check that ${rel} is the file you meant` };
}

/** What an entry that is no regular file is, in words. */
function kindName(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/**
 * `rel` in the repository at `root`, read as the analyzer reads: no link out of the
 * repository, a regular file, bounded. For the files the writer reads outside an analysis (its lock,
 * an output again just before replacing it).
 */
export function readRepoFile(root: string, rel: string): ReadResult {
  return new DiskRepoReader(realpath(root)).readText(rel);
}

/** The error a read that failed with `err` gives: its code, and what to do about it. */
function cannotRead(rel: string, err: unknown): ReadResult {
  const code = (err as NodeJS.ErrnoException).code;
  return {
    kind: 'error',
    message: `${rel} cannot be read (${code ?? String(err)})`,
    hint:
      code === 'EACCES'
        ? `make ${rel} readable by the current user (chmod u+r ${rel})`
        : code === 'ELOOP'
          ? `${rel} became a symbolic link while it was read; run again`
          : `check the file's permissions and type`,
  };
}

/** A path relative to a repository folder, normalised; undefined when it leaves the repository. */
export function repoPath(base: string, rel: string): string | undefined {
  if (path.isAbsolute(rel)) return undefined;
  const joined = path.posix.normalize(path.posix.join(base, rel.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) return undefined;
  return joined;
}
