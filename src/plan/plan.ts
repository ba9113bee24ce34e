import type { RepoFacts } from '../analyze/facts.js';
import { backendUvRuns } from '../analyze/pyproject.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseVersion } from '../versions/pep440.js';
import { resolveBaseImage } from './base-image.js';
import { blockArgConflicts } from './block-build-args.js';
import { CA_BUNDLE_TARGET, planCaBundle } from './ca-bundle.js';
import { resolveUser } from './container-user.js';
import { nothingSelected, readDependencyOptions, selectionWords, warnPoetryGroups } from './dependencies.js';
import { foldersToPrepare, planFolders } from './folders.js';
import { reportDeadUvMounts, reportPipInstalls } from './kept-settings.js';
import { chooseLayout, LAYOUTS } from './layouts/index.js';
import type { LayoutContext, LayoutProvider } from './layouts/provider.js';
import { linksToOutputs } from './links.js';
import { mountConflicts } from './mount-nesting.js';
import { DEVCONTAINER_ID, FOLDER_NAME_SOURCE, isValidVolumeName, mountTargetProblem, slugify, UNNAMED_SLUG } from './names.js';
import { optionWords, type PlanOptions } from './options.js';
import { planOutputs } from './outputs.js';
import { type PythonChoice, resolvePythonVersion } from './python.js';
import { choosePythonProvider, imagePythonMinor } from './python-provider.js';
import { DEFAULT_MOUNT_TARGET, PINNED_UV_BIN, RUST_BACKENDS, SHARED_VOLUME, UV_IMAGE_REPOSITORY, UV_SINCE } from './tables.js';
import type { Decision, EnvVar, LifecycleStep, Plan, PlannedDirectory } from './types.js';
import { adoptUvPin } from './user-uv-pin.js';
import { adoptUserLocations, keepUserEnvironment, keepUserFolders, settleUserSettings } from './user-uv-settings.js';
import { reportUvCommands } from './uv-commands.js';
import { reportOtherUvOnPath } from './uv-on-path.js';
import { ignoredRequiredVersion, resolveUvVersion, warnIfOutsideBuildRanges } from './uv-version.js';
import { BASENAME, resolveWorkspaceFolder } from './workspace-folder.js';
import { planWorkspaceMount } from './workspace-mount.js';

export type { PlanOptions } from './options.js';

export interface PlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/**
 * Decides where everything uv writes will live. The rule that everything else follows: one named
 * volume, one mount target, and every uv directory under it, because a link (hardlink or reflink)
 * only works inside one mount.
 */
