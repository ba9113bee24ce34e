/**
 * The in-container check (templates/check-uv-layout.sh) and `doctor`, which runs the same script,
 * against real mounts: /dev/shm is a tmpfs apart from /tmp on every Linux machine; with root, a
 * private mount namespace adds a tmpfs and a bind mount of the same file system.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates/check-uv-layout.sh');
const isRoot = process.getuid?.() === 0;
const PATH = process.env.PATH ?? '/usr/bin:/bin';

interface Check {
  status: 'OK' | 'FAIL';
  check: string;
  detail: string;
  fix: string;
}

/** Runs the script with exactly the given uv variables (nothing inherited but PATH and HOME). */
function check(env: Record<string, string>, options: { project?: string; wrap?: string[] } = {}) {
  const project = options.project ?? tempDir();
  const args = [...(options.wrap ?? []), 'sh', SCRIPT, '--json', '--project', project];
  const run = spawnSync(args[0]!, args.slice(1), { env: { PATH, HOME: tempDir(), ...env }, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { ok: boolean; failures: number; checks: Check[] };
  const byName = (name: string) => report.checks.find((c) => c.check === name)!;
  return { code: run.status, report, byName, stderr: run.stderr };
}

/** The generated layout: everything under one folder. */
function oneRoot(root = tempDir()) {
  return {
    UV_CACHE_DIR: `${root}/cache`,
    UV_PROJECT_ENVIRONMENT: `${root}/envs/app`,
    VIRTUAL_ENV: `${root}/envs/app`,
    UV_PYTHON_INSTALL_DIR: `${root}/python`,
    UV_TOOL_DIR: `${root}/tools`,
    TMPDIR: `${root}/tmp`,
    PATH: `${root}/envs/app/bin:${PATH}`,
  };
}

describe('without root', () => {
  it('passes when cache, environment, tools and TMPDIR share one mount', () => {
    const { code, report } = check(oneRoot());
    expect(report.checks.filter((c) => c.status === 'FAIL')).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['cache', 'environment', 'python', 'tools', 'tmp', 'link cache -> environment', 'link cache -> tools', 'link tmp -> environment', 'VIRTUAL_ENV', 'PATH']));
  });

  it('finds the cross-device link: cache on /dev/shm, environment under /tmp', () => {
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const { code, byName } = check({ ...oneRoot(), UV_CACHE_DIR: shm });
    expect(code).toBe(1);
    expect(byName('link cache -> environment')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/cross-device: .* on mount \d+ \(\/dev\/shm\)/) });
    expect(byName('link cache -> environment').fix).toMatch(/under one mount/);
    expect(byName('link tmp -> environment').status).toBe('OK');
    fs.rmSync(shm, { recursive: true });
  });

  it('with UV_NO_CACHE, the temporary cache is in TMPDIR: TMPDIR on another mount fails', () => {
    const { byName } = check({ ...oneRoot(), UV_NO_CACHE: '1', TMPDIR: '/dev/shm' });
    expect(byName('cache').detail).toMatch(/^\/dev\/shm /);
    expect(byName('link cache -> environment').status).toBe('FAIL');
  });

  it('uses uv defaults when no variable is set: ~/.cache/uv and .venv in the project', () => {
    const project = tempDir();
    const { byName } = check({}, { project });
    expect(byName('environment').detail).toContain(`${fs.realpathSync(project)}/.venv`);
    expect(byName('cache').detail).toMatch(/\/\.cache\/uv /);
  });

  it('leaves nothing behind', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/cache`);
    fs.mkdirSync(`${root}/envs/app`, { recursive: true });
    check(oneRoot(root));
    expect(fs.readdirSync(`${root}/cache`)).toEqual([]);
    expect(fs.readdirSync(`${root}/envs/app`)).toEqual([]);
  });

  it('VIRTUAL_ENV pointing elsewhere than the project environment fails', () => {
    const { code, byName } = check({ ...oneRoot(), VIRTUAL_ENV: '/somewhere/else' });
    expect(code).toBe(1);
    expect(byName('VIRTUAL_ENV').status).toBe('FAIL');
  });

  it('PATH: an active environment must be on it, and its python must come first', () => {
    const root = tempDir();
    const env = oneRoot(root);
    expect(check({ ...env, PATH }).byName('PATH').status).toBe('FAIL');
    // A real environment, so that `python` has something to resolve to.
    expect(spawnSync('python3', ['-m', 'venv', '--without-pip', env.UV_PROJECT_ENVIRONMENT]).status).toBe(0);
    expect(check(env).byName('PATH').status).toBe('OK');
    const shadow = tempDir();
    fs.symlinkSync(`${env.UV_PROJECT_ENVIRONMENT}/bin/python`, `${shadow}/python`);
    expect(check({ ...env, PATH: `${shadow}:${env.PATH}` }).byName('PATH')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining(`python resolves to ${shadow}/python`) });
  });

  it('rejects bad usage with exit 2', () => {
    expect(spawnSync('sh', [SCRIPT, '--bogus']).status).toBe(2);
    expect(spawnSync('sh', [SCRIPT, '--project', '/no/such/folder']).status).toBe(2);
    const help = spawnSync('sh', [SCRIPT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /);
  });

  it('prints one line per check, with the fix under each failure', () => {
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const run = spawnSync('sh', [SCRIPT, '--project', tempDir()], { env: { ...oneRoot(), UV_CACHE_DIR: shm, HOME: tempDir() }, encoding: 'utf8' });
    expect(run.stdout).toMatch(/^FAIL  link cache -> environment .*cross-device.*\n {6}fix: /m);
    expect(run.stdout).toMatch(/^OK {4}environment /m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/check\(s\) failed$/);
    fs.rmSync(shm, { recursive: true });
  });
});

describe.runIf(isRoot)('with root: mounts made for the test in a private mount namespace', () => {
  const inNamespace = (setup: string) => ['unshare', '-m', 'sh', '-c', `${setup} && exec "$@"`, 'ns'];

  it('a bind mount of the same file system is a second mount: same st_dev, and still no link', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/a`);
    fs.mkdirSync(`${root}/b`);
    const devices = spawnSync('unshare', ['-m', 'sh', '-c', `mount --bind ${root}/a ${root}/b && stat -c %d ${root}/a ${root}/b`], { encoding: 'utf8' });
    const [deviceA, deviceB] = devices.stdout.trim().split('\n');
    expect(deviceA).toBe(deviceB);
    const { code, byName } = check({ ...oneRoot(root), UV_CACHE_DIR: `${root}/a`, UV_PROJECT_ENVIRONMENT: `${root}/b/env`, VIRTUAL_ENV: `${root}/b/env`, PATH: `${root}/b/env/bin:${PATH}` }, { wrap: inNamespace(`mount --bind ${root}/a ${root}/b`) });
    expect(code).toBe(1);
    const cache = byName('cache').detail.match(/mount (\d+)/)![1];
    const environment = byName('environment').detail.match(/mount (\d+)/)![1];
    expect(cache).not.toBe(environment);
    expect(byName('link cache -> environment')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('cross-device') });
  });

  it('a tmpfs for TMPDIR fails the --no-cache link; inside it, everything passes', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/t`);
    const split = check({ ...oneRoot(root), TMPDIR: `${root}/t` }, { wrap: inNamespace(`mount -t tmpfs none ${root}/t`) });
    expect(split.byName('link tmp -> environment').status).toBe('FAIL');
    const whole = check(oneRoot(`${root}/t`), { wrap: inNamespace(`mount -t tmpfs none ${root}/t`) });
    expect(whole.report.checks.filter((c) => c.status === 'FAIL')).toEqual([]);
  });

  it('a folder the user cannot write to fails with a chown fix', () => {
    const root = tempDir();
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(`${root}/cache`, { mode: 0o755 });
    const { code, byName } = check(oneRoot(root), { wrap: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
    expect(code).toBe(1);
    expect(byName('cache')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/not writable by uid 65534/), fix: expect.stringMatching(/chown -R 65534:65534/) });
  });
});

describe('doctor', () => {
  it('runs the same check in-process, with exit 0 / 1 and --json', async () => {
    const good = await runCli(['doctor', tempDir()], process.cwd(), { ...oneRoot(), HOME: tempDir() });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^OK {4}link cache -> environment/m);
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const bad = await runCli(['doctor', tempDir(), '--json'], process.cwd(), { ...oneRoot(), UV_CACHE_DIR: shm, HOME: tempDir() });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false });
    fs.rmSync(shm, { recursive: true });
  });

  it('exit 2 for a missing folder', async () => {
    const run = await runCli(['doctor', '/no/such/folder']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/directory not found/);
  });

  it('reads a relative UV_PROJECT_ENVIRONMENT against the project folder', async () => {
    const project = tempDir();
    const run = await runCli(['doctor', project, '--json'], process.cwd(), { PATH, HOME: tempDir(), UV_PROJECT_ENVIRONMENT: 'env-here' });
    const env = JSON.parse(run.stdout).checks.find((c: Check) => c.check === 'environment');
    expect(env.detail).toContain(`${fs.realpathSync(project)}/env-here`);
  });
});
