import { declaredInProject, selectionReason, syncFlags } from '../dependencies.js';
import type { LayoutContext, LayoutEnvironment } from './provider.js';

/** One environment on the volume, named after the project: every layout but a folder of projects. */
export function singleEnvironment({ root, slug }: LayoutContext): LayoutEnvironment {
  const path = `${root}/envs/${slug}`;
  return {
    path,
    reason: 'the project environment; outside the workspace bind mount, which would force uv to copy',
    mode: 'single',
    variables: [
      { name: 'UV_PROJECT_ENVIRONMENT', value: path, reason: 'an absolute path on the volume, so `uv sync` and `uv run` in the workspace use it' },
      { name: 'VIRTUAL_ENV', value: path, reason: 'the same environment, for tools that look for an active one; uv warns when the two differ' },
    ],
    pathPrepend: { value: [`${path}/bin`], reason: "the environment first, so `python` and the project's scripts resolve to it; then uv tools and managed Pythons" },
  };
}

/** The reason of --frozen for a project's own uv.lock. */
export const INSTALLS_THE_LOCK = 'installs exactly what uv.lock records; --frozen never rewrites the lock, so creating a container cannot change a tracked file.';

/**
 * `uv sync` for a uv project, a workspace or a workspace member, with its flags as words and the
 * reason for each. `locked`: why it installs from a lock (--frozen), undefined when there is none.
 */
export function syncAction(context: LayoutContext, { workspace, locked }: { workspace: boolean; locked: string | undefined }): { action: { kind: 'uv-sync'; args: string[] }; reason: string } {
  const python = context.syncPython;
  const args: string[] = [];
  if (locked) args.push('--frozen');
  // One environment for the whole workspace, holding every member, so each is importable there.
  if (workspace) args.push('--all-packages');
  if (python) args.push('--python', python);
  const declared = declaredInProject(context.facts);
  args.push(...syncFlags(context, context.dependencies, declared));
  const pythonWhy = python ? ` --python ${python} because no .python-version pins it.` : '';
  const reason = `${locked ?? 'no uv.lock: uv resolves the dependencies and writes uv.lock into the workspace; commit it so that every container installs the same versions.'}${pythonWhy}`;
  const workspaceWhy = workspace ? ' --all-packages installs every workspace member into the one environment at the workspace root.' : '';
  const selectionWhy = selectionReason(context.dependencies, declared.names);
  return { action: { kind: 'uv-sync', args }, reason: `${reason}${workspaceWhy}${selectionWhy} Runs in updateContentCommand so that prebuilds (Codespaces) include it` };
}

/** Locks of other tools that uv does not read, in a uv project: the container resolves anew. */
export function warnForeignLocks(context: LayoutContext): void {
  const { markers } = context.facts;
  if (markers.poetryLock)
    context.diagnostics.push({
      level: 'warning',
      code: 'poetry-lock-ignored',
      message: 'poetry.lock is not read by uv: the container resolves from [project] and writes uv.lock',
      file: 'poetry.lock',
      hint: 'to keep the pinned versions, convert once with `uvx migrate-to-uv`',
    });
  if (markers.pdmLock)
    context.diagnostics.push({
      level: 'warning',
      code: 'pdm-lock-ignored',
      message: 'pdm.lock is not read by uv: the container resolves from [project] and writes uv.lock',
      file: 'pdm.lock',
      hint: 'to keep the pinned versions, convert once with `uvx migrate-to-uv`',
    });
}

/** `tool.uv.managed = false`: the project asks uv not to sync it, so the container does not. */
export function unmanaged(context: LayoutContext): boolean {
  const managed = context.facts.pyproject?.uv.managed;
  if (managed?.value !== false) return false;
  context.diagnostics.push({ level: 'info', code: 'uv-unmanaged', message: 'tool.uv.managed is false: the container will not run `uv sync`', file: managed.file, line: managed.line });
  return true;
}
