/**
 * What the layout costs: `uv sync --frozen` of examples/uv-app (numpy, httpx, rich, pytest and
 * their dependencies: 24 packages, about 2,500 files) into a fresh environment from a warm cache,
 * with the real uv the generator pins, in five layouts a container can have:
 *
 *   generated  one volume holds the cache and the environment (what gen-devcontainer writes)
 *   docs       the environment on a volume of its own over the workspace's .venv, the cache in
 *              the home folder, UV_LINK_MODE=copy (the uv Docker guide's `--volume /app/.venv`,
 *              and its setting for caches on another mount: docs/guides/integration/docker.md)
 *   naive      the cache in the home folder, the environment as .venv in the bind-mounted workspace
 *   one-cache  one /cache volume holding the cache and the environment, as hand-written
 *              configurations often do (links work; what it lacks is the rest: Pythons, tools,
 *              TMPDIR, ownership of a fresh volume)
 *   cache-vol  the cache on a volume of its own, the environment as .venv in the workspace
 *
 * Rounds are interleaved so every layout sees the same machine load. For each run it prints the
 * wall time inside the container, the bytes uv's process tree dirtied (`write_bytes` in
 * /proc/<pid>/io, children included once reaped), and, after the last run, how many installed
 * files are links from the cache and how many are copies. Prints figures; asserts only that every
 * sync succeeded. Run: `npm run bench:layouts` (as root, on Linux, like the Docker tier).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_BASE_IMAGE, DEFAULT_UV_VERSION } from '../src/plan/tables.js';
import { CACHE_DIR, ensureBaseImage, startEngine } from '../test/docker/engine.js';
import { findLocks, relock } from '../test/docker/relock.js';
import { uvRelease } from '../test/docker/uv-release.js';
import { ensureWheelhouse, serveIndex, TARGET_PYTHON } from '../test/docker/wheelhouse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PYTHON = `3.${TARGET_PYTHON.minor}`;

interface Layout {
  name: string;
  mounts: string[];
  env: Record<string, string>;
  /** The environment uv syncs into. */
  venv: string;
}

const LAYOUTS: Layout[] = [
  { name: 'generated', mounts: ['-v', 'bench-uv:/opt/uv'], env: { UV_CACHE_DIR: '/opt/uv/cache', UV_PROJECT_ENVIRONMENT: '/opt/uv/envs/uv-app', UV_LINK_MODE: 'clone' }, venv: '/opt/uv/envs/uv-app' },
  { name: 'docs', mounts: ['-v', 'bench-venv:/w/.venv'], env: { UV_LINK_MODE: 'copy' }, venv: '/w/.venv' },
  { name: 'naive', mounts: [], env: {}, venv: '/w/.venv' },
  { name: 'one-cache', mounts: ['-v', 'bench-one-cache:/cache'], env: { UV_CACHE_DIR: '/cache/uv', UV_PROJECT_ENVIRONMENT: '/cache/venv' }, venv: '/cache/venv' },
  { name: 'cache-vol', mounts: ['-v', 'bench-cache:/cache'], env: { UV_CACHE_DIR: '/cache' }, venv: '/w/.venv' },
];

/** One timed sync: empty the environment (a mount point stays), then time uv inside the container. */
const RUN = `
set -eu
find "$VENV" -mindepth 1 -delete
written() { awk '/^write_bytes/ { print $2 }' /proc/$$/io; }
w0=$(written); t0=$(date +%s%N)
uv sync --frozen --no-progress >/dev/null
t1=$(date +%s%N); w1=$(written)
echo "$(( (t1 - t0) / 1000000 )) $(( w1 - w0 ))"
`;

/** Installed files (per RECORD, less what uv writes itself) that are links (link count > 1) or copies. */
const COUNT = String.raw`
set -eu
for site in "$VENV"/lib/python*/site-packages; do
  for record in "$site"/*.dist-info/RECORD; do
    awk -F, -v site="$site" '{ print site "/" $1 }' "$record"
  done | grep -v -E '\.dist-info/(RECORD|INSTALLER|REQUESTED|direct_url\.json|uv_[a-z_]+\.json)$' | grep -v '/\.\./' | while IFS= read -r f; do
    [ -f "$f" ] && stat -c '%h %s' "$f"
  done
done | awk '{ if ($1 > 1) linked++; else { copied++; bytes += $2 } } END { printf "%d %d %d\n", linked, copied, bytes }'
`;

