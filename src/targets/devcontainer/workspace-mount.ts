import * as path from 'node:path';
import { CONFIG_FILE } from '../../analyze/devcontainer.js';
import { parents } from '../../analyze/enclosing.js';
import type { AncestorFolder, ComposeBind, ExistingCompose, PathSource, RepoFacts, SurroundingsFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import { containerPath, KEPT_CONTAINER_PATH } from '../../plan/names.js';
import { relativeTo } from '../../plan/outputs.js';
import type { Decision } from '../../plan/types.js';
import { usersOwnConfig, usersOwnValue } from '../../plan/users-config.js';
import { BASENAME, inComposeFile, unresolvedBinds } from '../../plan/workspace-folder.js';
import type { WorkspaceMount } from './types.js';

/** Where uv's folder is in the container: the workspaceFolder, and the workspaceMount that the plan writes when it needs one. */
export interface PlacedWorkspace {
  workspaceFolder: Decision<string>;
  mount?: WorkspaceMount;
}

/** Something above the folder that uv needs in the container, and how far up it is. */
interface Need {
  up: number;
  what: string;
  /** What goes wrong in a container that sees the folder alone. */
  without: string;
  file: string;
  line?: number;
  source?: PathSource;
}

/**
 * Where the folder above is mounted: a name of its own, the same in every clone. The host folder's
 * name would make the files differ between two clones under other names (and `--check` fail in
 * one); the Dev Container CLI has a variable for the name of the folder opened
 * (`${localWorkspaceFolderBasename}`, the last part of workspaceFolder), none for the one above.
 */
export const MOUNTED_FOLDER_TARGET = '/workspaces/repository';

/** A folder name that can stand as it is in a mount string and a container path. */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * When uv needs more than the folder (the workspace it is a member of, whose root holds the lock;
 * path sources outside it), the container must see that much, at the same relative places: the bind
 * mount becomes a folder above (devcontainer.json `workspaceMount`), opened at this folder inside
 * it (`workspaceFolder`; the spec requires the two together, devcontainerjson-reference.md). The
 * folder mounted is the repository root when the walk found one (the spec says the workspace mount
 * "should point to the root of a repository (where the .git folder is found) so that source control
 * operations work correctly inside the container", and the Dev Container CLI mounts it by default),
 * else the nearest folder holding everything uv needs. What lies above the repository root, or past
 * what was read, is refused: the container cannot be given it from this repository.
 *
 * The mount names the folder as `${localWorkspaceFolder}/..`: that variable is the folder opened,
 * the one holding .devcontainer/devcontainer.json (devcontainerjson-reference.md, "Variables in
 * devcontainer.json"), so the file stays the same in every clone; Docker resolves the `..` (the
 * Docker tier inspects the mount). The spec's supporting-tools.md lists both properties as not yet
 * supported by "Clone Repository in Container Volume".
 *
 * The plan decides the pair: workspaceFolder is the mount's folder, whatever the user wrote, since
 * the lifecycle commands run there. A user's own value that differs is recorded (`replaces`) and
 * refused unless --force (workspacePairDiagnostics), never kept beside the plan's other half. A
 * Compose configuration mounts in its compose file instead (composeWorkspace).
 */
export function planWorkspaceMount(facts: RepoFacts, workspaceFolder: Decision<string>, diagnostics: Diagnostic[]): PlacedWorkspace | undefined {
  const surroundings = facts.surroundings;
  if (!surroundings) return undefined;
  const needs = needsAbove(surroundings, diagnostics);
  if (needs.length === 0) return undefined;
  const compose = facts.devcontainer?.config?.kind === 'compose' ? facts.devcontainer.config.compose : undefined;
  if (compose) {
    const placed = composeWorkspace(facts, compose, needs, workspaceFolder, diagnostics);
    if (placed !== 'add-a-bind') return placed;
  }
  const needed = Math.max(...needs.map((n) => n.up));
  const git = surroundings.ancestors.find((a) => a.hasGit);
  const boundary = surroundings.gitHere ? 0 : git?.up;
  if (boundary !== undefined && needed > boundary) {
    const where = boundary === 0 ? 'this folder, the root of its repository (it holds .git)' : `${git!.path}, the root of the repository (it holds .git)`;
    for (const need of needs.filter((n) => n.up > boundary)) refuse(need, `it lies above ${where}, and a dev container mounts one repository`, diagnostics);
    return undefined;
  }
  if (boundary === undefined && needed > surroundings.ancestors.length) {
    const why = { limit: `more than ${surroundings.ancestors.length} levels up`, 'filesystem-root': 'at the file-system root', git: 'above the repository root' }[surroundings.end];
    for (const need of needs.filter((n) => n.up > surroundings.ancestors.length)) refuse(need, `it lies ${why}, beyond what gen-devcontainer reads`, diagnostics);
    return undefined;
  }
  const level = boundary ?? needed;
  const ancestor = surroundings.ancestors[level - 1]!;
  const below = [...surroundings.ancestors.slice(0, level - 1).map((a) => a.name)].reverse();
  const target = MOUNTED_FOLDER_TARGET;
  const folder = [target, ...below, BASENAME].join('/');
  if (compose) {
    composeRefusal(compose, needs, { level, target, folder }, diagnostics);
    return undefined;
  }
  const odd = below.find((name) => !PLAIN_NAME.test(name) || name === '.' || name === '..');
  if (ancestor.name === '' || odd !== undefined) {
    diagnostics.push({
      level: 'error',
      code: 'workspace-mount-name',
      message: `the container must mount ${ancestor.path} for uv (${needs.map((n) => n.what).join('; ')}), but ${ancestor.name === '' ? 'that is the file-system root' : `the folder name ${JSON.stringify(odd)} on the way cannot be written into a mount string safely`}`,
      hint: 'use folder names of letters, digits, ".", "_" and "-", or use a Docker Compose configuration whose service mounts the folder uv needs',
    });
    return undefined;
  }
  const mount: WorkspaceMount = {
    ancestor: ancestor.path,
    mount: `type=bind,source=\${localWorkspaceFolder}/${parents(level)},target=${target}`,
    folder,
    source: [...new Set(needs.map((n) => n.file))].join(', '),
    reason: `uv needs ${needs.map((n) => n.what).join('; ')}. In a container that sees this folder alone, ${[...new Set(needs.map((n) => n.without))].join('; ')}. So the bind mount is ${describe(ancestor, level === needed)}, at ${target}, and the editor opens this folder inside it, ${folder}, where the lifecycle steps run`,
  };
  // A pair of the user's that mounts the same folder elsewhere and opens this folder in it is the
  // plan's, at their target: kept as written.
  const own = ownPair(facts, mount.mount, below);
  if (own) Object.assign(mount, { ...own, reason: `${mount.reason}. Your workspaceMount and workspaceFolder say the same at another target: kept as you wrote them` });
  // The plan decides the pair: a user's own value that differs is replaced (with --force) or refused.
  const planned = { workspaceFolder: mount.folder, workspaceMount: mount.mount };
  const replaces = (['workspaceFolder', 'workspaceMount'] as const).flatMap((key) => {
    const theirs = usersOwnValue(facts, key);
    if (theirs === undefined || sameWorkspaceValue(key, theirs, planned[key])) return [];
    const line = facts.devcontainer?.config?.lines?.[key];
    return [{ key, value: theirs, ...(line ? { line } : {}) }];
  });
  if (replaces.length > 0) mount.replaces = replaces;
  return {
    mount,
    workspaceFolder: { value: mount.folder, source: mount.source, reason: `this folder inside the bind mount of ${mount.ancestor} (workspaceMount): the lifecycle commands run here` },
  };
}

/**
 * The workspaceMount and workspaceFolder of the user's devcontainer.json, when they say what the
 * plan's say at another target: a bind of the same folder, and this folder inside it (by its name,
 * or by the CLI's `${localWorkspaceFolderBasename}`). Undefined for any other pair, or half of one.
 * Whoever wrote them (the manifest may record one the merge found equal to the plan's): a pair that
 * holds is kept, so that a second run decides what the first did.
 */
function ownPair(facts: RepoFacts, planned: string, below: readonly string[]): { mount: string; folder: string } | undefined {
  const config = usersOwnConfig(facts);
  const mount = config?.workspaceMount;
  const folder = config?.workspaceFolder;
  if (mount === undefined || folder === undefined) return undefined;
  const theirs = mountFields(mount);
  const ours = mountFields(planned);
  const target = theirs.get('target');
  if (target === undefined || !target.startsWith('/') || theirs.size !== ours.size || [...ours].some(([k, v]) => k !== 'target' && theirs.get(k) !== v)) return undefined;
  const opened = [facts.folderName, BASENAME].map((name) => containerPath([target, ...below, name].join('/')));
  // Spelled as the plan's paths are (the merge keeps the user's own spelling: sameWorkspaceValue).
  const normal = containerPath(folder);
  return opened.includes(normal) && KEPT_CONTAINER_PATH.test(normal) ? { mount, folder: normal } : undefined;
}

/**
 * A Docker Compose configuration mounts the workspace in its compose file, which gen-devcontainer
 * does not change. The service's own binds are enough when one holds everything uv needs and
 * workspaceFolder is this folder inside it: the plan says so in workspaceFolder's reason. A bind
 * that holds it with workspaceFolder elsewhere is refused here; with none, `add-a-bind` (the
 * caller finds the folder to mount, as for a workspaceMount, and refuses with it).
 */
function composeWorkspace(facts: RepoFacts, compose: ExistingCompose, needs: Need[], workspaceFolder: Decision<string>, diagnostics: Diagnostic[]): PlacedWorkspace | undefined | 'add-a-bind' {
  const ancestors = facts.surroundings!.ancestors;
  const needed = Math.max(...needs.map((n) => n.up));
  const opened = containerPath(workspaceFolder.value.replaceAll(BASENAME, facts.folderName));
  const reaching = (compose.definition?.binds ?? []).flatMap((bind) => {
    const up = bind.source === undefined ? undefined : levelsUp(bind.source);
    if (up === undefined || up < needed || up > ancestors.length || !bind.target.startsWith('/')) return [];
    const below = ancestors
      .slice(0, up - 1)
      .map((a) => a.name)
      .reverse();
    return [{ bind, ancestor: ancestors[up - 1]!.path, folder: containerPath([bind.target, ...below, facts.folderName].join('/')) }];
  });
  if (reaching.length === 0) return 'add-a-bind';
  const where = (bind: ComposeBind) => `${bind.written}:${bind.target}, ${bind.file}${bind.line ? ` line ${bind.line}` : ''}`;
  const inside = reaching.find((r) => r.folder === opened);
  if (inside) {
    return {
      workspaceFolder: {
        ...workspaceFolder,
        reason: `${workspaceFolder.reason}. It is this folder inside the service's bind mount of ${inside.ancestor} (${where(inside.bind)}), which holds what uv needs: ${needs.map((n) => n.what).join('; ')}`,
      },
    };
  }
  const first = reaching[0]!;
  const line = workspaceFolder.source === CONFIG_FILE ? facts.devcontainer?.config?.lines?.workspaceFolder : undefined;
  diagnostics.push({
    level: 'error',
    code: 'workspace-folder-compose',
    message: `uv needs ${needs.map((n) => n.what).join(' and ')} in the container. The service "${compose.service}" mounts ${first.ancestor} (${where(first.bind)}), but workspaceFolder is ${workspaceFolder.value} (${workspaceFolder.source}), not this folder inside that mount: the lifecycle commands would run there, and uv sync --frozen would not find the workspace`,
    file: CONFIG_FILE,
    ...(line ? { line } : {}),
    hint: `set "workspaceFolder": ${JSON.stringify(first.folder)} in ${CONFIG_FILE}; then run again`,
  });
  return undefined;
}

/** No bind of the Compose service holds what uv needs: the run stops, naming the bind to add. */
function composeRefusal(compose: ExistingCompose, needs: Need[], wanted: { level: number; target: string; folder: string }, diagnostics: Diagnostic[]): void {
  const own = (compose.definition?.binds ?? []).find((b) => b.source === '.');
  const mounts = own ? `mounts only this folder (${own.written}:${own.target})` : 'mounts no folder holding it';
  const bind = `${relativeTo(path.posix.dirname(compose.files[0]!), parents(wanted.level))}:${wanted.target}`;
  diagnostics.push({
    level: 'error',
    code: 'workspace-mount-compose',
    message: `uv needs ${needs.map((n) => n.what).join(' and ')} in the container, and the service "${compose.service}" ${mounts}${unresolvedBinds(compose)}: uv sync --frozen would fail there. gen-devcontainer does not change your compose file`,
    file: own?.file ?? compose.files.at(-1),
    ...(own?.line ? { line: own.line } : {}),
    hint: `add "- ${bind}" under volumes: of the service "${compose.service}"${inComposeFile(compose)}, and set "workspaceFolder": ${JSON.stringify(wanted.folder)} in ${CONFIG_FILE}; then run again`,
  });
}

/** `..`, `../..`: how many folders above the repository a bind's source is; undefined for any other. */
function levelsUp(source: string): number | undefined {
  return /^\.\.(\/\.\.)*$/.test(source) ? source.split('/').length : undefined;
}

/** What uv needs above the folder: the workspace root it is a member of, and path sources outside it. */
function needsAbove(surroundings: SurroundingsFacts, diagnostics: Diagnostic[]): Need[] {
  const needs: Need[] = [];
  const { workspace } = surroundings;
  if (workspace)
    needs.push({
      up: workspace.up,
      what: `the workspace root ${workspace.root} (this folder is the member ${workspace.member} of ${workspace.file}, and uv reads ${workspace.root}/uv.lock)`,
      without: 'uv would take this folder for a project of its own: uv sync --frozen would find no lock, and a plain uv sync would resolve anew and write a second uv.lock here',
      file: workspace.file,
    });
  for (const source of surroundings.pathSources) {
    if (source.at === undefined) {
      diagnostics.push({
        level: 'warning',
        code: 'path-source-absolute',
        message: `tool.uv.sources.${source.name} is the absolute path ${source.path}: the container has it only if the image does`,
        file: source.file,
        line: source.line,
        hint: 'make it a path relative to the project, inside the repository, so that the workspace mount brings it along',
      });
      continue;
    }
    if (source.exists === false) {
      diagnostics.push({
        level: 'warning',
        code: 'path-source-missing',
        message: `tool.uv.sources.${source.name} = ${source.path}: there is nothing at ${source.at}, so uv sync will fail`,
        file: source.file,
        line: source.line,
        hint: `create ${source.at}, or correct the path`,
      });
    }
    if (source.up > 0) {
      needs.push({
        up: source.up,
        what: `the path source ${source.name} at ${source.at}${source.editable ? ' (editable)' : ''}, from ${source.file}`,
        without: `uv sync would not find ${source.at}`,
        file: source.file,
        line: source.line,
        source,
      });
    }
  }
  return needs;
}

function refuse(need: Need, why: string, diagnostics: Diagnostic[]): void {
  const source = need.source;
  diagnostics.push({
    level: 'error',
    code: source ? 'path-source-outside-repository' : 'workspace-outside-repository',
    message: `uv needs ${need.what} in the container, but ${why}`,
    file: need.file,
    line: need.line,
    hint: source
      ? `bring ${source.name} into the repository (for example \`git submodule add <its repository> ${source.name}\`, then \`uv add --editable ./${source.name}\`), or take it from an index; then run again`
      : `run gen-devcontainer in the repository that holds the workspace root: \`npx gen-devcontainer ${need.file.replace(/\/pyproject\.toml$/, '')}\``,
  });
}

/** Which folder is mounted, and why that one. */
function describe(ancestor: AncestorFolder, nearest: boolean): string {
  if (ancestor.hasGit && nearest) return `${ancestor.path}, the nearest folder holding all of it, which is also the repository root`;
  if (ancestor.hasGit)
    return `${ancestor.path}, the repository root (it holds .git): the spec's advice for a workspace mount, so that git works in the container, and what the Dev Container CLI mounts by default`;
  return `${ancestor.path}, the nearest folder holding all of it (no repository root was found above: no .git)`;
}

/**
 * What a run says about the user's own workspaceFolder and workspaceMount that differ from the pair
 * the plan needs: without --force, a refusal (exit 2) naming them, their line and the fix; with it,
 * nothing here (the merge replaces them and notes each).
 */
export function workspacePairDiagnostics(mount: WorkspaceMount | undefined, force: boolean): Diagnostic[] {
  const replaces = mount?.replaces;
  if (!replaces || force) return [];
  const theirs = replaces.map((r) => `${r.key} ${JSON.stringify(r.value)}`).join(' and ');
  const folder = replaces.find((r) => r.key === 'workspaceFolder');
  const consequence =
    folder && replaces.length === 1
      ? `with yours they would run in ${folder.value} instead, not in this folder inside the mount, where the project and .devcontainer/uv-lifecycle.sh are`
      : 'the two go together (the spec requires both), and gen-devcontainer writes the pair it can explain, not one it cannot check';
  const line = Math.min(...replaces.map((r) => r.line ?? Number.POSITIVE_INFINITY));
  return [
    {
      level: 'error',
      code: 'workspace-pair-contradicts',
      message: `your ${theirs} ${replaces.length > 1 ? 'contradict' : 'contradicts'} the workspace mount uv needs: the plan bind-mounts ${mount.ancestor} (workspaceMount ${JSON.stringify(mount.mount)}) and runs the lifecycle commands in ${mount.folder} (workspaceFolder); ${consequence}`,
      file: CONFIG_FILE,
      ...(Number.isFinite(line) ? { line } : {}),
      hint: `remove ${replaces.map((r) => r.key).join(' and ')} from ${CONFIG_FILE} (the plan writes both; \`gen-devcontainer plan\` shows why under "Workspace mount"), or run with --force, which replaces ${replaces.length > 1 ? 'them' : 'it'}`,
    },
  ];
}

/**
 * A user's workspaceFolder or workspaceMount that says what the plan's says, written another way:
 * a trailing `/`, `.` segments; a mount's options in another order, `src`/`dst`/`destination` for
 * `source`/`target`, or with a `consistency` (which Docker ignores on Linux).
 */
export function sameWorkspaceValue(key: 'workspaceFolder' | 'workspaceMount', theirs: string, ours: string): boolean {
  if (theirs === ours) return true;
  if (key === 'workspaceFolder') return containerPath(theirs) === containerPath(ours);
  const a = mountFields(theirs);
  const b = mountFields(ours);
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** A mount string's fields by their long names, paths normalised, `consistency` (which Docker ignores on Linux) left out. */
function mountFields(mount: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of mount.split(',')) {
    const [k, ...v] = part.split('=');
    const name = { src: 'source', dst: 'target', destination: 'target' }[k!.trim().toLowerCase()] ?? k!.trim().toLowerCase();
    if (name === 'consistency' || name === '') continue;
    out.set(name, name === 'source' || name === 'target' ? containerPath(v.join('=').trim()) : v.join('=').trim());
  }
  return out;
}