export function planDevcontainer(facts: RepoFacts, options: PlanOptions, layouts: readonly LayoutProvider[] = LAYOUTS): PlanResult {
  const diagnostics: Diagnostic[] = ignoredRequiredVersion(facts);
  const pinnedUv = adoptUvPin(facts, options.uvVersion, diagnostics);
  if (pinnedUv) warnIfOutsideBuildRanges(facts, pinnedUv, diagnostics);
  const uvVersion = pinnedUv ?? resolveUvVersion(facts, options.uvVersion, diagnostics);
  const image = resolveBaseImage(options.baseImage, facts, diagnostics);
  const baseImage = image?.decision;
  const user = resolveUser(options.user, facts, image, diagnostics);
  const python = resolvePlanPython(facts, options, baseImage, uvVersion?.value, diagnostics);
  // The user's own uv locations, kept when they are all on one volume of theirs (user-uv-settings.ts).
  const { adoption, notAdopted } = adoptUserLocations(facts, options);
  const target = adoption?.target ?? resolveMountTarget(options.mountTarget, diagnostics);
  const workspaceFolder = resolveWorkspaceFolder(facts, target?.value, diagnostics);
  const project = resolveProjectName(facts);
  const volume = adoption ? { name: adoption.volume } : resolveVolumeName(options.volume, options.sharedCache === true, project, facts.devcontainer?.config?.compose !== undefined, diagnostics);
  reportRepositoryNotes(facts, diagnostics);
  const dependencies = readDependencyOptions(options, diagnostics);
  if (user?.uid === 0 && options.sharedCache) {
    // The prepare step gives the volume to the user running: as root, every project's files on the
    // machine-wide volume would become root's, and the non-root containers sharing it could no
    // longer write their cache, Pythons or environments.
    diagnostics.push({
      level: 'error',
      code: 'shared-cache-as-root',
      message: `--shared-cache with a configuration that runs as root (${user.name.source}): the one volume every project on this machine shares would be made root's, and the others' non-root users could no longer write to it`,
      hint: 'leave --shared-cache out (this repository then gets a volume of its own), or pass --user NAME to run as a non-root user',
    });
    return { diagnostics };
  }
  if (!python || !uvVersion || !user || !baseImage || !target || !volume || !workspaceFolder || !dependencies) return { diagnostics };
  const conflicts = [...mountConflicts(facts, target.value, adoption?.mount), ...blockArgConflicts(facts, user)];
  diagnostics.push(...conflicts);
  if (conflicts.length > 0) return { diagnostics };

  const root = target.value;
  const uvReads = (since: string) => compareVersions(parseVersion(uvVersion.value)!, parseVersion(since)!) >= 0;
  const chosen = chooseLayout(facts, diagnostics, layouts);
  if (!chosen) return { diagnostics };
  warnPoetryGroups(facts, diagnostics);
  const { provider: layout } = chosen;
  if (layout.minimumUv && !uvReads(layout.minimumUv.version)) {
    const { version, code, why } = layout.minimumUv;
    diagnostics.push({ level: 'error', code, message: `${why.replace('VERSION', version)}; the plan has uv ${uvVersion.value}`, hint: 'leave --uv-version out, or give a newer one' });
    return { diagnostics };
  }
  // Without a pin that uv reads itself, `uv sync` is told the version the plan chose.
  const syncPython = python.fromVersionFile || options.python !== undefined ? undefined : python.decision.value;
  const context: LayoutContext = { facts, root, slug: project.slug, uvVersion: uvVersion.value, uvReads, syncPython, dependencies, diagnostics };
  const environment = keepUserEnvironment(layout.environment(context), adoption);
  if (options.sharedCache && environment.mode === 'single' && project.name.source === FOLDER_NAME_SOURCE && !adoption) {
    diagnostics.push({
      level: 'warning',
      code: 'shared-cache-unnamed-project',
      message: `--shared-cache keeps an environment per project name on the one machine-wide volume, and this repository has no [project] name: its environment is envs/${UNNAMED_SLUG}, which every other repository without one shares (each uv sync would remove the other's packages)`,
      ...(facts.pyproject ? { file: 'pyproject.toml' } : {}),
      hint: 'give the project a name ([project] name in pyproject.toml), or leave --shared-cache out (the repository then gets a volume of its own)',
    });
  }
  const { directories, variables: folderVariables } = planFolders(root, options.readOnly === true, environment);
  keepUserFolders(directories, folderVariables, adoption);
  const at = (role: PlannedDirectory['role']) => directories.find((d) => d.role === role)!.path;

  const linkMode = chooseLinkMode(uvVersion.value);
  const provider = choosePythonProvider(baseImage.value, python.decision.value, options.pythonFrom, diagnostics);
  const env: EnvVar[] = [
    ...folderVariables,
    ...(provider.value === 'image'
      ? [
          { name: 'UV_PYTHON_PREFERENCE', value: 'only-system', reason: `the base image's Python is the interpreter: ${provider.reason}` },
          { name: 'UV_PYTHON_DOWNLOADS', value: 'never', reason: 'with the Python in the image, a download would only hide a mismatch: uv says so instead' },
        ]
      : [
          {
            name: 'UV_PYTHON_PREFERENCE',
            value: 'only-managed',
            reason: "the environment's interpreter then lives on the volume with it; a Python from the image would break the environment when the image changes",
          },
        ]),
    { name: 'UV_LINK_MODE', value: linkMode.value, reason: linkMode.reason },
  ];
  if (options.python !== undefined) {
    // Only UV_PYTHON outranks .python-version for every uv command; a --python on `uv sync` alone
    // would be undone by the next `uv run`, which recreates the environment for the pinned version.
    env.push({ name: 'UV_PYTHON', value: python.decision.value, reason: '--python asks for this version; UV_PYTHON makes every uv command in the container use it, over any .python-version' });
  }
  // A uv older than a variable ignores it without a word: set only what the pinned uv reads.
  const unread = env.filter((v) => v.name in UV_SINCE && !uvReads(UV_SINCE[v.name as keyof typeof UV_SINCE]));
  for (const variable of unread) {
    diagnostics.push({
      level: 'info',
      code: 'uv-ignores-variable',
      message: `uv ${uvVersion.value} does not read ${variable.name} (uv ${UV_SINCE[variable.name as keyof typeof UV_SINCE]} and newer do), so it is not set; uv uses its default there`,
    });
  }
  env.splice(0, env.length, ...env.filter((v) => !unread.includes(v)));
  for (const d of directories) d.variables = d.variables.filter((name) => !unread.some((v) => v.name === name));

  const lifecycle: LifecycleStep[] = [
    {
      property: 'onCreateCommand',
      step: 'prepare',
      action: { kind: 'prepare-volume', target: root, folders: foldersToPrepare(directories) },
      reason: `gives ${root} to the user when an older image or another uid left it (updateRemoteUserUID changes the user's uid, not a volume's owner), cheaply when there is nothing to fix; then makes any missing folder, since TMPDIR must exist before anything runs. A command of yours in the same property runs after it, never beside it`,
    },
  ];
  const install = layout.install(context, environment);
  if (install) lifecycle.push({ property: 'updateContentCommand', step: 'install', ...install });
  else if (!nothingSelected(dependencies)) {
    diagnostics.push({ level: 'warning', code: 'dependency-options-unused', message: `${selectionWords(dependencies)}: there is no install step to add them to`, hint: 'leave them out' });
  }
  lifecycle.push({
    property: 'postCreateCommand',
    step: 'check',
    action: { kind: 'check', uvVersion: uvVersion.value },
    reason: `proves it inside the container, after the install: each folder on which mount, owned and writable by the user, a real link from the cache into the environment, how many installed files uv linked from the cache and how many it copied, and that the uv on PATH is uv ${uvVersion.value}; fails with the fix`,
  });

  const plan: Plan = {
    schemaVersion: 1,
    generator: { name: 'gen-devcontainer', version: options.generatorVersion },
    options: optionWords(options),
    project: { name: project.name, slug: project.slug },
    layout: chosen.decision,
    python: { ...python.decision, provider },
    uv: {
      version: uvVersion,
      image: `${UV_IMAGE_REPOSITORY}:${uvVersion.value}`,
      bin: {
        value: PINNED_UV_BIN,
        reason: `a folder of its own, first on PATH (before the environment too, which may hold a uv of the project's dependencies), so that \`uv\` is uv ${uvVersion.value} whatever else the image put on PATH: an installer script's uv in ~/.local/bin with ENV PATH in your Dockerfile, a pip-installed uv, the base image's; /usr/local/bin gets links to it. The in-container check compares \`uv --version\` with ${uvVersion.value}`,
      },
    },
    baseImage,
    user: { name: user.name, uid: user.uid, gid: user.gid, ...(user.ids ? { ids: user.ids } : {}) },
    workspaceFolder: workspaceFolder.decision,
    volume: { name: volume.name, target, ...(volume.perRepository ? { perRepository: volume.perRepository } : {}) },
    directories,
    environment: environment.mode === 'per-project' ? { path: environment.path, mode: 'per-project' } : { path: environment.path, mode: 'single', interpreter: `${environment.path}/bin/python` },
    env,
    editor:
      environment.mode === 'single'
        ? {
            extensions: ['ms-python.python'],
            interpreterPath: `${environment.path}/bin/python`,
            reason: 'the Python extension, pointed at the environment on the volume, since it is not a .venv in the workspace',
          }
        : { extensions: ['ms-python.python'], reason: "the Python extension; each project's .venv link is what it finds" },
    pathPrepend: { value: [...environment.pathPrepend.value, at('bin')], source: 'plan', reason: environment.pathPrepend.reason },
    lifecycle,
    outputs: planOutputs(facts, project.slug),
  };
  if (user.keepsRemoteUser) {
    plan.outputs.config.keepsUser = {
      reason:
        facts.devcontainer?.config?.remoteUser !== undefined
          ? `your remoteUser stays as you wrote it, and yours: the manifest does not record it as a value gen-devcontainer set`
          : `no remoteUser is written: the configuration runs as ${user.name.value} by itself (${user.name.source})`,
    };
  }
  if (workspaceFolder.write) plan.outputs.config.writesWorkspaceFolder = { reason: `"workspaceFolder": ${JSON.stringify(workspaceFolder.decision.value)} is written into ${plan.outputs.config.file}` };
  const caBundle = planCaBundle(options.caBundle, diagnostics);
  if (caBundle) {
    // Compose mounts come from the override file, whose own variable syntax is not the CLI's.
    if (plan.outputs.compose !== undefined)
      diagnostics.push({
        level: 'error',
        code: 'ca-bundle-compose',
        message: '--ca-bundle with a Docker Compose configuration: gen-devcontainer does not mount it into a Compose service yet',
        hint: `mount the bundle in your compose file (volumes: - /path/ca.pem:${CA_BUNDLE_TARGET}:ro) and set SSL_CERT_FILE=${CA_BUNDLE_TARGET} in its environment, then run without --ca-bundle`,
      });
    else plan.caBundle = caBundle;
  }
  if (options.readOnly) {
    const home = user.uid === 0 ? '/root' : `/home/${user.name.value}`;
    plan.readOnlyRoot = {
      tmpfs: ['/tmp', '/var/tmp', '/run', home],
      tmpfsOptions: {
        value: 'exec',
        source: 'plan',
        reason: "Docker mounts a tmpfs noexec unless told otherwise; programs run what they unpack in /tmp and the home folder (the editor's server, build back-ends, pre-commit hooks)",
      },
      reason: `the container's root file system is read-only (--read-only). Everything uv and Python write is on the volume (cache, environments and their lock files, Pythons, tools, TMPDIR, XDG_CACHE_HOME); /tmp, /var/tmp and /run are tmpfs for other programs, and so is ${home}, ${
        user.uid === 0
          ? "root's own: it keeps the image folder's mode (0700; a tmpfs takes the mode of the folder it covers), since root's uid never changes"
          : "which the Dockerfile makes world-writable (a tmpfs takes the image folder's mode) so it works whatever uid updateRemoteUserUID gives the user"
      }; the editor installs its server there on each start`,
      ...(user.uid === 0 ? {} : { openHome: home }),
    };
  }
  layout.extra?.(context, plan);
  // Where uv needs more than this folder, the plan decides the pair: workspaceFolder is this folder
  // inside the mount, whatever the user wrote (theirs is refused or, with --force, replaced).
  const placed = planWorkspaceMount(facts, plan.workspaceFolder, diagnostics);
  if (placed) {
    plan.workspaceFolder = placed.workspaceFolder;
    if (placed.mount) plan.workspaceMount = placed.mount;
  }
  const userSettings = settleUserSettings(plan, facts, adoption, notAdopted, diagnostics);
  if (userSettings) plan.userSettings = userSettings;
  reportPipInstalls(plan, facts, diagnostics);
  reportDeadUvMounts(plan, facts, diagnostics);
  reportUvCommands(plan, facts, diagnostics);
  reportOtherUvOnPath(plan, facts, diagnostics);
  const links = linksToOutputs(plan, facts);
  if (links) plan.links = links;
  return { plan, diagnostics };
}

