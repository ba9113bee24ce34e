import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { GENERATED_MARKER } from '../render/header.js';

/** A file of a package folder (a feature, a template), relative to it. */
export interface PackageFileWrite {
  path: string;
  content: string;
  mode?: number;
}

export type PackageWriteStatus = 'create' | 'update' | 'unchanged';

/**
 * Writes a package folder (`gen-devcontainer feature DIR`, `template DIR`): each file through a
 * temporary file renamed into place. A folder that holds anything and is not one this tool wrote
 * (`marker`, a file of ours, carries the generated header) is refused without --force, so nothing
 * of the user's is overwritten behind their back.
 */
export function writePackageFolder(
  out: string,
  files: readonly PackageFileWrite[],
  marker: string,
  force: boolean,
): { written: { path: string; status: PackageWriteStatus }[] } | { refused: Diagnostic } {
  const problem = folderProblem(out, marker, force);
  if (problem) return { refused: problem };
  const written: { path: string; status: PackageWriteStatus }[] = [];
  for (const file of files) {
    const target = path.join(out, ...file.path.split('/'));
    const before = readIfFile(target);
    const status: PackageWriteStatus = before === undefined ? 'create' : before === file.content ? 'unchanged' : 'update';
    if (status !== 'unchanged' || (file.mode !== undefined && (fs.statSync(target).mode & 0o777) !== file.mode)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temporary = `${target}.gen-devcontainer-${process.pid}.tmp`;
      fs.writeFileSync(temporary, file.content, { mode: file.mode ?? 0o644 });
      fs.chmodSync(temporary, file.mode ?? 0o644);
      fs.renameSync(temporary, target);
    }
    written.push({ path: file.path, status });
  }
  return { written };
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Why the folder cannot be written: not a folder, or a folder of someone else's. */
function folderProblem(out: string, marker: string, force: boolean): Diagnostic | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(out);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { level: 'error', code: 'package-folder', message: `${out} exists and is not a folder`, hint: 'name a new folder, or an empty one' };
  if (force || fs.readdirSync(out).length === 0) return undefined;
  if (readIfFile(path.join(out, marker))?.includes(GENERATED_MARKER)) return undefined;
  return {
    level: 'error',
    code: 'package-folder',
    message: `${out} holds files gen-devcontainer did not write (its ${marker} has no "${GENERATED_MARKER}" header): writing there could overwrite yours`,
    hint: 'name a new or empty folder, or pass --force to write over it',
  };
}
