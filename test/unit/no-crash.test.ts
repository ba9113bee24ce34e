/**
 * Input that used to end in an internal error (exit 3, a stack trace): each is now a usage error
 * or bad input, exit 2 with a message naming the file and the fix, or is handled.
 */
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "crash-demo"\nversion = "0"\nrequires-python = ">=3.12"\n';

it.each([
  ['plan', '--python', '3.12', '--python', '3.13'],
  ['plan', '--uv-version', '0.13.9', '--uv-version', '0.13.8'],
  ['env', '--format', 'sh', '--format', 'json'],
])('an option given twice (%s %s … %s): exit 2, usage error', async (...argv) => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
  const run = await runCli([...argv, repo]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(new RegExp(`^gen-devcontainer: ${argv[1]} was given 2 times \\(.*\\); give it once\\nRun 'gen-devcontainer --help' for usage\\.\\n$`));
});

function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\nservices:\n  app:\n    image: debian\n    x: *a9\n`;
}

it.each([
  ['"build": null', '{ "build": null }', 2, /devcontainer\.json:1: error: build is null; it must be an object, .*\[devcontainer-property-type\]/],
  ['100 nested arrays', `{ "x": ${'['.repeat(100)}${']'.repeat(100)} }`, 2, /devcontainer\.json nests objects or arrays more than 64 levels deep \[devcontainer-json-too-deep\]/],
  ['a NUL in the Dockerfile name', '{ "build": { "dockerfile": "Dock\\u0000erfile" } }', 2, /names the file ".*", which has control characters in its name \[path-invalid\]/],
  ['a YAML alias bomb in the compose file', '{ "dockerComposeFile": "compose.yml", "service": "app" }', 2, /compose\.yml cannot be read: .*alias.*\[compose-invalid-yaml\]/i],
])('%s: a message or a run, never exit 3', async (_label, config, code, message) => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': config, '.devcontainer/compose.yml': aliasBomb() });
  const run = await runCli([repo, '--dry-run']);
  expect(run.code, run.stderr).toBe(code);
  if (message) expect(run.stderr).toMatch(message);
});

it('a manifest with a value nested 20,000 deep: the value is ignored, the run goes on', async () => {
  const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
  const manifest = `{ "files": {}, "managedValues": { "[\\"containerEnv\\",\\"X\\"]": ${deep} } }`;
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{ "image": "debian" }', '.devcontainer/gen-devcontainer.manifest.json': manifest });
  const run = await runCli([repo, '--dry-run']);
  expect(run.code, run.stderr).toBe(0);
});
