/**
 * What uv refuses in a pyproject.toml, refused here too, with file:line and exit 2 (issue 18, item
 * 12): project names by PEP 508's grammar (astral-sh/uv crates/uv-normalize/src/lib.rs) and
 * requires-python as uv parses a specifier set (crates/uv-pep440/src/version_specifier.rs). The
 * table is checked against the real uv 0.13.9 too, when its binary is in the cache the Docker tier
 * fills (test/docker/uv-release.ts); without it, that check is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { runCli } from '../helpers/cli.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { makeRepo, tempDir } from './support.js';

const pyproject = (name: string, requiresPython: string) => `[project]\nname = ${JSON.stringify(name)}\nversion = "0"\nrequires-python = ${JSON.stringify(requiresPython)}\n`;

/** [requires-python, does uv take it] */
const REQUIRES_PYTHON: [string, boolean][] = [
  ['>=3.11', true],
  ['>= 3.11', true],
  ['>=3.11 , <4', true],
  ['>=3.11,<3.14', true],
  ['==3.11.*', true],
  ['>=v3.11', true],
  ['~=3.11', true],
  ['!=3.12.1', true],
  ['<4', true],
  ['===3.11', true],
  ['', true],
  ['~=3', false],
  ['>=3.11,', false],
  ['>=3.11 or <3', false],
  ['3.11', false],
  ['===foo', false],
  [' ', false],
  ['>=3.11.*', false],
  ['<3.12+abc', false],
  ['=>3.11', false],
  ['>=3.11;', false],
  ['python>=3.11', false],
  ['>=3.11 <4', false],
  ['^3.11', false],
  ['>=', false],
  [',>=3.11', false],
];

/** [project name, does uv take it] */
const NAMES: [string, boolean][] = [
  ['app', true],
  ['a_b', true],
  ['A.B', true],
  ['a..b', true],
  ['1', true],
  ['Foo-Bar_baz.9', true],
  ['$(id)', false],
  ['a;b', false],
  ['--flag', false],
  ['-a', false],
  ['a-', false],
  ['ä', false],
  ['', false],
  ['a b', false],
  ['a/b', false],
  ['.a', false],
];

const errorsOf = (text: string) =>
  analyzeRepo(new MemoryRepo({ 'pyproject.toml': text }), 'repo')
    .diagnostics.filter((d) => d.level === 'error')
    .map((d) => [d.code, d.file, d.line]);

describe('the analyzer refuses what uv refuses', () => {
  it.each(REQUIRES_PYTHON)('requires-python %j: uv takes it: %s', (spec, takes) => {
    expect(errorsOf(pyproject('app', spec))).toEqual(takes ? [] : [['requires-python-invalid', 'pyproject.toml', 4]]);
  });
  it.each(NAMES)('name %j: uv takes it: %s', (name, takes) => {
    expect(errorsOf(pyproject(name, '>=3.11'))).toEqual(takes ? [] : [['pyproject-name-invalid', 'pyproject.toml', 2]]);
  });
  it('the CLI exits 2 with file:line', async () => {
    const run = await runCli(['plan', makeRepo({ 'pyproject.toml': pyproject('$(id)', '~=3') })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pyproject.toml:2: error: project.name "$(id)" is not a package name');
    expect(run.stderr).toContain('pyproject.toml:4: error: project.requires-python "~=3" is not a version specifier uv reads');
  });
});

const UV = path.join(process.env.GDC_CACHE_DIR ?? '/var/cache/gen-devcontainer', 'uv', '0.13.9', 'uv');
const haveUv = fs.existsSync(UV);

/** Whether uv parses the project: `uv lock` offline stops with "Failed to parse: pyproject.toml" when it does not (any later failure, such as no Python, is past parsing). */
function uvParses(text: string): boolean {
  const dir = tempDir('gdc-uv-grammar-');
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), text);
  const run = spawnSync(UV, ['lock', '--offline', '--no-python-downloads', '--no-config'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, UV_CACHE_DIR: path.join(dir, '.cache') },
    timeout: 30_000,
  });
  return !`${run.stdout}${run.stderr}`.includes('Failed to parse: pyproject.toml');
}

describe.skipIf(!haveUv)(`the table agrees with uv 0.13.9 itself (${haveUv ? UV : `SKIPPED: no uv binary at ${UV}; the Docker tier caches it`})`, () => {
  it.each(REQUIRES_PYTHON)('requires-python %j: uv takes it: %s', (spec, takes) => {
    expect(uvParses(pyproject('app', spec))).toBe(takes);
  });
  it.each(NAMES)('name %j: uv takes it: %s', (name, takes) => {
    expect(uvParses(pyproject(name, '>=3.11'))).toBe(takes);
  });
});
