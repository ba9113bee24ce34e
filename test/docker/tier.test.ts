/**
 * The Docker tier: the committed example configurations, built and brought up with the real Dev
 * Container CLI on a private engine, and the in-container check run inside. `npm run test:docker`.
 *
 * What is real: the Dockerfile build, the volume, its ownership, the mounts, link() between them,
 * the user. What is a stand-in: uv (it cannot be had here). Lifecycle commands are skipped
 * (--skip-post-create) because `uv sync` is among them; `python3 -m venv` makes the environment
 * where uv would, so the link check has a real environment folder to link into.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER, ensureBaseImage, ensureUvStandIn, startEngine, type Engine } from './engine.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { DEFAULT_BASE_IMAGE, UV_RELEASES } from '../../src/plan/tables.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEVCONTAINER = path.join(repoRoot, 'node_modules/.bin/devcontainer');
// Every example that builds offline: the fresh ones, and an image-based configuration that the
// generator turns into a Dockerfile. (existing-dockerfile needs CA tools, existing-compose a
// Postgres image: neither exists on these machines.)
const EXAMPLES = fs
  .readdirSync(path.join(repoRoot, 'examples'))
  .filter((e) => !fs.existsSync(path.join(repoRoot, 'examples', e, '.devcontainer')) || e === 'existing-image')
  .sort();

let engine: Engine;
const timings: string[] = [];
const workspaces: string[] = [];

beforeAll(async () => {
  const start = Date.now();
  engine = await startEngine();
  timings.push(`engine started in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  const base = ensureBaseImage(engine, DEFAULT_BASE_IMAGE);
  timings.push(`base image ${base.fromCache ? 'imported from the cached tarball' : 'made with debootstrap'} in ${base.seconds.toFixed(1)} s`);
  ensureUvStandIn(engine, UV_RELEASES);
});

afterAll(() => {
  if (!engine) return;
  for (const folder of workspaces) {
    const ids = engine.docker(['ps', '-aq', '--filter', `label=devcontainer.local_folder=${folder}`], { allowFailure: true }).stdout.trim();
    if (ids) engine.docker(['rm', '-f', ...ids.split('\n')], { allowFailure: true });
  }
  engine.stop();
  console.log(`Docker tier: ${timings.join('; ')}`);
});

/** A copy of an example with the generator run on it, writable by the container user. */
async function workspace(example: string, options: string[] = []): Promise<string> {
  const folder = path.join(tempDir('gdc-ws-'), example);
  fs.cpSync(path.join(repoRoot, 'examples', example), folder, { recursive: true });
  const generated = await runCli([folder, ...options]);
  if (generated.code !== 0) throw new Error(`gen-devcontainer failed on ${example}:\n${generated.stderr}`);
  spawnSync('chmod', ['-R', 'a+rwX', path.dirname(folder)]);
  workspaces.push(folder);
  return folder;
}

