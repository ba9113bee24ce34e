import { UV_SINCE } from '../tables.js';
import type { LayoutProvider } from './provider.js';
import { ownLock, singleEnvironment, syncAction, unmanaged, warnForeignLocks } from './single-environment.js';

/**
 * Why a plain `uv sync` is the wrong command in a workspace's container, and what to type instead.
 * uv has no setting for --all-packages: in uv 0.12.5's source the flag has no `env =` (astral-sh/uv
 * crates/uv-cli/src/lib.rs, SyncArgs) and neither crates/uv-static/src/env_vars.rs nor
 * crates/uv-settings name it; uv 0.13.9's `uv sync --help` gives it no `[env: …]` while it does
 * for --frozen, and a UV_ALL_PACKAGES=1 sync installs no member (test/docker/uv-behaviour.test.ts).
 * So the container cannot make a plain sync right: the plan says it instead (here, in
 * .devcontainer/README.md and in the check's output). Not at a virtual root (no [project] table):
 * there a plain `uv sync` installs the entire workspace, every member, exactly as --all-packages
 * does (astral-sh/uv crates/uv/src/commands/project/sync.rs, `identify_installation_target`:
 * `VirtualProject::NonProject` with no --package is `InstallTarget::NonProjectWorkspace` either
 * way; seen with real uv 0.13.9, test/unit/virtual-workspace-sync.test.ts names the fixture), so
 * there is nothing to warn about.
 */
const PLAIN_SYNC =
  'a plain `uv sync` at the workspace root installs the root project only, and being exact it uninstalls every member the install step installed (`Uninstalled N packages`, then `ModuleNotFoundError`); uv has no variable or [tool.uv] setting that means --all-packages, so the container cannot change what a plain sync does';

/** A uv workspace: one environment at the root holds every member (`uv sync --all-packages`). */
export const workspace: LayoutProvider = {
  name: 'workspace',
  summary: 'a uv workspace, one environment for every member',
  // A [tool.uv.workspace] whose members match no folder (`members = ["agents"]` with no such folder:
  // uv takes a glob that matches nothing as no member) is one project to uv: `uv sync` and
  // `uv sync --all-packages` install the same, the root (real uv: test/docker/uv-behaviour.test.ts).
  // It is planned as the project it is, unless uv may have members the analyzer did not list.
  detect: (facts) =>
    facts.workspace && facts.pyproject && (facts.workspace.members.length > 0 || facts.workspace.virtualRoot || facts.workspace.unlisted)
      ? { source: facts.pyproject.file, evidence: `[tool.uv.workspace] with ${facts.workspace.members.length} member(s)` }
      : undefined,
  minimumUv: { version: UV_SINCE.allPackages, code: 'uv-too-old-for-workspace', why: 'a uv workspace needs uv VERSION or newer (`uv sync --all-packages` installs every member)' },
  environment: singleEnvironment,
  install(context) {
    warnForeignLocks(context);
    return unmanaged(context) ? undefined : syncAction(context, { workspace: true, locked: ownLock(context) });
  },
  extra({ facts, diagnostics }, plan) {
    const { members, excluded, virtualRoot } = facts.workspace!;
    // The install step's own command: the same selection (extras, groups) as well as every member.
    const install = plan.steps.find((s) => s.step === 'install');
    const sync = ['uv', 'sync', ...(install?.action.kind === 'uv-sync' ? install.action.args : ['--all-packages'])].join(' ');
    plan.workspace = {
      members: members.map((m) => m.path),
      excluded,
      reason: `a uv workspace${virtualRoot ? ' with a virtual root (no [project] table), where a plain `uv sync` installs every member too' : ''}: one environment at the workspace root serves all ${members.length} member(s), as uv itself does${excluded.length ? `; ${excluded.join(', ')} excluded by tool.uv.workspace.exclude` : ''}`,
      ...(virtualRoot ? {} : { plainSync: { value: sync, source: 'uv', reason: PLAIN_SYNC } }),
    };
    if (virtualRoot) return;
    diagnostics.push({
      level: 'info',
      code: 'workspace-plain-sync',
      message: `in the container, sync with \`${sync}\` (the install step's command): ${PLAIN_SYNC}`,
      file: facts.workspace!.file,
    });
  },
};
