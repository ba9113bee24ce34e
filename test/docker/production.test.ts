/**
 * Issue 20's proof, on a private engine: `gen-devcontainer production` for every layout example,
 * built with BuildKit from the repository root (`DOCKER_BUILDKIT=1 docker build -f
 * deploy/Dockerfile .`) with the real pinned uv and real wheels, then run as its
 * deploy/kubernetes.yaml runs it: `docker run --read-only`, the manifest's user, its environment
 * and its one volume, nothing else writable. With `--with-uv`, `uv run` and `uvx` on that
 * read-only root, linking from the cache on the volume; the control splits the volume into
 * sub-path mounts (astral-sh/uv#11385) and uv copies; and an image that runs `uv run` as uv's
 * Docker guide does fails on the same read-only root. Last, rootless podman plays the manifest.
 *
 * What stands in, and why (nothing else does):
 *  - `python:3.13-slim-bookworm`: the tier's Debian image with its python3 (production-images.ts
 *    ensurePythonSlimStandIn says what differs: python at /usr/bin/python3.13, linked from
 *    /usr/local/bin where the official image has it). Every example is generated with
 *    `--python 3.13`, an ordinary option, so the Dockerfile's default names that tag.
 *  - `ghcr.io/astral-sh/uv:<version>`: the real uv of that version from its PyPI wheel (engine.ts).
 *  - PyPI: the tier's loopback index of real wheels, named by each copy of an example the way a
 *    user names a private index (`[[tool.uv.index]]`, or `--index-url` in requirements.txt), its
 *    uv.lock made anew against it by the pinned uv. Builds and the `uvx` runs use the host's
 *    network to reach it; everything else runs with no network.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { CACHE_DIR, DOCKER, type Engine, ensureUvImage, startEngine } from './engine.js';
import { LINK_PROOF } from './link-proof.js';
import { buildKit, ensurePythonSlimStandIn, type PodRun, podRun, runAsPod, useIndex } from './production-images.js';
import { findLocks, relock } from './relock.js';
import { uvRelease } from './uv-release.js';
import { ensureWheelhouse, type IndexServer, serveIndex, TARGET_PYTHON } from './wheelhouse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = `3.${TARGET_PYTHON.minor}`;
const PYTHON_IMAGE = `python:${PYTHON}-slim-bookworm`;
const UV_VERSION = '0.13.9';
const COMPOSE = '/usr/bin/docker-compose';
/** uv's words when it cannot link and copies instead (uv-install-wheel's linker). */
const COPY_FALLBACK = /falling back to full copy|Failed to (?:hardlink|clone|reflink)/i;

let engine: Engine;
let index: IndexServer;
const timings: string[] = [];

beforeAll(async () => {
  const start = Date.now();
  engine = await startEngine();
  ensurePythonSlimStandIn(engine, PYTHON_IMAGE);
  ensureUvImage(engine, uvRelease(UV_VERSION, CACHE_DIR));
  const wheelhouse = await ensureWheelhouse(path.join(repoRoot, 'test/docker/wheelhouse/uv.lock'), path.join(CACHE_DIR, 'wheelhouse'), tempDir('gdc-index-'));
  index = await serveIndex(wheelhouse.root);
  timings.push(`set up in ${seconds(start)} s`);
});

afterAll(() => {
  const start = Date.now();
  index?.stop();
  const left = engine?.docker(['ps', '-aq'], { allowFailure: true }).stdout.trim();
  if (left) timings.push(`containers left: ${left.split('\n').length}`);
  engine?.stop();
  timings.push(`engine stopped in ${seconds(start)} s`);
  console.log(`production tier: ${timings.join('; ')}`);
});

function seconds(start: number): string {
  return ((Date.now() - start) / 1000).toFixed(1);
}

interface Generated {
  /** The copy of the example: the repository, the build context. */
  root: string;
  pod: PodRun;
  manifest: string;
  dockerfile: string;
}

/**
 * A copy of an example as a user has it, pointed at the loopback index and relocked by the pinned
 * uv, with `gen-devcontainer production` run at its root.
 */
