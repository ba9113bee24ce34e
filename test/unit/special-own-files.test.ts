/**
 * The tool's own files (the lock, the manifest, the outputs it compares) as links and special files:
 * each read is bounded and refused with the file's name and what it is (exit 2), never followed
 * out of the repository, never waited on, never an internal error.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo, readRepoFile } from '../../src/analyze/repo-reader.js';
import { runCli } from '../helpers/cli.js';
import { placeSpecial, SAYS_WHAT } from '../helpers/special-files.js';
import { makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const LOCK = '.devcontainer/.gen-devcontainer.lock';

const KINDS = ['dev-zero', 'dev-urandom', 'fifo', 'folder', 'loop', 'outside'] as const;

describe('the write lock as a link or special file', () => {
  for (const kind of KINDS) {
    it.each([['plan'], ['explain'], ['env'], ['generate']])(`${kind}: %s exits 2 naming the lock and what it is`, async (command) => {
      const root = makeRepo({ 'pyproject.toml': PYPROJECT });
      placeSpecial(root, LOCK, kind);
      const run = await runCli(command === 'generate' ? [root] : [command, root]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${LOCK}: error: ${LOCK} `);
      expect(run.stderr).toMatch(SAYS_WHAT[kind]);
      expect(run.stderr).not.toMatch(/at .*\.(ts|js|cjs):\d+/);
    });
  }
});

describe('an output in the way as a link or special file', () => {
  it.each(KINDS)('%s as .devcontainer/devcontainer.json: exit 2, named, nothing written', async (kind) => {
    const root = makeRepo({ 'pyproject.toml': PYPROJECT });
    placeSpecial(root, '.devcontainer/devcontainer.json', kind);
    for (const argv of [[root], ['plan', root], [root, '--check'], [root, '--diff']]) {
      const run = await runCli(argv);
      expect(run.code, `${argv.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('.devcontainer/devcontainer.json');
    }
    expect(fs.existsSync(path.join(root, '.devcontainer/Dockerfile'))).toBe(false);
  });
});

describe('a script a lifecycle command runs, as a link or special file', () => {
  it.each(KINDS)('%s: a warning naming it, not passed over in silence', async (kind) => {
    const root = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{"image": "python:3.12", "postCreateCommand": "bash setup.sh"}' });
    placeSpecial(root, 'setup.sh', kind);
    const run = await runCli(['plan', root]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^setup\.sh: warning: setup\.sh .*; postCreateCommand runs it, and what it does is not seen \[lifecycle-script-unreadable\]/m);
    expect(run.stderr).toMatch(SAYS_WHAT[kind]);
  });
});

describe('readRepoFile and readText', () => {
  it('a FIFO is refused as a FIFO on the quick path too, not read as an empty file', () => {
    const root = makeRepo({ 'a/x': '' });
    execFileSync('mkfifo', [path.join(root, 'pyproject.toml')]);
    const reader = openRepo(root);
    reader.listDir('.');
    expect(reader.readText('pyproject.toml')).toMatchObject({ kind: 'error', message: 'pyproject.toml is not a regular file (a FIFO)' });
    expect(readRepoFile(root, 'pyproject.toml')).toMatchObject({ kind: 'error', message: 'pyproject.toml is not a regular file (a FIFO)' });
  });

  it('a link through a folder that leaves the repository is refused', () => {
    const root = makeRepo({ 'pyproject.toml': PYPROJECT });
    fs.symlinkSync('/etc', path.join(root, '.devcontainer'));
    expect(readRepoFile(root, '.devcontainer/hostname')).toMatchObject({ kind: 'error', message: expect.stringContaining('outside the repository') });
  });
});
