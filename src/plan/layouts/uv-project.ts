import type { LayoutProvider } from './provider.js';
import { ownLock, singleEnvironment, syncAction, unmanaged, warnForeignLocks } from './single-environment.js';

/** One uv project: `pyproject.toml` with a [project] table, synced into one environment on the volume. */
export const uvProject: LayoutProvider = {
  name: 'uv-project',
  summary: 'one uv project, one environment',
  detect: (facts) => (facts.pyproject?.hasProjectTable ? { source: facts.pyproject.file, evidence: 'a [project] table' } : undefined),
  environment: singleEnvironment,
  install(context) {
    warnForeignLocks(context);
    return unmanaged(context) ? undefined : syncAction(context, { workspace: false, locked: ownLock(context) });
  },
};
