/** Configurations the tool would otherwise write a broken result for: refused, exit 2, with the fix. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "refused-demo"\nversion = "0"\nrequires-python = ">=3.12"\n';

it.each([
  [
    'duplicate containerEnv',
    { '.devcontainer/devcontainer.json': '{\n  "image": "debian",\n  "containerEnv": { "A": "1" },\n  "containerEnv": { "B": "2" }\n}\n' },
    /devcontainer\.json:4:\d+: error: .*"containerEnv" twice in one object \(line 3 and line 4\).*\[devcontainer-json-duplicate-key\]/,
  ],
  ['a duplicate key deeper down', { '.devcontainer/devcontainer.json': '{ "image": "debian", "containerEnv": { "A": "1", "A": "2" } }' }, /"A" twice in one object/],
  [
    'a Compose service with extends',
    {
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yml", "service": "app" }',
      '.devcontainer/compose.yml': 'services:\n  app:\n    extends:\n      file: base.yml\n      service: web\n',
    },
    /uses extends.*\[compose-extends\]/,
  ],
  [
    'a Compose service with dockerfile_inline',
    {
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yml", "service": "app" }',
      '.devcontainer/compose.yml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM debian\n',
    },
    /dockerfile_inline.*\[compose-dockerfile-inline\]/,
  ],
])('%s: exit 2, nothing written', async (_label, files, message) => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, ...files });
  const before = fs.readdirSync(path.join(repo, '.devcontainer')).sort();
  const run = await runCli([repo]);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/hint: /);
  expect(fs.readdirSync(path.join(repo, '.devcontainer')).sort()).toEqual(before);
  // plan and explain say the same, and also exit 2.
  expect((await runCli(['plan', repo])).code).toBe(2);
});
