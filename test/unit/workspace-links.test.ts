/** Member globs through links that loop: bounded, and the root never becomes a member of itself. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { countingReader } from '../helpers/work.js';
import { makeRepo } from './support.js';

const member = (name: string) => `[project]\nname = "${name}"\nversion = "0"\n`;

it.each(['*/*/*/*', '*/*/*/*/*', '*/*/*/*/*/*/*/*'])('members = ["%s"] with 20 links to "." a bounded walk, with the real members only', (glob) => {
  const repo = makeRepo({
    'pyproject.toml': `[project]\nname = "root"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["${glob}", "packages/*"]\n`,
    'packages/a/pyproject.toml': member('a'),
    'packages/b/pyproject.toml': member('b'),
  });
  for (let i = 0; i < 20; i++) fs.symlinkSync('.', path.join(repo, `l${i}`));
  // Bounded by the work done, not by a clock: the unbounded walk made 20^4 = 160,000 disk calls
  // at four segments (16-20 s), 20^5 at five.
  const counted = countingReader(openRepo(repo));
  const { facts } = analyzeRepo(counted.reader, 'root');
  expect(counted.calls).toBeLessThan(1000);
  expect(facts.workspace?.members.map((m) => m.name).sort()).toEqual(['a', 'b']);
});

it('a packages/loop -> .. link does not make the root a member of itself', () => {
  const repo = makeRepo({ 'pyproject.toml': '[project]\nname = "root"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n', 'packages/a/pyproject.toml': member('a') });
  fs.symlinkSync('..', path.join(repo, 'packages/loop'));
  const { facts } = analyzeRepo(openRepo(repo), 'root');
  expect(facts.workspace?.members.map((m) => m.path)).toEqual(['packages/a']);
});
