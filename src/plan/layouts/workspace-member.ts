import type { LayoutProvider } from './provider.js';
import { singleEnvironment, syncAction, unmanaged, warnForeignLocks } from './single-environment.js';

/**
 * A member of a uv workspace whose root is above the folder (analyze/enclosing.ts finds it as uv
 * does). uv syncs a member from the workspace's one lock, at the root; run in the member's folder,
 * `uv sync` installs that member and what it needs ("By default, install the current project",
 * crates/uv/src/commands/project/sync.rs, identify_project_installation_target), the same as
 * `uv sync --package NAME` from the root. Without a lock at the root the plan stops: uv would
 * resolve the whole workspace and write one, and a container must not write a tracked file.
 */
export const workspaceMember: LayoutProvider = {
  name: 'workspace-member',
  summary: 'a member of the uv workspace above this folder, synced from the workspace lock',
  detect(facts) {
    const workspace = facts.surroundings?.workspace;
    if (!workspace || !facts.pyproject?.hasProjectTable) return undefined;
    return { source: workspace.file, evidence: `${workspace.member} is taken in by tool.uv.workspace.members "${workspace.matchedBy}" of ${workspace.file}` };
  },
  environment: singleEnvironment,
  install(context) {
    const { facts, diagnostics } = context;
    const workspace = facts.surroundings!.workspace!;
    warnForeignLocks(context);
    if (unmanaged(context)) return undefined;
    if (facts.uvLock) {
      diagnostics.push({
        level: 'warning',
        code: 'member-lock-ignored',
        message: `uv.lock here is not read by uv: this folder is a member of the workspace at ${workspace.root}, which uv locks as a whole in ${workspace.root}/uv.lock`,
        file: facts.uvLock.file,
        hint: 'delete it (it is most likely left from a run that saw this folder alone); uv never reads or updates it',
      });
    }
    if (!workspace.lock) {
      diagnostics.push({
        level: 'error',
        code: 'workspace-lock-missing',
        message: `this folder is a member of the uv workspace at ${workspace.root} (${workspace.file}), which has no uv.lock: uv sync would resolve the whole workspace and write ${workspace.root}/uv.lock when the container is created`,
        file: workspace.file,
        hint: `lock the workspace once and commit the lock: \`(cd ${workspace.root} && uv lock)\`, then run again`,
      });
      return undefined;
    }
    // --extra / --group name this member's own extras and groups: uv sync in a member selects them for it.
    return syncAction(context, {
      workspace: false,
      locked: `a member of the workspace at ${workspace.root}: uv sync in this folder installs this member and what it depends on (other members included) from ${workspace.lock.file}, the workspace's one lock; --frozen never writes it, so creating a container cannot change a tracked file.`,
    });
  },
};