/**
 * Python for the plan. When the interpreter will come from the image (asked for, or a Python image,
 * the user's own or --base-image, whose version nothing else overrides), any version the image has
 * will do; otherwise uv downloads it, and only versions the pinned uv has a stable build of are chosen.
 */
function resolvePlanPython(facts: RepoFacts, options: PlanOptions, baseImage: Decision<string> | undefined, uv: string | undefined, diagnostics: Diagnostic[]): PythonChoice | undefined {
  const minor = baseImage && options.pythonFrom !== 'uv-managed' ? imagePythonMinor(baseImage.value) : undefined;
  const image = minor ? { minor, image: baseImage!.value, source: baseImage!.source } : undefined;
  if (options.pythonFrom === 'image') return resolvePythonVersion(facts, options.python, diagnostics, undefined, image);
  if (image) {
    const tentative: Diagnostic[] = [];
    const choice = resolvePythonVersion(facts, options.python, tentative, undefined, image);
    if (choice?.decision.value === image.minor) {
      diagnostics.push(...tentative);
      return choice;
    }
  }
  return resolvePythonVersion(facts, options.python, diagnostics, uv, image);
}

function chooseLinkMode(uvVersion: string): Decision<string> {
  const fallsBack = compareVersions(parseVersion(uvVersion)!, parseVersion(UV_SINCE.cloneFallsBackToHardlink)!) >= 0;
  return fallsBack
    ? {
        value: 'clone',
        source: 'plan',
        reason: `uv ${uvVersion} tries a copy-on-write clone and falls back to a hardlink; both work because cache and environment share one mount, so uv never copies`,
      }
    : { value: 'hardlink', source: 'plan', reason: `uv ${uvVersion} falls back from clone straight to copy; hardlinks work because cache and environment share one mount` };
}

