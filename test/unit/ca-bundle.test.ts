/**
 * --ca-bundle: a host CA bundle that uv in the container trusts (behind a TLS-intercepting proxy),
 * bind mounted read-only and named by SSL_CERT_FILE, never copied into the image. What the host's
 * environment names (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS) is only suggested:
 * every test passes its own environment, since the machines that run them set NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CA_BUNDLE_TARGET } from '../../src/targets/devcontainer/ca-bundle.js';
import { readTree, runCli, tempDir } from '../helpers/cli.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A copy of an example as users have it, its own .devcontainer included. */
function example(name: string): string {
  const target = path.join(tempDir(), name);
  fs.cpSync(path.join(ROOT, 'examples', name), target, { recursive: true, verbatimSymlinks: true });
  return target;
}
const NO_HOST_BUNDLE: NodeJS.ProcessEnv = { PATH: process.env.PATH };
const LOCAL_ENV = '${localEnv:SSL_CERT_FILE}';

function configOf(repo: string): { mounts: unknown[]; containerEnv: Record<string, string> } {
  return parseJsoncStrict(fs.readFileSync(path.join(repo, '.devcontainer', 'devcontainer.json'), 'utf8')) as { mounts: unknown[]; containerEnv: Record<string, string> };
}

describe('--ca-bundle', () => {
  it("mounts the host's bundle read-only and names it in SSL_CERT_FILE; the image holds nothing of it; a second run changes nothing", async () => {
    const repo = example('uv-app');
    const run = await runCli([repo, '--ca-bundle', LOCAL_ENV], ROOT, NO_HOST_BUNDLE);
    expect(run.code, run.stderr).toBe(0);
    const config = configOf(repo);
    expect(config.mounts).toContainEqual(`type=bind,source=${LOCAL_ENV},target=${CA_BUNDLE_TARGET},readonly`);
    expect(config.containerEnv.SSL_CERT_FILE).toBe(CA_BUNDLE_TARGET);
    const dockerfile = fs.readFileSync(path.join(repo, '.devcontainer', 'Dockerfile'), 'utf8');
    expect(dockerfile.split('\n').filter((line) => !line.startsWith('#') && /ca-bundle|SSL_CERT/i.test(line))).toEqual([]);
    const before = readTree(repo);
    expect((await runCli([repo, '--ca-bundle', LOCAL_ENV], ROOT, NO_HOST_BUNDLE)).code).toBe(0);
    expect(readTree(repo)).toEqual(before);
  });

  it('an absolute path is mounted as given; a path inside the folder from ${localWorkspaceFolder}', async () => {
    for (const [given, source] of [
      ['/etc/ssl/certs/corp-bundle.pem', '/etc/ssl/certs/corp-bundle.pem'],
      ['certs/corp.pem', '${localWorkspaceFolder}/certs/corp.pem'],
    ]) {
      const repo = example('uv-app');
      expect((await runCli([repo, '--ca-bundle', given!], ROOT, NO_HOST_BUNDLE)).code).toBe(0);
      expect(configOf(repo).mounts).toContainEqual(`type=bind,source=${source},target=${CA_BUNDLE_TARGET},readonly`);
    }
  });

  it.each([['../outside.pem'], ['a,b.pem'], ['${env:X}'], [''], ['/x/${localEnv:A}'], ['C:\\Users\\me\\corp.pem'], ['c:/certs/corp.pem'], ['\\\\server\\certs\\corp.pem']])(
    'refuses %j: exit 2, nothing written',
    async (given) => {
      const repo = example('uv-app');
      const before = readTree(repo);
      const run = await runCli([repo, '--ca-bundle', given], ROOT, NO_HOST_BUNDLE);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('[option-ca-bundle-invalid]');
      expect(readTree(repo)).toEqual(before);
    },
  );

  it('with a Compose configuration: exit 2, saying how to mount it there', async () => {
    const repo = example('existing-compose');
    const run = await runCli([repo, '--ca-bundle', LOCAL_ENV, '--dry-run'], ROOT, NO_HOST_BUNDLE);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[ca-bundle-compose]');
  });

  it("the host's CA variables change nothing written, and are suggested as a note", async () => {
    const host = { ...NO_HOST_BUNDLE, SSL_CERT_FILE: '/etc/a.pem', REQUESTS_CA_BUNDLE: '/etc/b.pem', NODE_EXTRA_CA_CERTS: '/etc/c.pem' };
    const plain = example('uv-app');
    const withHost = example('uv-app');
    const a = await runCli([plain], ROOT, NO_HOST_BUNDLE);
    const b = await runCli([withHost], ROOT, host);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readTree(withHost)).toEqual(readTree(plain));
    expect(a.stderr).not.toContain('host-ca-bundle');
    expect(b.stderr).toContain('info: this machine names a CA bundle (SSL_CERT_FILE)');
    expect(b.stderr).toContain(`--ca-bundle '${LOCAL_ENV}'`);
    // Each variable alone is enough; with --ca-bundle given, there is nothing to suggest.
    for (const name of ['REQUESTS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']) {
      const run = await runCli([example('uv-app'), '--dry-run'], ROOT, { ...NO_HOST_BUNDLE, [name]: '/etc/x.pem' });
      expect(run.stderr).toContain(`--ca-bundle '\${localEnv:${name}}'`);
    }
    const given = await runCli([example('uv-app'), '--dry-run', '--ca-bundle', LOCAL_ENV], ROOT, host);
    expect(given.stderr).not.toContain('host-ca-bundle');
  });

  it('a remembered --ca-bundle is mounted: no note says the files do not mount it', async () => {
    const host = { ...NO_HOST_BUNDLE, SSL_CERT_FILE: '/etc/a.pem' };
    const repo = example('uv-app');
    expect((await runCli([repo, '--ca-bundle', LOCAL_ENV], ROOT, host)).code).toBe(0);
    const again = await runCli([repo, '--dry-run'], ROOT, host);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('[options-remembered]');
    expect(again.stderr).not.toContain('host-ca-bundle');
    // Forgotten, it is no longer mounted: the note is back.
    expect((await runCli([repo, '--dry-run', '--forget', 'ca-bundle'], ROOT, host)).stderr).toContain('[host-ca-bundle]');
  });

  it("the Dev Container CLI puts the host's file at the target: it substitutes ${localEnv:...} in the mount", async () => {
    const repo = example('uv-app');
    expect((await runCli([repo, '--ca-bundle', LOCAL_ENV], ROOT, NO_HOST_BUNDLE)).code).toBe(0);
    const docker = path.join(tempDir(), 'docker');
    fs.writeFileSync(docker, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const cli = path.join(ROOT, 'node_modules', '@devcontainers', 'cli', 'devcontainer.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'read-configuration', '--workspace-folder', repo, '--docker-path', docker], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SSL_CERT_FILE: '/etc/corp/bundle.pem' },
    });
    const { configuration } = JSON.parse(stdout) as { configuration: { mounts: unknown[] } };
    expect(configuration.mounts).toContainEqual(`type=bind,source=/etc/corp/bundle.pem,target=${CA_BUNDLE_TARGET},readonly`);
  }, 60_000);
});
