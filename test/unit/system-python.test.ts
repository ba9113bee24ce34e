/**
 * UV_SYSTEM_PYTHON in the user's configuration (real-repository trial: saleor's Dockerfile): not a
 * location, but `uv pip` then installs into the image's Python, beside the environment on the
 * volume (seen with real uv 0.13.9: VIRTUAL_ENV and PATH set, `uv pip install` still went there).
 */
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const PROJECT = '[project]\nname = "sp"\nversion = "0"\nrequires-python = ">=3.12"\ndependencies = []\n';

it.each([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
])('ENV UV_SYSTEM_PYTHON=%s in the Dockerfile: warned %s, with the line', async (value, warned) => {
  const repo = makeRepo({
    'pyproject.toml': PROJECT,
    '.devcontainer/Dockerfile': `FROM python:3.12-slim\nENV UV_SYSTEM_PYTHON=${value}\n`,
    '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
  });
  const run = await runCli(['plan', repo]);
  expect(run.code, run.stderr).toBe(0);
  if (warned) expect(run.stderr).toMatch(/\.devcontainer\/Dockerfile:2: warning: UV_SYSTEM_PYTHON=\S+ .* install into the image's Python.*\[user-uv-system-python\]/);
  else expect(run.stderr).not.toMatch(/user-uv-system-python/);
});

it('a requirements project under UV_SYSTEM_PYTHON=1: the install step names the environment with --python, and says why', async () => {
  const repo = makeRepo({
    'requirements.txt': 'flask==3.1.0\n',
    '.devcontainer/Dockerfile': 'FROM python:3.12-slim\nENV UV_SYSTEM_PYTHON=1\n',
    '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
  });
  const run = await runCli(['plan', '--json', repo]);
  expect(run.code, run.stderr).toBe(0);
  const install = (JSON.parse(run.stdout) as { steps: { step: string; action: { install?: string[] }; reason: string }[] }).steps.find((s) => s.step === 'install')!;
  expect(install.action.install!.slice(0, 5)).toEqual(['uv', 'pip', 'install', '--python', expect.stringMatching(/^\/opt\/uv\/envs\/[^/]+\/bin\/python$/)]);
  expect(install.reason).toMatch(/--python names the environment, since your UV_SYSTEM_PYTHON/);
});
