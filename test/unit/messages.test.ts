/** Input that was refused or reported wrongly: a byte order mark, uv-invalid pyproject values, --user with a bad uid. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "messages-demo"\nversion = "0"\nrequires-python = ">=3.12"\n';

it('a devcontainer.json that starts with a byte order mark is read (the Dev Container CLI reads it) and keeps its mark', async () => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '\uFEFF{\n  // mine\n  "image": "debian:trixie"\n}\n' });
  const run = await runCli([repo]);
  expect(run.code, run.stderr).toBe(0);
  const text = fs.readFileSync(path.join(repo, '.devcontainer/devcontainer.json'), 'utf8');
  expect(text.startsWith('\uFEFF{')).toBe(true);
  expect(text).toContain('// mine');
  expect((await runCli([repo, '--check'])).code).toBe(0);
});

it.each([
  ['name = 5', '[project]\nversion = "0"\nname = 5\n', 'project.name', 3],
  ['requires-python = ["x"]', '[project]\nname = "m"\nrequires-python = ["x"]\n', 'project.requires-python', 3],
  ['members = "str"', '[project]\nname = "m"\n[tool.uv.workspace]\nmembers = "str"\n', 'tool.uv.workspace.members', 4],
])('%s: uv refuses it, so does the tool: exit 2 at pyproject.toml:line', async (_label, text, key, line) => {
  const repo = makeRepo({ 'pyproject.toml': text });
  const run = await runCli(['plan', repo]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`pyproject.toml:${line}: error: ${key} must be`);
});

it.each([
  ['dev:1e3', /the uid "1e3" must be a whole number/],
  ['dev:1000:0x10', /the gid "0x10" must be a whole number/],
  ['dev:1:2:3', /more than three parts/],
  ['Dev', /the name must be a lower-case POSIX user name/],
])('--user %s: the message names the part that is wrong', async (user, message) => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
  const run = await runCli(['plan', repo, '--user', user]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
});

it('a .python-version with terminal escapes is refused, escaped in the message, never printed raw', async () => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.python-version': '3.12\u001b[31mRED\n' });
  const run = await runCli(['plan', repo]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('.python-version:1: error: .python-version asks for "3.12\\u001b[31mRED", which holds control characters');
  expect(run.stdout + run.stderr).not.toContain('\u001b');
});
