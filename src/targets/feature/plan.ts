import { MemoryRepo } from '../../analyze/memory-reader.js';
import type { Diagnostic } from '../../diagnostics.js';
import { DEVCONTAINER_ID } from '../../plan/names.js';
import { RUST_BACKENDS } from '../../plan/tables.js';
import type { EnvVar, PlanStep } from '../../plan/types.js';
import { regenerateWords } from '../../render/header.js';
import { lifecycleCommand } from '../devcontainer/lifecycle-script.js';
import type { LifecycleProperty } from '../devcontainer/types.js';
import type { Plan } from '../types.js';

/** One option of the feature: what the Dev Container CLI passes to install.sh as an environment variable. */
export interface FeatureOption {
  id: 'version' | 'index' | 'pythonPreference' | 'installStep';
  /** The variable install.sh reads it from: the id upper-cased, as the CLI passes it. */
  variable: string;
  type: 'string' | 'boolean';
  default: string | boolean;
  enum?: string[];
  proposals?: string[];
  description: string;
}

/** A lifecycle hook of the feature: the property, and the words it runs. */
export interface FeatureHook {
  property: LifecycleProperty;
  step: PlanStep['step'];
  command: string[];
}

/**
 * The feature target's decisions, on top of the core plan (`core`) the generator makes for a
 * repository that says nothing of itself: a project with a name and nothing else, so every value
 * that follows is the generator's default (the folder table, the pinned uv, the link mode).
 */
export interface FeaturePlan {
  id: string;
  /** The feature's own version: the generator's, since the files change with it. */
  version: string;
  core: Plan;
  /** Where install.sh puts the lifecycle scripts in the image. */
  installDir: string;
  /** The one volume: one per dev container, as the generator's is. */
  mount: { source: string; target: string };
  /** The core plan's variables less those an option decides, then PATH. */
  containerEnv: EnvVar[];
  options: FeatureOption[];
  hooks: FeatureHook[];
  /** The folders install.sh makes under the mount target, owned by the remote user. */
  folders: string[];
  /** The uv variables left out of containerEnv, because an option sets what they would. */
  leftToOptions: string[];
  /** The command that writes this feature again, as words. */
  regenerate: string[];
}

/** The project the feature's core plan is made for: a name, and nothing that decides anything. */
const NEUTRAL_PROJECT = '[project]\nname = "workspace"\nversion = "0.0.0"\n';

/** uv's python-preference values (uv docs, docs/reference/settings.md, `python-preference`). */
export const PYTHON_PREFERENCES = ['only-managed', 'managed', 'system', 'only-system'];

/** Where uv's wheels are listed, as a PEP 503 simple index page: PyPI's. */
export const DEFAULT_UV_INDEX = 'https://pypi.org/simple/uv/';

/**
 * The repository the feature's core plan is made for (the command plans it with planRepository,
 * given --uv-version and --mount-target): a project with a name and nothing else.
 */
export function neutralRepository(): MemoryRepo {
  return new MemoryRepo({ 'pyproject.toml': NEUTRAL_PROJECT }, '/workspace');
}

/**
 * Why `url` cannot be the uv index: an http(s) URL, and no space, quote or bracket, so that it is
 * one word wherever it goes (install.sh refuses the same for the option's value).
 */
