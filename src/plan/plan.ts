import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseVersion } from '../versions/pep440.js';
import { type BaseImage, resolveBaseImage } from './base-image.js';
import { blockArgConflicts } from './block-build-args.js';
import { type ContainerUser, resolveUser } from './container-user.js';
import { type DependencySelection, nothingSelected, readDependencyOptions, selectionWords, warnPoetryGroups } from './dependencies.js';
import { foldersToPrepare, planFolders } from './folders.js';
import { chooseLayout, LAYOUTS } from './layouts/index.js';
import type { LayoutContext, LayoutEnvironment, LayoutProvider } from './layouts/provider.js';
import { mountConflicts } from './mount-nesting.js';
import { DEVCONTAINER_ID, FOLDER_NAME_SOURCE, isValidVolumeName, mountTargetProblem, slugify, UNNAMED_SLUG } from './names.js';
import { optionWords, type PlanOptions } from './options.js';
import { decidePython, type PythonChoice } from './python-choice.js';
import { reportRepositoryNotes } from './repository-notes.js';
import type { Step } from './step.js';
import { DEFAULT_MOUNT_TARGET, PINNED_UV_BIN, SHARED_VOLUME, UV_IMAGE_REPOSITORY, UV_SINCE } from './tables.js';
import type { CorePlan, Decision, EnvVar, PlannedDirectory, PlanStep } from './types.js';
import { adoptUvPin } from './user-uv-pin.js';
import { adoptUserLocations, keepUserEnvironment, keepUserFolders } from './user-uv-settings.js';
import { ignoredRequiredVersion, resolveUvVersion, warnIfOutsideBuildRanges } from './uv-version.js';
import { BASENAME, resolveWorkspaceFolder } from './workspace-folder.js';

export type { PlanOptions } from './options.js';

export interface CoreResult {
  /** The core plan; undefined when an error left it undecided (`diagnostics` says why). */
  plan?: CorePlan;
  /** The decisions the plan's data does not carry, for the targets to stand on; with `plan`. */
  decided?: CoreDecisions;
  diagnostics: Diagnostic[];
}

/**
 * The core plan: decides where everything uv writes will live, in words any target can stand on
 * (each target adds its own section on top: targets/plan.ts). The rule that everything else
 * follows: one named volume, one mount target, and every uv directory under it, because a link
 * (hardlink or reflink) only works inside one mount.
 *
 * The core is made by ordered steps (DECISIONS, then BUILDING), each filling one slot of a draft and
 * adding its diagnostics; a step returns `false` when an error leaves nothing for the later ones.
 * The decisions all run, so that one run reports every problem with the options and the
 * repository; the building stops at the first step that stops.
 */
export function planCore(facts: RepoFacts, options: PlanOptions, layouts: readonly LayoutProvider[] = LAYOUTS): CoreResult {
  const diagnostics: Diagnostic[] = [];
  const decided: Decisions = { facts, options, layouts };
  for (const step of DECISIONS) step.run(decided, diagnostics);
  const core = settled(decided, diagnostics);
  if (!core) return { diagnostics };
  const draft: Draft = { ...core };
  for (const step of BUILDING) if (step.run(draft, diagnostics) === false) return { diagnostics };
  const { user, locations, workspaceFolder, volume } = core;
  return { plan: draft.plan!, decided: { user, locations, workspaceFolder, volume }, diagnostics };
}

/**
 * The volume's name, and how the Docker host keeps it one per repository: it is the core's (every
 * target mounts the one volume, and plan.volume.name is the name the files carry), made unique per
 * checkout by the one that runs it. `devcontainerId`: the name carries the Dev Container CLI's id of
 * the checkout; `compose-project`: Compose prefixes it with the project's name.
 */
interface VolumeName {
  name: Decision<string>;
  perRepository?: 'devcontainerId' | 'compose-project';
}

/**
 * What the core decided that the plan's data does not carry, for the targets to stand on: the
 * user (and whether the configuration runs as that user by itself), the user's own uv locations
 * kept or not, where the repository is in the container, and how the volume's name is kept per
 * repository. The workspace folder is decided here, not by the dev container, because the mount
 * target is checked against it (volume-inside-workspace) and its errors belong with the other
 * decisions', reported together in one run.
 */
export type CoreDecisions = Readonly<Pick<Core, 'user' | 'locations' | 'workspaceFolder' | 'volume'>>;

