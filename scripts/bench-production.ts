/**
 * What the generated production image costs against uv's own recipe, side by side on one app
 * (examples/uv-app: 20 packages, numpy among them, real wheels from the tier's loopback index,
 * real uv 0.13.9), on one private engine with BuildKit:
 *
 *   generated  deploy/Dockerfile as `gen-devcontainer production --python 3.13 --command ...` writes it
 *   recipe     uv's documented multi-stage build (docs/guides/integration/docker.md, "Intermediate
 *              layers" and "Multi-stage builds"; astral-sh/uv-docker-example multistage.Dockerfile),
 *              written for this benchmark in RECIPE below: uv copied from its image, the
 *              dependencies in a layer of their own with the lock and pyproject.toml bind-mounted,
 *              then the project; the final stage copies /app and runs as a non-root user
 *
 * Measured per side: the image's size (and what it adds to the base image), a cold build (the
 * build cache, cache mounts included, pruned first), a rebuild after a change to the source (a
 * line appended to src/uv_app/__init__.py), and a rebuild after a change to the lock (a dependency
 * added, pyproject.toml and uv.lock both changed, locked by the same uv against the same index).
 * Rounds interleave the sides and alternate which goes first; medians of BENCH_RUNS rounds
 * (default 5). Both sides start from the same stand-in base image (the production tier's, see
 * test/docker/production-images.ts) and use the same Python (3.13: UV_PYTHON in both). Prints a
 * table; asserts only that every build succeeded. Not run in CI. Run as root:
 * `npm run bench:production`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_UV_VERSION } from '../src/plan/tables.js';
import { CACHE_DIR, ensureUvImage, startEngine } from '../test/docker/engine.js';
import { buildKit, ensurePythonSlimStandIn, imageBytes, useIndex } from '../test/docker/production-images.js';
import { relock } from '../test/docker/relock.js';
import { uvRelease } from '../test/docker/uv-release.js';
import { ensureWheelhouse, serveIndex, TARGET_PYTHON } from '../test/docker/wheelhouse.js';
import { runCli, tempDir } from '../test/helpers/cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PYTHON = `3.${TARGET_PYTHON.minor}`;
const PYTHON_IMAGE = `python:${PYTHON}-slim-bookworm`;
const UV_IMAGE = `ghcr.io/astral-sh/uv:${DEFAULT_UV_VERSION}`;
const COMMAND = 'python src/uv_app/__init__.py';

const RECIPE = `# uv's documented multi-stage build, in this benchmark's words (see scripts/bench-production.ts).
ARG PYTHON_IMAGE
ARG UV_IMAGE
FROM \${UV_IMAGE} AS uv

FROM \${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /uvx /bin/
# Compiled, copied from the cache mount, no dev group, the image's Python.
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_DEV=1 UV_PYTHON_DOWNLOADS=0 UV_PYTHON=${PYTHON}
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv \\
    --mount=type=bind,source=uv.lock,target=uv.lock \\
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
    uv sync --locked --no-install-project
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked

FROM \${PYTHON_IMAGE}
RUN groupadd --system --gid 999 nonroot \\
 && useradd --system --gid 999 --uid 999 --create-home nonroot
COPY --from=builder --chown=nonroot:nonroot /app /app
ENV PATH="/app/.venv/bin:$PATH"
USER nonroot
WORKDIR /app
CMD ["python", "src/uv_app/__init__.py"]
`;

interface Side {
  name: string;
  dockerfile: string;
  cold: number[];
  source: number[];
  lock: number[];
  bytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${median(xs).toFixed(1)} s (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

it(`the generated production image against uv's multi-stage recipe, ${RUNS} rounds`, async () => {
  const engine = await startEngine();
  const wheelhouse = await ensureWheelhouse(path.join(repoRoot, 'test/docker/wheelhouse/uv.lock'), path.join(CACHE_DIR, 'wheelhouse'), tempDir('gdc-index-'));
  const index = await serveIndex(wheelhouse.root);
  try {
    ensurePythonSlimStandIn(engine, PYTHON_IMAGE);
    const release = uvRelease(DEFAULT_UV_VERSION, CACHE_DIR);
    ensureUvImage(engine, release);
    const root = path.join(tempDir('gdc-bench-prod-'), 'uv-app');
    fs.cpSync(path.join(repoRoot, 'examples/uv-app'), root, { recursive: true });
    const pyproject = path.join(root, 'pyproject.toml');
    useIndex(pyproject, index.url);
    const lockWith = () => relock(engine, { folder: root, projectDir: root, release, indexUrl: index.url, image: PYTHON_IMAGE, python: PYTHON });
    lockWith();
    const state = (files: string[]) => Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    const LOCKED = ['pyproject.toml', 'uv.lock'];
    const before = state([...LOCKED, 'src/uv_app/__init__.py']);
    // The lock change: one more dependency (in the wheelhouse), locked by the same uv.
    fs.writeFileSync(pyproject, before['pyproject.toml']!.replace('"tabulate>=0.9",', '"tabulate>=0.9",\n    "packaging>=24",'));
    lockWith();
    const changedLock = state(LOCKED);
    const restore = () => {
      for (const [file, text] of Object.entries(before)) fs.writeFileSync(path.join(root, file), text);
    };
    restore();
    const generated = await runCli(['production', root, '--python', PYTHON, '--command', COMMAND]);
    expect(generated.code, generated.stderr).toBe(0);
    // The recipe's files: its Dockerfile outside the context, and the .dockerignore uv's example has.
    const recipeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-recipe-'));
    fs.writeFileSync(path.join(recipeDir, 'Dockerfile'), RECIPE);
    fs.writeFileSync(path.join(root, '.dockerignore'), '.venv\n');

    const sides: Side[] = [
      { name: 'generated (deploy/Dockerfile)', dockerfile: path.join(root, 'deploy/Dockerfile'), cold: [], source: [], lock: [], bytes: 0 },
      { name: "uv's multi-stage recipe", dockerfile: path.join(recipeDir, 'Dockerfile'), cold: [], source: [], lock: [], bytes: 0 },
    ];
    const buildSide = (side: Side, tag: string) => {
      const result = buildKit(engine, { context: root, dockerfile: side.dockerfile, tag, buildArgs: { PYTHON_IMAGE, UV_IMAGE } });
      expect(result.code, result.log.slice(-4000)).toBe(0);
      return result.seconds;
    };
    const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const loads: string[] = [load()];
    for (let round = 0; round < RUNS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const tag = `gdc-bench-${sides.indexOf(side)}:latest`;
        restore();
        engine.docker(['builder', 'prune', '-af']);
        side.cold.push(buildSide(side, tag));
        side.bytes = imageBytes(engine, tag);
        fs.appendFileSync(path.join(root, 'src/uv_app/__init__.py'), `# change ${round}\n`);
        side.source.push(buildSide(side, tag));
        for (const [file, text] of Object.entries(changedLock)) fs.writeFileSync(path.join(root, file), text);
        side.lock.push(buildSide(side, tag));
      }
      loads.push(load());
      console.log(
        `round ${round + 1}/${RUNS}: ${sides.map((s) => `${s.name} cold ${s.cold.at(-1)!.toFixed(1)} s, source ${s.source.at(-1)!.toFixed(1)} s, lock ${s.lock.at(-1)!.toFixed(1)} s`).join('; ')}; load ${load()}`,
      );
    }
    const base = imageBytes(engine, PYTHON_IMAGE);
    const [ours, recipe] = sides as [Side, Side];
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    const rows = [
      '| | generated | recipe | generated / recipe | target |',
      '| --- | --- | --- | --- | --- |',
      `| image size | ${mb(ours.bytes)} | ${mb(recipe.bytes)} | ${ratio(ours.bytes, recipe.bytes)} | <= 1.10× |`,
      `| added to the base image | ${mb(ours.bytes - base)} | ${mb(recipe.bytes - base)} | ${ratio(ours.bytes - base, recipe.bytes - base)} | |`,
      `| cold build | ${spread(ours.cold)} | ${spread(recipe.cold)} | ${ratio(median(ours.cold), median(recipe.cold))} | |`,
      `| rebuild after a source change | ${spread(ours.source)} | ${spread(recipe.source)} | ${ratio(median(ours.source), median(recipe.source))} | <= 1.5× |`,
      `| rebuild after a lock change | ${spread(ours.lock)} | ${spread(recipe.lock)} | ${ratio(median(ours.lock), median(recipe.lock))} | |`,
    ];
    console.log(
      [
        '',
        ...rows,
        '',
        `examples/uv-app, uv ${DEFAULT_UV_VERSION}, BuildKit (Docker ${engine.docker(['version', '-f', '{{.Server.Version}}']).stdout.trim()}), median of ${RUNS} rounds (min–max), ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'cpu unknown'}); load average (1, 5, 15 min) before: ${loads[0]}, after: ${loads.at(-1)}; base image ${mb(base)}`,
      ].join('\n'),
    );
  } finally {
    index.stop();
    engine.stop();
  }
});
