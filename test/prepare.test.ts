/** The create-time step (src/plan/prepare.ts), run for real by sh. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareScript } from '../src/plan/prepare.js';
import { tempDir } from './helpers/cli.js';

const isRoot = process.getuid?.() === 0;

describe('prepareScript', () => {
  it('on a volume that is already the user\'s: silent, and makes the missing folders', () => {
    const target = tempDir();
    const run = spawnSync('sh', ['-c', prepareScript(target, [`${target}/cache`, `${target}/tmp`])], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
    expect(fs.readdirSync(target).sort()).toEqual(['cache', 'tmp']);
  });

  it('quotes the target for the shell', () => {
    expect(prepareScript('/opt/uv', ['/opt/uv/cache'])).toContain('mkdir -p /opt/uv/cache');
    expect(prepareScript("/opt/it's", ["/opt/it's/c"])).toContain(`mkdir -p '/opt/it'\\''s/c'`);
  });

  it.runIf(isRoot)('on a volume left by another uid and no sudo: says what to run as root, and fails', () => {
    const target = tempDir();
    fs.chmodSync(target, 0o755);
    for (let dir = target; dir !== '/tmp'; dir = dir.slice(0, dir.lastIndexOf('/'))) fs.chmodSync(dir, 0o755);
    fs.mkdirSync(`${target}/cache`);
    fs.chownSync(target, 4321, 4321);
    // nobody has no sudo rights here.
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', prepareScript(target, [`${target}/cache`, `${target}/tmp`])], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`gen-devcontainer: ${target} belongs to another user; as root run: chown -R 65534:65534 ${target}`);
    expect(fs.statSync(target).uid).toBe(4321);
  });
});