/** The decisions that stand on the options and the repository alone, each its own slot. */
interface Decisions {
  readonly facts: RepoFacts;
  readonly options: PlanOptions;
  readonly layouts: readonly LayoutProvider[];
  uvVersion?: Decision<string>;
  image?: BaseImage;
  user?: ContainerUser;
  python?: PythonChoice;
  locations?: ReturnType<typeof adoptUserLocations>;
  target?: Decision<string>;
  workspaceFolder?: ReturnType<typeof resolveWorkspaceFolder>;
  project?: { name: Decision<string>; slug: string };
  volume?: VolumeName;
  dependencies?: DependencySelection;
}

/** The decisions once every one is made: what the building steps stand on. */
type Core = Required<Decisions> & { baseImage: Decision<string>; uvReads: (since: string) => boolean };

/** The slots the building steps fill, in their order. */
interface Draft extends Core {
  layout?: NonNullable<ReturnType<typeof chooseLayout>>;
  context?: LayoutContext;
  environment?: LayoutEnvironment;
  folders?: { directories: PlannedDirectory[]; variables: EnvVar[] };
  directories?: PlannedDirectory[];
  env?: EnvVar[];
  steps?: PlanStep[];
  plan?: CorePlan;
}

const DECISIONS: readonly Step<Decisions>[] = [
  {
    name: 'uvVersion',
    run(d, out) {
      out.push(...ignoredRequiredVersion(d.facts));
      const pinned = adoptUvPin(d.facts, d.options.uvVersion, out);
      if (pinned) warnIfOutsideBuildRanges(d.facts, pinned, out);
      d.uvVersion = pinned ?? resolveUvVersion(d.facts, d.options.uvVersion, out);
      return undefined;
    },
  },
  { name: 'baseImage', run: (d, out) => void (d.image = resolveBaseImage(d.options.baseImage, d.facts, out)) },
  { name: 'user', run: (d, out) => void (d.user = resolveUser(d.options.user, d.facts, d.image, out)) },
  { name: 'python', run: (d, out) => void (d.python = decidePython(d.facts, d.options, d.image?.decision, d.uvVersion?.value, out)) },
  // The user's own uv locations, kept when they are all on one volume of theirs (user-uv-settings.ts).
  { name: 'locations', run: (d) => void (d.locations = adoptUserLocations(d.facts, d.options)) },
  { name: 'target', run: (d, out) => void (d.target = d.locations?.adoption?.target ?? resolveMountTarget(d.options.mountTarget, out)) },
  { name: 'workspaceFolder', run: (d, out) => void (d.workspaceFolder = resolveWorkspaceFolder(d.facts, d.target?.value, out)) },
  { name: 'project', run: (d) => void (d.project = resolveProjectName(d.facts)) },
  {
    name: 'volume',
    run(d, out) {
      const adopted = d.locations?.adoption?.volume;
      const compose = d.facts.devcontainer?.config?.compose !== undefined;
      d.volume = adopted ? { name: adopted } : resolveVolumeName(d.options.volume, d.options.sharedCache === true, d.project!, compose, out);
      return undefined;
    },
  },
  { name: 'notes', run: (d, out) => void reportRepositoryNotes(d.facts, out) },
  { name: 'dependencies', run: (d, out) => void (d.dependencies = readDependencyOptions(d.options, out)) },
];

/** The decisions, all made, or undefined when one could not be or they cannot stand together. */
function settled(d: Decisions, diagnostics: Diagnostic[]): Core | undefined {
  const { uvVersion, user, python, locations, target, volume, workspaceFolder, dependencies, project } = d;
  if (user?.uid === 0 && d.options.sharedCache) {
    // The prepare step gives the volume to the user running: as root, every project's files on the
    // machine-wide volume would become root's, and the non-root containers sharing it could no
    // longer write their cache, Pythons or environments.
    diagnostics.push({
      level: 'error',
      code: 'shared-cache-as-root',
      message: `--shared-cache with a configuration that runs as root (${user.name.source}): the one volume every project on this machine shares would be made root's, and the others' non-root users could no longer write to it`,
      hint: 'leave --shared-cache out (this repository then gets a volume of its own), or pass --user NAME to run as a non-root user',
    });
    return undefined;
  }
  const baseImage = d.image?.decision;
  if (!python || !uvVersion || !user || !baseImage || !target || !volume || !workspaceFolder || !dependencies || !locations || !project || !d.image) return undefined;
  const conflicts = [...mountConflicts(d.facts, target.value, locations.adoption?.mount), ...blockArgConflicts(d.facts, user)];
  diagnostics.push(...conflicts);
  if (conflicts.length > 0) return undefined;
  const uvReads = (since: string) => compareVersions(parseVersion(uvVersion.value)!, parseVersion(since)!) >= 0;
  return { ...d, uvVersion, image: d.image, user, python, locations, target, workspaceFolder, project, volume, dependencies, baseImage, uvReads };
}

