import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareVersions, parseVersion } from '../versions/pep440.js';
import { foldersToPrepare, planFolders } from './folders.js';
import { reportKeptSettings } from './kept-settings.js';
import { chooseLayout, LAYOUTS } from './layouts/index.js';
import type { LayoutContext, LayoutProvider } from './layouts/provider.js';
import { linksToOutputs } from './links.js';
import { isValidImageReference, isValidUserName, isValidVolumeName, mountTargetProblem, slugify } from './names.js';
import { optionWords, type PlanOptions } from './options.js';
import { isUneditedOutput, planOutputs } from './outputs.js';
import { type PythonChoice, resolvePythonVersion } from './python.js';
import { choosePythonProvider, imagePythonMinor } from './python-provider.js';
import { DEFAULT_BASE_IMAGE, DEFAULT_MOUNT_TARGET, DEFAULT_USER, SHARED_VOLUME, UV_IMAGE_REPOSITORY, UV_SINCE } from './tables.js';
import type { Decision, EnvVar, LifecycleStep, Plan, PlannedDirectory } from './types.js';
import { adoptUvPin } from './user-uv-pin.js';
import { adoptUserLocations, keepUserEnvironment, keepUserFolders, settleUserSettings } from './user-uv-settings.js';
import { resolveUvVersion } from './uv-version.js';

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
  const diagnostics: Diagnostic[] = [];
  const uvVersion = adoptUvPin(facts, options.uvVersion, diagnostics) ?? resolveUvVersion(facts, options.uvVersion, diagnostics);
  const user = resolveUser(options.user, facts, diagnostics);
  const baseImage = resolveBaseImage(options.baseImage, facts, diagnostics);
  const python = resolvePlanPython(facts, options, baseImage?.value, uvVersion?.value, diagnostics);
  // The user's own uv locations, kept when they are all on one volume of theirs (user-uv-settings.ts).
  const { adoption, notAdopted } = adoptUserLocations(facts, options);
  const target = adoption?.target ?? resolveMountTarget(options.mountTarget, diagnostics);
  const project = resolveProjectName(facts);
  const volumeName = adoption?.volume ?? resolveVolumeName(options.volume, options.sharedCache === true, project, diagnostics);
  reportRepositoryNotes(facts, diagnostics);
  if (!python || !uvVersion || !user || !baseImage || !target || !volumeName) return { diagnostics };

  const root = target.value;
  const uvReads = (since: string) => compareVersions(parseVersion(uvVersion.value)!, parseVersion(since)!) >= 0;
  const chosen = chooseLayout(facts, diagnostics, layouts);
  if (!chosen) return { diagnostics };
  const { provider: layout } = chosen;
  if (layout.minimumUv && !uvReads(layout.minimumUv.version)) {
    const { version, code, why } = layout.minimumUv;
    diagnostics.push({ level: 'error', code, message: `${why.replace('VERSION', version)}; the plan has uv ${uvVersion.value}`, hint: 'leave --uv-version out, or give a newer one' });
    return { diagnostics };
  }
  // Without a pin that uv reads itself, `uv sync` is told the version the plan chose.
  const syncPython = python.fromVersionFile || options.python !== undefined ? undefined : python.decision.value;
  const context: LayoutContext = { facts, root, slug: project.slug, uvVersion: uvVersion.value, uvReads, syncPython, diagnostics };
  const environment = keepUserEnvironment(layout.environment(context), adoption);
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
  lifecycle.push({
    property: 'postCreateCommand',
    step: 'check',
    action: { kind: 'check' },
    reason:
      'proves it inside the container, after the install: each folder on which mount, owned and writable by the user, a real link from the cache into the environment, and how many installed files uv linked from the cache and how many it copied; fails with the fix',
  });

  const plan: Plan = {
    schemaVersion: 1,
    generator: { name: 'gen-devcontainer', version: options.generatorVersion },
    options: optionWords(options),
    project: { name: project.name, slug: project.slug },
    layout: chosen.decision,
    python: { ...python.decision, provider },
    uv: { version: uvVersion, image: `${UV_IMAGE_REPOSITORY}:${uvVersion.value}` },
    baseImage,
    user: { name: user.name, uid: user.uid, gid: user.gid },
    volume: { name: volumeName, target },
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
  if (options.readOnly) {
    const home = `/home/${user.name.value}`;
    plan.readOnlyRoot = {
      tmpfs: ['/tmp', '/var/tmp', '/run', home],
      tmpfsOptions: {
        value: 'exec',
        source: 'plan',
        reason: "Docker mounts a tmpfs noexec unless told otherwise; programs run what they unpack in /tmp and the home folder (the editor's server, build back-ends, pre-commit hooks)",
      },
      reason: `the container's root file system is read-only (--read-only). Everything uv and Python write is on the volume (cache, environments and their lock files, Pythons, tools, TMPDIR, XDG_CACHE_HOME); /tmp, /var/tmp and /run are tmpfs for other programs, and so is ${home}, which the Dockerfile makes world-writable (a tmpfs takes the image folder's mode) so it works whatever uid updateRemoteUserUID gives the user; the editor installs its server there on each start`,
    };
  }
  layout.extra?.(context, plan);
  const userSettings = settleUserSettings(plan, facts, adoption, notAdopted, diagnostics);
  if (userSettings) plan.userSettings = userSettings;
  reportKeptSettings(plan, facts, diagnostics);
  const links = linksToOutputs(plan, facts);
  if (links) plan.links = links;
  return { plan, diagnostics };
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
    ? {
        value: 'clone',
        source: 'plan',
        reason: `uv ${uvVersion} tries a copy-on-write clone and falls back to a hardlink; both work because cache and environment share one mount, so uv never copies`,
      }
    : { value: 'hardlink', source: 'plan', reason: `uv ${uvVersion} falls back from clone straight to copy; hardlinks work because cache and environment share one mount` };
}