/**
 * The project's name, and the slug that names its volume and environment. Without a `[project]
 * name` (a virtual workspace root, a folder of projects, requirements files) nothing in the
 * repository names it, and the folder's name on disk is no name to write down: a clone under
 * another name would get other files, and `--check` would fail there. So devcontainer.json names
 * it with the Dev Container CLI's `${localWorkspaceFolderBasename}` (substituted in every string of
 * the file: devcontainers/cli src/spec-common/variableSubstitution.ts, `substitute`), and the
 * volume and environment take a fixed slug: the volume is one per checkout all the same
 * (`${devcontainerId}`), and the environment is alone on it.
 */
function resolveProjectName(facts: RepoFacts): { name: Decision<string>; slug: string } {
  const fromPyproject = facts.pyproject?.name;
  if (fromPyproject?.value.trim()) {
    return {
      name: { value: fromPyproject.value, source: fromPyproject.file, reason: "the project's own name; the same in every clone and CI checkout, so the generated files are too" },
      // PEP 503 normalisation first: "Plain_Project.Name" and "plain-project-name" are one project.
      slug: slugify(fromPyproject.value.toLowerCase().replace(/[-_.]+/g, '-')),
    };
  }
  return {
    name: {
      value: BASENAME,
      source: FOLDER_NAME_SOURCE,
      reason: `${facts.pyproject ? 'pyproject.toml has no [project] name' : 'there is no pyproject.toml at the root'}, so the dev container is named after the repository folder, by the Dev Container CLI (${BASENAME}), and the volume and environment are "${UNNAMED_SLUG}": the files are the same in every clone, whatever its folder is called`,
    },
    slug: UNNAMED_SLUG,
  };
}