const BUILDING: readonly Step<Draft>[] = [
  { name: 'layout', run: chooseLayoutStep },
  { name: 'environment', run: environmentStep },
  { name: 'folders', run: foldersStep },
  { name: 'env', run: envStep },
  { name: 'steps', run: stepsStep },
  { name: 'plan', run: assembleStep },
  // The layout's own slots (workspace members, projects): layouts/provider.ts, `extra`.
  { name: 'layout extra', run: (d) => void d.layout!.provider.extra?.(d.context!, d.plan!) },
];

function chooseLayoutStep(d: Draft, out: Diagnostic[]): boolean | undefined {
  const chosen = chooseLayout(d.facts, out, d.layouts);
  if (!chosen) return false;
  warnPoetryGroups(d.facts, out);
  const { minimumUv } = chosen.provider;
  if (minimumUv && !d.uvReads(minimumUv.version)) {
    const { version, code, why } = minimumUv;
    out.push({ level: 'error', code, message: `${why.replace('VERSION', version)}; the plan has uv ${d.uvVersion.value}`, hint: 'leave --uv-version out, or give a newer one' });
    return false;
  }
  d.layout = chosen;
  return undefined;
}

function environmentStep(d: Draft, out: Diagnostic[]): undefined {
  const { facts, project, dependencies, python, locations } = d;
  // Without a pin that uv reads itself, `uv sync` is told the version the plan chose.
  const syncPython = python.pin === 'sync' ? python.decision.value : undefined;
  // The layout's own diagnostics go where every step's go: `out` is the plan's one list.
  d.context = { facts, root: d.target.value, slug: project.slug, uvVersion: d.uvVersion.value, uvReads: d.uvReads, syncPython, dependencies, diagnostics: out };
  const environment = keepUserEnvironment(d.layout!.provider.environment(d.context), locations.adoption);
  if (d.options.sharedCache && environment.mode === 'single' && project.name.source === FOLDER_NAME_SOURCE && !locations.adoption) {
    out.push({
      level: 'warning',
      code: 'shared-cache-unnamed-project',
      message: `--shared-cache keeps an environment per project name on the one machine-wide volume, and this repository has no [project] name: its environment is envs/${UNNAMED_SLUG}, which every other repository without one shares (each uv sync would remove the other's packages)`,
      ...(facts.pyproject ? { file: 'pyproject.toml' } : {}),
      hint: 'give the project a name ([project] name in pyproject.toml), or leave --shared-cache out (the repository then gets a volume of its own)',
    });
  }
  d.environment = environment;
  return undefined;
}

/** The folders on the volume and the variables naming them (the env step leaves out what the pinned uv does not read). */
function foldersStep(d: Draft): undefined {
  const folders = planFolders(d.target.value, d.options.readOnly === true, d.environment!);
  keepUserFolders(folders.directories, folders.variables, d.locations.adoption);
  d.folders = folders;
  return undefined;
}

/** A uv older than a variable ignores it without a word: only what the pinned uv reads is set. */
function unreadVariables(names: readonly string[], d: Draft): string[] {
  return names.filter((name) => name in UV_SINCE && !d.uvReads(UV_SINCE[name as keyof typeof UV_SINCE]));
}

/** Where uv finds its Python, from the one PythonChoice. */
function pythonVariables(python: PythonChoice): EnvVar[] {
  const env: EnvVar[] =
    python.provider.value === 'image'
      ? [
          { name: 'UV_PYTHON_PREFERENCE', value: 'only-system', reason: `the base image's Python is the interpreter: ${python.provider.reason}` },
          { name: 'UV_PYTHON_DOWNLOADS', value: 'never', reason: 'with the Python in the image, a download would only hide a mismatch: uv says so instead' },
        ]
      : [
          {
            name: 'UV_PYTHON_PREFERENCE',
            value: 'only-managed',
            reason: "the environment's interpreter then lives on the volume with it; a Python from the image would break the environment when the image changes",
          },
        ];
  return env;
}

/** The container's variables, and the folders with the variables that name them, less what the pinned uv does not read. */
function envStep(d: Draft, out: Diagnostic[]): undefined {
  const linkMode = chooseLinkMode(d.uvVersion.value);
  const env: EnvVar[] = [...d.folders!.variables, ...pythonVariables(d.python), { name: 'UV_LINK_MODE', value: linkMode.value, reason: linkMode.reason }];
  if (d.python.pin === 'UV_PYTHON') {
    // Only UV_PYTHON outranks .python-version for every uv command; a --python on `uv sync` alone
    // would be undone by the next `uv run`, which recreates the environment for the pinned version.
    env.push({ name: 'UV_PYTHON', value: d.python.decision.value, reason: '--python asks for this version; UV_PYTHON makes every uv command in the container use it, over any .python-version' });
  }
  const unread = unreadVariables(
    env.map((v) => v.name),
    d,
  );
  for (const name of unread) {
    out.push({
      level: 'info',
      code: 'uv-ignores-variable',
      message: `uv ${d.uvVersion.value} does not read ${name} (uv ${UV_SINCE[name as keyof typeof UV_SINCE]} and newer do), so it is not set; uv uses its default there`,
    });
  }
  d.env = env.filter((v) => !unread.includes(v.name));
  d.directories = d.folders!.directories.map((dir) => ({ ...dir, variables: dir.variables.filter((name) => !unread.includes(name)) }));
  return undefined;
}

