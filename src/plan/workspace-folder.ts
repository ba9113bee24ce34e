import * as path from 'node:path';
import { CONFIG_FILE } from '../analyze/devcontainer.js';
import type { ExistingCompose, RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { containerPath } from './names.js';
import { relativeTo } from './outputs.js';
import type { Decision } from './types.js';
import { usersOwnValue } from './users-config.js';

/** How the Dev Container CLI spells the repository folder's name in devcontainer.json. */
export const BASENAME = '${localWorkspaceFolderBasename}';

export interface WorkspaceFolder {
  decision: Decision<string>;
  /** devcontainer.json must say it (a Compose configuration that does not): the tool writes it. */
  write: boolean;
}

/**
 * Where the repository is in the container, which is where every lifecycle command runs (and so
 * where `sh .devcontainer/uv-lifecycle.sh` must be found):
 *
 * - devcontainer.json's `workspaceFolder`, when the user set it;
 * - an image or Dockerfile configuration: the CLI bind-mounts the repository at
 *   /workspaces/<its folder name> (devcontainers/cli src/spec-node/utils.ts, getWorkspaceConfiguration);
 * - a Compose configuration: the CLI mounts nothing and runs in `/` unless workspaceFolder says
 *   otherwise (src/spec-node/dockerCompose.ts, getRemoteWorkspaceFolder: `workspaceFolder || '/'`;
 *   lifecycle commands run in that folder, src/spec-common/injectHeadless.ts, `remoteCwd`).
 *   So the folder is read from the service's bind mount of the repository (compose-service.ts) and
 *   written into devcontainer.json; with no such mount the run stops and says how to add one.
 */
export function resolveWorkspaceFolder(facts: RepoFacts, volumeTarget: string | undefined, diagnostics: Diagnostic[]): WorkspaceFolder | undefined {
  const config = facts.devcontainer?.config;
  const own = usersOwnValue(facts, 'workspaceFolder');
  if (own !== undefined) {
    return { decision: { value: own, source: CONFIG_FILE, reason: 'your workspaceFolder: the repository is there, and the lifecycle commands run there' }, write: false };
  }
  const compose = config?.kind === 'compose' ? config.compose : undefined;
  if (!compose) {
    return {
      decision: {
        value: `/workspaces/${BASENAME}`,
        source: 'default',
        reason: 'the Dev Container CLI bind-mounts the repository at /workspaces/<its folder name>, and runs the lifecycle commands there',
      },
      write: false,
    };
  }

  const binds = compose.definition?.binds ?? [];
  const usable = (target: string) => target.startsWith('/') && !/[$\u0000-\u001f\u007f]/.test(target) && target.length <= 4096 && path.posix.normalize(target) !== '/';
  const found = binds.find((b) => b.source === '.' && usable(b.target)) ?? binds.find((b) => b.source === '..' && usable(b.target));
  if (!found) {
    diagnostics.push({
      level: 'error',
      code: 'compose-workspace-unknown',
      message: `${CONFIG_FILE} sets no workspaceFolder, and the service "${compose.service}" mounts no folder holding the repository${unresolvedBinds(compose)}: the Dev Container CLI would run every lifecycle command in / (the Compose default), where .devcontainer/uv-lifecycle.sh is not`,
      file: CONFIG_FILE,
      hint: `mount the repository in the service, e.g. "- ${relativeTo(composeProjectFolder(compose), '.')}:/workspace" under volumes:${inComposeFile(compose)}, or set "workspaceFolder" in ${CONFIG_FILE} to where the service has it; then run again`,
    });
    return undefined;
  }
  const target = containerPath(found.target);
  const value = found.source === '.' ? target : `${target}/${BASENAME}`;
  if (volumeTarget !== undefined && (volumeTarget === target || volumeTarget.startsWith(`${target}/`))) {
    diagnostics.push({
      level: 'error',
      code: 'volume-inside-workspace',
      message: `the uv volume's target ${volumeTarget} is inside ${target}, where the service mounts ${found.source === '.' ? 'the repository' : 'the folder holding it'} (${found.file}): Docker would create ${volumeTarget} in your repository folder on the host`,
      file: found.file,
      ...(found.line ? { line: found.line } : {}),
      hint: '--mount-target with a folder outside it, such as /opt/uv',
    });
    return undefined;
  }
  const where = `${found.file}${found.line ? ` line ${found.line}` : ''}`;
  const projectFolder = composeProjectFolder(compose);
  return {
    decision: {
      value,
      source: where,
      reason: `the service "${compose.service}" mounts ${found.source === '.' ? 'the repository' : 'the folder holding the repository'} at ${target} (${found.written}, from ${projectFolder === '.' ? 'the repository root' : `${projectFolder}/`}, the folder of ${compose.files[0]}, where Compose resolves every file's paths). For Compose the Dev Container CLI runs lifecycle commands in workspaceFolder, which is / unless set, so it is written into devcontainer.json`,
    },
    write: true,
  };
}

/** The folder Compose resolves every compose file's relative paths from: the first file's. */
function composeProjectFolder(compose: ExistingCompose): string {
  return path.posix.dirname(compose.files[0]!);
}

/** ` (SRC:TARGET, ... cannot be resolved here)`, for the service's binds whose source is not known here; empty when none. */
export function unresolvedBinds(compose: ExistingCompose): string {
  const unknown = (compose.definition?.binds ?? []).filter((b) => b.source === undefined).map((b) => `${b.written}:${b.target}`);
  return unknown.length > 0 ? ` (${unknown.slice(0, 3).join(', ')} cannot be resolved here)` : '';
}

/** Where a bind to add goes: ` in <the last compose file> (a path relative to <project folder>/, ...)`. */
export function inComposeFile(compose: ExistingCompose): string {
  return ` in ${compose.files.at(-1)} (a path relative to ${composeProjectFolder(compose)}/, where Compose resolves every file's paths)`;
}
