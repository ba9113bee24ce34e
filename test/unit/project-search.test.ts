/**
 * The search for projects in a folder that is not one (issue 10, item 1): monorepos put them at
 * `libs/NAME` or `libs/partners/NAME`; vendored, installed, generated and ignored trees are not
 * projects; the walk is bounded and follows no link.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { parseIgnoreRules } from '../../src/analyze/ignore.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { makeRepo, tempDir } from './support.js';

const project = (name: string) => `[project]\nname = "${name}"\nversion = "0.1.0"\n`;
const paths = (files: Record<string, string>, search?: { maxDepth: number; maxFolders: number }) => {
  const { facts, diagnostics } = analyzeRepo(new MemoryRepo(files), 'repo', search);
  return { projects: facts.projects?.map((p) => p.path), diagnostics };
};

describe('projects below the root', () => {
  it('finds projects two and three levels down, as LangChain-style monorepos keep them, in path order', () => {
    const { projects } = paths({
      'README.md': '# mono',
      'libs/core/pyproject.toml': project('core'),
      'libs/core/uv.lock': 'version = 1\n',
      'libs/partners/openai/pyproject.toml': project('openai'),
      'libs/cli/pyproject.toml': project('cli'),
      'docs/conf.py': '',
    });
    expect(projects).toEqual(['libs/cli', 'libs/core', 'libs/partners/openai']);
  });

  it('reads no uv.lock: the install step looks for one in each folder when it runs', () => {
    const { facts } = analyzeRepo(new MemoryRepo({ 'a/b/pyproject.toml': project('b'), 'a/b/uv.lock': 'version = 1\n', 'a/c/pyproject.toml': project('c') }), 'repo');
    expect(facts.projects).toEqual([{ path: 'a/b' }, { path: 'a/c' }]);
  });

  it("skips a template's project (cookiecutter, Jinja): uv cannot read its pyproject.toml until it is rendered", () => {
    const template = '[project]\nname = "{{ cookiecutter.project_slug }}"\n{% if cookiecutter.cli %}\nscripts = { x = "x:main" }\n{% endif %}\n';
    const { projects, diagnostics } = paths({
      'app/pyproject.toml': project('app'),
      '{{cookiecutter.project_slug}}/pyproject.toml': template,
      'templates/{% if web %}web{% endif %}/pyproject.toml': template,
    });
    expect(projects).toEqual(['app']);
    expect(diagnostics).toEqual([]);
  });

  it('a folder named pyproject.toml is no project: a warning, and the folder is left out', () => {
    const root = makeRepo({ 'app/pyproject.toml': project('app'), 'odd/pyproject.toml/README': '' });
    const { facts, diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(facts.projects).toEqual([{ path: 'app' }]);
    expect(diagnostics.map((d) => [d.code, d.file, d.level])).toEqual([['subproject-pyproject-unreadable', 'odd/pyproject.toml', 'warning']]);
  });

  it('goes four levels deep and no further', () => {
    expect(paths({ 'a/b/c/d/pyproject.toml': project('d') }).projects).toEqual(['a/b/c/d']);
    expect(paths({ 'a/b/c/d/e/pyproject.toml': project('e') }).projects).toBeUndefined();
  });

  it("does not search inside a project: its tests' fixtures and a workspace's members are its own", () => {
    const { projects } = paths({
      'svc/pyproject.toml': project('svc'),
      'svc/tests/fixtures/broken/pyproject.toml': project('fixture'),
      'svc/packages/member/pyproject.toml': project('member'),
    });
    expect(projects).toEqual(['svc']);
  });

  it('skips installed, vendored, build and hidden folders whatever .gitignore says', () => {
    const skipped = ['node_modules/pkg', '.venv/lib', '.tox/py', 'build/lib', 'dist/x', 'third_party/lib', 'vendor/lib', 'venv/x', 'site-packages/x'];
    const files = Object.fromEntries(skipped.map((p) => [`${p}/pyproject.toml`, project('x')]));
    expect(paths({ ...files, 'app/pyproject.toml': project('app') }).projects).toEqual(['app']);
  });

  it('skips folders the root .gitignore ignores', () => {
    const { projects } = paths({
      '.gitignore': '# generated\n/out/\ngenerated\n**/snapshots\nlibs/legacy-*\n!libs/legacy-keep\n',
      'out/a/pyproject.toml': project('a'),
      'libs/generated/pyproject.toml': project('g'),
      'libs/x/snapshots/s/pyproject.toml': project('s'),
      'libs/legacy-old/pyproject.toml': project('old'),
      'libs/new/pyproject.toml': project('new'),
      'tools/out/pyproject.toml': project('tools-out'),
    });
    // `/out/` is anchored at the root, so tools/out is searched; a re-inclusion (!) is not followed.
    expect(projects).toEqual(['libs/new', 'tools/out']);
  });

  it('stops at the folder budget with a warning that says what to do', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}/x/pyproject.toml`] = project(`p${i}`);
    // A project at the first level too: found first by the search, last by path, as the plan lists them.
    files['z/pyproject.toml'] = project('z');
    const { projects, diagnostics } = paths(files, { maxDepth: 4, maxFolders: 41 });
    expect(projects).toEqual([...Array.from({ length: 10 }, (_, i) => `f${String(i).padStart(2, '0')}/x`), 'z']);
    expect(diagnostics.find((d) => d.code === 'project-search-stopped')).toMatchObject({ level: 'warning', hint: expect.stringContaining('.gitignore') });
  });

  it('follows no symbolic link: neither a loop nor a folder outside the repository', () => {
    const root = makeRepo({ 'libs/a/pyproject.toml': project('a') });
    const outside = tempDir();
    fs.mkdirSync(path.join(outside, 'ext'));
    fs.writeFileSync(path.join(outside, 'ext', 'pyproject.toml'), project('ext'));
    fs.symlinkSync('..', path.join(root, 'libs', 'loop'));
    fs.symlinkSync(path.join(outside, 'ext'), path.join(root, 'libs', 'ext'));
    fs.symlinkSync('libs/a', path.join(root, 'alias'));
    const { facts, diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(facts.projects?.map((p) => p.path)).toEqual(['libs/a']);
    expect(diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
  });
});

describe('.gitignore rules for folders', () => {
  const ignores = (text: string, rel: string) => parseIgnoreRules(text).ignoresFolder(rel);
  it.each([
    ['build', 'build', true],
    ['build', 'a/build', true],
    ['build/', 'a/build', true],
    ['/build', 'a/build', false],
    ['/build', 'build', true],
    ['a/build', 'a/build', true],
    ['a/build', 'x/a/build', false],
    ['*.egg-info', 'pkg/x.egg-info', true],
    ['**/gen', 'a/b/gen', true],
    ['a/**/gen', 'a/gen', true],
    ['a/**/gen', 'a/x/y/gen', true],
    ['lib?', 'lib1', true],
    ['lib?', 'lib12', false],
    ['[ab]x', 'bx', true],
    ['\\#notes', '#notes', true],
    ['# comment', '# comment', false],
    ['!keep', 'keep', false],
    ['data/*', 'data/raw', true],
    ['data/*', 'data', false],
  ])('%j against %j: %s', (pattern, rel, expected) => {
    expect(ignores(pattern, rel)).toBe(expected);
  });

  it('a hostile pattern costs pattern × path, not exponential time (a regular expression took 47 s here)', () => {
    const rules = parseIgnoreRules(`*a*a*a*a*a*a*a*a*a*a*a*a*b\n${'*a'.repeat(300)}b\n`);
    expect(rules.ignoresFolder('a'.repeat(200))).toBe(false);
    expect(rules.ignoresFolder(`${'a'.repeat(36)}/${'a'.repeat(36)}`)).toBe(false);
  });

  it('never throws on hostile patterns', () => {
    for (const p of ['[', '[]', '[!', '\\', '***', '/', '//', '(', '${x}', 'a'.repeat(10_000), '[z-a]']) expect(() => parseIgnoreRules(p).ignoresFolder('a/b')).not.toThrow();
  });
});

describe('a workspace among the projects (real-repository trial: uv/test/workspaces)', () => {
  it('syncs a folder that is a uv workspace root with --all-packages, so a virtual root installs its members', async () => {
    const { planTargets } = await import('../../src/targets/plan.js');
    const files = {
      'albatross/pyproject.toml': '[project]\nname = "albatross"\nversion = "0"\n',
      'virtual/pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'virtual/uv.lock': 'version = 1\n',
      'virtual/packages/seeds/pyproject.toml': project('seeds'),
    };
    const { facts } = analyzeRepo(new MemoryRepo(files), 'workspaces');
    expect(facts.projects).toEqual([{ path: 'albatross' }, { path: 'virtual' }]);
    const { plan } = planTargets(facts, { generatorVersion: '0-test' });
    const install = plan!.steps.find((s) => s.step === 'install')!;
    // Every folder is synced with --all-packages, which uv reads as "and the members" in a workspace
    // and as nothing more in a single project (the Docker tier runs it on both).
    expect(install.action).toEqual({
      kind: 'uv-sync-each',
      paths: ['albatross', 'virtual'],
      args: ['--all-packages'],
      frozenWhereLocked: true,
      rustBackends: ['maturin', 'setuptools_rust.build_meta'],
    });
    expect(install.reason).toMatch(/--all-packages \(a folder that is a uv workspace gets its members too/);
  });
});
