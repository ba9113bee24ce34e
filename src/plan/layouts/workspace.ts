import { UV_SINCE } from '../tables.js';
import type { LayoutProvider } from './provider.js';
import { ownLock, singleEnvironment, syncAction, unmanaged, warnForeignLocks } from './single-environment.js';

/** A uv workspace: one environment at the root holds every member (`uv sync --all-packages`). */
export const workspace: LayoutProvider = {
  name: 'workspace',
  summary: 'a uv workspace, one environment for every member',
  detect: (facts) => (facts.workspace && facts.pyproject ? { source: facts.pyproject.file, evidence: `[tool.uv.workspace] with ${facts.workspace.members.length} member(s)` } : undefined),
  minimumUv: { version: UV_SINCE.allPackages, code: 'uv-too-old-for-workspace', why: 'a uv workspace needs uv VERSION or newer (`uv sync --all-packages` installs every member)' },
  environment: singleEnvironment,
  install(context) {
    warnForeignLocks(context);
    return unmanaged(context) ? undefined : syncAction(context, { workspace: true, locked: ownLock(context) });
  },
  extra({ facts }, plan) {
    const { members, excluded, virtualRoot } = facts.workspace!;
    plan.workspace = {
      members: members.map((m) => m.path),
      excluded,
      reason: `a uv workspace${virtualRoot ? ' with a virtual root' : ''}: one environment at the workspace root serves all ${members.length} member(s), as uv itself does${excluded.length ? `; ${excluded.join(', ')} excluded by tool.uv.workspace.exclude` : ''}`,
    };
  },
};