async function generate(example: string, options: string[], setUp?: (root: string) => void): Promise<Generated> {
  const root = path.join(tempDir('gdc-prod-'), example);
  fs.cpSync(path.join(repoRoot, 'examples', example), root, { recursive: true });
  spawnSync('git', ['init', '-q', root]);
  setUp?.(root);
  const locks = findLocks(root);
  for (const lock of locks) {
    useIndex(path.join(path.dirname(lock), 'pyproject.toml'), index.url);
    relock(engine, { folder: root, projectDir: path.dirname(lock), release: uvRelease(UV_VERSION, CACHE_DIR), indexUrl: index.url, image: PYTHON_IMAGE, python: PYTHON });
  }
  for (const requirements of ['requirements.txt']) {
    const file = path.join(root, requirements);
    if (locks.length === 0 && fs.existsSync(file)) fs.writeFileSync(file, `--index-url ${index.url}\n${fs.readFileSync(file, 'utf8')}`);
  }
  const run = await runCli(['production', root, '--python', PYTHON, ...options]);
  if (run.code !== 0) throw new Error(`gen-devcontainer production failed on ${example}:\n${run.stderr}`);
  const manifest = fs.readFileSync(path.join(root, 'deploy/kubernetes.yaml'), 'utf8');
  return { root, pod: podRun(manifest), manifest, dockerfile: fs.readFileSync(path.join(root, 'deploy/Dockerfile'), 'utf8') };
}

/** The BuildKit build of deploy/Dockerfile from the repository root, under the manifest's image name. */
function build(g: Generated, tag = g.pod.image) {
  const start = Date.now();
  const result = buildKit(engine, { context: g.root, dockerfile: path.join(g.root, 'deploy/Dockerfile'), tag });
  timings.push(`${path.basename(g.root)} built in ${seconds(start)} s`);
  if (result.code !== 0) throw new Error(`docker build failed for ${g.root}:\n${result.log.slice(-6000)}`);
  return result;
}

/**
 * Inside the container: a write to `/` fails, the volume is writable, and the writable mounts are
 * the volume and what Docker itself mounts (/dev and its tmpfs, and the three files it manages in
 * /etc, root's); the user owns no file in the image.
 */
const PROBE = [
  'touch /probe 2>/dev/null && echo "root: writable" || echo "root: read-only"',
  'touch "$1/probe" && echo "volume: writable"',
  'awk \'$4 ~ /^rw/ && $2 !~ /^\\/(dev|proc|sys)(\\/|$)/ && $2 !~ /^\\/etc\\/(hosts|hostname|resolv\\.conf)$/ { print "rw mount: " $2 }\' /proc/self/mounts',
  'echo "user: $(id -u):$(id -g)"',
  'echo "owned in the image: $(find / -xdev ! -path "$1" -user "$(id -u)" 2>/dev/null | wc -l)"',
  'echo "writable in /app: $(find /app -writable 2>/dev/null | wc -l)"',
].join('; ');

function probe(g: Generated) {
  const run = runAsPod(engine, g.pod, { args: ['sh', '-c', PROBE, 'probe', g.pod.volumeTarget] });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('root: read-only');
  expect(run.stdout).toContain('volume: writable');
  expect(run.stdout.match(/^rw mount: .*$/gm)).toEqual([`rw mount: ${g.pod.volumeTarget}`]);
  expect(run.stdout).toContain(`user: ${g.pod.uid}:${g.pod.gid}`);
  expect(run.stdout).toContain('owned in the image: 0');
  expect(run.stdout).toContain('writable in /app: 0');
  return run.stdout;
}

/**
 * deploy/compose.yaml, run as its header says (Debian's docker-compose 1.29.2 for `docker compose`,
 * the image already built): the service exits 0 having printed what the app prints, read-only, as
 * the user, with the one named volume.
 */
