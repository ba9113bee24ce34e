import { declaredInProject, selectionReason, syncFlags } from '../dependencies.js';
import { userSwitchForSteps } from '../user-uv-settings.js';
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
const INSTALLS_THE_LOCK = 'installs exactly what uv.lock records; --frozen never rewrites the lock, so creating a container cannot change a tracked file.';

/**
 * Why the install step installs from the project's own uv.lock, or undefined when the container
 * resolves: there is none, or .gitignore keeps it out of git, so a clone has none and --frozen
 * would fail there (real uv 0.13.9: "Unable to find lockfile at `uv.lock`").
 */
export function ownLock(context: LayoutContext): string | undefined {
  const { uvLock, gitignore } = context.facts;
  return uvLock && !gitignore?.ignoresLock ? INSTALLS_THE_LOCK : undefined;
}

/**
 * The flag that installs from a lock: --frozen, or --locked when the user's own UV_LOCKED asks uv
 * to check that the lock still matches pyproject.toml, since uv ignores UV_LOCKED beside --frozen
 * (real uv 0.13.9: "warning: Ignoring `UV_LOCKED` because `--frozen` was provided", and the sync
 * goes on from a stale lock). --locked never writes the lock either: it fails instead.
 */
export function lockFlag(context: LayoutContext): { flag: '--frozen' | '--locked'; why: string } {
  const locked = userSwitchForSteps(context.facts, 'UV_LOCKED');
  if (!locked) return { flag: '--frozen', why: '' };
  context.diagnostics.push({
    level: 'info',
    code: 'user-uv-locked-kept',
    message: `UV_LOCKED=${locked.value} (${locked.file} line ${locked.line}) asks uv to fail when uv.lock no longer matches pyproject.toml: the install step runs uv sync --locked, not --frozen, beside which uv would ignore it`,
    file: locked.file,
    line: locked.line,
  });
  return {
    flag: '--locked',
    why: ` --locked rather than --frozen: your UV_LOCKED=${locked.value} (${locked.file} line ${locked.line}) asks uv to fail when uv.lock no longer matches pyproject.toml, and uv ignores it beside --frozen; --locked never writes the lock either.`,
  };
}

/**
 * The user's UV_LOCKED or UV_FROZEN, where the install step has no lock to give uv: uv sync then
 * fails (real uv 0.13.9: "Unable to find lockfile at `uv.lock`, but `UV_LOCKED=1` was provided").
 */
function warnLockRequired(context: LayoutContext, why: string): void {
  for (const name of ['UV_LOCKED', 'UV_FROZEN']) {
    const setting = userSwitchForSteps(context.facts, name);
    if (!setting) continue;
    context.diagnostics.push({
      level: 'warning',
      code: 'user-uv-lock-setting-without-lock',
      message: `${name}=${setting.value} (${setting.file} line ${setting.line}) makes uv sync fail without a uv.lock, and ${why}: the install step will fail in the container`,
      file: setting.file,
      line: setting.line,
      hint: `commit a uv.lock (\`uv lock\`), or remove ${name} from the configuration the dev container uses`,
    });
  }
}

/**
 * `uv sync` for a uv project, a workspace or a workspace member, with its flags as words and the
 * reason for each. `locked`: why it installs from a lock (--frozen), undefined when there is none.
 */
export function syncAction(context: LayoutContext, { workspace, locked }: { workspace: boolean; locked: string | undefined }): { action: { kind: 'uv-sync'; args: string[] }; reason: string } {
  const python = context.syncPython;
  const args: string[] = [];
  const lock = locked ? lockFlag(context) : undefined;
  if (lock) args.push(lock.flag);
  // One environment for the whole workspace, holding every member, so each is importable there.
  if (workspace) args.push('--all-packages');
  if (python) args.push('--python', python);
  const declared = declaredInProject(context.facts);
  args.push(...syncFlags(context, context.dependencies, declared));
  const pythonWhy = python ? ` --python ${python} because no .python-version pins it.` : '';
  const ignored = context.facts.gitignore?.ignoresLock;
  if (!locked) warnLockRequired(context, ignored ? `.gitignore (line ${ignored.line}) keeps uv.lock out of every clone` : 'this repository has none');
  const unlocked = ignored
    ? `uv.lock is ignored by .gitignore (line ${ignored.line}), so a clone has none and --frozen would fail there: uv resolves the dependencies in each new container, and may install other versions than yours; to pin them, remove that line and commit uv.lock.`
    : 'no uv.lock: uv resolves the dependencies and writes uv.lock into the workspace; commit it so that every container installs the same versions.';
  const reason = `${locked ? `${locked}${lock!.why}` : unlocked}${pythonWhy}`;
  const workspaceWhy = workspace ? ' --all-packages installs every workspace member into the one environment at the workspace root.' : '';
  const selectionWhy = selectionReason(context.dependencies, declared.names);
  return { action: { kind: 'uv-sync', args }, reason: `${reason}${workspaceWhy}${selectionWhy}` };
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
