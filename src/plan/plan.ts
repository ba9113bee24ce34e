import type { RepoFacts, SubProject } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseVersion } from '../versions/pep440.js';
import { isValidImageReference, isValidUserName, isValidVolumeName, mountTargetProblem, slugify } from './names.js';
import { foldersToPrepare } from './folders.js';
import { isUneditedOutput, planOutputs } from './outputs.js';
import { planInstall } from './install.js';
import { choosePythonProvider, imagePythonMinor, type PythonProvider } from './python-provider.js';
import { resolvePythonVersion, type PythonChoice } from './python.js';
import { SHARED_VOLUME, DEFAULT_BASE_IMAGE, DEFAULT_MOUNT_TARGET, DEFAULT_USER, UV_SINCE, UV_IMAGE_REPOSITORY } from './tables.js';
import type { Decision, EnvVar, LifecycleStep, Plan, PlannedDirectory } from './types.js';
import { resolveUvVersion } from './uv-version.js';

export interface PlanOptions {
  python?: string;
  uvVersion?: string;
  /** `NAME[:UID[:GID]]`. */
  user?: string;
  baseImage?: string;
  volume?: string;
  mountTarget?: string;
  /** One volume for every project on the machine: cache and Pythons shared, an environment each. */
  sharedCache?: boolean;
  /** Run the container with a read-only root file system. */
  readOnly?: boolean;
  /** Where Python comes from; chosen by the planner when absent. */
  pythonFrom?: PythonProvider;
  generatorVersion: string;
}

export interface PlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/**
 * Decides where everything uv writes will live. The rule that everything else follows: one named
 * volume, one mount target, and every uv directory under it, because a link (hardlink or reflink)
 * only works inside one mount.
 */