function composeUp(g: Generated, prints: RegExp): void {
  const file = path.join(g.root, 'deploy/compose.yaml');
  const project = `gdc-prod-${Date.now()}`;
  const compose = (args: string[]) => spawnSync(COMPOSE, ['-f', file, '-p', project, ...args], { env: engine.env, encoding: 'utf8' });
  const service = Object.keys((parseAllDocuments(fs.readFileSync(file, 'utf8'))[0]!.toJS() as { services: Record<string, unknown> }).services)[0]!;
  try {
    const up = compose(['up', '--no-color', '--no-build', '--abort-on-container-exit', '--exit-code-from', service]);
    console.log(`--- docker-compose -f deploy/compose.yaml up: exit ${up.status}\n${up.stdout.slice(-1500)}`);
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout.replace(/^\S+\s+\| /gm, '')).toMatch(prints);
    const id = compose(['ps', '-aq', service]).stdout.trim();
    const state = engine.docker(['inspect', '-f', '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{range .Mounts}}{{.Type}}:{{.Name}}:{{.Destination}} {{end}}', id]).stdout.trim();
    expect(state).toBe(`true ${g.pod.uid}:${g.pod.gid} volume:${project}_${g.pod.volumeName}:${g.pod.volumeTarget}`);
  } finally {
    compose(['down', '-v']);
  }
}

interface Layout {
  name: string;
  example: string;
  options: string[];
  setUp?: (root: string) => void;
  /** What the app's command prints. */
  prints: RegExp;
  /** Also run deploy/compose.yaml with docker-compose. */
  compose?: boolean;
}

/** A `--command` that prints `words` after importing `modules` (the app's code and its dependencies). */
function printing(modules: string, words: string): string[] {
  return ['--command', `python -c "import ${modules}; print('${words}')"`];
}

const LAYOUTS: Layout[] = [
  {
    name: 'a uv project (uv-app: numpy, httpx, rich and their dependencies, tool.uv.package = false), its own file as the command',
    example: 'uv-app',
    options: ['--command', 'python src/uv_app/__init__.py'],
    prints: /^hello$/m,
    compose: true,
  },
  {
    name: 'a virtual uv workspace, every member (uv-workspace: three members built by hatchling, one excluded)',
    example: 'uv-workspace',
    options: printing('acme_api, acme_cli, acme_core, fastapi, typer', 'every member imported'),
    prints: /^every member imported$/m,
  },
  {
    name: 'one member of that workspace (--package acme-api): it and what it needs, not the other members',
    example: 'uv-workspace',
    options: ['--package', 'acme-api', '--command', `python -c "import importlib.util as u, acme_api, acme_core, fastapi; print('acme-api, acme_cli:', u.find_spec('acme_cli'))"`],
    prints: /^acme-api, acme_cli: None$/m,
  },
  {
    name: 'a workspace member with the whole app (fastapi-fullstack: fastapi, sqlalchemy, psycopg; --port 8000)',
    example: 'fastapi-fullstack',
    options: ['--port', '8000', ...printing('app.main, fastapi, sqlalchemy, psycopg', 'backend imported')],
    prints: /^backend imported$/m,
  },
  {
    name: 'a path source beside the project (path-source-sibling, --project app: ../prebuilt from the repository)',
    example: 'path-source-sibling',
    options: ['--project', 'app', '--command', 'python -c "from report_app import main; main()"'],
    prints: /^app +ok$/m,
  },
  {
    name: 'one of several projects (many-projects, --project billing: stripe)',
    example: 'many-projects',
    options: ['--project', 'billing', ...printing('stripe', 'billing imported stripe')],
    prints: /^billing imported stripe$/m,
  },
  {
    name: 'requirements and a setup.py that imports its own package (weather-station: msgspec, httpx; built without build isolation)',
    example: 'weather-station',
    options: ['--command', `python -c "import weatherstation as w; print('weatherstation', w.__version__, w.Reading(station='roof', celsius=21.5))"`],
    prints: /^weatherstation 2\.3\.0 Reading\(station='roof', celsius=21\.5\)$/m,
  },
  {
    name: 'requirements only (pip-requirements: flask and requests pinned, no pyproject)',
    example: 'pip-requirements',
    options: printing('app, flask, requests', 'flask app imported'),
    prints: /^flask app imported$/m,
  },
];

