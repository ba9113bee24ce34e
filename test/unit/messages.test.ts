/** Input that was refused or reported wrongly: a byte order mark, uv-invalid pyproject values, --user with a bad uid. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('a folder that cannot be entered is not "missing"', () => {
  // Only root can make another user (nobody) for the CLI to run as: skipped, visibly, otherwise; CI runs as root.
  const asRoot = process.getuid?.() === 0;
  // Root enters any folder: run the built CLI as nobody (setpriv), as the CLI tests do.
  const asNobody = (args: string[]) =>
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/gen-devcontainer.js'), ...args], { encoding: 'utf8' });
  const open = (repo: string) => {
    for (let dir = repo; dir !== path.dirname(dir) && dir !== '/tmp'; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
  };

  it.skipIf(!asRoot)('an unreadable .devcontainer: exit 2 naming it, never "would create"', () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{ "image": "debian" }' });
    open(repo);
    fs.chmodSync(path.join(repo, '.devcontainer'), 0o000);
    const run = asNobody([repo, '--dry-run']);
    fs.chmodSync(path.join(repo, '.devcontainer'), 0o755);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/\.devcontainer\/devcontainer\.json cannot be read \(EACCES\)/);
    expect(run.stdout).not.toMatch(/would create/);
  });

  it.skipIf(!asRoot)('an unreadable workspace member folder: named in a warning, not dropped silently', () => {
    const repo = makeRepo({ 'pyproject.toml': `${PYPROJECT}\n[tool.uv.workspace]\nmembers = ["packages/*"]\n`, 'packages/a/pyproject.toml': '[project]\nname = "a"\nversion = "0"\n' });
    open(repo);
    fs.chmodSync(path.join(repo, 'packages/a'), 0o000);
    const run = asNobody(['plan', repo]);
    fs.chmodSync(path.join(repo, 'packages/a'), 0o755);
    expect(run.stderr).toMatch(/packages\/a\/pyproject\.toml: warning: packages\/a\/pyproject\.toml cannot be read \(EACCES\)/);
  });
});