function resolveProjectName(facts: RepoFacts): { name: Decision<string>; slug: string } {
  const fromPyproject = facts.pyproject?.name;
  if (fromPyproject?.value.trim()) {
    return {
      name: { value: fromPyproject.value, source: fromPyproject.file, reason: "the project's own name; the same in every clone and CI checkout, so the generated files are too" },
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
      diagnostics.push({
        level: 'error',
        code: 'option-volume-invalid',
        message: `--volume ${JSON.stringify(option)} is not a valid Docker volume name`,
        hint: 'use letters, digits, "_", "." and "-", starting with a letter or digit, at least 2 characters',
      });
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
  return {
    value: `uv-${project.slug}`,
    source: 'plan',
    reason:
      'one volume per project, named after it; holds everything uv writes so that links never cross a mount. Two checkouts of the project on one machine share it, environment included; --volume separates them',
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
    diagnostics.push({
      level: 'warning',
      code: 'existing-user-unusable',
      message: `${config!.file} runs as ${JSON.stringify(existing)}; the volume is made for ${DEFAULT_USER.name} instead`,
      file: config!.file,
      hint: 'root can write to the volume anyway; pass --user NAME to choose another non-root user',
    });
  }
  if (option === undefined) {
    return {
      name: { value: DEFAULT_USER.name, source: 'default', reason: 'non-root, uid 1000 like most host users, so files in the workspace keep their owner' },
      uid: DEFAULT_USER.uid,
      gid: DEFAULT_USER.gid,
    };
  }
  const bad = (why: string) => {
    diagnostics.push({ level: 'error', code: 'option-user-invalid', message: `--user ${JSON.stringify(option)}: ${why}`, hint: 'write NAME, NAME:UID or NAME:UID:GID, e.g. --user dev:1001' });
    return undefined;
  };
  const parts = option.split(':');
  if (parts.length > 3) return bad('it has more than three parts');
  const [name, uidText, gidText] = parts;
  if (!name || !isValidUserName(name)) return bad('the name must be a lower-case POSIX user name, and not root');
  if (uidText !== undefined && !/^\d+$/.test(uidText)) return bad(`the uid ${JSON.stringify(uidText)} must be a whole number written in digits`);
  if (gidText !== undefined && !/^\d+$/.test(gidText)) return bad(`the gid ${JSON.stringify(gidText)} must be a whole number written in digits`);
  const uid = uidText !== undefined ? Number(uidText) : DEFAULT_USER.uid;
  const gid = gidText !== undefined ? Number(gidText) : uid;
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
    diagnostics.push({
      level: 'error',
      code: 'existing-image-unusable',
      message: `the image ${JSON.stringify(existing)} is not a plain image reference, so it cannot become the base of a Dockerfile`,
      file: config!.file,
      hint: 'pass --base-image with the image to build on; your "image" is then replaced by "build"',
    });
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
    diagnostics.push({
      level: 'error',
      code: 'option-base-image-invalid',
      message: `--base-image ${JSON.stringify(option)} is not a valid image reference`,
      hint: 'write it as Docker does, e.g. debian:trixie-slim or ghcr.io/org/image:tag',
    });
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
    diagnostics.push({
      level: 'info',
      code: 'workspace-venv-ignored',
      message: "the .venv in the workspace is the host's; the container uses its own environment on the volume and leaves .venv alone",
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
  if (facts.devcontainer?.hasRootConfig) {
    diagnostics.push({
      level: 'warning',
      code: 'root-devcontainer-json',
      message: 'a .devcontainer.json at the repository root also defines a dev container; editors ask which one to use',
      file: '.devcontainer.json',
      hint: 'remove one of the two',
    });
  }
}
