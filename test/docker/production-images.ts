/**
 * What the production tier (test/docker/production.test.ts) and its benchmark
 * (scripts/bench-production.ts) share: the stand-in for the slim Python image, BuildKit builds,
 * a project pointed at the loopback index, and `docker run` as a Kubernetes manifest says.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BASE_TARBALL, CACHE_DIR, DOCKER, type Engine, ensureBaseImage, STAND_IN_LABEL } from './engine.js';

/**
 * The stand-in for `python:3.13-slim-bookworm` (or whichever slim tag the Dockerfile names): no
 * registry is reachable, so the tier's Debian image from debootstrap stands in. What differs
 * from the official image, and why it does not change what is proved:
 *  - Debian trixie's python3 (3.13, at /usr/bin/python3.13) instead of a CPython built into
 *    /usr/local: the tier's wheels are for cp313, and the official image's python is 3.13 under
 *    that tag too. /usr/local/bin/python3.13, python3 and python link to it, so a path the
 *    Dockerfile names under /usr/local/bin exists, and uv finds it first on PATH as it would.
 *  - trixie, not bookworm: the only Debian the tier has cached (glibc 2.41 against 2.36; every
 *    wheel here is manylinux_2_17 or older, so both load them).
 *  - more packages than "slim" (sudo, git): the same in the image under test and in the recipe
 *    it is compared with, so sizes are compared on one base.
 *  - `/` is mode 0755 in the image's layer: debootstrap's temporary folder is 0700, Docker
 *    hides that (an overlay root), podman's vfs store does not.
 */
export function ensurePythonSlimStandIn(engine: Engine, tag: string): void {
  // The tier's base tarball, made (by debootstrap) when the cache has none yet.
  if (!fs.existsSync(BASE_TARBALL)) ensureBaseImage(engine, 'gdc-base:stand-in');
  const tarball = BASE_TARBALL.replace(/\.tar$/, '-python-slim-v1.tar');
  if (!fs.existsSync(tarball)) {
    const rewrite = [
      'import sys, tarfile',
      'src = tarfile.open(sys.argv[1])',
      "dst = tarfile.open(sys.argv[2], 'w')",
      'for m in src:',
      "    if m.name in ('.', './'):",
      '        m.mode = 0o755',
      '    dst.addfile(m, src.extractfile(m) if m.isreg() else None)',
      "for name in ('python3.13', 'python3', 'python'):",
      "    link = tarfile.TarInfo('./usr/local/bin/' + name)",
      '    link.type = tarfile.SYMTYPE',
      "    link.linkname = '/usr/bin/python3.13'",
      '    dst.addfile(link)',
      'dst.close()',
    ].join('\n');
    execFileSync('python3', ['-c', rewrite, BASE_TARBALL, `${tarball}.part`]);
    fs.renameSync(`${tarball}.part`, tarball);
  }
  engine.docker([
    'import',
    '--change',
    'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--change',
    'ENV LANG=C.UTF-8',
    '--change',
    `LABEL ${STAND_IN_LABEL}="Debian trixie from debootstrap with its python3 3.13 linked into /usr/local/bin, standing in for ${tag}"`,
    '--change',
    'CMD ["python3"]',
    tarball,
    tag,
  ]);
}

export interface Build {
  code: number;
  seconds: number;
  /** BuildKit's plain progress: every step, CACHED or run, and what RUN printed. */
  log: string;
}