describe('production images, built and run as the manifest says', () => {
  for (const layout of LAYOUTS) {
    it(`${layout.name}: builds with BuildKit and the real uv, runs on a read-only root as the manifest's user with only its volume`, async () => {
      const g = await generate(layout.example, layout.options, layout.setUp);
      const built = build(g);
      expect(built.log, 'uv copied with a warning in the build').not.toMatch(COPY_FALLBACK);
      const run = runAsPod(engine, g.pod);
      console.log(`--- ${layout.example}: ${g.pod.image} as ${g.pod.uid}, volume at ${g.pod.volumeTarget}: exit ${run.code}\n${run.stdout}${run.stderr}`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(layout.prints);
      console.log(probe(g));
      if (layout.compose) composeUp(g, layout.prints);
    });
  }
});

/** The environment the container runs with: the image's, then the manifest's on top (as Kubernetes does). */
function runEnv(g: Generated): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of JSON.parse(engine.docker(['image', 'inspect', '-f', '{{json .Config.Env}}', g.pod.image]).stdout) as string[]) {
    const at = line.indexOf('=');
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return { ...env, ...g.pod.env };
}

/** Runs the link proof (link-proof.ts) over `envs` (a shell expression) after `command`, in one container. */
function linkProof(out: string): { environments: number; packages: number; files: number; linked: number; notLinked: number; first: string } {
  const [environments, packages, files, linked, notLinked, first] = out.trim().split('\n').at(-1)!.split(' ');
  return { environments: Number(environments), packages: Number(packages), files: Number(files), linked: Number(linked), notLinked: Number(notLinked), first: first! };
}

/**
 * `uvx` of a tool from the wheelhouse, then, in the environment uvx made (in the cache:
 * environments-v2/<key>/<key> links to archive-v0/<id>), how many files its packages installed
 * (per RECORD) have a second link (the file unpacked from the wheel, in the cache) and how many
 * have one. Prints "uvx files N linked N single N".
 */
const UVX = `uvx pytest==8.3.4 --version
env=$(for l in "$UV_CACHE_DIR"/environments-v*/*/*; do [ -d "$l/lib" ] && readlink -f "$l"; done | head -n 1)
cd "$(ls -d "$env"/lib/python*/site-packages)"
cat ./*.dist-info/RECORD | cut -d, -f1 | grep -v -E '\\.dist-info/(RECORD|INSTALLER|REQUESTED|direct_url\\.json|uv_[a-z_]+\\.json)$' | grep -v '^\\.\\./' |
  while read -r f; do [ -f "$f" ] && stat -c %h "$f"; done |
  awk '{ if ($1 > 1) l++; else s++ } END { print "uvx files", l + s, "linked", l + 0, "single", s + 0 }'`;

/** `uv tool install` of a tool from the wheelhouse, then the link proof over its environment in UV_TOOL_DIR. */
const TOOL_INSTALL = 'uv tool install pytest==8.3.4 && PROOF_ENVS=$(ls -d "$UV_TOOL_DIR"/*/ | sed "s#/\\$##") sh -c "$0"';

