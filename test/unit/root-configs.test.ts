/**
 * A configuration that runs as root (issue 10, item 7) meeting the options that assume a non-root
 * user (review findings): the machine-wide volume is never made root's, and root's home is never
 * made world-writable for a read-only root.
 */
import { expect, it } from 'vitest';
import type { Plan } from '../../src/targets/types.js';
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
  expect(plan.devcontainer.readOnlyRoot!.tmpfs).toContain('/root');
  expect(plan.devcontainer.readOnlyRoot!.openHome).toBeUndefined();
  const dry = await runCli([repo, '--read-only', '--dry-run']);
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).not.toMatch(/chmod 1777/);
  // Control: a non-root user's home is opened, since updateRemoteUserUID may change its uid.
  const nonRoot = await runCli([repo, '--read-only', '--user', 'dev', '--dry-run']);
  expect(nonRoot.stdout).toMatch(/chmod 1777/);
});

it('a shared Dockerfile outside .devcontainer whose stage ends as another user: the warning says the user changes, with the line (markitdown)', async () => {
  const repo = makeRepo({
    'pyproject.toml': '[project]\nname = "conv"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n',
    Dockerfile: 'FROM python:3.13-slim\nARG USERID=nobody\nWORKDIR /app\nUSER $USERID\nENTRYPOINT ["conv"]\n',
    '.devcontainer/devcontainer.json': '{ "build": { "context": "..", "dockerfile": "../Dockerfile" }, "remoteUser": "root" }\n',
  });
  const run = await runCli([repo, '--dry-run']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/Dockerfile:4: warning: .*their user changes: the block ends with USER root, where the stage's last USER was \$USERID \(line 4\)/);
});

it("an image gen-devcontainer does not know, and no user named: a warning says the plan's user is an assumption, and how to keep root", async () => {
  const repo = makeRepo({
    'pyproject.toml': '[project]\nname = "beam"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n',
    '.devcontainer/devcontainer.json': '{ "image": "ghcr.io/example/lab-devcontainer:noble" }\n',
  });
  const run = await runCli(['plan', repo]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/warning: your configuration names no user, and gen-devcontainer does not know which user ghcr\.io\/example\/lab-devcontainer:noble runs as .*\[image-user-unknown\]/);
  expect(run.stderr).toMatch(/set "remoteUser" to it/);
  // Named, it is kept, and nothing is assumed.
  const named = makeRepo({
    'pyproject.toml': '[project]\nname = "beam"\nversion = "0"\n',
    '.devcontainer/devcontainer.json': '{ "image": "ghcr.io/example/lab-devcontainer:noble", "remoteUser": "root" }\n',
  });
  const kept = await runCli(['plan', '--json', named]);
  expect(kept.stderr).not.toMatch(/image-user-unknown/);
  expect((JSON.parse(kept.stdout) as Plan).user.uid).toBe(0);
});

it('a project built by maturin: a warning that uv sync will need cargo, with the line and two ways out (uv itself)', async () => {
  const repo = makeRepo({ 'pyproject.toml': '[build-system]\nrequires = ["maturin>=1.0"]\nbuild-backend = "maturin"\n\n[project]\nname = "fast"\nversion = "0"\n' });
  const run = await runCli(['plan', repo]);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/pyproject\.toml:3: warning: the project is built by maturin, which compiles Rust.*\[build-backend-needs-rust\]/);
  expect(run.stderr).toMatch(/--no-install-project/);
  const plain = makeRepo({ 'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "slow"\nversion = "0"\n' });
  expect((await runCli(['plan', plain])).stderr).not.toMatch(/needs-rust/);
});

it('a workspace member built by maturin (pydantic-core in pydantic): the same warning, naming the member', async () => {
  const repo = makeRepo({
    'pyproject.toml': '[project]\nname = "pyd"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["core"]\n',
    'core/pyproject.toml': '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n\n[project]\nname = "core"\nversion = "0"\n',
  });
  const run = await runCli(['plan', repo]);
  expect(run.stderr).toMatch(/core\/pyproject\.toml:3: warning: the workspace member core is built by maturin.*\[build-backend-needs-rust\]/);
  expect(run.stderr).toMatch(/--no-install-workspace/);
});

it('the same user written another way (root:root, 0, name:group) is no user change; a uid or containerUser is no unknown user', async () => {
  for (const user of ['root:root', '0', '0:0']) {
    const repo = makeRepo({
      'pyproject.toml': '[project]\nname = "conv"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n',
      Dockerfile: `FROM python:3.13-slim\nUSER ${user}\n`,
      '.devcontainer/devcontainer.json': '{ "build": { "context": "..", "dockerfile": "../Dockerfile" }, "remoteUser": "root" }\n',
    });
    const run = await runCli([repo, '--dry-run']);
    expect(run.stderr, user).not.toMatch(/their user changes/);
  }
  const uid = makeRepo({ 'pyproject.toml': '[project]\nname = "beam"\nversion = "0"\n', '.devcontainer/devcontainer.json': '{ "image": "ghcr.io/example/lab:1", "containerUser": "1000" }\n' });
  expect((await runCli(['plan', uid])).stderr).not.toMatch(/image-user-unknown/);
});