/**
 * The steps (prepare, install, check) in words any target can run them by; each target says when
 * it runs them (the dev container: targets/devcontainer/plan.ts, its lifecycle properties).
 */
function stepsStep(d: Draft, out: Diagnostic[]): undefined {
  const root = d.target.value;
  const check = `proves it inside the container, after the install: each folder on which mount, owned and writable by the user, a real link from the cache into the environment, how many installed files uv linked from the cache and how many it copied, and that the uv on PATH is uv ${d.uvVersion.value}; fails with the fix`;
  const core: PlanStep[] = [
    {
      step: 'prepare',
      action: { kind: 'prepare-volume', target: root, folders: foldersToPrepare(d.directories!) },
      reason: `gives ${root} to the user when another uid owns it, cheaply when there is nothing to fix; then makes any missing folder, since TMPDIR must exist before anything runs`,
    },
  ];
  const install = d.layout!.provider.install(d.context!, d.environment!);
  if (install) {
    core.push({ step: 'install', action: install.action, reason: install.reason });
  } else if (!nothingSelected(d.dependencies)) {
    out.push({ level: 'warning', code: 'dependency-options-unused', message: `${selectionWords(d.dependencies)}: there is no install step to add them to`, hint: 'leave them out' });
  }
  core.push({ step: 'check', action: { kind: 'check', uvVersion: d.uvVersion.value }, reason: check });
  d.steps = core;
  return undefined;
}

/** The core plan from the slots before it. */
function assembleStep(d: Draft): undefined {
  const { uvVersion, user, environment, directories } = d;
  const bin = directories!.find((dir) => dir.role === 'bin')!.path;
  d.plan = {
    schemaVersion: 1,
    generator: { name: 'gen-devcontainer', version: d.options.generatorVersion },
    options: optionWords(d.options),
    project: { name: d.project.name, slug: d.project.slug },
    layout: d.layout!.decision,
    python: { ...(d.layout!.provider.python?.(d.context!) ?? d.python.decision), provider: d.python.provider },
    uv: {
      version: uvVersion,
      image: `${UV_IMAGE_REPOSITORY}:${uvVersion.value}`,
      bin: {
        value: PINNED_UV_BIN,
        reason: `a folder of its own, first on PATH (before the environment too, which may hold a uv of the project's dependencies), so that \`uv\` is uv ${uvVersion.value} whatever else the image put on PATH: an installer script's uv in ~/.local/bin with ENV PATH in your Dockerfile, a pip-installed uv, the base image's; /usr/local/bin gets links to it. The in-container check compares \`uv --version\` with ${uvVersion.value}`,
      },
    },
    baseImage: d.baseImage,
    user: { name: user.name, uid: user.uid, gid: user.gid, ...(user.ids ? { ids: user.ids } : {}) },
    volume: { name: d.volume.name, target: d.target },
    directories: directories!,
    environment: environment!.mode === 'per-project' ? { path: environment!.path, mode: 'per-project' } : { path: environment!.path, mode: 'single', interpreter: `${environment!.path}/bin/python` },
    env: d.env!,
    pathPrepend: { value: [...environment!.pathPrepend.value, bin], source: 'plan', reason: environment!.pathPrepend.reason },
    steps: d.steps!,
  };
  return undefined;
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
function resolveVolumeName(option: string | undefined, shared: boolean, project: { slug: string }, compose: boolean, diagnostics: Diagnostic[]): VolumeName | undefined {
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
    // With --shared-cache too, the volume is the shared one under the user's name: --shared-cache
    // still gives each project its own environment on it (envs/<project>).
    const reason = shared
      ? `asked for on the command line with --shared-cache: the one volume every project given this name shares (cache and Pythons), under your name instead of ${SHARED_VOLUME}, each project with its own environment on it (envs/${project.slug})`
      : 'asked for on the command line; used as it is, so every repository given the same name shares the volume';
    return { name: { value: option, source: shared ? '--volume, --shared-cache' : '--volume', reason } };
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
