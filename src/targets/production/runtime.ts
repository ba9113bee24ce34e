import { FOLDER_ROLES } from '../../plan/folders.js';
import { UV_SINCE } from '../../plan/tables.js';
import type { Decision, DirectoryRole, EnvVar, Plan, ProductionFolder, ProductionPlan } from '../../plan/types.js';
import { ENVIRONMENT } from './install.js';
import { uvReads } from './uv.js';

/** uv's cache in the builder: a BuildKit cache mount, root's default place (the builder runs as root). */
export const BUILD_CACHE = '/root/.cache/uv';

/** The folder table's rows (plan/folders.ts) the production image puts on its volume: always, and with uv. */
// uv's cache and tools always: an application may run a uv of its own (uv from PyPI as a
// dependency puts one in the environment's bin), and it must write there, not on the read-only root.
const ALWAYS: readonly DirectoryRole[] = ['cache', 'tools', 'tmp', 'xdg-cache'];
const WITH_UV: readonly DirectoryRole[] = ['bin'];

/** Why each of the folder table's rows is on the production volume: the table's reasons speak of the dev container's environment, which here is in the image. */
const PRODUCTION_REASONS: Partial<Record<DirectoryRole, string>> = {
  cache: "uv's cache at run time (--with-uv's uv, or one the application brings as a dependency): uvx and `uv tool install` link the packages of their tools from here into tools/, on the same mount",
  tools: 'the environments of the tools uvx and `uv tool install` make, linked from the cache beside them',
  bin: 'the executables of uv tools; on PATH',
  tmp: "TMPDIR: the one writable place for temporary files, the root being read-only (Python's tempfile, uv's temporary cache with --no-cache)",
};

interface Runtime {
  buildEnv(python: string, environment: string): EnvVar[];
  volume(name: string): ProductionPlan['volume'];
  env: EnvVar[];
  pathPrepend: string[];
  withUvReason: string;
}

/**
 * What the final stage writes at run time, all on one volume at the plan's mount target, mounted
 * once: the root file system is read-only, and a link (uv's hardlink from its cache into a tool's
 * environment) only works inside one mount; Kubernetes' subPath mounts of one volume are separate
 * mounts, so the volume is never split (astral-sh/uv#11385 is that case).
 */
export function planRuntime(plan: Plan, withUv: boolean): Runtime {
  const target = plan.volume.target.value;
  const reads = (name: string) => !(name in UV_SINCE) || uvReads(plan, UV_SINCE[name as keyof typeof UV_SINCE]);
  const folders: ProductionFolder[] = [];
  const env: EnvVar[] = [];
  for (const row of FOLDER_ROLES) {
    if ('fromLayout' in row || !(ALWAYS.includes(row.role) || (withUv && WITH_UV.includes(row.role)))) continue;
    const path = `${target}/${row.subPath}`;
    const variables = row.variables.filter((v) => reads(v.name) && (row.role !== 'bin' || v.name === 'UV_TOOL_BIN_DIR'));
    const reason = PRODUCTION_REASONS[row.role] ?? row.reason;
    folders.push({ path, variables: variables.map((v) => v.name), reason });
    env.push(...variables.map((v) => ({ name: v.name, value: path, reason: PRODUCTION_REASONS[row.role] ?? v.reason ?? row.reason })));
  }
  const own: ProductionFolder[] = [
    { path: `${target}/home`, variables: ['HOME'], reason: "the user's home folder (its passwd entry says so too): programs keep dotfiles there, and the image's own folders are read-only" },
    {
      path: `${target}/pycache`,
      variables: ['PYTHONPYCACHEPREFIX'],
      reason:
        "Python's bytecode for the application's own modules: the environment is compiled in the build, the source folder is read-only, so the cache goes here instead of a failed write on every start",
    },
  ];
  folders.push(...own);
  env.push(...own.map((f) => ({ name: f.variables[0]!, value: f.path, reason: f.reason })));
  if (withUv) env.push(...uvSettings(plan, reads));
  const sizeLimit: Decision<string> = withUv
    ? { value: '2Gi', source: 'default', reason: "uv's cache and the tools uvx installs from it, with TMPDIR: the emptyDir's limit, past which the kubelet evicts the pod" }
    : { value: '512Mi', source: 'default', reason: 'TMPDIR, caches and bytecode only: the emptyDir limit, past which the kubelet evicts the pod' };
  return {
    buildEnv: (python, environment) => buildVariables(plan, python, environment, reads),
    volume: (name) => ({
      target: {
        value: target,
        source: plan.volume.target.source,
        reason: `the dev container's mount target (--mount-target moves both), outside the application and the environment: the one writable place, holding TMPDIR, uv's cache and tools, the home folder and the caches`,
      },
      name: 'writable',
      sizeLimit,
      folders,
    }),
    env,
    pathPrepend: withUv ? [`${target}/bin`] : [],
    withUvReason: `uv ${plan.uv.version.value} is in the final image (--with-uv): \`uv run\` uses the environment as built (UV_NO_SYNC: no sync, which implies --frozen, crates/uv-cli/src/lib.rs RunArgs; and without a sync uv takes no lock on the environment either, crates/uv/src/commands/project/run.rs, "Skipping environment synchronization"), and uvx installs its tools on the volume, linked from the cache beside them`,
  };
}