/**
 * The volume's name. By default one per repository, never per project name: repositories called
 * `app` or folders called `libs` are everywhere, and two that shared a volume would share one
 * environment, each `uv sync` removing the other's packages. The name must also be the same in
 * every clone (the files are committed and `--check` compares them), so it cannot hold a path:
 * the Dev Container CLI and Compose each make it unique on the machine, at run time.
 */
function resolveVolumeName(
  option: string | undefined,
  shared: boolean,
  project: { slug: string },
  compose: boolean,
  diagnostics: Diagnostic[],
): Pick<Plan['volume'], 'name' | 'perRepository'> | undefined {
  if (option !== undefined) {
    if (!isValidVolumeName(option)) {
      diagnostics.push({
        level: 'error',
        code: 'option-volume-invalid',
        message: `--volume ${JSON.stringify(option)} is not a valid Docker volume name`,
        hint: 'use letters, digits, "_", "." and "-", starting with a letter or digit, at least 2 characters',
      });
      return undefined;
    }
    return { name: { value: option, source: '--volume', reason: 'asked for on the command line; used as it is, so every repository given the same name shares the volume' } };
  }
  if (shared) {
    return {
      name: {
        value: SHARED_VOLUME,
        source: '--shared-cache',
        reason: `one volume for every project on this machine that uses it: the cache and managed Pythons are shared, so a new project starts warm, and each project keeps its own environment (envs/${project.slug}). Projects of the same name share that environment (two checkouts of one project, or two repositories both named ${project.slug}); give one of them --volume to keep it apart`,
      },
    };
  }
  const key = `uv-${project.slug}`;
  if (compose) {
    return {
      name: {
        value: key,
        source: 'plan',
        reason: `one volume per Compose project, holding everything uv writes so that links never cross a mount. It is declared without a name of its own, so Compose names it <project>_${key}: Compose prefixes what a project declares with the project's name (an explicit name would be used as it is, and shared by every repository with a project called ${project.slug}). The Dev Container CLI names the project after the folder of the first compose file (<repository folder>_devcontainer for one in .devcontainer/), unless COMPOSE_PROJECT_NAME or a top-level name: sets it: the volume is as separate as the project's containers. --volume names it yourself`,
      },
      perRepository: 'compose-project',
    };
  }
  return {
    name: {
      value: `${key}-${DEVCONTAINER_ID}`,
      source: 'plan',
      reason: `one volume per repository checkout, holding everything uv writes so that links never cross a mount. ${DEVCONTAINER_ID} is the Dev Container CLI's id of this dev container (a hash of the repository folder's path and of the configuration file's), which it substitutes in mounts: the same on every rebuild, different for every other folder, so two repositories with the same project or folder name (app, backend, libs) never share an environment, and the file stays the same in every clone. The project name in front is for people reading docker volume ls. A moved folder starts a new volume; --volume names it yourself`,
    },
    perRepository: 'devcontainerId',
  };
}

