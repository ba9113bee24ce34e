/** Links and special files put where a repository's files go, for tests of how the tool reads them. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SPECIAL_KINDS = ['dev-zero', 'dev-urandom', 'fifo', 'folder', 'loop', 'outside'] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

/** Puts `kind` at `rel` inside `root`. */
export function placeSpecial(root: string, rel: string, kind: SpecialKind): void {
  const at = path.join(root, rel);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  if (kind === 'dev-zero') fs.symlinkSync('/dev/zero', at);
  else if (kind === 'dev-urandom') fs.symlinkSync('/dev/urandom', at);
  else if (kind === 'fifo') execFileSync('mkfifo', [at]);
  else if (kind === 'folder') fs.mkdirSync(at);
  else if (kind === 'loop') fs.symlinkSync(path.basename(at), at);
  else fs.symlinkSync('/etc/hostname', at);
}
