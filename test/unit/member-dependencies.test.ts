/**
 * Extras and groups for a workspace member (review of issue 10): `uv sync` in the member gets the
 * flags, checked against the member's own pyproject.toml, as a standalone project's does.
 */
import * as path from 'node:path';
import { expect, it } from 'vitest';
import type { Plan } from '../../src/targets/types.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const MEMBER =
  '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n\n[project.optional-dependencies]\nfast = ["orjson"]\n\n[dependency-groups]\ndev = ["pytest"]\n';
const repo = () =>
  path.join(
    makeRepo(
      {
        '.git/HEAD': 'x',
        'pyproject.toml': '[tool.uv.workspace]\nmembers = ["backend"]\n',
        'uv.lock': 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n',
        'backend/pyproject.toml': MEMBER,
      },
      'mono',
    ),
    'backend',
  );

it('passes --extra and --no-dev to the member’s uv sync --frozen, with the reason', async () => {
  const run = await runCli(['plan', '--json', repo(), '--extra', 'fast', '--no-dev']);
  expect(run.code, run.stderr).toBe(0);
  const install = (JSON.parse(run.stdout) as Plan).steps.find((s) => s.step === 'install')!;
  expect(install.action).toEqual({ kind: 'uv-sync', args: ['--frozen', '--python', '3.12', '--extra', 'fast', '--no-dev'] });
  expect(install.reason).toMatch(/also installs the extra\(s\) fast, without the dev group/);
});

it('refuses an extra the member does not declare, naming what it has', async () => {
  const run = await runCli(['plan', repo(), '--extra', 'nosuch']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/nosuch/);
  expect(run.stderr).toMatch(/fast/);
});

it("takes the workspace root's tool.uv.required-version for a member, as uv does, and says a member's own is ignored", async () => {
  const dir = path.join(
    makeRepo(
      {
        '.git/HEAD': 'x',
        'pyproject.toml': '[tool.uv]\nrequired-version = ">=0.9.25"\n\n[tool.uv.workspace]\nmembers = ["backend"]\n',
        'uv.lock': 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n',
        'backend/pyproject.toml': `${MEMBER}\n[tool.uv]\nrequired-version = ">=0.4"\n`,
      },
      'mono',
    ),
    'backend',
  );
  const refused = await runCli(['plan', dir, '--uv-version', '0.9.20']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/>=0\.9\.25/);
  const run = await runCli(['plan', '--json', dir]);
  expect(run.code, run.stderr).toBe(0);
  expect((JSON.parse(run.stdout) as Plan).uv.version.source).toBe('../pyproject.toml');
  expect(run.stderr).toMatch(/\[member-required-version-ignored\]/);
});

it("a member's own required-version is said to be ignored when the plan keeps the Dockerfile's uv pin too (review finding: the pin path skipped it)", async () => {
  const dir = path.join(
    makeRepo(
      {
        '.git/HEAD': 'x',
        'pyproject.toml': '[tool.uv.workspace]\nmembers = ["backend"]\n',
        'uv.lock': 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n',
        'backend/pyproject.toml': `${MEMBER}\n[tool.uv]\nrequired-version = ">=0.4"\n`,
        'backend/.devcontainer/Dockerfile': 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /uvx /bin/\n',
        'backend/.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
      },
      'mono',
    ),
    'backend',
  );
  const run = await runCli(['plan', '--json', dir]);
  expect(run.code, run.stderr).toBe(0);
  expect((JSON.parse(run.stdout) as Plan).uv.version.value).toBe('0.9.5');
  expect(run.stderr.match(/\[member-required-version-ignored\]/g)).toHaveLength(1);
});

it("a member whose Dockerfile pins a uv the workspace root's required-version refuses: the pin is not kept", async () => {
  const dir = path.join(
    makeRepo(
      {
        '.git/HEAD': 'x',
        'pyproject.toml': '[tool.uv]\nrequired-version = ">=0.9"\n\n[tool.uv.workspace]\nmembers = ["backend"]\n',
        'uv.lock': 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n',
        'backend/pyproject.toml': MEMBER,
        'backend/.devcontainer/Dockerfile': 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.8.0 /uv /uvx /bin/\n',
        'backend/.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
      },
      'mono',
    ),
    'backend',
  );
  const run = await runCli(['plan', '--json', dir]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/uv 0\.8\.0 .*refused by tool\.uv\.required-version ">=0\.9" \(\.\.\/pyproject\.toml\).*\[uv-pin-unusable\]/);
  expect((JSON.parse(run.stdout) as Plan).uv.version.source).toBe('../pyproject.toml');
});
