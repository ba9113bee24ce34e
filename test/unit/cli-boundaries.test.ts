/**
 * What the command line promises at its edges (src/cli/main.ts, bin/gen-devcontainer.js): the
 * folder after `--` is the folder written; exit 1 means drift and nothing else; a folder that is
 * no project root (the file-system root, a home folder) is refused unless asked for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo, tempDir } from './support.js';

const PYPROJECT = '[project]\nname = "edge"\nversion = "0"\nrequires-python = ">=3.12"\n';

describe('the folder after --', () => {
  it('`gen-devcontainer -- ../target` writes in ../target, not in the current folder', async () => {
    const target = makeRepo({ 'pyproject.toml': PYPROJECT }, 'target');
    const here = makeRepo({ 'pyproject.toml': PYPROJECT }, 'here');
    const run = await runCli(['--', path.relative(here, target)], here);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(target, '.devcontainer/devcontainer.json'))).toBe(true);
    expect(fs.existsSync(path.join(here, '.devcontainer'))).toBe(false);
  });

  it('a folder whose name starts with - is reachable after --, for every command that takes a folder', async () => {
    const parent = tempDir();
    const odd = path.join(parent, '-odd');
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, 'pyproject.toml'), PYPROJECT);
    for (const argv of [
      ['plan', '--json', '--', '-odd'],
      ['env', '--', '-odd'],
      ['--dry-run', '--', '-odd'],
    ]) {
      const run = await runCli(argv, parent);
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(0);
    }
    expect((await runCli(['--', '-odd'], parent)).code).toBe(0);
    expect(fs.existsSync(path.join(odd, '.devcontainer/devcontainer.json'))).toBe(true);
  });

  it('two folders (one before --, one after; or two after) are a usage error, nothing written', async () => {
    const here = makeRepo({ 'pyproject.toml': PYPROJECT }, 'here');
    for (const argv of [
      ['.', '--', '.'],
      ['--', '.', '.'],
      ['plan', '.', '--', '.'],
    ]) {
      const run = await runCli(argv, here);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/gen-devcontainer: (one folder, not 2, may follow --|a folder was given twice)/);
    }
    expect(fs.existsSync(path.join(here, '.devcontainer'))).toBe(false);
  });
});
