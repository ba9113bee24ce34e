import type { RepoFacts, SettingPlace, UserMount, UserSetting } from '../analyze/facts.js';
import { FOLDER_ROLES } from './folders.js';
import { CONTAINER_PATH, containerPath, KEPT_CONTAINER_PATH, mountTargetProblem, STABLE_VARIABLE_NAMES, STABLE_VARIABLES } from './names.js';
import type { PlanOptions } from './options.js';
import type { Decision, DirectoryRole, EnvVar, PlannedDirectory } from './types.js';

/*
 * What outranks what, as the Dev Container CLI and Docker apply it (checked in their sources):
 * - containerEnv over the image's ENV: the CLI passes containerEnv to `docker run -e KEY=VALUE`
 *   (devcontainers/cli src/spec-node/singleContainer.ts, the `containerEnv` args), and a `-e` value
 *   replaces the image's ENV of that name (docs.docker.com/reference/dockerfile/#env: "change them
 *   using docker run --env <key>=<value>"). The image's ENV still applies to the build's own steps.
 * - containerEnv over Compose's environment and env_file: for a Compose configuration the CLI
 *   writes containerEnv as the service's `environment` into an override file it passes after the
 *   user's compose files (src/spec-node/dockerCompose.ts: generateFeaturesComposeOverrideContent,
 *   and the `-f` order in startContainer); Compose's own order is environment over env_file over
 *   the image's ENV (docs.docker.com/compose/how-tos/environment-variables/envvars-precedence).
 * - remoteEnv over containerEnv for what the tool starts: "sets or overrides environment variables
 *   for the devcontainer.json supporting service / tool (or sub-processes like terminals) but not
 *   the container as a whole" (devcontainers/spec docs/specs/devcontainerjson-reference.md), and
 *   the CLI runs every lifecycle command with the probed environment overlaid by remoteEnv
 *   (src/spec-common/injectHeadless.ts, probeRemoteEnv and runLifecycleCommand). `docker exec`
 *   without the tool does not see remoteEnv.
 */

/**
 * The variables that place a folder uv writes, and the folder each places: the folder table's
 * (plan/folders.ts), and the environment's two, which the layout sets. XDG_CACHE_HOME is the
 * table's for a read-only root, not uv's: a user's own is no uv location.
 */
export const LOCATION_ROLES: Readonly<Record<string, DirectoryRole>> = Object.fromEntries([
  ...FOLDER_ROLES.flatMap((row) => ('fromLayout' in row || row.role === 'xdg-cache' ? [] : row.variables.map((v) => [v.name, row.role] as const))),
  ['UV_PROJECT_ENVIRONMENT', 'environment'],
  ['VIRTUAL_ENV', 'environment'],
]);

/** How strongly each place sets a variable for the container's processes; remoteEnv wins for the ones the dev container tool starts. */
const PRECEDENCE: Readonly<Record<SettingPlace, number>> = { dockerfile: 0, 'compose-env-file': 1, 'compose-environment': 2, containerEnv: 3, remoteEnv: 4 };

export const PLACE_WORDS: Readonly<Record<SettingPlace, string>> = {
  dockerfile: 'Dockerfile ENV',
  'compose-env-file': 'Compose env_file',
  'compose-environment': 'Compose environment',
  containerEnv: 'containerEnv',
  remoteEnv: 'remoteEnv',
};

/** What the planner takes from the user's own uv locations: their mount and their folders, or nothing. */
export interface Adoption {
  target: Decision<string>;
  volume: Decision<string>;
  mount: UserMount;
  /** The user's value of each location variable the plan keeps, by name. */
  kept: Map<string, UserSetting>;
  reason: string;
}

/** Why the user's locations are not kept: one reason per setting that cannot be, or one for them all. */
export interface NotAdopted {
  problems: Map<UserSetting, string>;
  problem?: string;
}

/** Where a location variable's value puts uv's folder, and why it cannot be kept when it cannot. */
type Placement = { mount: UserMount; path: string } | { problem: string };

/**
 * The user's uv locations, from every place their configuration sets them (devcontainer.json
 * containerEnv and remoteEnv, the Dockerfile's ENV, Compose environment and env_file). Kept, with
 * the user's volume as the plan's one mount, when every one of them is on one named volume of the
 * user's: then the plan puts the folders they did not place on that volume too. Otherwise nothing
 * is kept, and settleUserSettings lists each place for the refusal.
 */