export function planDevcontainer(facts: RepoFacts, options: PlanOptions): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const uvVersion = resolveUvVersion(facts, options.uvVersion, diagnostics);
  const user = resolveUser(options.user, facts, diagnostics);
  const baseImage = resolveBaseImage(options.baseImage, facts, diagnostics);
  const python = resolvePlanPython(facts, options, baseImage?.value, uvVersion?.value, diagnostics);
  const target = resolveMountTarget(options.mountTarget, diagnostics);
  const project = resolveProjectName(facts);
  const volumeName = resolveVolumeName(options.volume, options.sharedCache === true, project, diagnostics);
  reportRepositoryNotes(facts, diagnostics);
  if (!python || !uvVersion || !user || !baseImage || !target || !volumeName) return { diagnostics };

  const root = target.value;
  // A folder of projects gets an environment per project, kept by uv itself in its cache.
  const perProject = facts.projects !== undefined;
  const uvReads = (since: string) => compareVersions(parseVersion(uvVersion.value)!, parseVersion(since)!) >= 0;
  if (perProject && !uvReads(UV_SINCE.centralizedProjectEnvs)) {
    diagnostics.push({ level: 'error', code: 'uv-too-old-for-projects', message: `a folder of several projects needs uv ${UV_SINCE.centralizedProjectEnvs} or newer (centralized-project-envs); the plan has uv ${uvVersion.value}`, hint: 'leave --uv-version out, or give a newer one' });
    return { diagnostics };
  }
  if (facts.workspace && !uvReads(UV_SINCE.allPackages)) {
    diagnostics.push({ level: 'error', code: 'uv-too-old-for-workspace', message: `a uv workspace needs uv ${UV_SINCE.allPackages} or newer (\`uv sync --all-packages\` installs every member); the plan has uv ${uvVersion.value}`, hint: 'leave --uv-version out, or give a newer one' });
    return { diagnostics };
  }
  const envPath = perProject ? `${root}/cache/environments-v2` : `${root}/envs/${project.slug}`;
  const dir = (role: PlannedDirectory['role'], path: string, reason: string): PlannedDirectory => ({ role, path, reason });
  const directories: PlannedDirectory[] = [
    dir('cache', `${root}/cache`, 'uv links packages from here into the environment, so it shares the environment\'s mount'),
    perProject
      ? dir('environment', envPath, "uv's own bucket of project environments (centralized-project-envs): one per project, inside the cache, so links stay on one mount; each project's .venv links here")
      : dir('environment', envPath, 'the project environment; outside the workspace bind mount, which would force uv to copy'),
    dir('python', `${root}/python`, 'managed Pythons; their download scratch folder (.temp) is inside, so unpacking stays on the volume and survives rebuilds'),
    dir('python-cache', `${root}/python-cache`, 'downloaded Python archives, kept so a rebuilt container does not download them again'),
    dir('tools', `${root}/tools`, 'environments of `uv tool install`, linked from the same cache'),
    dir('bin', `${root}/bin`, 'executables of uv tools and managed Pythons; on PATH'),
    dir('tmp', `${root}/tmp`, 'TMPDIR: `uv --no-cache` puts its temporary cache here, on the same mount as the environment'),
  ];
  if (options.readOnly) {
    directories.push(dir('xdg-cache', `${root}/xdg-cache`, 'XDG_CACHE_HOME: the caches tools keep under the home folder (pip, pre-commit, ruff, ...) go to the volume, since the root file system is read-only'));
  }
  const folder = (role: PlannedDirectory['role']) => directories.find((d) => d.role === role)!;
  const at = (role: PlannedDirectory['role']) => folder(role).path;
  const why = (role: PlannedDirectory['role']) => folder(role).reason;

  const linkMode = chooseLinkMode(uvVersion.value);
  const provider = choosePythonProvider(baseImage.value, python.decision.value, options.pythonFrom, diagnostics);
  const env: EnvVar[] = [
    { name: 'UV_CACHE_DIR', value: at('cache'), reason: why('cache') },
    ...(perProject
      ? [{ name: 'UV_PREVIEW_FEATURES', value: 'centralized-project-envs', reason: 'each project keeps its environment in the cache, keyed by its folder, with .venv linking to it: plain `uv sync` / `uv run` in any project folder works with no variable per project' }]
      : [
          { name: 'UV_PROJECT_ENVIRONMENT', value: envPath, reason: 'an absolute path on the volume, so `uv sync` and `uv run` in the workspace use it' },
          { name: 'VIRTUAL_ENV', value: envPath, reason: 'the same environment, for tools that look for an active one; uv warns when the two differ' },
        ]),
    { name: 'UV_PYTHON_INSTALL_DIR', value: at('python'), reason: why('python') },
    { name: 'UV_PYTHON_CACHE_DIR', value: at('python-cache'), reason: why('python-cache') },
    { name: 'UV_PYTHON_BIN_DIR', value: at('bin'), reason: 'managed Python executables go to the volume, not the home folder' },
    ...(provider.value === 'image'
      ? [
          { name: 'UV_PYTHON_PREFERENCE', value: 'only-system', reason: "the base image's Python is the interpreter: " + provider.reason },
          { name: 'UV_PYTHON_DOWNLOADS', value: 'never', reason: 'with the Python in the image, a download would only hide a mismatch: uv says so instead' },
        ]
      : [{ name: 'UV_PYTHON_PREFERENCE', value: 'only-managed', reason: "the environment's interpreter then lives on the volume with it; a Python from the image would break the environment when the image changes" }]),
    { name: 'UV_TOOL_DIR', value: at('tools'), reason: why('tools') },
    { name: 'UV_TOOL_BIN_DIR', value: at('bin'), reason: 'tool executables go to the volume, not the home folder' },
    { name: 'UV_LINK_MODE', value: linkMode.value, reason: linkMode.reason },
    { name: 'TMPDIR', value: at('tmp'), reason: 'uv --no-cache keeps its temporary cache in TMPDIR; /tmp is on the container\'s own file system, a different mount, so links from it would fail' },
  ];
  if (options.readOnly) {
    env.push({ name: 'XDG_CACHE_HOME', value: at('xdg-cache'), reason: why('xdg-cache') });
  }
  if (options.python !== undefined) {
    // Only UV_PYTHON outranks .python-version for every uv command; a --python on `uv sync` alone
    // would be undone by the next `uv run`, which recreates the environment for the pinned version.
    env.push({ name: 'UV_PYTHON', value: python.decision.value, reason: '--python asks for this version; UV_PYTHON makes every uv command in the container use it, over any .python-version' });
  }
  // A uv older than a variable ignores it without a word: set only what the pinned uv reads.
  const unread = env.filter((v) => v.name in UV_SINCE && !uvReads(UV_SINCE[v.name as keyof typeof UV_SINCE]));
  for (const variable of unread) {
    diagnostics.push({ level: 'info', code: 'uv-ignores-variable', message: `uv ${uvVersion.value} does not read ${variable.name} (uv ${UV_SINCE[variable.name as keyof typeof UV_SINCE]} and newer do), so it is not set; uv uses its default there` });
  }
  env.splice(0, env.length, ...env.filter((v) => !unread.includes(v)));

  const lockPresent = facts.uvLock !== undefined;
  const managed = facts.pyproject?.uv.managed?.value !== false;
  const lifecycle: LifecycleStep[] = [
    {
      property: 'onCreateCommand',
      step: 'prepare',
      action: { kind: 'prepare-volume', target: root, folders: foldersToPrepare(directories) },
      reason: `gives ${root} to the user when an older image or another uid left it (updateRemoteUserUID changes the user's uid, not a volume's owner), cheaply when there is nothing to fix; then makes any missing folder, since TMPDIR must exist before anything runs. A command of yours in the same property runs after it, never beside it`,
    },
  ];
  // Without a pin that uv reads itself, `uv sync` is told the version the plan chose.
  const syncPython = python.fromVersionFile || options.python !== undefined ? undefined : python.decision.value;
  const pipInstall = perProject ? undefined : planInstall(facts, envPath, syncPython, diagnostics);
  if (perProject) lifecycle.push(syncEachProject(facts.projects!));
  else if (pipInstall) lifecycle.push(pipInstall);
  else if (managed) lifecycle.push(syncStep(lockPresent, syncPython, facts.workspace !== undefined));
  else {
    diagnostics.push({ level: 'info', code: 'uv-unmanaged', message: 'tool.uv.managed is false: the container will not run `uv sync`', file: facts.pyproject?.uv.managed?.file, line: facts.pyproject?.uv.managed?.line });
  }

  lifecycle.push({
    property: 'postCreateCommand',
    step: 'check',
    action: { kind: 'check' },
    reason: 'proves it inside the container, after the install: each folder on which mount, owned and writable by the user, a real link from the cache into the environment, and how many installed files uv linked from the cache and how many it copied; fails with the fix',
  });

  const plan: Plan = {
    schemaVersion: 1,
    generator: { name: 'gen-devcontainer', version: options.generatorVersion },
    options: optionWords(options),
    project: { name: project.name, slug: project.slug },
    python: { ...python.decision, provider },
    uv: { version: uvVersion, image: `${UV_IMAGE_REPOSITORY}:${uvVersion.value}` },
    baseImage,
    user: { name: user.name, uid: user.uid, gid: user.gid },
    volume: { name: volumeName, target },
    directories,
    environment: perProject ? { path: envPath, mode: 'per-project' } : { path: envPath, mode: 'single', interpreter: `${envPath}/bin/python` },
    env,
    pathPrepend: perProject
      ? { value: [at('bin')], source: 'plan', reason: 'uv tools and managed Pythons; each project is run with `uv run` in its folder, or through its .venv' }
      : { value: [`${envPath}/bin`, at('bin')], source: 'plan', reason: 'the environment first, so `python` and the project\'s scripts resolve to it; then uv tools and managed Pythons' },
    lifecycle,
    outputs: planOutputs(facts),
  };
  if (options.readOnly) {
    const home = `/home/${user.name.value}`;
    plan.readOnlyRoot = {
      tmpfs: ['/tmp', '/var/tmp', '/run', home],
      reason: `the container's root file system is read-only (--read-only). Everything uv and Python write is on the volume (cache, environments and their lock files, Pythons, tools, TMPDIR, XDG_CACHE_HOME); /tmp, /var/tmp and /run are tmpfs for other programs, and so is ${home}, which the Dockerfile makes world-writable (a tmpfs takes the image folder's mode) so it works whatever uid updateRemoteUserUID gives the user; the editor installs its server there on each start`,
    };
  }
  if (perProject) {
    plan.python = { value: 'per project', source: 'each project', reason: "uv reads each project's .python-version or requires-python in its own folder", provider };
    plan.projects = {
      paths: facts.projects!.map((p) => p.path),
      strategy: 'centralized-project-envs',
      reason: `${facts.projects!.length} independent projects: uv's centralized-project-envs (a preview in uv ${uvVersion.value}) keeps an environment per project in the cache bucket, on the one volume, and links each project's .venv to it, which editors find; plain \`uv sync\` and \`uv run\` work in every project folder. Trade-offs, seen with real uv: \`uv sync\` here deletes a .venv virtual environment it finds in a project folder (a host's, through the bind mount) and puts its link there, so the install step skips such a project instead and says how to hand it over; the .venv links dangle on the host, where uv 0.12 and newer treat a dangling .venv as an error (keep .venv in .gitignore, and do not share a project folder between host and container environments); \`uv cache prune\` and \`uv cache clean\` delete the environments (the next \`uv sync\` makes them again); the preview may change. The alternative, UV_PROJECT_ENVIRONMENT, names one path for all projects, so they would overwrite each other's environment`,
    };
  }
  if (facts.workspace) {
    const { members, excluded, virtualRoot } = facts.workspace;
    plan.workspace = {
      members: members.map((m) => m.path),
      excluded,
      reason: `a uv workspace${virtualRoot ? ' with a virtual root' : ''}: one environment at the workspace root serves all ${members.length} member(s), as uv itself does${excluded.length ? `; ${excluded.join(', ')} excluded by tool.uv.workspace.exclude` : ''}`,
    };
  }
  return { plan, diagnostics };
}

