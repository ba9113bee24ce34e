import * as path from 'node:path';
import type { EntryKind, ReadResult, RepoReader } from './repo-reader.js';

/**
 * The disk facade over a map of files: for tests that run thousands of repositories, and for the
 * targets that plan a repository of their own (targets/feature/, targets/template/).
 */
export class MemoryRepo implements RepoReader {
  constructor(
    readonly files: Record<string, string>,
    readonly root = '/memory/repo',
  ) {}

  readText(rel: string): ReadResult {
    const text = this.files[path.posix.normalize(rel)];
    return text === undefined ? { kind: 'missing' } : { kind: 'ok', text };
  }

  kindOf(rel: string): EntryKind | undefined {
    const key = path.posix.normalize(rel);
    if (key === '.') return 'dir';
    if (key in this.files) return 'file';
    return Object.keys(this.files).some((f) => f.startsWith(`${key}/`)) ? 'dir' : undefined;
  }

  listFolders(rel: string): string[] {
    const folder = path.posix.normalize(rel);
    return this.listDir(folder).filter((name) => this.kindOf(folder === '.' ? name : `${folder}/${name}`) === 'dir');
  }

  realPathOf(rel: string): string | undefined {
    const key = path.posix.normalize(rel);
    if (this.kindOf(key) === undefined) return undefined;
    return key === '.' ? '' : key;
  }

  listDir(rel: string): string[] {
    const folder = path.posix.normalize(rel);
    const prefix = folder === '.' ? '' : `${folder}/`;
    const names = new Set(
      Object.keys(this.files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0]!),
    );
    return [...names].sort();
  }
}