export function adoptUserLocations(facts: RepoFacts, options: PlanOptions): { adoption?: Adoption; notAdopted?: NotAdopted } {
  const user = facts.userUvSettings;
  if (!user) return {};
  const effective = effectiveSettings(user.settings).filter((s) => LOCATION_ROLES[s.name] !== undefined && !s.tool);
  if (effective.length === 0) return {};
  const placements = effective.map((s) => ({ setting: s, placement: placementOf(s, user.mounts, facts) }));
  const problems = new Map(placements.flatMap((p) => ('problem' in p.placement ? [[p.setting, p.placement.problem] as const] : [])));
  if (problems.size > 0) return { notAdopted: { problems } };
  const refuse = (problem: string) => ({ notAdopted: { problems, problem } });
  const mounts = [...new Set(placements.map((p) => (p.placement as { mount: UserMount }).mount))];
  if (mounts.length > 1) return refuse(`your uv folders are on ${mounts.length} mounts (${mounts.map((m) => m.target).join(', ')}), and uv cannot link across mounts`);
  const mount = mounts[0]!;
  const targetProblem = mountTargetProblem(mount.target);
  if (targetProblem) return refuse(`your volume's mount target ${mount.target} cannot hold the rest of what uv writes: ${targetProblem}`);
  const env = effective.find((s) => s.name === 'UV_PROJECT_ENVIRONMENT');
  const venv = effective.find((s) => s.name === 'VIRTUAL_ENV');
  if (env && venv && containerPath(env.value) !== containerPath(venv.value)) {
    return refuse(`VIRTUAL_ENV (${venv.value}) is not UV_PROJECT_ENVIRONMENT (${env.value}); uv warns and ignores VIRTUAL_ENV`);
  }
  if (facts.projects && (env || venv)) {
    return refuse(`a folder of projects keeps one environment per project (centralized-project-envs), which ${env ? 'UV_PROJECT_ENVIRONMENT' : 'VIRTUAL_ENV'} would replace with one for all`);
  }
  if (options.mountTarget !== undefined && options.mountTarget !== mount.target) return refuse(`--mount-target ${options.mountTarget} asks for another mount than yours (${mount.target})`);
  if (options.sharedCache) return refuse('--shared-cache asks for the machine-wide volume instead of yours');
  if (options.volume !== undefined && options.volume !== mount.source) return refuse(`--volume ${options.volume} asks for another volume than yours (${mount.source})`);

  const kept = new Map(effective.map((s) => [s.name, s]));
  const where = `${mount.file}:${mount.line}`;
  const roles = [...new Set(effective.map((s) => LOCATION_ROLES[s.name]!))];
  return {
    adoption: {
      target: {
        value: mount.target,
        source: where,
        reason: `your configuration already keeps ${roleList(roles)} on ${mount.target} (one mount: the volume ${mount.source}): kept. Everything else uv writes goes there too, so uv links instead of copying`,
      },
      volume: { value: mount.source!, source: where, reason: `your volume, mounted at ${mount.target}; gen-devcontainer leaves its mount as you wrote it` },
      mount,
      kept,
      reason: `kept from your configuration: ${effective.map((s) => `${s.name}=${s.value} (${PLACE_WORDS[s.place]}, ${s.file}:${s.line})`).join(', ')}${
        effective.some((s) => s.place === 'remoteEnv')
          ? ". Values in remoteEnv reach terminals and lifecycle commands, not processes started without the dev container tool (a plain docker exec), which use uv's defaults"
          : ''
      }`,
    },
  };
}

