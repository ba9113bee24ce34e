/**
 * A configuration that runs as root (issue 10, item 7) meeting the options that assume a non-root
 * user (review findings): the machine-wide volume is never made root's, and root's home is never
 * made world-writable for a read-only root.
 */
import { expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const rootRepo = () =>
  makeRepo({ 'pyproject.toml': '[project]\nname = "rooty"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n', '.devcontainer/devcontainer.json': '{ "image": "python:3.12-slim" }\n' });

it('--shared-cache as root: refused (exit 2) with the fix, by plan as by the default command', async () => {
  for (const command of [[], ['plan']]) {
    const run = await runCli([...command, rootRepo(), '--shared-cache', '--dry-run'].filter((a) => !(command.length && a === '--dry-run')));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[shared-cache-as-root\]/);
    expect(run.stderr).toMatch(/pass --user NAME/);
  }
  // Control: the same repository as a non-root user may share the volume.
  expect((await runCli(['plan', rootRepo(), '--shared-cache', '--user', 'dev'])).code).toBe(0);
});

it("--read-only as root: /root is a tmpfs of root's own, and the Dockerfile does not open it to every uid", async () => {
  const repo = rootRepo();
  const plan = JSON.parse((await runCli(['plan', '--json', repo, '--read-only'])).stdout) as Plan;
  expect(plan.user.uid).toBe(0);
  expect(plan.readOnlyRoot!.tmpfs).toContain('/root');
  expect(plan.readOnlyRoot!.openHome).toBeUndefined();
  const dry = await runCli([repo, '--read-only', '--dry-run']);
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).not.toMatch(/chmod 1777/);
  // Control: a non-root user's home is opened, since updateRemoteUserUID may change its uid.
  const nonRoot = await runCli([repo, '--read-only', '--user', 'dev', '--dry-run']);
  expect(nonRoot.stdout).toMatch(/chmod 1777/);
});