export function uvIndexProblem(url: string): Diagnostic | undefined {
  if (/^https?:\/\/[^\s"'<>`\\]+$/.test(url)) return undefined;
  return {
    level: 'error',
    code: 'feature-uv-index',
    message: `--uv-index ${JSON.stringify(url)}: not an http:// or https:// URL without spaces, quotes or brackets`,
    hint: "give the URL of a PEP 503 page listing uv's wheels, such as https://pypi.org/simple/uv/",
  };
}

/** The variables an option of the feature decides instead (install.sh writes them into uv's system settings). */
const OPTION_VARIABLES = ['UV_PYTHON_PREFERENCE', 'UV_PYTHON_DOWNLOADS', 'UV_PYTHON'];

/**
 * The feature's decisions on the core plan of the neutral repository: its install step, its
 * variables, its options and hooks.
 */
export function planFeature(plan: Plan, id: string, uvIndex = DEFAULT_UV_INDEX): FeaturePlan {
  const installDir = `/usr/local/share/gen-devcontainer/${id}`;
  const target = plan.volume.target.value;
  const uvVersion = plan.uv.version.value;
  const preference = plan.env.find((v) => v.name === 'UV_PYTHON_PREFERENCE')?.value ?? 'only-managed';
  // The install step for any repository: the generator's per-folder sync, in the workspace folder
  // alone: --frozen where a uv.lock is, and a folder with no project in its pyproject.toml (or none)
  // is left alone, so the feature does no harm in a repository that is not a uv project.
  const install: PlanStep = {
    step: 'install',
    action: { kind: 'uv-sync-each', paths: ['.'], args: [], frozenWhereLocked: true, rustBackends: [...RUST_BACKENDS] },
    reason: 'uv sync in the workspace folder when it holds a uv project: --frozen where it has a uv.lock, so creating a container never rewrites a tracked file; left alone when it is no project',
  };
  // The check compares no uv version: the version is an option, and install.sh checks it when it installs uv.
  const steps = plan.steps.map((s) => (s.step === 'install' ? install : s.action.kind === 'check' ? { ...s, action: { kind: 'check' as const } } : s));
  if (!steps.some((s) => s.step === 'install')) steps.splice(1, 0, install);
  const lifecycle = plan.devcontainer.lifecycle.some((l) => l.step === 'install')
    ? plan.devcontainer.lifecycle.map((l) => (l.step === 'install' ? { ...l, reason: install.reason } : l))
    : plan.devcontainer.lifecycle;
  const core: Plan = {
    ...plan,
    steps,
    devcontainer: {
      ...plan.devcontainer,
      lifecycle,
      // The hooks run hook.sh (the installStep switch), which runs uv-lifecycle.sh beside it.
      outputs: { ...plan.devcontainer.outputs, lifecycleScript: { file: `${installDir}/hook.sh` }, checkScript: { file: `${installDir}/check-uv-layout.sh` } },
    },
  };
  const path = [plan.uv.bin.value, ...plan.pathPrepend.value].join(':');
  return {
    id,
    version: plan.generator.version,
    core,
    installDir,
    // ${devcontainerId}: the CLI's id of the dev container, substituted in a feature's mounts too.
    mount: { source: `${id}-${DEVCONTAINER_ID}`, target },
    containerEnv: [
      ...plan.env.filter((v) => !OPTION_VARIABLES.includes(v.name)),
      // Docker expands ${PATH} in the ENV line the CLI writes for a feature's containerEnv.
      { name: 'PATH', value: `${path}:\${PATH}`, reason: plan.pathPrepend.reason },
    ],
    options: [
      {
        id: 'version',
        variable: 'VERSION',
        type: 'string',
        default: uvVersion,
        proposals: [uvVersion],
        description: `The uv release to install (X.Y.Z), from its wheel on the index; ${uvVersion} is the newest this generator has seen`,
      },
      {
        id: 'index',
        variable: 'INDEX',
        type: 'string',
        default: uvIndex,
        proposals: [...new Set([uvIndex, DEFAULT_UV_INDEX])],
        description: "A PEP 503 page listing uv's wheels (PyPI's, or a mirror's): the wheel's sha256 is taken from it and checked",
      },
      {
        id: 'pythonPreference',
        variable: 'PYTHONPREFERENCE',
        type: 'string',
        default: preference,
        enum: PYTHON_PREFERENCES,
        description: "uv's python-preference, written to /etc/uv/uv.toml: only-managed puts Python on the volume beside the environment; only-system uses the image's (and turns Python downloads off)",
      },
      { id: 'installStep', variable: 'INSTALLSTEP', type: 'boolean', default: true, description: 'Run uv sync in the workspace folder when the container is created (updateContentCommand)' },
    ],
    hooks: core.devcontainer.lifecycle.map((l) => ({ property: l.property, step: l.step, command: lifecycleCommand(core, l) })),
    folders: plan.steps.flatMap((s) => (s.action.kind === 'prepare-volume' ? s.action.folders : [])),
    leftToOptions: plan.env.filter((v) => OPTION_VARIABLES.includes(v.name)).map((v) => v.name),
    regenerate: [...regenerateWords(plan, ['feature', id]), ...(uvIndex === DEFAULT_UV_INDEX ? [] : ['--uv-index', uvIndex])],
  };
}