/** Where one location value puts its folder: on which of the user's volumes, or why that cannot be told or kept. */
function placementOf(setting: UserSetting, mounts: UserMount[], facts: RepoFacts): Placement {
  if (setting.unresolved) return { problem: 'it depends on a variable only known when the container is built or started, so nobody can tell which mount it is on' };
  let value = setting.value;
  const inConfig = setting.place === 'containerEnv' || setting.place === 'remoteEnv';
  if (inConfig && value.includes('${')) {
    const rest = value.replace(STABLE_VARIABLES, 'X');
    if (rest.includes('${') || LOCATION_ROLES[setting.name] !== 'environment') {
      return { problem: "it holds a dev container variable, which gen-devcontainer keeps only in the environment's path, and only one that is the same on every start" };
    }
    if (!facts.pyproject?.hasProjectTable && !facts.workspace) {
      return { problem: 'it holds a dev container variable; without a uv project, the environment is made with `uv venv PATH`, which cannot substitute it' };
    }
    // The folder is on the mount its fixed part is on: the variable names a folder inside it.
    value = value.slice(0, value.indexOf('${'));
    value = value.slice(0, value.lastIndexOf('/') + 1) || '/';
  }
  if (!value.startsWith('/')) return { problem: 'it is a relative path, which uv resolves against the workspace: a bind mount of the host folder' };
  const pathProblem = keptPathProblem(setting, inConfig);
  if (pathProblem) return { problem: pathProblem };
  const normal = containerPath(value);
  const holding = mounts.filter((m) => normal === containerPath(m.target) || normal.startsWith(`${containerPath(m.target)}/`)).sort((a, b) => b.target.length - a.target.length)[0];
  if (!holding) return { problem: "it is on no volume of yours: that folder is on the container's own file system, lost with every rebuild, and a mount apart from any volume" };
  if (holding.interpolated) {
    return {
      problem: `it is on the mount at ${holding.target} (${holding.file}:${holding.line}), whose source ${holding.source} Compose fills in from the host's environment when it starts the container, so nobody can tell here which volume that is, or whether it is one`,
    };
  }
  if (holding.type !== 'volume' || !holding.source) {
    return {
      problem: `it is on ${holding.type === 'bind' ? `a bind mount of ${holding.source ?? 'a host folder'}` : `a ${holding.type} mount`} at ${holding.target} (${holding.file}:${holding.line}); gen-devcontainer keeps uv's folders on a named volume`,
    };
  }
  return { mount: holding, path: normal };
}

/**
 * Why the path a setting names cannot be the plan's (its folders table, containerEnv, PATH, the
 * Dockerfile, where it is written unquoted): the plan's container-path rule (names.ts, the schema's
 * ContainerPath and KeptContainerPath) allows letters, digits, `.`, `_`, `-` and `/` separators, and
 * in devcontainer.json, where the Dev Container CLI substitutes them, the stable variables.
 */
function keptPathProblem(setting: UserSetting, inConfig: boolean): string | undefined {
  const kept = containerPath(setting.value);
  if ((inConfig ? KEPT_CONTAINER_PATH : CONTAINER_PATH).test(kept)) return undefined;
  const variables = inConfig ? kept.replace(STABLE_VARIABLES, '') : kept;
  const odd = [...new Set(variables.replace(/[A-Za-z0-9._/-]/g, ''))].map((c) => JSON.stringify(c)).join(' ');
  const allowed = `only letters, digits, ".", "_", "-" and "/" separators${inConfig ? `, and in devcontainer.json the variables that are the same on every start (${STABLE_VARIABLE_NAMES.map((n) => `\${${n}}`).join(', ')})` : ''}`;
  const literal =
    !inConfig && kept.includes('${') ? `; the \${…} in it is text here, a folder name nothing substitutes${setting.place.startsWith('compose') ? " (Compose's $$ is a plain $)" : ''}` : '';
  const what = odd === '' ? 'an empty folder name (//)' : `characters a kept path cannot hold (${odd})`;
  return `its path has ${what}${literal}: gen-devcontainer writes uv's folders unquoted into the Dockerfile, containerEnv and scripts, so it keeps a path with ${allowed}`;
}

/**
 * The user's UV_SYSTEM_PYTHON, when the one in effect turns it on (uv reads 1, true, yes, on, y, t):
 * `uv pip` then installs into the image's Python, not the environment VIRTUAL_ENV names.
 */
export function systemPythonSetting(facts: RepoFacts): UserSetting | undefined {
  return effectiveSettings(facts.userUvSettings?.settings ?? []).find((s) => s.name === 'UV_SYSTEM_PYTHON' && !s.tool && TRUTHY.test(s.value.trim()));
}

/** The values uv reads as true for a switch (clap's BoolishValueParser, which uv's boolean variables use). */
const TRUTHY = /^(1|true|yes|on|y|t)$/i;

