import { allFlags, requireUvForSelection, selectionWords } from '../dependencies.js';
import { RUST_BACKENDS, UV_SINCE } from '../tables.js';
import { userSwitchForSteps } from '../user-uv-settings.js';
import type { LayoutProvider } from './provider.js';

/**
 * A folder of independent projects (no project at the root, one in each of several subfolders):
 * uv's centralized-project-envs keeps an environment per project in its cache, on the volume.
 */
export const severalProjects: LayoutProvider = {
  name: 'several-projects',
  summary: 'a folder of independent projects, each with its own environment',
  detect: (facts) =>
    facts.projects
      ? {
          source: fewOf(facts.projects.map((p) => `${p.path}/pyproject.toml`)),
          evidence: `no project at the root${facts.pyproject ? ` (its ${facts.pyproject.file} holds no [project], workspace or dependency groups: a tool's settings only)` : ''}; ${facts.projects.length} in subfolders`,
        }
      : undefined,
  minimumUv: { version: UV_SINCE.centralizedProjectEnvs, code: 'uv-too-old-for-projects', why: 'a folder of several projects needs uv VERSION or newer (centralized-project-envs)' },
  environment: ({ root }) => ({
    path: `${root}/cache/environments-v2`,
    reason: "uv's own bucket of project environments (centralized-project-envs): one per project, inside the cache, so links stay on one mount; each project's .venv links here",
    mode: 'per-project',
    variables: [
      {
        name: 'UV_PREVIEW_FEATURES',
        value: 'centralized-project-envs',
        reason: 'each project keeps its environment in the cache, keyed by its folder, with .venv linking to it: plain `uv sync` / `uv run` in any project folder works with no variable per project',
      },
    ],
    pathPrepend: { value: [], reason: 'uv tools and managed Pythons; each project is run with `uv run` in its folder, or through its .venv' },
  }),
  install: (context) => {
    const { facts, dependencies: s } = context;
    const around = facts.projectsInWorkspace;
    if (around) {
      const count = facts.projects!.length;
      const some = around.members.length < count ? `${fewOf(around.members)} (${around.members.length} of the ${count} projects here) are` : `all ${count} projects here are`;
      context.diagnostics.push({
        level: 'error',
        code: 'projects-in-workspace',
        message: `${some} members of the uv workspace at ${around.root} (${around.file} declares it): uv, run in any of them, syncs that whole workspace into one environment, locked in ${around.root}/uv.lock, so an environment per project is not what uv would make`,
        file: around.file,
        ...(around.line ? { line: around.line } : {}),
        hint: `run gen-devcontainer in ${around.root}, the workspace root (one environment for every member), or in one member folder`,
      });
    }
    // A name means one project's extra or group; the flags that name nothing fit every project.
    if (s.extras.length > 0 || s.groups.length > 0) {
      context.diagnostics.push({
        level: 'error',
        code: 'dependency-names-per-project',
        message: `${selectionWords({ ...s, allExtras: false, allGroups: false, noDev: false })}: this folder holds ${projectCount(facts.projects!.length)}, each with its own extras and groups, and the install step syncs every one of them`,
        hint: "run `uv sync --extra NAME` (or --group) in that project's folder inside the container; --all-extras, --all-groups and --no-dev apply to every project",
      });
    }
    // Named extras and groups were refused above; the flags that name nothing go to every project.
    requireUvForSelection(context, { ...s, extras: [], groups: [] });
    const flags = allFlags(s);
    // uv ignores the user's UV_LOCKED beside --frozen (real uv 0.13.9 says so): --locked honours it.
    const checkLock = userSwitchForSteps(facts, 'UV_LOCKED');
    const lockFlag = checkLock ? '--locked' : '--frozen';
    const ignored = facts.gitignore?.ignoresLock;
    const lockAdvice = ignored
      ? `.gitignore (line ${ignored.line}) ignores the uv.lock of ${ignored.count === 1 ? ignored.first.replace(/\/uv\.lock$/, '') : `${ignored.count} projects (${ignored.first} first)`}, so a clone has none there and uv resolves anew in each new container; to pin the versions, remove that line and commit the locks`
      : 'where it has none, uv resolves and writes one: commit it so that every container installs the same versions';
    return {
      action: {
        kind: 'uv-sync-each',
        paths: facts.projects!.map((p) => p.path),
        args: ['--all-packages', ...flags],
        frozenWhereLocked: true,
        ...(checkLock ? { checkLock: true as const } : {}),
        rustBackends: [...RUST_BACKENDS],
      },
      reason: `syncs each project in its own folder, with --all-packages (a folder that is a uv workspace gets its members too, as a workspace at the root does; for a single project it changes nothing) and ${lockFlag} where the folder has a uv.lock when the step runs, so a lock committed later needs no new generation (${lockAdvice}).${checkLock ? ` --locked rather than --frozen: your UV_LOCKED=${checkLock.value} (${checkLock.file} line ${checkLock.line}) asks uv to fail when a lock no longer matches its pyproject.toml, and uv ignores it beside --frozen; a project with no uv.lock then fails, as UV_LOCKED makes it.` : ''} uv reads each pyproject.toml then, not this run: a folder whose pyproject.toml has no [project], workspace or [dependency-groups] table (a tool's settings only, such as [tool.ruff]) is no project and is left alone, where uv would write a lock and an environment for it; a project whose sync fails while the image has no cargo and its build back-end compiles Rust (${RUST_BACKENDS.join(', ')}) is named with that fix. uv puts each environment in the cache bucket and links the project's .venv to it. A project whose .venv is a virtual environment made outside the container (the host's, seen through the bind mount) is skipped with a message: uv would delete it to put its link there. A project whose sync fails (a broken pyproject.toml, a dependency that does not resolve) does not stop the others: the step fails at the end and names it.${flags.length > 0 ? ` ${flags.join(' ')} (asked for on the command line) for every project.` : ''}`,
    };
  },
  python: () => ({ value: 'per project', source: 'each project', reason: "uv reads each project's .python-version or requires-python in its own folder" }),
  extra({ facts, uvVersion }, plan) {
    plan.projects = {
      paths: facts.projects!.map((p) => p.path),
      strategy: 'centralized-project-envs',
      reason: `${projectCount(facts.projects!.length)}: uv's centralized-project-envs (a preview in uv ${uvVersion}) keeps an environment per project in the cache bucket, on the one volume, and links each project's .venv to it, which editors find; plain \`uv sync\` and \`uv run\` work in every project folder. Trade-offs, seen with real uv: \`uv sync\` here deletes a .venv virtual environment it finds in a project folder (a host's, through the bind mount) and puts its link there, so the install step skips such a project instead and says how to hand it over; the .venv links dangle on the host, where uv 0.12 and newer treat a dangling .venv as an error (keep .venv in .gitignore, and do not share a project folder between host and container environments); \`uv cache prune\` and \`uv cache clean\` delete the environments (the next \`uv sync\` makes them again); the preview may change. The alternative, UV_PROJECT_ENVIRONMENT, names one path for all projects, so they would overwrite each other's environment`,
    };
  },
};

/** The first few of a long list and how many more: a decision's source is one line, even for a monorepo of thousands of projects. */
function fewOf(items: string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** "1 independent project", "3 independent projects". */
function projectCount(n: number): string {
  return `${n} independent project${n === 1 ? '' : 's'}`;
}