function devcontainer(args: string[]) {
  const result = spawnSync(DEVCONTAINER, [...args, '--docker-path', DOCKER], { env: engine.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function up(folder: string) {
  const start = Date.now();
  const run = devcontainer(['up', '--workspace-folder', folder, '--skip-post-create', '--log-level', 'info']);
  const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { outcome?: string; containerId?: string; remoteUser?: string };
  if (outcome.outcome !== 'success') throw new Error(`devcontainer up failed for ${folder}:\n${run.stderr.slice(-4000)}\n${run.stdout.slice(-2000)}`);
  timings.push(`${path.basename(folder)} up in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return outcome;
}

function exec(folder: string, command: string) {
  return devcontainer(['exec', '--workspace-folder', folder, 'sh', '-c', command]);
}

/** The generated onCreateCommand, as devcontainer.json has it (it does not call uv). */
function runOnCreate(folder: string) {
  const config = parse(fs.readFileSync(path.join(folder, '.devcontainer', 'devcontainer.json'), 'utf8')) as { onCreateCommand: string[] };
  return devcontainer(['exec', '--workspace-folder', folder, ...config.onCreateCommand]);
}

/**
 * Stands in for `uv sync` (uv itself cannot be had here): a real environment where uv would put
 * it. One at UV_PROJECT_ENVIRONMENT; or, for a folder of projects (centralized-project-envs), one
 * per project in the cache's environments bucket with the project's .venv linked to it, as uv does.
 */
const STAND_IN_SYNC = [
  'set -e',
  'if [ -n "${UV_PROJECT_ENVIRONMENT:-}" ]; then python3 -m venv --without-pip "$UV_PROJECT_ENVIRONMENT"',
  'else for p in */pyproject.toml; do d=${p%/pyproject.toml}; python3 -m venv --without-pip "$UV_CACHE_DIR/environments-v2/$d"; ln -sfn "$UV_CACHE_DIR/environments-v2/$d" "$d/.venv"; done; fi',
].join('; ');

describe.each(EXAMPLES)('generated configuration of %s', (example) => {
  it('builds, comes up, and passes the check inside: one mount, a real link, owned by the user', async () => {
    const folder = await workspace(example);
    const outcome = up(folder);
    expect(outcome.remoteUser).toBe('vscode');
    expect(exec(folder, 'id -un').stdout.trim()).toBe('vscode');
    // Where `uv sync` would make the environment (skipped here: uv is a stand-in).
    const venv = exec(folder, STAND_IN_SYNC);
    expect(venv.code, venv.stderr).toBe(0);
    const check = exec(folder, 'sh .devcontainer/check-uv-layout.sh');
    console.log(`--- check inside ${example} (generated):\n${check.stdout}`);
    expect(check.stdout).not.toMatch(/^FAIL/m);
    expect(check.stdout).toMatch(/^OK {4}link cache -> environment /m);
    expect(check.code).toBe(0);
  });
});

describe('uv-app volume', () => {
  it('a brand-new volume is writable by the non-root user, and outlives its container', async () => {
    const folder = await workspace('uv-app');
    const first = up(folder);
    const owner = exec(folder, 'stat -c %U /opt/uv /opt/uv/cache /opt/uv/tmp && touch /opt/uv/cache/written-by-$(id -un) && ls /opt/uv/cache');
    expect(owner.code, owner.stderr).toBe(0);
    expect(owner.stdout).toMatch(/^vscode\nvscode\nvscode\n/);
    expect(owner.stdout).toContain('written-by-vscode');
    expect(exec(folder, STAND_IN_SYNC).code).toBe(0);

    engine.docker(['rm', '-f', first.containerId!]);
    const second = up(folder);
    expect(second.containerId).not.toBe(first.containerId);
    const kept = exec(folder, 'ls /opt/uv/cache && test -x "$UV_PROJECT_ENVIRONMENT/bin/python" && echo env-kept');
    expect(kept.stdout).toContain('written-by-vscode');
    expect(kept.stdout).toContain('env-kept');
  });
});

describe('a volume left by another uid', () => {
  it('the create-time step gives it to the user (with sudo, as in the devcontainers images), then the check passes', async () => {
    const volume = 'uv-left-by-4321';
    // An older image's volume: everything owned by uid 4321.
    engine.docker(['volume', 'create', volume]);
    engine.docker(['run', '--rm', '--network=none', '-v', `${volume}:/opt/uv`, DEFAULT_BASE_IMAGE, 'sh', '-c', 'mkdir -p /opt/uv/cache/old && touch /opt/uv/cache/old/file && chown -R 4321:4321 /opt/uv']);
    const folder = await workspace('uv-app', ['--volume', volume]);
    up(folder);
    const before = exec(folder, 'stat -c %u /opt/uv /opt/uv/cache/old/file');
    expect(before.stdout.trim().split('\n')).toEqual(['4321', '4321']);
    const prepare = runOnCreate(folder);
    console.log(`--- onCreateCommand on a volume owned by uid 4321:\n${prepare.stdout}${prepare.stderr.split('\n').filter((l) => l.startsWith('gen-devcontainer')).join('\n')}`);
    expect(prepare.code, prepare.stderr).toBe(0);
    expect(prepare.stdout).toMatch(/gen-devcontainer: gave \/opt\/uv to vscode/);
    expect(exec(folder, 'stat -c %U /opt/uv /opt/uv/cache/old/file').stdout.trim().split('\n')).toEqual(['vscode', 'vscode']);
    // Nothing left to fix: the second time is a no-op.
    const again = runOnCreate(folder);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/gave/);
    const check = exec(folder, 'sh .devcontainer/check-uv-layout.sh');
    expect(check.code, check.stdout).toBe(0);
  });
});

describe('read-only root file system', () => {
  it('comes up with --read-only; uv\'s folders are on the volume and the check passes', async () => {
    // Its own volume: a volume an earlier image filled lacks xdg-cache/, which onCreateCommand adds.
    const folder = await workspace('uv-app', ['--read-only', '--volume', 'uv-read-only']);
    up(folder);
    expect(runOnCreate(folder).code).toBe(0);
    const root = exec(folder, 'touch /usr/local/should-fail 2>&1; echo "exit=$?"; for f in "$TMPDIR/ok" /tmp/ok "$HOME/ok" "$XDG_CACHE_HOME/ok"; do touch "$f" 2>&1 || echo "cannot write $f"; done; echo checked');
    expect(root.stdout).toMatch(/Read-only file system/);
    expect(root.stdout).not.toMatch(/cannot write/);
    expect(root.stdout).toContain('checked');
    expect(exec(folder, STAND_IN_SYNC).code).toBe(0);
    const check = exec(folder, 'sh .devcontainer/check-uv-layout.sh');
    console.log(`--- check inside the read-only root configuration:\n${check.stdout}`);
    expect(check.code, check.stdout).toBe(0);
  });
});

describe('a machine-wide shared cache', () => {
  it('two projects share one volume: what one put in the cache, the other sees; each has its environment', async () => {
    const first = await workspace('uv-app', ['--shared-cache']);
    const second = await workspace('uv-library', ['--shared-cache']);
    up(first);
    expect(exec(first, `${STAND_IN_SYNC}; touch "$UV_CACHE_DIR/warm-from-uv-app"`).code).toBe(0);
    up(second);
    expect(exec(second, STAND_IN_SYNC).code).toBe(0);
    const seen = exec(second, 'ls "$UV_CACHE_DIR"; ls /opt/uv/envs');
    expect(seen.stdout).toContain('warm-from-uv-app');
    expect(seen.stdout).toMatch(/tiny-lib/);
    expect(seen.stdout).toMatch(/uv-app/);
    expect(exec(second, 'sh .devcontainer/check-uv-layout.sh').code).toBe(0);
  });
});

describe('control configuration', () => {
  it('cache on a volume, environment in the bind-mounted workspace: the check finds the cross-device link', async () => {
    const folder = await workspace('uv-app');
    const file = path.join(folder, '.devcontainer', 'devcontainer.json');
    let text = fs.readFileSync(file, 'utf8');
    const venv = `/workspaces/${path.basename(folder)}/.venv`;
    const edits: [string[], unknown][] = [
      [['mounts'], [{ type: 'volume', source: 'uv-control-cache', target: '/opt/uv' }]],
      [['containerEnv', 'UV_PROJECT_ENVIRONMENT'], venv],
      [['containerEnv', 'VIRTUAL_ENV'], venv],
      [['remoteEnv'], { PATH: `${venv}/bin:\${containerEnv:PATH}` }],
    ];
    for (const [jsonPath, value] of edits) text = applyEdits(text, modify(text, jsonPath, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
    fs.writeFileSync(file, text);
    expect((parse(text) as { containerEnv: Record<string, string> }).containerEnv.UV_CACHE_DIR).toBe('/opt/uv/cache');

    up(folder);
    expect(exec(folder, STAND_IN_SYNC).code).toBe(0);
    const check = exec(folder, 'sh .devcontainer/check-uv-layout.sh');
    console.log(`--- check inside the control configuration:\n${check.stdout}`);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAIL  link cache -> environment cross-device: \/opt\/uv\/cache is on mount \d+ \(\/opt\/uv\) and .*\.venv on mount \d+ \(\/workspaces\//m);
  });
});