/**
 * A boolean uv switch of the user's (UV_LOCKED, UV_FROZEN) as the install step sees it, when it is
 * on: the step is a lifecycle command, so remoteEnv's value outranks every other place's.
 */
export function userSwitchForSteps(facts: RepoFacts, name: string): UserSetting | undefined {
  const mine = (facts.userUvSettings?.settings ?? []).filter((s) => s.name === name && !s.tool);
  const inEffect = mine.find((s) => s.place === 'remoteEnv') ?? strongest(mine);
  return inEffect && TRUTHY.test(inEffect.value.trim()) ? inEffect : undefined;
}

/**
 * Each variable's settings that take effect somewhere: the strongest for the container's own
 * processes, and remoteEnv's for the processes the dev container tool starts (terminals, lifecycle
 * commands), in the order they were found. A setting that both are stronger than only ever applies
 * to the image's build.
 */
export function effectiveSettings(settings: readonly UserSetting[]): UserSetting[] {
  const out: UserSetting[] = [];
  const names = [...new Set(settings.map((s) => s.name))];
  for (const name of names) {
    const mine = settings.filter((s) => s.name === name);
    const container = strongest(mine.filter((s) => s.place !== 'remoteEnv'));
    const remote = mine.find((s) => s.place === 'remoteEnv');
    for (const s of [container, remote]) if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

function strongest(settings: UserSetting[]): UserSetting | undefined {
  return settings.reduce<UserSetting | undefined>((best, s) => (best === undefined || PRECEDENCE[s.place] >= PRECEDENCE[best.place] ? s : best), undefined);
}

/** The user's environment, when the plan keeps it: its path, and the variables and PATH entry that follow from it. */
export function keepUserEnvironment<E extends { path: string; mode: 'single' | 'per-project'; variables: EnvVar[]; pathPrepend: { value: string[]; reason: string } }>(
  environment: E,
  adoption: Adoption | undefined,
): E {
  const kept = adoption?.kept.get('UV_PROJECT_ENVIRONMENT') ?? adoption?.kept.get('VIRTUAL_ENV');
  if (!kept || environment.mode !== 'single') return environment;
  const value = containerPath(kept.value);
  const variable = value.includes('${');
  return {
    ...environment,
    path: value,
    variables: environment.variables.map((v) => ({ ...v, value })),
    pathPrepend: variable
      ? {
          value: [],
          reason: `${environment.pathPrepend.reason}. Your environment's path holds a dev container variable, which an image's ENV PATH cannot: it goes on PATH through your remoteEnv, where the Dev Container CLI substitutes it`,
        }
      : { ...environment.pathPrepend, value: environment.pathPrepend.value.map((p) => p.replace(environment.path, value)) },
  };
}

/** The user's folders in the plan's table, where they placed them; the others stay under the (user's) mount target. */
export function keepUserFolders(directories: PlannedDirectory[], variables: EnvVar[], adoption: Adoption | undefined): void {
  if (!adoption) return;
  for (const variable of variables) {
    const kept = adoption.kept.get(variable.name);
    if (!kept) continue;
    variable.value = containerPath(kept.value);
    // No line here: these reasons reach generated files (the README), and an edit of the user's file moves its lines.
    variable.reason = `yours, kept where you set it (${PLACE_WORDS[kept.place]} in ${kept.file}), and not written again: ${variable.reason}`;
  }
  for (const directory of directories) {
    const name = directory.variables.find((n) => adoption.kept.has(n));
    if (!name) continue;
    const kept = adoption.kept.get(name)!;
    if (directory.role !== 'environment') directory.path = containerPath(kept.value);
    directory.reason = `yours (${name} in ${PLACE_WORDS[kept.place]}, ${kept.file}), kept: ${directory.reason}`;
  }
}

/** "the cache and the environment", from the roles the user placed. */
function roleList(roles: DirectoryRole[]): string {
  const words: Record<DirectoryRole, string> = {
    cache: 'the cache',
    environment: 'the environment',
    python: 'the managed Pythons',
    'python-cache': 'the Python downloads',
    tools: 'the tools',
    bin: 'the executables',
    tmp: 'TMPDIR',
    'xdg-cache': 'XDG_CACHE_HOME',
  };
  const list = roles.map((r) => words[r]);
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0]!;
}