it(`uv sync --frozen into a fresh environment from a warm cache, ${RUNS} runs per layout`, async () => {
  const engine = await startEngine();
  const index = await serveIndex((await ensureWheelhouse(path.join(repoRoot, 'test/docker/wheelhouse/uv.lock'), path.join(CACHE_DIR, 'wheelhouse'), fs.mkdtempSync('/tmp/gdc-bench-index-'))).root);
  const containers: string[] = [];
  try {
    ensureBaseImage(engine, DEFAULT_BASE_IMAGE);
    const release = uvRelease(DEFAULT_UV_VERSION, CACHE_DIR);
    const started = LAYOUTS.map((layout) => {
      const folder = path.join(fs.mkdtempSync('/tmp/gdc-bench-'), 'uv-app');
      fs.cpSync(path.join(repoRoot, 'examples/uv-app'), folder, { recursive: true });
      for (const lock of findLocks(folder)) relock(engine, { folder, projectDir: path.dirname(lock), release, indexUrl: index.url, image: DEFAULT_BASE_IMAGE, python: PYTHON });
      engine.docker(['volume', 'rm', '-f', ...layout.mounts.filter((m) => m.includes(':')).map((m) => m.split(':')[0]!)], { allowFailure: true });
      const env = { ...layout.env, UV_PYTHON: PYTHON, UV_PYTHON_PREFERENCE: 'only-system', UV_PYTHON_DOWNLOADS: 'never', VENV: layout.venv };
      if (layout.venv !== '/w/.venv') Object.assign(env, { UV_PROJECT_ENVIRONMENT: layout.venv });
      const id = engine
        .docker([
          'run',
          '-d',
          '--network=host',
          '-v',
          `${folder}:/w`,
          '-w',
          '/w',
          '-v',
          `${release.dir}:/usr/local/bin:ro`,
          ...layout.mounts,
          ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
          DEFAULT_BASE_IMAGE,
          'sleep',
          'infinity',
        ])
        .stdout.trim();
      containers.push(id);
      // Warm the cache (downloads and unpacks every wheel once); not timed.
      const warm = engine.docker(['exec', id, 'sh', '-c', 'mkdir -p "$VENV" && uv sync --frozen --no-progress'], { allowFailure: true });
      expect(warm.status, `${layout.name}: ${warm.stderr}`).toBe(0);
      return { layout, id, ms: [] as number[], written: [] as number[], stderr: warm.stderr };
    });
    for (let round = 0; round < RUNS; round++) {
      for (const run of started) {
        const result = engine.docker(['exec', run.id, 'sh', '-c', RUN], { allowFailure: true });
        expect(result.status, `${run.layout.name}: ${result.stderr}`).toBe(0);
        const [ms, written] = result.stdout.trim().split(' ').map(Number);
        run.ms.push(ms!);
        run.written.push(written!);
        run.stderr = result.stderr;
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const base = median(started[0]!.ms);
    const rows = started.map((run) => {
      const [linked, copied, bytes] = engine.docker(['exec', run.id, 'sh', '-c', COUNT]).stdout.trim().split(' ').map(Number);
      const fallback = /falling back to full copy/i.test(run.stderr) ? 'yes' : 'no';
      return `| ${run.layout.name} | ${median(run.ms)} ms (${Math.min(...run.ms)}–${Math.max(...run.ms)}) | ${(median(run.ms) / base).toFixed(1)}× | ${(median(run.written) / 1e6).toFixed(1)} MB | ${linked} | ${copied} (${(bytes! / 1e6).toFixed(1)} MB) | ${fallback} |`;
    });
    console.log(
      [
        `uv ${DEFAULT_UV_VERSION}, examples/uv-app, median of ${RUNS} runs (min–max), ${new Date().toISOString().slice(0, 10)}, ${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'cpu unknown'}, ext4`,
        '| layout | uv sync --frozen | vs generated | bytes written (write_bytes) | files linked | files copied (bytes) | "falling back to full copy" |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
  } finally {
    if (containers.length) engine.docker(['rm', '-f', ...containers], { allowFailure: true });
    index.stop();
    engine.stop();
  }
});