describe('--with-uv: uv in the image, on the read-only root', () => {
  let g: Generated;
  beforeAll(async () => {
    const start = Date.now();
    g = await generate('uv-app', ['--with-uv', '--command', 'python -c "print(\'uv-app with uv\')"']);
    build(g);
    timings.push(`--with-uv generated and built in ${seconds(start)} s`);
  });

  it('`uv run` runs the installed environment: no sync, no lock, no copy, exit 0', () => {
    const run = runAsPod(engine, g.pod, { args: ['uv', 'run', 'python', '-c', 'import numpy, sys; print("uv run:", sys.prefix, numpy.__version__)'] });
    console.log(`--- uv run on the read-only root: exit ${run.code}\n${run.stdout}${run.stderr}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^uv run: \/app\/\.venv 2\./m);
    expect(run.stderr).not.toMatch(COPY_FALLBACK);
    expect(run.stderr).not.toMatch(/Resolved|Prepared|Installed|Uninstalled|Updated/);
  });

  it('`uvx` and `uv tool install` fetch a tool and link it from the cache on the one volume: no copy warning, every file linked', () => {
    const volume = `gdc-prod-uvx-${Date.now()}`;
    const uvx = runAsPod(engine, g.pod, { volume, network: 'host', env: { UV_DEFAULT_INDEX: index.url }, args: ['sh', '-c', UVX] });
    console.log(`--- uvx pytest on the read-only root: exit ${uvx.code}\n${uvx.stdout}${uvx.stderr}`);
    expect(uvx.code, uvx.stderr).toBe(0);
    expect(uvx.stdout).toMatch(/^pytest 8\.3\.4$/m);
    expect(`${uvx.stdout}${uvx.stderr}`).not.toMatch(COPY_FALLBACK);
    const [, files, linked, single] = /uvx files (\d+) linked (\d+) single (\d+)/.exec(uvx.stdout)!.map(Number);
    expect(files).toBeGreaterThan(100);
    expect(linked).toBe(files);
    expect(single).toBe(0);
    const tool = runAsPod(engine, g.pod, { volume, network: 'host', env: { UV_DEFAULT_INDEX: index.url }, args: ['sh', '-c', TOOL_INSTALL, LINK_PROOF] });
    expect(tool.code, tool.stderr).toBe(0);
    expect(tool.stderr).not.toMatch(COPY_FALLBACK);
    const proof = linkProof(tool.stdout);
    console.log(`--- uv tool install pytest, one volume: ${proof.packages} packages, ${proof.linked} of ${proof.files} files linked from the cache, ${proof.notLinked} copied`);
    expect(proof.files).toBeGreaterThan(100);
    expect(proof.notLinked, `first file not linked: ${proof.first}`).toBe(0);
  });

  it('control, the seed (astral-sh/uv#11385): the same folders as sub-path mounts of one host folder, as Kubernetes makes them: uv warns and copies every file', () => {
    // Every folder the image keeps on the volume (its variables' values below the mount point), each
    // a sub-path mount of its own, as a pod spec with one subPath per folder makes them.
    const folders = [...new Set(Object.values(runEnv(g)).filter((v) => v.startsWith(`${g.pod.volumeTarget}/`)))];
    expect(folders.length).toBeGreaterThanOrEqual(3);
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-subpath-'));
    const mounts = folders.map((target, i) => {
      fs.mkdirSync(path.join(host, String(i)));
      return `type=bind,src=${path.join(host, String(i))},dst=${target}`;
    });
    spawnSync('chown', ['-R', `${g.pod.uid}:${g.pod.gid}`, host]);
    const tool = runAsPod(engine, g.pod, { mounts, network: 'host', env: { UV_DEFAULT_INDEX: index.url }, args: ['sh', '-c', TOOL_INSTALL, LINK_PROOF] });
    const warning = tool.stderr.split('\n').find((l) => COPY_FALLBACK.test(l));
    const proof = linkProof(tool.stdout);
    console.log(`--- control, sub-path mounts: exit ${tool.code}; uv said: ${warning}; ${proof.linked} of ${proof.files} files linked, ${proof.notLinked} copied`);
    expect(tool.code, tool.stderr).toBe(0);
    expect(warning).toMatch(/Failed to hardlink files; falling back to full copy/);
    expect(proof.files).toBeGreaterThan(100);
    expect(proof.linked).toBe(0);
  });

  it("side by side: the same app with `uv run` as uv's Docker guide runs it (astral-sh/uv#17521) fails on the read-only root, where ours runs", () => {
    const docs = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-docs-'));
    fs.cpSync(g.root, docs, { recursive: true, filter: (src) => !src.includes(`${path.sep}deploy`) });
    fs.writeFileSync(path.join(docs, 'Dockerfile'), DOCS_STYLE);
    const built = buildKit(engine, {
      context: docs,
      dockerfile: path.join(docs, 'Dockerfile'),
      tag: 'gdc-docs-style:test',
      buildArgs: { PYTHON_IMAGE, UV_IMAGE: `ghcr.io/astral-sh/uv:${UV_VERSION}` },
    });
    expect(built.code, built.log.slice(-3000)).toBe(0);
    const argv = ['--read-only', '--network=none', 'gdc-docs-style:test'];
    const theirs = engine.docker(['run', '--rm', ...argv], { allowFailure: true });
    console.log(`--- uv's guide's way, docker run --read-only: exit ${theirs.status}\n${theirs.stderr.trim()}`);
    expect(theirs.status).not.toBe(0);
    expect(theirs.stderr).toMatch(/error: Failed to initialize cache at `\/home\/nonroot\/\.cache\/uv`[\s\S]*Read-only file system \(os error 30\)/);
    // uv#17521's own case, `uv run --no-cache`: the temporary cache goes to /tmp, read-only too.
    const noCache = engine.docker(['run', '--rm', ...argv, 'uv', 'run', '--no-cache', 'python', '-c', 'print(1)'], { allowFailure: true });
    console.log(`--- the same with uv run --no-cache: exit ${noCache.status}\n${noCache.stderr.trim()}`);
    expect(noCache.status).not.toBe(0);
    expect(noCache.stderr).toMatch(/Read-only file system \(os error 30\) at path "\/tmp\//);
    // The same image without --read-only: the failure is the read-only root's, not the app's.
    const writable = engine.docker(['run', '--rm', '--network=none', 'gdc-docs-style:test'], { allowFailure: true });
    expect(writable.status, writable.stderr).toBe(0);
    const ours = runAsPod(engine, g.pod, { args: ['uv', 'run', 'python', '-c', 'print("ours: uv run ok")'] });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toContain('ours: uv run ok');
  });
});

/**
 * uv's Docker guide's single-stage image (docs/guides/integration/docker.md, astral-sh/uv-docker-example
 * Dockerfile), in this project's words: uv in the image, the project synced at build time into
 * /app/.venv with the cache mount, a non-root user, and `uv run` as the command.
 */
const DOCS_STYLE = `ARG PYTHON_IMAGE
ARG UV_IMAGE
FROM \${UV_IMAGE} AS uv
FROM \${PYTHON_IMAGE}
COPY --from=uv /uv /uvx /bin/
RUN useradd --system --uid 999 --create-home nonroot
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_DEV=1 UV_PYTHON_DOWNLOADS=0 UV_PYTHON=${PYTHON}
RUN --mount=type=cache,target=/root/.cache/uv \\
    --mount=type=bind,source=uv.lock,target=uv.lock \\
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
    uv sync --locked --no-install-project
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked && chown -R nonroot /app
ENV PATH="/app/.venv/bin:$PATH"
USER nonroot
CMD ["uv", "run", "python", "-c", "print('docs style ran')"]
`;

/** The unprivileged user rootless podman runs as, with subordinate id ranges (useradd gives them on Debian 12). */
const KUBE_USER = 'gdc-kube';

function podmanUser(): { runtimeDir: string; home: string } {
  if (spawnSync('id', [KUBE_USER]).status !== 0) {
    const add = spawnSync('useradd', ['--create-home', '--shell', '/bin/sh', KUBE_USER], { encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`useradd ${KUBE_USER} failed: ${add.stderr}`);
  }
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    if (
      !fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .some((l) => l.startsWith(`${KUBE_USER}:`))
    ) {
      throw new Error(`${file} has no range for ${KUBE_USER}: rootless podman needs one (usermod --add-subuids/--add-subgids)`);
    }
  }
  const uid = Number(spawnSync('id', ['-u', KUBE_USER], { encoding: 'utf8' }).stdout.trim());
  const runtimeDir = `/tmp/gdc-kube-run-${uid}`;
  fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  fs.chownSync(runtimeDir, uid, uid);
  // Overlay in the user namespace (the kernel's own: /dev/fuse is root's here), not podman's
  // fallback vfs, which copies the whole image for every container.
  const config = `/home/${KUBE_USER}/.config/containers`;
  if (!fs.existsSync(`${config}/storage.conf`)) {
    spawnSync('runuser', ['-u', KUBE_USER, '--', 'sh', '-c', `mkdir -p ${config} && printf '[storage]\\ndriver = "overlay"\\n' >${config}/storage.conf`]);
  }
  return { runtimeDir, home: `/home/${KUBE_USER}` };
}

/** A shell command run by that user, with its runtime folder, from its home. */
function asKubeUser(command: string, input?: Buffer) {
  const { runtimeDir, home } = podmanUser();
  const run = spawnSync('runuser', ['-u', KUBE_USER, '--', 'env', `XDG_RUNTIME_DIR=${runtimeDir}`, `HOME=${home}`, 'sh', '-c', `cd && ${command}`], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status ?? -1, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

describe('Kubernetes for real where this machine allows: rootless podman 4.3 plays deploy/kubernetes.yaml', () => {
  it("the pod runs as the image's uid, a write to / fails, the one volume is writable, the app's command runs", async () => {
    const g = await generate('uv-app', ['--port', '8000', '--command', 'python -c "import numpy; print(\'uv-app in a pod, numpy\', numpy.__version__)"']);
    build(g);
    const image = JSON.parse(engine.docker(['image', 'inspect', '-f', '{{json .Config}}', g.pod.image]).stdout) as { User: string; Entrypoint: string[] | null; Cmd: string[] | null };
    // The image, from Docker to the user's podman storage.
    const saved = spawnSync(DOCKER, ['save', g.pod.image], { env: engine.env, maxBuffer: 2 * 1024 * 1024 * 1024 });
    expect(saved.status).toBe(0);
    const loaded = asKubeUser('podman load', saved.stdout);
    expect(loaded.code, loaded.stderr).toBe(0);
    // Edits for this test only: host networking (no rootless network namespace here), so no port
    // mappings (podman refuses them there); and args that run the probe first, then the command
    // the manifest runs, by exec.
    // What runs after the ENTRYPOINT (the image's preparation of the volume, kept): the pod's args, else the image's CMD.
    const command = g.pod.args.length > 0 ? g.pod.args : (image.Cmd ?? []);
    const docs = parseAllDocuments(g.manifest);
    const deployment = docs.find((d) => d.get('kind') === 'Deployment')!;
    deployment.setIn(['spec', 'template', 'spec', 'hostNetwork'], true);
    const container = ['spec', 'template', 'spec', 'containers', 0];
    deployment.deleteIn([...container, 'ports']);
    deployment.setIn([...container, 'args'], ['/bin/sh', '-c', `${PROBE}; shift; exec "$@"`, 'probe', g.pod.volumeTarget, ...command]);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-kube-'));
    const file = path.join(folder, 'kubernetes.yaml');
    fs.writeFileSync(file, docs.map((d) => d.toString()).join('---\n'));
    spawnSync('chown', ['-R', KUBE_USER, folder]);
    const play = asKubeUser(`podman kube play ${file}`);
    let logs = '';
    try {
      expect(play.code, `${play.stdout}${play.stderr}`).toBe(0);
      const deadline = Date.now() + 60_000;
      while (!/uv-app in a pod/.test(logs) && Date.now() < deadline) {
        spawnSync('sleep', ['1']);
        const names = asKubeUser('podman ps -a --format "{{.Names}}"')
          .stdout.split('\n')
          .filter((n) => n && !n.endsWith('-infra'));
        logs = names.map((n) => asKubeUser(`podman logs ${n} 2>&1`).stdout).join('');
      }
      const inspect = asKubeUser(
        'podman ps -a --format "{{.Names}}" | grep -v infra | head -1 | xargs podman inspect --format "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{range .Mounts}}{{.Type}}:{{.Name}}:{{.Destination}} {{end}}"',
      ).stdout.trim();
      console.log(`--- podman kube play (rootless, podman 4.3): ${inspect}\n${logs}`);
      // The user Kubernetes would run: the manifest's runAsUser, which is the image's USER.
      expect(image.User.split(':')[0]).toBe(String(g.pod.uid));
      expect(inspect).toMatch(new RegExp(`^${g.pod.uid}(:${g.pod.gid})? true `));
      expect(logs).toContain(`user: ${g.pod.uid}:`);
      expect(logs).toContain('root: read-only');
      expect(logs).toContain('volume: writable');
      expect([...new Set(logs.match(/^rw mount: .*$/gm))]).toEqual([`rw mount: ${g.pod.volumeTarget}`]);
      expect(logs).toContain('writable in /app: 0');
      expect(logs).toMatch(/uv-app in a pod, numpy 2\./);
      // Podman 4.3 turns the emptyDir into a named volume, and would ignore a subPath (the whole
      // volume at the sub-path's mount point): it proves the read-only root, the user and the
      // volume, not sub-path semantics (the Docker control above and test/k8s show those).
      expect(inspect).toMatch(new RegExp(`volume:[^ ]+:${g.pod.volumeTarget.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    } finally {
      asKubeUser(`podman kube down ${file}; podman volume prune -f; podman rmi -f ${g.pod.image}`);
    }
  });
});
