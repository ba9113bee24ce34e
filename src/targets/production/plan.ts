import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import { PRODUCTION_PATHS } from '../../outputs.js';
import { slugify } from '../../plan/names.js';
import type { Decision } from '../../plan/types.js';
import type { Plan } from '../types.js';
import { decideCommand, rootScripts, type ScriptSource } from './command.js';
import type { ProductionInput } from './input.js';
import { APP, ENVIRONMENT, planInstall } from './install.js';
import { isImageReference, kubernetesName } from './names.js';
import type { ProductionOptions } from './options.js';
import { recordProductionOptions } from './remembered.js';
import { planRuntime } from './runtime.js';
import type { ProductionPlan } from './types.js';
import { uvReads } from './uv.js';

/**
 * The oldest uv the production install works with: `uv sync --no-editable` (0.4.11 changelog), so
 * that the final stage holds the project built into the environment, not a link to the source.
 */
const MINIMUM_UV = '0.4.11';

/** The layouts a production image is planned for; the others are refused before this (production-pipeline.ts) or here. */
const LAYOUTS = new Set(['uv-project', 'workspace', 'requirements']);

/**
 * The production target's decisions, from the core plan (the Python, the pinned uv, the layout and
 * its install step, the volume's mount target, the folder table) and the options. Every refusal
 * is an error diagnostic (exit 2) naming the file and the fix; undefined then.
 */
export type { ProductionInput } from './input.js';

export function planProduction(input: ProductionInput, options: ProductionOptions & { dev?: boolean }, diagnostics: Diagnostic[]): ProductionPlan | undefined {
  const { plan, facts } = input;
  const before = diagnostics.length;
  if (!refusals(input, diagnostics)) return undefined;
  const python = pythonMinor(plan, diagnostics);
  // The image runs one member with --package: it, not the workspace (a virtual root's is `project`), names it.
  const slug = options.package === undefined ? plan.project.slug : slugify(options.package.toLowerCase().replace(/[-_.]+/g, '-'));
  const image = decideImage(options.image, slug, diagnostics);
  const port = decidePort(options.port, diagnostics);
  const install = planInstall(input, options, diagnostics);
  const command = decideCommand(options.command, scriptSources(facts, options.package), diagnostics);
  const members = options.package === undefined ? [] : (facts.workspace?.members ?? []).map((m) => m.path);
  if (install && !safePaths([...(input.projectPath === '.' ? [] : [input.projectPath]), ...members, ...install.binds.map((b) => b.path)], diagnostics)) return undefined;
  if (diagnostics.slice(before).some((d) => d.level === 'error') || !python || !image || !install || !command) return undefined;
  const runtime = planRuntime(plan, options.withUv === true);
  const name = kubernetesName(slug);
  const app = APP;
  const workdir = input.projectPath === '.' ? app : `${app}/${input.projectPath}`;
  // With --package, the command runs in the member's folder, where its own relative paths are.
  const member = options.package === undefined ? undefined : facts.workspace?.members.find((m) => normalizedName(m.name ?? '') === normalizedName(options.package!));
  const runIn = member ? `${workdir}/${member.path}` : workdir;
  return {
    project: {
      value: input.projectPath,
      source: options.project !== undefined ? '--project' : plan.layout.source,
      reason: `${plan.layout.value === 'workspace' ? (options.package ? `the workspace member ${options.package} (--package)` : 'the uv workspace, every member') : `the ${plan.layout.value} layout`}: ${plan.layout.reason}`,
    },
    pythonImage: {
      value: `python:${python}-slim-bookworm`,
      source: plan.python.source,
      reason: `Python ${python} (${plan.python.reason}); the official slim Debian image, a build argument (PYTHON_IMAGE) of both stages: the environment's interpreter is a link to the image's python, so the final stage must be the same image`,
    },
    python,
    app: {
      path: app,
      workdir,
      runIn,
      reason: `the repository (less what deploy/Dockerfile.dockerignore leaves out) at ${app}, owned by root: the user can read it, not change it; uv syncs in ${workdir}, the project's folder, and the command runs in ${runIn}${member ? `, the folder of the member ${options.package}` : ''}`,
    },
    environment: {
      path: ENVIRONMENT,
      reason: 'made in the builder stage and copied into the final one, owned by root (the user runs it and cannot change it); non-editable, so the project itself is inside it, compiled',
    },
    install,
    buildEnv: runtime.buildEnv(python, ENVIRONMENT),
    command,
    user: {
      name: 'app',
      uid: 10001,
      gid: 10001,
      reason:
        'a fixed uid and gid above the ranges distributions give out (system users below 1000, people from 1000), so the user owns nothing in the image by accident; numeric in USER, so Kubernetes can check runAsNonRoot, and the same number in kubernetes.yaml and compose.yaml',
    },
    volume: runtime.volume(name),
    env: runtime.env,
    pathPrepend: [`${ENVIRONMENT}/bin`, ...runtime.pathPrepend],
    ...(options.withUv ? { withUv: { reason: runtime.withUvReason } } : {}),
    image,
    name: {
      value: name,
      source: plan.project.name.source,
      reason: `the project's name as Kubernetes takes it (an RFC 1035 label: what a Service name must be): the Deployment, the Service, the container and the compose service`,
    },
    ...(port ? { port } : {}),
    options: recordProductionOptions(options),
    outputs: {
      dockerfile: { file: PRODUCTION_PATHS.dockerfile },
      dockerignore: { file: PRODUCTION_PATHS.dockerignore },
      kubernetes: { file: PRODUCTION_PATHS.kubernetes },
      compose: { file: PRODUCTION_PATHS.compose },
      manifest: { file: PRODUCTION_PATHS.manifest },
    },
  };
}