/** `DOCKER_BUILDKIT=1 docker build -f <dockerfile> <context>` on the host's network (the loopback index). */
export function buildKit(engine: Engine, options: { context: string; dockerfile: string; tag: string; buildArgs?: Record<string, string>; noCache?: boolean }): Build {
  const args = ['build', '--progress=plain', '--network=host', '-f', options.dockerfile, '-t', options.tag];
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
  if (options.noCache) args.push('--no-cache');
  args.push(options.context);
  const start = process.hrtime.bigint();
  const result = spawnSync(DOCKER, args, { env: { ...engine.env, DOCKER_BUILDKIT: '1' }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { code: result.status ?? -1, seconds, log: `${result.stderr}${result.stdout}` };
}

/** The bytes an image holds, as `docker image inspect` counts them. */
export function imageBytes(engine: Engine, tag: string): number {
  return Number(engine.docker(['image', 'inspect', '-f', '{{.Size}}', tag]).stdout.trim());
}

/**
 * Points a project at the loopback index the way a user points one at a private index: a
 * default `[[tool.uv.index]]` in its pyproject.toml (uv reads it when it locks and when
 * `--locked` checks the lock), so the lock and the build need no environment variable.
 */
export function useIndex(pyproject: string, url: string): void {
  const text = fs.readFileSync(pyproject, 'utf8');
  fs.writeFileSync(pyproject, `${text.trimEnd()}\n\n# The Docker tier: its loopback index of real PyPI wheels.\n[[tool.uv.index]]\nname = "tier"\nurl = "${url}"\ndefault = true\n`);
}

/** What a Kubernetes manifest says about the one container it runs. */
export interface PodRun {
  image: string;
  uid: number;
  gid: number;
  /** The one writable volume's mount point. */
  volumeTarget: string;
  volumeName: string;
  env: Record<string, string>;
  command: string[];
  args: string[];
  workingDir?: string;
  port?: number;
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  ports?: { containerPort: number }[];
}

/** Reads the Deployment's single container from a kubernetes.yaml (the first Deployment). */
export function podRun(manifestText: string): PodRun {
  const objects = parseAllDocuments(manifestText).map((d) => d.toJS() as { kind?: string; spec?: Record<string, unknown> } | null);
  const deployment = objects.find((o) => o?.kind === 'Deployment');
  if (!deployment) throw new Error('no Deployment in the manifest');
  const pod = (deployment.spec as { template: { spec: { securityContext?: { runAsUser?: number; runAsGroup?: number }; containers: Container[]; volumes?: { name: string }[] } } }).template.spec;
  if (pod.containers.length !== 1) throw new Error(`the Deployment runs ${pod.containers.length} containers; the tier expects one`);
  const container = pod.containers[0]!;
  const uid = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  const gid = container.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup ?? uid;
  if (uid === undefined) throw new Error('the manifest names no runAsUser');
  const mounts = container.volumeMounts ?? [];
  if (mounts.length !== 1) throw new Error(`the container has ${mounts.length} volume mounts; the tier expects one`);
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return {
    image: container.image,
    uid,
    gid: gid!,
    volumeTarget: mounts[0]!.mountPath,
    volumeName: mounts[0]!.name,
    env,
    command: container.command ?? [],
    args: container.args ?? [],
    workingDir: container.workingDir,
    port: container.ports?.[0]?.containerPort,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `docker run --read-only` as the manifest runs the pod: its user, its environment (on top of the
 * image's), its one volume (a fresh named volume at its mount point, or `mounts` in its place for
 * a control), its command; `args` replaces the image's CMD as a pod's `args` would, the
 * ENTRYPOINT (the image's preparation of the volume) kept. No network unless `network` says.
 */
export function runAsPod(
  engine: Engine,
  pod: PodRun,
  options: { volume?: string; mounts?: string[]; args?: string[]; env?: Record<string, string>; network?: string; image?: string } = {},
): RunResult {
  const args = ['run', '--rm', '--read-only', `--network=${options.network ?? 'none'}`, '--user', `${pod.uid}:${pod.gid}`];
  if (options.mounts) for (const m of options.mounts) args.push('--mount', m);
  else args.push('--mount', `type=volume,src=${options.volume ?? `gdc-prod-${process.pid}-${Date.now()}`},dst=${pod.volumeTarget}`);
  for (const [name, value] of Object.entries({ ...pod.env, ...options.env })) args.push('-e', `${name}=${value}`);
  if (pod.workingDir) args.push('-w', pod.workingDir);
  // Kubernetes' command replaces the image's ENTRYPOINT, its args the CMD (docker run's terms).
  if (pod.command.length > 0) args.push('--entrypoint', pod.command[0]!);
  args.push(options.image ?? pod.image, ...pod.command.slice(1), ...(options.args ?? pod.args));
  const result = engine.docker(args, { allowFailure: true });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fixed place for the Go module and build caches, so that a second run is offline. */
export const GO_CACHE = path.join(CACHE_DIR, 'go');