/** uv's settings at run time with --with-uv: never sync or lock on the read-only root, the image's Python only. */
function uvSettings(plan: Plan, reads: (name: string) => boolean): EnvVar[] {
  const linkMode = plan.env.find((v) => v.name === 'UV_LINK_MODE');
  const settings: EnvVar[] = [
    { name: 'UV_PROJECT_ENVIRONMENT', value: ENVIRONMENT, reason: 'the environment built into the image, for `uv run` in any folder of the application' },
    {
      name: 'UV_NO_SYNC',
      value: '1',
      reason: `\`uv run\` does not sync the environment, which is read-only and complete; it implies --frozen (uv ${UV_SINCE.UV_NO_SYNC}+, crates/uv-static/src/env_vars.rs)`,
    },
    { name: 'UV_FROZEN', value: '1', reason: `uv never locks (it would write uv.lock on the read-only root); for the commands --no-sync does not cover (uv ${UV_SINCE.UV_FROZEN}+)` },
    { name: 'UV_PYTHON_DOWNLOADS', value: 'never', reason: "the image's Python only: a download would land on the volume on every start" },
    { name: 'UV_PYTHON_PREFERENCE', value: 'only-system', reason: "the image's Python, the one the environment was built with" },
    ...(linkMode ? [{ ...linkMode, reason: `uvx links its tools from the cache, on the same volume: ${linkMode.reason}` }] : []),
  ];
  return settings.filter((v) => reads(v.name));
}

/** The builder's uv settings. */
function buildVariables(plan: Plan, python: string, environment: string, reads: (name: string) => boolean): EnvVar[] {
  const variables: EnvVar[] = [
    { name: 'UV_COMPILE_BYTECODE', value: '1', reason: 'the environment is compiled in the build: the final stage cannot write bytecode into it, and a start need not' },
    {
      name: 'UV_LINK_MODE',
      value: 'copy',
      reason:
        "uv's cache is a BuildKit cache mount, another mount than the image layer, so a link from it into the environment cannot work: the copy is inherent, and saying so keeps uv from trying a link and warning (uv's Docker guide does the same)",
    },
    { name: 'UV_PYTHON_DOWNLOADS', value: 'never', reason: "the image's Python: the final stage is the same image, so the environment's interpreter is there too" },
    { name: 'UV_PYTHON_PREFERENCE', value: 'only-system', reason: "the image's Python, never a managed one from elsewhere" },
    { name: 'UV_PYTHON', value: python, reason: `the plan's Python (${plan.python.source}), which the image has: uv fails with a message rather than taking another` },
    { name: 'UV_PROJECT_ENVIRONMENT', value: environment, reason: 'the environment at one place whatever folder the project is in, for the final stage to copy' },
    { name: 'UV_CACHE_DIR', value: BUILD_CACHE, reason: "on the build's cache mount, whatever the base image sets" },
  ];
  return variables.filter((v) => reads(v.name));
}
