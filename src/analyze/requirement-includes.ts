import * as path from 'node:path';
import type { RepoReader } from './repo-reader.js';

/** What the requirement files a production image installs reach besides themselves. */
export interface RequirementReach {
  /** Files named by `-r`/`--requirement` and `-c`/`--constraint`, relative to the root, in the order found (the files given first). */
  files: string[];
  /** A line names a local path (`.`, `./pkg`, `-e ../lib`, `file:`): the install needs the source, so it cannot run before it is copied. */
  localPath?: { file: string; line: number };
}

/** Deeper than any honest chain of -r includes; a loop of includes stops here too. */
const MAX_FILES = 100;

/**
 * The files `uv pip install -r FILE` reads besides FILE (pip's requirement file format: `-r`/`-c`
 * options, relative to the file that names them), and whether one names a local path. Read through
 * the repository's reader; a file that cannot be read is left for uv to report.
 */
export function requirementReach(reader: RepoReader, given: readonly string[]): RequirementReach {
  const files: string[] = [];
  const queue = [...given];
  let localPath: RequirementReach['localPath'];
  while (queue.length > 0 && files.length < MAX_FILES) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const read = reader.readText(file);
    if (read.kind !== 'ok') continue;
    for (const [index, raw] of read.text.split(/\r?\n/).entries()) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      const include = /^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)$/.exec(line)?.[1];
      if (include !== undefined) {
        const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), include));
        if (!joined.startsWith('../') && !path.posix.isAbsolute(joined)) queue.push(joined);
        continue;
      }
      const requirement = line.replace(/^(?:-e|--editable)(?:\s*=\s*|\s+)/, '');
      if (!localPath && /^(\.{1,2}(\/|$)|\/|file:)/.test(requirement)) localPath = { file, line: index + 1 };
    }
  }
  return { files, ...(localPath ? { localPath } : {}) };
}