function syncStep(lockPresent: boolean, python: string | undefined, workspace: boolean): LifecycleStep {
  const args: string[] = [];
  if (lockPresent) args.push('--frozen');
  // One environment for the whole workspace, holding every member, so each is importable there.
  if (workspace) args.push('--all-packages');
  if (python) args.push('--python', python);
  const pythonWhy = python ? ` --python ${python} because no .python-version pins it.` : '';
  const reason = lockPresent
    ? `installs exactly what uv.lock records; --frozen never rewrites the lock, so creating a container cannot change a tracked file.${pythonWhy}`
    : `no uv.lock: uv resolves the dependencies and writes uv.lock into the workspace; commit it so that every container installs the same versions.${pythonWhy}`;
  const workspaceWhy = workspace ? ' --all-packages installs every workspace member into the one environment at the workspace root.' : '';
  return { property: 'updateContentCommand', step: 'install', action: { kind: 'uv-sync', args }, reason: `${reason}${workspaceWhy} Runs in updateContentCommand so that prebuilds (Codespaces) include it` };
}

/** `uv sync` in every project folder, each with its own lock state. */
function syncEachProject(projects: readonly SubProject[]): LifecycleStep {
  return {
    property: 'updateContentCommand',
    step: 'install',
    action: { kind: 'uv-sync-each', projects: projects.map((p) => ({ path: p.path, args: p.hasLock ? ['--frozen'] : [] })) },
    reason:
      "syncs each project in its own folder (--frozen where it has a uv.lock); uv puts each environment in the cache bucket and links the project's .venv to it. A project whose .venv is a virtual environment made outside the container (the host's, seen through the bind mount) is skipped with a message: uv would delete it to put its link there. Runs in updateContentCommand so that prebuilds include it",
  };
}

