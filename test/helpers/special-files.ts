/** Links and special files put where a repository's files go, for tests of how the tool reads them. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SPECIAL_KINDS = ['fifo', 'folder', 'dev-zero', 'dev-urandom', 'outside', 'loop', 'chain-to-zero', 'through-linked-folder'] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

/** What the reader says of each kind (its message), for tests that check it names the file for what it is. */
export const SAYS_WHAT: Record<SpecialKind, RegExp> = {
  fifo: /not a regular file \(a FIFO\)/,
  folder: /not a regular file \(a folder\)/,
  'dev-zero': /symbolic link to \/dev\/zero, outside the repository/,
  'dev-urandom': /symbolic link to \/dev\/urandom, outside the repository/,
  outside: /outside the repository/,
  loop: /symbolic link that loops/,
  'chain-to-zero': /symbolic link to \/dev\/zero, outside the repository/,
  'through-linked-folder': /outside the repository/,
};

/**
 * Puts `kind` at `rel` inside `root`, replacing what was there. `through-linked-folder` makes `rel`
 * a link to a folder outside the repository holding a regular file `f` (read `rel/f`).
 */
export function placeSpecial(root: string, rel: string, kind: SpecialKind | 'regular'): void {
  const at = path.join(root, rel);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  if (kind === 'fifo') execFileSync('mkfifo', [at]);
  else if (kind === 'folder') fs.mkdirSync(at);
  else if (kind === 'dev-zero') fs.symlinkSync('/dev/zero', at);
  else if (kind === 'dev-urandom') fs.symlinkSync('/dev/urandom', at);
  else if (kind === 'outside') fs.symlinkSync('/etc/hostname', at);
  else if (kind === 'loop') fs.symlinkSync(path.basename(at), at);
  else if (kind === 'chain-to-zero') {
    // A link to a link inside the repository that leads to /dev/zero.
    const hop = `${at}.hop`;
    fs.rmSync(hop, { force: true });
    fs.symlinkSync('/dev/zero', hop);
    fs.symlinkSync(path.basename(hop), at);
  } else if (kind === 'through-linked-folder') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-linked-folder-'));
    fs.writeFileSync(path.join(folder, 'f'), 'x\n');
    fs.symlinkSync(folder, at);
  } else fs.writeFileSync(at, 'plain text\n');
}
