import { createHash } from 'node:crypto';
import * as path from 'node:path';

/**
 * Names that end up in volume names, paths, Dockerfile lines and JSON come from untrusted input
 * (folder and project names, options). Each is either reduced to a safe alphabet here or refused.
 */

/** Docker's own rule for volume names (daemon/names: RestrictedNamePattern). */
const DOCKER_VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const MAX_SLUG = 40;

/**
 * A lower-case `[a-z0-9-]` slug: accents folded (Café -> cafe), anything else becomes `-`. When
 * folding lost information, a short hash of the original keeps "my app" and "my_app" apart.
 */
export function slugify(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  if (folded === name && folded.length >= 2) return folded;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
  return folded ? `${folded}-${hash}` : `project-${hash}`;
}

/**
 * The Dev Container CLI's id of a dev container (spec: docs/specs/devcontainer-id-variable.md),
 * substituted in devcontainer.json's `mounts`, `containerEnv` and more; never in what builds the image.
 */
export const DEVCONTAINER_ID = '${devcontainerId}';

/** The source of a project name that nothing in the repository gives: the plan names it with the CLI's `${localWorkspaceFolderBasename}`. */
export const FOLDER_NAME_SOURCE = 'repository folder';

/** The slug of a project without a name: its volume and environment are named with it, the same in every clone. */
export const UNNAMED_SLUG = 'project';

/** A volume name as the engine gets it, once the CLI has substituted `${devcontainerId}` (an id of 52 letters and digits). */
export function substituteDevcontainerId(name: string, id: string): string {
  return name.split(DEVCONTAINER_ID).join(id);
}

export function isValidVolumeName(name: string): boolean {
  return DOCKER_VOLUME_NAME.test(name) && name.length <= 255;
}

/** POSIX portable user names, as useradd accepts them by default. */
export function isValidUserName(name: string): boolean {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(name) && name !== 'root';
}

/**
 * The plan's container paths (ContainerPath in plan/types.ts, and so in schemas/plan.schema.json; a
 * test keeps them equal): absolute, `/`-separated names of letters, digits, `.`, `_` and `-`. They
 * are written unquoted into `mounts`, Dockerfile lines and scripts.
 */
export const CONTAINER_PATH = /^(\/[A-Za-z0-9._-]+)+$/;

/**
 * Dev container variables that name the same thing on every start of one workspace's container
 * (devcontainerjson-reference.md, "Variables in devcontainer.json"): a folder per workspace on a
 * shared volume may use them. `${localEnv:…}` and `${containerEnv:…}` may be anything.
 */
export const STABLE_VARIABLE_NAMES = ['localWorkspaceFolder', 'localWorkspaceFolderBasename', 'containerWorkspaceFolder', 'containerWorkspaceFolderBasename', 'devcontainerId'] as const;
const STABLE = `\\$\\{(${STABLE_VARIABLE_NAMES.join('|')})\\}`;

/** A path the plan keeps from the user's devcontainer.json (KeptContainerPath in plan/types.ts): as CONTAINER_PATH, names may also hold the stable variables. */
export const KEPT_CONTAINER_PATH = new RegExp(`^(/([A-Za-z0-9._-]|${STABLE})+)+$`);

/** The stable variables, each where it stands in a path. */
export const STABLE_VARIABLES = new RegExp(STABLE, 'g');

/**
 * Absolute, plain characters only (it is written unquoted into `mounts` and Dockerfile lines),
 * and not a folder the system or the workspace needs.
 */
export function mountTargetProblem(target: string): string | undefined {
  if (!target.startsWith('/')) return 'it must be an absolute path';
  if (!CONTAINER_PATH.test(target)) return 'it may hold only letters, digits, ".", "_", "-" and "/" separators, with no trailing "/"';
  if (target.split('/').some((part) => part === '.' || part === '..')) return 'it must not contain "." or ".." segments';
  if (target === '/workspaces' || target.startsWith('/workspaces/')) return 'it must be outside the workspace bind mount, or links from the cache fail';
  // The Dockerfile chowns the target to the user: never a system tree (chown clears setuid bits),
  // and never a folder the image fills (its content would be frozen into the volume).
  const system = ['/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/var'];
  const under = system.find((s) => target === s || target.startsWith(`${s}/`));
  if (under) return `${target} is ${target === under ? 'a system folder' : `inside the system folder ${under}`}; use a folder of its own, such as /opt/uv`;
  if (target === '/opt' || target === '/srv' || target === '/mnt') return `${target} holds other software; use a folder of its own inside it, such as ${target}/uv`;
  return undefined;
}

/** An image reference: [registry[:port]/]path[:tag][@digest], lower-case path as Docker requires. */
export function isValidImageReference(ref: string): boolean {
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const registry = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
  const pattern = new RegExp(`^${registry}${component}(?:/${component})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);
  return ref.length <= 255 && pattern.test(ref);
}

/** A container path as the Dev Container CLI and Docker take it: normalised, no trailing slash (`/` stays `/`). */
export function containerPath(value: string): string {
  const normal = path.posix.normalize(value);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}