/**
 * Python for the plan. When the interpreter will come from the image (asked for, or a python:X.Y
 * base image of the version the project wants), any version the image has will do; otherwise uv
 * downloads it, and only versions the pinned uv has a stable build of are chosen.
 */
function resolvePlanPython(facts: RepoFacts, options: PlanOptions, baseImage: string | undefined, uv: string | undefined, diagnostics: Diagnostic[]): PythonChoice | undefined {
  if (options.pythonFrom === 'image') return resolvePythonVersion(facts, options.python, diagnostics);
  const inImage = baseImage === undefined ? undefined : imagePythonMinor(baseImage);
  if (inImage && options.pythonFrom !== 'uv-managed') {
    const tentative: Diagnostic[] = [];
    const choice = resolvePythonVersion(facts, options.python, tentative);
    if (choice?.decision.value === inImage) {
      diagnostics.push(...tentative);
      return choice;
    }
  }
  return resolvePythonVersion(facts, options.python, diagnostics, uv);
}

function chooseLinkMode(uvVersion: string): Decision<string> {
  const fallsBack = compareVersions(parseVersion(uvVersion)!, parseVersion(UV_SINCE.cloneFallsBackToHardlink)!) >= 0;
  return fallsBack
    ? { value: 'clone', source: 'plan', reason: `uv ${uvVersion} tries a copy-on-write clone and falls back to a hardlink; both work because cache and environment share one mount, so uv never copies` }
    : { value: 'hardlink', source: 'plan', reason: `uv ${uvVersion} falls back from clone straight to copy; hardlinks work because cache and environment share one mount` };
}

