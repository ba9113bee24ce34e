/**
 * A private Docker engine and the local images the Docker tier needs. Nothing here can be pulled
 * (no registry is reachable), so the images the generated Dockerfile names are made locally and
 * labelled as stand-ins:
 *  - the base image: a Debian trixie made with debootstrap (cached as a tarball between runs);
 *  - ghcr.io/astral-sh/uv:<version>: a `uv` that only says it is not uv. Nothing in the tier
 *    depends on uv's own behaviour; what is tested is the layout uv would use.
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const DOCKER = process.env.GDC_DOCKER ?? '/usr/bin/docker';
const CACHE_DIR = process.env.GDC_CACHE_DIR ?? '/var/cache/gen-devcontainer';
// v2: with sudo and a vscode user, as the devcontainers base image has.
const BASE_TARBALL = path.join(CACHE_DIR, 'debian-trixie-python-sudo-v2.tar');
export const STAND_IN_LABEL = 'gen-devcontainer.test.stand-in';

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
    ['--data-root', path.join(dir, 'data'), '--exec-root', path.join(dir, 'exec'), '--pidfile', path.join(dir, 'pid'), '-H', `unix://${socket}`, '--iptables=false', '--ip-forward=false', '--storage-driver=overlay2'],
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
  let fromCache = fs.existsSync(BASE_TARBALL);
  if (!fromCache) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-rootfs-'));
    // python3-venv lets the tier make a real environment where `uv sync` would. Like the
    // devcontainers base image it stands in for: a vscode user (uid 1000) with sudo.
    execFileSync('debootstrap', ['--variant=minbase', '--include=python3-venv,sudo', 'trixie', rootfs], { stdio: 'ignore' });
    execFileSync('chroot', [rootfs, 'useradd', '--uid', '1000', '--create-home', '--shell', '/bin/bash', 'vscode']);
    fs.writeFileSync(path.join(rootfs, 'etc/sudoers.d/vscode'), 'vscode ALL=(root) NOPASSWD:ALL\n', { mode: 0o440 });
    execFileSync('tar', ['-C', rootfs, '-cf', `${BASE_TARBALL}.part`, '.']);
    fs.renameSync(`${BASE_TARBALL}.part`, BASE_TARBALL);
    fs.rmSync(rootfs, { recursive: true, force: true });
  }
  engine.docker(['import', '--change', `LABEL ${STAND_IN_LABEL}="Debian trixie from debootstrap, standing in for ${tag}"`, BASE_TARBALL, tag]);
  return { seconds: (Date.now() - start) / 1000, fromCache };
}

/** ghcr.io/astral-sh/uv:<version> stand-ins: /uv and /uvx that say what they are. */
export function ensureUvStandIn(engine: Engine, versions: readonly string[]): void {
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-uv-'));
  const script = '#!/bin/sh\necho "uv stand-in from the gen-devcontainer Docker test tier: the real uv cannot be downloaded here" >&2\nexit 1\n';
  fs.writeFileSync(path.join(context, 'uv'), script, { mode: 0o755 });
  fs.writeFileSync(path.join(context, 'uvx'), script, { mode: 0o755 });
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM scratch\nLABEL ${STAND_IN_LABEL}="not uv: a script that says so"\nCOPY uv uvx /\n`);
  const tags = versions.flatMap((v) => ['-t', `ghcr.io/astral-sh/uv:${v}`]);
  engine.docker(['build', '-q', ...tags, context]);
  fs.rmSync(context, { recursive: true, force: true });
}