/** Package names compare as PEP 503 normalises them. */
function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** What no production image can be planned for, each an error with its fix; false when there is one. */
function refusals({ plan, facts, projectPath }: ProductionInput, diagnostics: Diagnostic[]): boolean {
  const layout = plan.layout.value;
  const depth = projectPath === '.' ? 0 : projectPath.split('/').length;
  const around = facts.surroundings?.workspace;
  if (layout === 'workspace-member' && around) {
    diagnostics.push({
      level: 'error',
      code: 'production-workspace-member',
      message: `this folder is the member ${around.member} of the uv workspace at ${around.root} (${around.file}): its image installs from the workspace's one lock, which a build of this folder cannot see`,
      file: around.file,
      hint: `run \`gen-devcontainer production ${around.root} --package NAME\` (the member's [project] name), at the workspace root`,
    });
    return false;
  }
  const outside = (facts.surroundings?.pathSources ?? []).filter((s) => s.at === undefined || s.up > depth);
  if (outside.length > 0) {
    const first = outside[0]!;
    diagnostics.push({
      level: 'error',
      code: 'production-path-source-outside',
      message: `${first.name} is a path source at ${first.path} (${first.file}), outside the folder the image is built from: docker build sees only that folder`,
      file: first.file,
      ...(first.line ? { line: first.line } : {}),
      hint:
        first.at === undefined
          ? 'an absolute path cannot be in a build context: move the package into the repository'
          : "run gen-devcontainer production in the folder that holds both, with --project naming this project's folder (the build context is then that folder)",
    });
    return false;
  }
  if (!LAYOUTS.has(layout)) return false;
  const managed = facts.pyproject?.uv.managed;
  if (layout !== 'requirements' && managed?.value === false) {
    diagnostics.push({
      level: 'error',
      code: 'production-unmanaged',
      message: 'tool.uv.managed is false: uv is told not to install this project, and the production image is that install',
      file: managed.file,
      ...(managed.line ? { line: managed.line } : {}),
      hint: 'remove tool.uv.managed = false, or write the Dockerfile yourself',
    });
    return false;
  }
  if (!uvReads(plan, MINIMUM_UV)) {
    diagnostics.push({
      level: 'error',
      code: 'production-uv-too-old',
      message: `the production image installs with \`uv sync --no-editable\`, which uv ${MINIMUM_UV} and newer have; the plan has uv ${plan.uv.version.value} (${plan.uv.version.source})`,
      hint: 'leave --uv-version out, or give a newer one',
    });
    return false;
  }
  return true;
}

