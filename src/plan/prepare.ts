import { shellWord } from '../render/quote.js';

/**
 * The shell text of the create-time step, run as the container user before anything else:
 *
 * 1. The volume must belong to this user. A fresh volume does (the image's mount target is
 *    theirs), but one made by an older image, or before updateRemoteUserUID gave the user the
 *    host's uid, still belongs to the old uid. Checking costs one stat and a two-level find, so
 *    the common case stays instant; a fix uses sudo where the image has it (the devcontainers
 *    images do), and otherwise says exactly what to run as root.
 * 2. Every folder uv writes must exist (a volume from an older image may lack one).
 */
export function prepareScript(target: string, folders: readonly string[]): string {
  const t = shellWord(target);
  // One line, so that it reads the same in devcontainer.json, in `plan` and in a terminal.
  return [
    'set -e',
    `if [ "$(stat -c %u ${t})" != "$(id -u)" ] || [ -n "$(find ${t} -mindepth 1 -maxdepth 2 ! -user "$(id -u)" -print 2>/dev/null | head -n 1)" ]; then ` +
      `if sudo -n true 2>/dev/null; then sudo chown -R "$(id -u):$(id -g)" ${t}; echo "gen-devcontainer: gave ${target} to $(id -un)"; ` +
      `else echo "gen-devcontainer: ${target} belongs to another user; as root run: chown -R $(id -u):$(id -g) ${target}" >&2; exit 1; fi; fi`,
    `mkdir -p ${folders.map(shellWord).join(' ')}`,
  ].join('; ');
}