function resolveProjectName(facts: RepoFacts): { name: Decision<string>; slug: string } {
  const fromPyproject = facts.pyproject?.name;
  if (fromPyproject && fromPyproject.value.trim()) {
    return {
      name: { value: fromPyproject.value, source: fromPyproject.file, reason: 'the project\'s own name; the same in every clone and CI checkout, so the generated files are too' },
      // PEP 503 normalisation first: "Plain_Project.Name" and "plain-project-name" are one project.
      slug: slugify(fromPyproject.value.toLowerCase().replace(/[-_.]+/g, '-')),
    };
  }
  const slug = slugify(facts.folderName);
  return {
    name: { value: facts.folderName.trim() || slug, source: 'folder name', reason: 'pyproject.toml has no [project] name, so the repository folder names the volume and environment' },
    slug,
  };
}

function resolveVolumeName(option: string | undefined, shared: boolean, project: { slug: string }, diagnostics: Diagnostic[]): Decision<string> | undefined {
  if (option !== undefined) {
    if (!isValidVolumeName(option)) {
      diagnostics.push({ level: 'error', code: 'option-volume-invalid', message: `--volume ${JSON.stringify(option)} is not a valid Docker volume name`, hint: 'use letters, digits, "_", "." and "-", starting with a letter or digit, at least 2 characters' });
      return undefined;
    }
    return { value: option, source: '--volume', reason: 'asked for on the command line' };
  }
  if (shared) {
    return {
      value: SHARED_VOLUME,
      source: '--shared-cache',
      reason: `one volume for every project on this machine that uses it: the cache and managed Pythons are shared, so a new project starts warm, and each project keeps its own environment (envs/${project.slug}). Two checkouts of one project share that environment`,
    };
  }
  return { value: `uv-${project.slug}`, source: 'plan', reason: 'one volume per project, named after it; holds everything uv writes so that links never cross a mount. Two checkouts of the project on one machine share it, environment included; --volume separates them' };
}

function resolveMountTarget(option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  if (option === undefined) {
    return { value: DEFAULT_MOUNT_TARGET, source: 'default', reason: 'outside the workspace and the home folder: neither the workspace bind mount nor a home volume can hide it' };
  }
  const problem = mountTargetProblem(option);
  if (problem) {
    diagnostics.push({ level: 'error', code: 'option-mount-target-invalid', message: `--mount-target ${JSON.stringify(option)} cannot be used: ${problem}`, hint: `use a folder such as ${DEFAULT_MOUNT_TARGET}` });
    return undefined;
  }
  return { value: option, source: '--mount-target', reason: 'asked for on the command line' };
}

function resolveUser(option: string | undefined, facts: RepoFacts, diagnostics: Diagnostic[]): { name: Decision<string>; uid: number; gid: number } | undefined {
  const config = usersOwnConfig(facts);
  const existing = config?.remoteUser ?? config?.containerUser;
  if (option === undefined && existing !== undefined) {
    if (isValidUserName(existing)) {
      return {
        name: { value: existing, source: config!.file, reason: `your configuration runs as ${existing}; the volume is made for that user` },
        uid: DEFAULT_USER.uid,
        gid: DEFAULT_USER.gid,
      };
    }
    diagnostics.push({ level: 'warning', code: 'existing-user-unusable', message: `${config!.file} runs as ${JSON.stringify(existing)}; the volume is made for ${DEFAULT_USER.name} instead`, file: config!.file, hint: 'root can write to the volume anyway; pass --user NAME to choose another non-root user' });
  }
  if (option === undefined) {
    return {
      name: { value: DEFAULT_USER.name, source: 'default', reason: 'non-root, uid 1000 like most host users, so files in the workspace keep their owner' },
      uid: DEFAULT_USER.uid,
      gid: DEFAULT_USER.gid,
    };
  }
  const match = /^([^:]+)(?::(\d+))?(?::(\d+))?$/.exec(option);
  const name = match?.[1];
  const uid = match?.[2] !== undefined ? Number(match[2]) : DEFAULT_USER.uid;
  const gid = match?.[3] !== undefined ? Number(match[3]) : uid;
  const bad = (why: string) => {
    diagnostics.push({ level: 'error', code: 'option-user-invalid', message: `--user ${JSON.stringify(option)}: ${why}`, hint: 'write NAME, NAME:UID or NAME:UID:GID, e.g. --user dev:1001' });
    return undefined;
  };
  if (!name || !isValidUserName(name)) return bad('the name must be a lower-case POSIX user name, and not root');
  if (!Number.isInteger(uid) || uid < 1 || uid > 60000) return bad('the uid must be between 1 and 60000 (the user must not be root)');
  if (!Number.isInteger(gid) || gid < 1 || gid > 60000) return bad('the gid must be between 1 and 60000');
  return { name: { value: name, source: '--user', reason: 'asked for on the command line' }, uid, gid };
}