function resolveMountTarget(option: string | undefined, diagnostics: Diagnostic[]): Decision<string> | undefined {
  if (option === undefined) {
    return { value: DEFAULT_MOUNT_TARGET, source: 'default', reason: 'outside the workspace and the home folder: neither the workspace bind mount nor a home volume can hide it' };
  }
  const problem = mountTargetProblem(option);
  if (problem) {
    diagnostics.push({
      level: 'error',
      code: 'option-mount-target-invalid',
      message: `--mount-target ${JSON.stringify(option)} cannot be used: ${problem}`,
      hint: `use a folder such as ${DEFAULT_MOUNT_TARGET}`,
    });
    return undefined;
  }
  return { value: option, source: '--mount-target', reason: 'asked for on the command line' };
}

function reportRepositoryNotes(facts: RepoFacts, diagnostics: Diagnostic[]): void {
  // The project and, in a workspace, every member: `uv sync --all-packages` builds each of them.
  const built = [
    { what: 'the project', backend: facts.pyproject && facts.pyproject.uv.managed?.value !== false ? backendUvRuns(facts.pyproject) : undefined },
    ...(facts.workspace?.members ?? []).map((m) => ({ what: `the workspace member ${m.path}`, backend: m.buildBackend })),
  ];
  for (const { what, backend } of built) {
    if (!backend || !RUST_BACKENDS.includes(backend.value)) continue;
    diagnostics.push({
      level: 'warning',
      code: 'build-backend-needs-rust',
      message: `${what} is built by ${backend.value}, which compiles Rust: uv sync installs it (editable), so the install step needs cargo in the image (the default base image has none; an image of yours may)`,
      file: backend.file,
      line: backend.line,
      hint: `add a Rust toolchain to the image (the devcontainers "rust" feature, or rustup in your Dockerfile), or install only the dependencies with \`uv sync ${what === 'the project' ? '--no-install-project' : '--no-install-workspace'}\``,
    });
  }
  if (facts.hasWorkspaceVenv) {
    diagnostics.push({
      level: 'info',
      code: 'workspace-venv-ignored',
      message: "the .venv in the workspace is the host's; the container uses its own environment on the volume and leaves .venv alone",
    });
  }
  const nested = facts.nestedProjects;
  if (nested) {
    const count = nested.paths.length;
    const some = `${nested.paths.slice(0, 5).join(', ')}${count > 5 ? ` and ${count - 5} more` : ''}`;
    const root = facts.pyproject?.hasProjectTable || facts.workspace ? 'pyproject.toml' : 'requirements';
    diagnostics.push({
      level: 'warning',
      code: 'nested-projects-not-installed',
      message: `${count === 1 ? 'a project' : `${count} projects`} below the root (${some}${nested.stopped ? ', in the folders searched' : ''}) ${count === 1 ? 'is' : 'are'} not installed: the install step installs the root ${root === 'pyproject.toml' ? 'project' : "app's requirements"}, and ${root === 'pyproject.toml' ? `${count === 1 ? 'it is' : 'they are'} neither a workspace member nor a path source of it` : `no requirements file names ${count === 1 ? 'it' : 'them'}`}`,
      file: `${nested.paths[0]}/pyproject.toml`,
      hint:
        root === 'pyproject.toml'
          ? `to install ${count === 1 ? 'it' : 'them'} too, add ${count === 1 ? 'its folder' : 'their folders (a glob such as "src/integrations/*")'} to [tool.uv.workspace] members, or make ${count === 1 ? 'it a path source' : 'them path sources'} in [tool.uv.sources]; ${count === 1 ? 'it is' : 'each is'} also a project of its own: run gen-devcontainer in ${count === 1 ? 'its folder' : 'one of them'}`
          : `to install ${count === 1 ? 'it' : 'them'} into the environment too, add \`-e ./${nested.paths[0]}\`${count > 1 ? ' (and the others)' : ''} to a requirements file; or run gen-devcontainer in ${count === 1 ? 'its folder' : 'one of them'} for an environment of its own`,
    });
  }
  const ignoredLock = facts.gitignore?.ignoresLock;
  if (ignoredLock) {
    const which = ignoredLock.first === 'uv.lock' ? 'uv.lock' : `the uv.lock of ${ignoredLock.count} project(s) (${ignoredLock.first} first)`;
    diagnostics.push({
      level: 'warning',
      code: 'uv-lock-gitignored',
      message: `.gitignore ignores ${which}, so a clone has no lock: uv resolves anew in every new container, and may install other versions than this checkout`,
      file: facts.gitignore!.file,
      line: ignoredLock.line,
      hint: 'remove that line and commit uv.lock (a lock already tracked stays tracked: `git ls-files uv.lock` shows it), then run again',
    });
  }
  if (facts.gitignore?.ignoresDevcontainer) {
    diagnostics.push({
      level: 'warning',
      code: 'devcontainer-gitignored',
      message: '.gitignore ignores .devcontainer, so the generated files will not be committed',
      file: facts.gitignore.file,
      hint: 'remove .devcontainer from .gitignore to share the dev container',
    });
  }
  // Named configurations beside the default one are left as they are (without a default one, the
  // run stops instead: plan/shadowed-configs.ts).
  const others = facts.devcontainer?.hasConfig ? facts.devcontainer.namedConfigs : undefined;
  if (others) {
    diagnostics.push({
      level: 'info',
      code: 'other-devcontainer-configs',
      message: `${others.length === 1 ? 'another configuration' : `${others.length} other configurations`} beside .devcontainer/devcontainer.json (${others.length <= 5 ? others.join(', ') : `${others.slice(0, 5).join(', ')} and ${others.length - 5} more`}), which editors offer too, ${others.length === 1 ? 'is' : 'are'} left as ${others.length === 1 ? 'it is' : 'they are'}: gen-devcontainer writes .devcontainer/devcontainer.json only`,
      file: others[0],
      hint: 'to give one of them this layout, move it to .devcontainer/devcontainer.json (paths in it are relative to its folder: adjust them) and run gen-devcontainer again',
    });
  }
  if (facts.devcontainer?.rootConfigIsAlias) {
    // The same file under the name editors also look for: its relative paths resolve from the root
    // when a tool opens it by that name (the generated "build": {"dockerfile": "Dockerfile"} among them).
    diagnostics.push({
      level: 'warning',
      code: 'root-devcontainer-json-alias',
      message:
        '.devcontainer.json is a link to .devcontainer/devcontainer.json: a tool that opens it by the root name resolves its relative paths from the repository root, where the Dockerfile and scripts it names are not',
      file: '.devcontainer.json',
      hint: 'remove the link: editors and the Dev Container CLI find .devcontainer/devcontainer.json by themselves',
    });
  } else if (facts.devcontainer?.hasRootConfig) {
    diagnostics.push({
      level: 'warning',
      code: 'root-devcontainer-json',
      message: 'a .devcontainer.json at the repository root also defines a dev container; editors ask which one to use',
      file: '.devcontainer.json',
      hint: 'remove one of the two',
    });
  }
}