/**
 * Folder and file names of the repository that reach the Dockerfile (WORKDIR, a bind mount's
 * source and target, whose `,` and `=` are the mount's own syntax): plain names only.
 */
function safePaths(paths: readonly string[], diagnostics: Diagnostic[]): boolean {
  const unsafe = paths.find((p) => !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(p) || p.split('/').some((part) => part === '.' || part === '..'));
  if (unsafe === undefined) return true;
  diagnostics.push({
    level: 'error',
    code: 'production-path-unsafe',
    message: `${JSON.stringify(unsafe)} is a path the production Dockerfile would copy or mount, and its name holds characters a Dockerfile's mount options and WORKDIR cannot carry safely`,
    hint: 'rename it to letters, digits, ".", "_" and "-"',
  });
  return false;
}

/** The plan's Python as X.Y, the tag of the official image; an error for anything else (a pypy, a free-threaded build). */
function pythonMinor(plan: Plan, diagnostics: Diagnostic[]): string | undefined {
  const match = /^(3\.\d+)(?:\.\d+)?$/.exec(plan.python.value);
  if (match) return match[1];
  diagnostics.push({
    level: 'error',
    code: 'production-python-unsupported',
    message: `the plan's Python is ${JSON.stringify(plan.python.value)} (${plan.python.source}): the production image takes a CPython X.Y from an official python:X.Y-slim-bookworm image`,
    hint: 'give --python X.Y (a CPython version), e.g. --python 3.12',
  });
  return undefined;
}

function decideImage(given: string | undefined, slug: string, diagnostics: Diagnostic[]): Decision<string> | undefined {
  if (given === undefined) {
    return {
      value: `${slug}:latest`,
      source: 'default',
      reason: 'the name docker build -t gives it locally; --image names the one your registry holds',
    };
  }
  if (isImageReference(given)) return { value: given, source: '--image', reason: 'asked for on the command line' };
  diagnostics.push({
    level: 'error',
    code: 'production-image-invalid',
    message: `--image ${JSON.stringify(given)} is not a Docker image reference`,
    hint: 'give NAME[:TAG]: lower-case letters, digits, ".", "_" and "-" in the name, with an optional registry host in front, e.g. registry.example.com/team/app:1.2',
  });
  return undefined;
}

function decidePort(given: string | undefined, diagnostics: Diagnostic[]): Decision<number> | undefined {
  if (given === undefined) return undefined;
  const port = /^[0-9]{1,5}$/.test(given) ? Number(given) : Number.NaN;
  if (port >= 1 && port <= 65535) {
    return { value: port, source: '--port', reason: 'the port the application listens on: a Service in front of the Deployment, and published by compose.yaml' };
  }
  diagnostics.push({
    level: 'error',
    code: 'production-port-invalid',
    message: `--port ${JSON.stringify(given)} is not a port number (1 to 65535)`,
    hint: 'give the port the application listens on, e.g. --port 8000',
  });
  return undefined;
}

/** The projects whose [project.scripts] the image installs: the project, a workspace's members (or the one --package names). */
function scriptSources(facts: RepoFacts, pkg: string | undefined): ScriptSource[] {
  const root = rootScripts(facts);
  const members = facts.workspace?.members ?? [];
  const memberSources = members
    .filter((m) => pkg === undefined || m.name === pkg)
    .map((m) => ({ file: `${m.path}/pyproject.toml`, scripts: m.scripts ?? [], installed: m.buildBackend !== undefined }));
  const rootSelected = pkg === undefined || facts.pyproject?.name?.value === pkg;
  return [...(root && rootSelected ? [root] : []), ...memberSources];
}
