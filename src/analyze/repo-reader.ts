import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one way analysis touches the disk. Paths are relative to the repository root, with forward
 * slashes. Everything is synchronous: the analyzer reads a handful of small files, and a sync read
 * is both faster to start and simpler to reason about than a promise chain for that.
 */
export type ReadResult =
  | { kind: 'ok'; text: string }
  | { kind: 'missing' }
  | { kind: 'error'; message: string; hint: string };

export type EntryKind = 'file' | 'dir' | 'other';

export interface RepoReader {
  /** Absolute, symlink-free path of the repository root. */
  readonly root: string;
  readText(rel: string): ReadResult;
  kindOf(rel: string): EntryKind | undefined;
  listDir(rel: string): string[];
  /** Where `rel` really is, links followed, relative to the root ('' for the root itself); undefined when missing or outside. */
  realPathOf(rel: string): string | undefined;
}

/** Larger than any honest pyproject.toml or uv.lock; stops a hostile file from eating memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class RootNotFoundError extends Error {}

export function openRepo(dir: string): RepoReader {
  let root: string;
  try {
    root = fs.realpathSync(dir);
  } catch {
    throw new RootNotFoundError(`directory not found: ${dir}`);
  }
  if (!fs.statSync(root).isDirectory()) throw new RootNotFoundError(`not a directory: ${dir}`);
  return new DiskRepoReader(root);
}

class DiskRepoReader implements RepoReader {
  constructor(readonly root: string) {}

  /**
   * Resolves a repository path, following symlinks, and refuses any that lands outside the root:
   * a `pyproject.toml -> /etc/shadow` link must not make us read (or later write) elsewhere.
   */
  private resolve(rel: string): { abs: string } | { outside: string } | { failed: string } | undefined {
    const abs = path.join(this.root, rel);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (err) {
      // Missing is missing; a folder on the way that cannot be entered (EACCES) or a link loop
      // (ELOOP) is not, and must not pass for "no such file".
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { failed: code ?? String(err) };
    }
    if (real !== this.root && !real.startsWith(this.root + path.sep)) return { outside: real };
    return { abs: real };
  }

  readText(rel: string): ReadResult {
    const resolved = this.resolve(rel);
    if (!resolved) return { kind: 'missing' };
    if ('failed' in resolved) {
      return {
        kind: 'error',
        message: `${rel} cannot be read (${resolved.failed})`,
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
    try {
      const stat = fs.statSync(resolved.abs);
      if (!stat.isFile()) {
        return { kind: 'error', message: `${rel} is not a regular file`, hint: `remove or rename ${rel}` };
      }
      if (stat.size > MAX_FILE_BYTES) {
        return { kind: 'error', message: `${rel} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, hint: `check that ${rel} is the file you meant` };
      }
      return { kind: 'ok', text: fs.readFileSync(resolved.abs, 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return {
        kind: 'error',
        message: `${rel} cannot be read (${code ?? String(err)})`,
        hint: code === 'EACCES' ? `make ${rel} readable by the current user (chmod u+r ${rel})` : `check the file's permissions and type`,
      };
    }
  }

  kindOf(rel: string): EntryKind | undefined {
    try {
      const stat = fs.lstatSync(path.join(this.root, rel));
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

  realPathOf(rel: string): string | undefined {
    const resolved = this.resolve(rel);
    if (!resolved || !('abs' in resolved)) return undefined;
    return path.relative(this.root, resolved.abs).split(path.sep).join('/');
  }

  listDir(rel: string): string[] {
    const resolved = this.resolve(rel);
    if (!resolved || !('abs' in resolved)) return [];
    try {
      return fs.readdirSync(resolved.abs).sort();
    } catch {
      return [];
    }
  }
}
