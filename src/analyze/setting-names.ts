/**
 * The variables gen-devcontainer reads from a user's configuration: uv's own (UV_*), the ones uv
 * takes its defaults from, TMPDIR (the temporary cache of `uv --no-cache`), VIRTUAL_ENV, and PATH
 * (to see whether a user's remoteEnv already puts an environment first), and two that tell who the
 * container runs as (HOME, PIP_ROOT_USER_ACTION: plan/root-evidence.ts). Every other variable is
 * left unread: Compose environments and env_files often hold secrets.
 */
const READ_VARIABLE = /^(UV_[A-Z0-9_]+|TMPDIR|VIRTUAL_ENV|XDG_CACHE_HOME|XDG_DATA_HOME|PATH|HOME|PIP_ROOT_USER_ACTION)$/;

export function isReadVariable(name: string): boolean {
  return READ_VARIABLE.test(name);
}
