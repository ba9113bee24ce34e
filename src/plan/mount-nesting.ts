import type { MountPlace, RepoFacts, UserMount } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { containerPath } from './names.js';

/** Where a mount of the user's is written, in words: "remove it from …", "… asks for a mount at". */
export const PLACE_WORDS: Readonly<Record<MountPlace, string>> = {
  mounts: 'mounts',
  workspaceMount: 'workspaceMount',
  runArgs: 'runArgs',
  'compose-volumes': "the service's volumes",
  'compose-tmpfs': "the service's tmpfs",
  'dockerfile-volume': "the Dockerfile's VOLUME",
};

/**
 * The one-mount promise against every mount of the user's, whichever channel asks for it
 * (devcontainer.json `mounts`, `workspaceMount`, `runArgs`; a Compose service's `volumes` and
 * `tmpfs`: analyze/uv-settings-elsewhere.ts reads them all):
 *
 * - a mount inside the volume's target puts that folder on a mount of its own, so a link from the
 *   cache into it (or out of it) fails with EXDEV and uv copies;
 * - the target inside another mount makes the volume a mount within that one: Docker creates the
 *   target folder in it (for a bind, in the host folder, as root), and the user reaches the volume
 *   only through that mount, with its owner and mode instead of the image's (the Docker tier shows
 *   uid 1000 denied under a 0700 host folder; the new volume itself still takes the image's owner);
 * - a second mount at the target itself: `docker run` refuses two mounts at one path ("Duplicate
 *   mount point", shown in the Docker tier), and Compose, which merges volumes by target, would silently drop the user's.
 *
 * The user's own volume that the plan adopts as the one mount (user-uv-settings.ts) is the
 * volume, not a conflict. devcontainer.json `mounts` at the target are the merge's to replace
 * (one mount per target, with a note), as the README's rule table says.
 */
export function mountConflicts(facts: RepoFacts, target: string, adopted: UserMount | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const volume = containerPath(target);
  for (const mount of facts.userUvSettings?.mounts ?? []) {
    if (mount === adopted) continue;
    const theirs = containerPath(mount.target);
    // An image's VOLUME only matters inside the target: Docker skips it when a mount is at that very
    // path, and one around the target is filled from the image's folder, with the image's owner and mode.
    if (mount.place === 'dockerfile-volume' && !theirs.startsWith(`${volume}/`)) continue;
    const where = { file: mount.file, line: mount.line };
    const what = describe(mount);
    if (theirs.startsWith(`${volume}/`)) {
      diagnostics.push({
        level: 'error',
        code: 'mount-inside-volume',
        message: `${PLACE_WORDS[mount.place]}: your ${what} at ${theirs} is inside ${volume}, where the uv volume goes: that folder would be on another mount than the cache, and uv would copy instead of linking`,
        ...where,
        hint: 'remove that mount, or give the uv volume another place with --mount-target',
      });
    } else if (volume.startsWith(`${theirs}/`) || theirs === '/') {
      diagnostics.push({
        level: 'error',
        code: 'volume-inside-mount',
        message: `${PLACE_WORDS[mount.place]}: the uv volume's target ${volume} is inside your ${what} at ${theirs}: the volume would be a mount within that one, so Docker makes ${volume} ${mount.type === 'bind' ? `in the host folder ${mount.source ?? 'it binds'}, as root,` : 'inside it'} and the user reaches the volume only through ${theirs}, whose owner and mode are ${mount.type === 'bind' ? "the host folder's" : "that mount's"}, not the image's (a 0700 host folder: Permission denied)`,
        ...where,
        hint: `give the uv volume a place outside ${theirs} with --mount-target, such as /opt/uv`,
      });
    } else if (theirs === volume && mount.place !== 'mounts') {
      diagnostics.push({
        level: 'error',
        code: 'mount-at-volume-target',
        message:
          mount.place === 'compose-volumes' || mount.place === 'compose-tmpfs'
            ? `${PLACE_WORDS[mount.place]}: your ${what} is mounted at ${volume}, where the uv volume goes; Compose merges a service's volumes by target, so the generated override would replace yours without a word`
            : `${PLACE_WORDS[mount.place]}: your ${what} is mounted at ${volume}, where the uv volume goes; docker run refuses two mounts at one path`,
        ...where,
        hint: 'give the uv volume another place with --mount-target, or remove that mount',
      });
    }
  }
  return diagnostics;
}

function describe(mount: UserMount): string {
  if (mount.type === 'bind') return `bind mount${mount.source ? ` of ${mount.source}` : ''}`;
  if (mount.type === 'volume') return mount.source ? `volume ${mount.source}` : 'anonymous volume';
  return `${mount.type === 'tmpfs' ? 'tmpfs' : 'mount'}`;
}
