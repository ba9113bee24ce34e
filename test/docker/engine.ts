/**
 * A private Docker engine and the local images the Docker tier needs. No registry is reachable
 * here, so the images the generated Dockerfile names are made locally, each labelled with what it
 * is:
 *  - the base image: Debian trixie made with debootstrap (cached as a tarball between runs), with
 *    git, sudo and a `vscode` user as the devcontainers base image it stands in for has, and
 *    python3 (3.13), which stands in for the uv-managed Python GitHub would serve;
 *  - ghcr.io/astral-sh/uv:<version>: the REAL uv of that version, its `uv` and `uvx` taken from the
 *    release's wheel on PyPI (the image's root holds the same two files);
 *  - images a user's Compose file names (postgres): stand-ins that only sleep.
 */
import { execFileSync, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { UvRelease } from './uv-release.js';

export const DOCKER = process.env.GDC_DOCKER ?? '/usr/bin/docker';
export const CACHE_DIR = process.env.GDC_CACHE_DIR ?? '/var/cache/gen-devcontainer';
// v3: sudo, a vscode user, git and ca-certificates, as the devcontainers base image has.
export const BASE_TARBALL = path.join(CACHE_DIR, 'debian-trixie-python-sudo-git-v3.tar');
export const STAND_IN_LABEL = 'gen-devcontainer.test.stand-in';
export const LOCAL_BUILD_LABEL = 'gen-devcontainer.test.local-build';

export interface Engine {
  env: NodeJS.ProcessEnv;
  docker(args: string[], options?: { input?: string; allowFailure?: boolean }): SpawnSyncReturns<string>;
  stop(): void;
}

/** Starts dockerd with all its state in a temporary folder; fails loudly when it cannot. */
export async function startEngine(): Promise<Engine> {
  if (process.getuid?.() !== 0) throw new Error('the Docker tier starts its own dockerd and needs root');
  for (const tool of ['dockerd', DOCKER]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`${tool} not found: install Debian's docker.io (apt-get install docker.io debootstrap), as .ci/run does`);
    }
  }
  // Unix socket paths are limited to ~108 bytes: keep the folder short.
  const dir = fs.mkdtempSync('/tmp/gdc-d-');
  const socket = path.join(dir, 'sock');
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'w');
  const daemon = spawn(
    'dockerd',
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'pid'),
      '-H',
      `unix://${socket}`,
      '--iptables=false',
      '--ip-forward=false',
      '--storage-driver=overlay2',
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '0' };
  const docker: Engine['docker'] = (args, options = {}) => {
    const result = spawnSync(DOCKER, args, { env, encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024 });
    if (!options.allowFailure && result.status !== 0) {
      throw new Error(`docker ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
    }
    return result;
  };
  // A daemon that exited but is not reaped yet (the event loop is busy here) is a zombie: dead.
  const alive = () => {
    try {
      return daemon.pid !== undefined && !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${daemon.pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  /** Stops the daemon we started (by its pid) and waits for it, so no engine outlives the tier. */
  const stop = () => {
    if (!alive()) return;
    process.kill(daemon.pid!, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (alive() && Date.now() < deadline) spawnSync('sleep', ['0.2']);
    if (alive()) process.kill(daemon.pid!, 'SIGKILL');
    // dockerd leaves mounts of its own below exec-root (the default network namespace): undo
    // them, innermost first, or the folder cannot be removed and they pile up run after run.
    const ours = fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4])
      .filter((m): m is string => !!m && m.startsWith(`${dir}/`));
    for (const mount of ours.sort().reverse()) spawnSync('umount', ['-l', mount]);
    spawnSync('rm', ['-rf', dir]);
  };
  const deadline = Date.now() + 60_000;
  while (docker(['info'], { allowFailure: true }).status !== 0) {
    if (daemon.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`dockerd did not start:\n${fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { env, docker, stop };
}

/** The base image stand-in, under the name the generated Dockerfile uses. */
export function ensureBaseImage(engine: Engine, tag: string): { seconds: number; fromCache: boolean } {
  const start = Date.now();
  const fromCache = fs.existsSync(BASE_TARBALL);
  if (!fromCache) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-rootfs-'));
    // python3-venv lets the tier make a real environment where `uv sync` would. Like the
    // devcontainers base image it stands in for: a vscode user (uid 1000) with sudo.
    execFileSync('debootstrap', ['--variant=minbase', '--include=python3-venv,sudo,git,ca-certificates', 'trixie', rootfs], { stdio: 'ignore' });
    execFileSync('chroot', [rootfs, 'useradd', '--uid', '1000', '--create-home', '--shell', '/bin/bash', 'vscode']);
    fs.writeFileSync(path.join(rootfs, 'etc/sudoers.d/vscode'), 'vscode ALL=(root) NOPASSWD:ALL\n', { mode: 0o440 });
    execFileSync('tar', ['-C', rootfs, '-cf', `${BASE_TARBALL}.part`, '.']);
    fs.renameSync(`${BASE_TARBALL}.part`, BASE_TARBALL);
    fs.rmSync(rootfs, { recursive: true, force: true });
  }
  engine.docker(['import', '--change', `LABEL ${STAND_IN_LABEL}="Debian trixie from debootstrap, standing in for ${tag}"`, BASE_TARBALL, tag]);
  return { seconds: (Date.now() - start) / 1000, fromCache };
}

/** ghcr.io/astral-sh/uv:<version> holding the real uv of that version, from its PyPI wheel. */
export function ensureUvImage(engine: Engine, release: UvRelease): void {
  const tag = `ghcr.io/astral-sh/uv:${release.version}`;
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-uv-'));
  fs.copyFileSync(release.uv, path.join(context, 'uv'));
  fs.copyFileSync(path.join(release.dir, 'uvx'), path.join(context, 'uvx'));
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM scratch\nLABEL ${LOCAL_BUILD_LABEL}="the real uv ${release.version}: uv and uvx from ${release.wheel} on PyPI"\nCOPY uv uvx /\n`);
  engine.docker(['build', '-q', '-t', tag, context]);
  fs.rmSync(context, { recursive: true, force: true });
}

/** An image that only sleeps, under a name a user's Compose file runs (no registry here). */
export function ensureSleepingStandIn(engine: Engine, tag: string, base: string): void {
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-standin-'));
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM ${base}\nLABEL ${STAND_IN_LABEL}="not ${tag}: a container that sleeps"\nCMD ["sleep", "infinity"]\n`);
  engine.docker(['build', '-q', '-t', tag, context]);
  fs.rmSync(context, { recursive: true, force: true });
}
