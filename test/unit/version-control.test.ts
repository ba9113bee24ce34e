/** A configuration that points into .git (or another version-control folder) is refused: nothing there is ever written. */
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fileContents, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "v"\nversion = "0"\nrequires-python = ">=3.12"\n';

it.each([
  ['a Dockerfile that is .git/config', { build: { dockerfile: '../.git/config' } }],
  ['a Dockerfile that is a git hook', { build: { dockerfile: '../.git/hooks/pre-commit' } }],
  ['a Dockerfile in .hg', { build: { dockerfile: '../.hg/hgrc' } }],
  ['a compose file in .git', { dockerComposeFile: '../.git/description', service: 'app' }],
])('%s: exit 2 naming the file and the fix; .git unchanged', async (_label, config) => {
  const repo = makeRepo({
    'pyproject.toml': PYPROJECT,
    '.devcontainer/devcontainer.json': JSON.stringify(config),
    '.git/config': '[core]\n\tbare = false\n',
    '.git/hooks/pre-commit': '#!/bin/sh\nexit 0\n',
    '.git/description': 'services:\n  app:\n    image: debian\n',
    '.hg/hgrc': '[ui]\n',
  });
  const before = fileContents(repo);
  const run = await runCli([repo, '--force']);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/error: .*inside \.(git|hg)\/: that is version control's data.*\[file-in-version-control\]/);
  expect(run.stderr).toMatch(/hint: point it at a Dockerfile or compose file of the project/);
  expect(fileContents(repo)).toEqual(before);
});

it('the writer itself refuses any path through a version-control folder', async () => {
  const { unsafePathReason } = await import('../../src/write/writer.js');
  const repo = makeRepo({ '.git/config': '' });
  expect(unsafePathReason(repo, '.git/config')).toBe("it is inside .git/, version control's own data");
  expect(unsafePathReason(repo, 'sub/.svn/entries')).toMatch(/inside \.svn\//);
  expect(unsafePathReason(repo, '.devcontainer/Dockerfile')).toBeUndefined();
});