function resolveBaseImage(option: string | undefined, facts: RepoFacts, diagnostics: Diagnostic[]): Decision<string> | undefined {
  const config = usersOwnConfig(facts);
  const existing = config?.image ?? config?.compose?.image;
  if (option === undefined && existing !== undefined) {
    if (isValidImageReference(existing)) {
      return { value: existing, source: config?.image ? config.file : config!.compose!.files.at(-1)!, reason: 'the image your configuration already uses, kept as the base of the Dockerfile' };
    }
    // Most often a ${localEnv:...} variable, which only the Dev Container CLI can resolve: a
    // Dockerfile cannot start FROM it, and replacing it silently would lose it.
    diagnostics.push({ level: 'error', code: 'existing-image-unusable', message: `the image ${JSON.stringify(existing)} is not a plain image reference, so it cannot become the base of a Dockerfile`, file: config!.file, hint: 'pass --base-image with the image to build on; your "image" is then replaced by "build"' });
    return undefined;
  }
  // A Dockerfile this tool wrote keeps the base it was given (perhaps the user's image, moved there).
  const own = facts.devcontainer?.config?.dockerfile ?? facts.devcontainer?.config?.compose?.dockerfile;
  if (option === undefined && own?.baseImageArg && isUneditedOutput(facts, own) && isValidImageReference(own.baseImageArg)) {
    return { value: own.baseImageArg, source: `${own.file} (ARG BASE_IMAGE)`, reason: 'kept from the Dockerfile gen-devcontainer wrote earlier' };
  }
  if (option === undefined) {
    return { value: DEFAULT_BASE_IMAGE, source: 'default', reason: 'Debian with git, sudo and a non-root vscode user; Python comes from uv onto the volume, so no Python image is needed' };
  }
  if (!isValidImageReference(option)) {
    diagnostics.push({ level: 'error', code: 'option-base-image-invalid', message: `--base-image ${JSON.stringify(option)} is not a valid image reference`, hint: 'write it as Docker does, e.g. debian:trixie-slim or ghcr.io/org/image:tag' });
    return undefined;
  }
  return { value: option, source: '--base-image', reason: 'asked for on the command line; it needs a POSIX shell and useradd or adduser' };
}

/**
 * The existing configuration when it is the user's. One this tool generated (and nobody edited)
 * is not a source of decisions: a second run must decide exactly what the first did.
 */
function usersOwnConfig(facts: RepoFacts) {
  const config = facts.devcontainer?.config;
  return config && !isUneditedOutput(facts, config) ? config : undefined;
}

function reportRepositoryNotes(facts: RepoFacts, diagnostics: Diagnostic[]): void {
  if (facts.hasWorkspaceVenv) {
    diagnostics.push({ level: 'info', code: 'workspace-venv-ignored', message: 'the .venv in the workspace is the host\'s; the container uses its own environment on the volume and leaves .venv alone' });
  }
  if (facts.gitignore?.ignoresDevcontainer) {
    diagnostics.push({ level: 'warning', code: 'devcontainer-gitignored', message: '.gitignore ignores .devcontainer, so the generated files will not be committed', file: facts.gitignore.file, hint: 'remove .devcontainer from .gitignore to share the dev container' });
  }
  if (facts.devcontainer?.hasRootConfig) {
    diagnostics.push({ level: 'warning', code: 'root-devcontainer-json', message: 'a .devcontainer.json at the repository root also defines a dev container; editors ask which one to use', file: '.devcontainer.json', hint: 'remove one of the two' });
  }
}

/** The options that differ from the defaults, as words to put after `gen-devcontainer`. */
function optionWords(options: PlanOptions): string[] {
  const words: string[] = [];
  const add = (flag: string, value: string | undefined) => value !== undefined && words.push(flag, value);
  add('--python', options.python);
  add('--uv-version', options.uvVersion);
  add('--user', options.user);
  add('--base-image', options.baseImage);
  add('--volume', options.volume);
  add('--mount-target', options.mountTarget);
  if (options.sharedCache) words.push('--shared-cache');
  if (options.readOnly) words.push('--read-only');
  add('--python-from', options.pythonFrom);
  return words;
}
