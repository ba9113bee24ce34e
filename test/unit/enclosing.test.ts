/**
 * What uv reads above the folder the tool runs in (analyze/enclosing.ts): the workspace it is a
 * member of, found as uv's find_workspace finds it, and path sources outside the folder. Read-only,
 * bounded by `.git`, the file-system root and MAX_LEVELS_UP, through readers that never follow a
 * link out of their folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { MAX_LEVELS_UP } from '../../src/analyze/enclosing.js';
import { openRepo, type RepoReader } from '../../src/analyze/repo-reader.js';
import { planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { codes, find, makeRepo } from './support.js';

/** An in-memory tree read from the folder `at`, with readers above it up to the tree's top. */
class TreeReader extends MemoryRepo {
  constructor(
    private readonly tree: Record<string, string>,
    private readonly at: string,
  ) {
    const prefix = at ? `${at}/` : '';
    super(Object.fromEntries(Object.entries(tree).flatMap(([file, text]) => (file.startsWith(prefix) ? [[file.slice(prefix.length), text]] : []))), at ? `/top/${at}` : '/top');
  }

  parent(): RepoReader | undefined {
    if (!this.at) return undefined;
    const above = path.posix.dirname(this.at);
    return new TreeReader(this.tree, above === '.' ? '' : above);
  }
}

const analyzeAt = (tree: Record<string, string>, at: string) => analyzeRepo(new TreeReader(tree, at), path.posix.basename(at));

const PROJECT = (name: string, extra = '') => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n${extra}`;
const WORKSPACE = (members: string[], exclude: string[] = []) => `[tool.uv.workspace]\nmembers = ${JSON.stringify(members)}\nexclude = ${JSON.stringify(exclude)}\n`;
const LOCK = 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n\n[[package]]\nname = "x"\n';

describe('the workspace a folder is a member of, as uv finds it', () => {
  it('a member: the root, the glob that takes it in, the root lock (its requires-python), all named from the folder', () => {
    const { facts, diagnostics } = analyzeAt({ 'pyproject.toml': WORKSPACE(['backend']), 'uv.lock': LOCK, 'backend/pyproject.toml': PROJECT('app') }, 'backend');
    expect(diagnostics).toEqual([]);
    expect(facts.surroundings?.workspace).toMatchObject({
      root: '..',
      up: 1,
      file: '../pyproject.toml',
      member: 'backend',
      matchedBy: 'backend',
      virtualRoot: true,
      lock: { file: '../uv.lock', requiresPython: { value: '>=3.11, <3.13', file: '../uv.lock' } },
    });
  });

  it('globs: packages/* takes packages/api in; "./" and a trailing "/" are normalised away; an exclude glob leaves a member out, with a note', () => {
    const tree = {
      'pyproject.toml': `${PROJECT('root')}${WORKSPACE(['./packages/*/'], ['packages/old'])}`,
      'packages/api/pyproject.toml': PROJECT('api'),
      'packages/old/pyproject.toml': PROJECT('old'),
    };
    expect(analyzeAt(tree, 'packages/api').facts.surroundings?.workspace).toMatchObject({ root: '../..', member: 'packages/api', matchedBy: './packages/*/', virtualRoot: false });
    const old = analyzeAt(tree, 'packages/old');
    expect(old.facts.surroundings?.workspace).toBeUndefined();
    expect(find(old.diagnostics, 'enclosing-workspace-not-member')).toMatchObject({ level: 'info', file: '../../pyproject.toml', message: expect.stringContaining('exclude glob "packages/old"') });
  });

  it('the first pyproject.toml above decides: a project in between hides the workspace above it, as in uv', () => {
    const tree = { 'pyproject.toml': WORKSPACE(['apps/*']), 'apps/pyproject.toml': PROJECT('apps'), 'apps/web/pyproject.toml': PROJECT('web') };
    const { facts, diagnostics } = analyzeAt(tree, 'apps/web');
    expect(facts.surroundings?.workspace).toBeUndefined();
    expect(diagnostics).toEqual([]);
  });

  it('a folder that is a workspace root itself looks no further, nor does one without [project]', () => {
    const tree = { 'pyproject.toml': WORKSPACE(['*']), 'inner/pyproject.toml': WORKSPACE(['libs/*']), 'other/pyproject.toml': '[tool.ruff]\nline-length = 100\n' };
    expect(analyzeAt(tree, 'inner').facts.surroundings?.workspace).toBeUndefined();
    expect(analyzeAt(tree, 'other').facts.surroundings?.workspace).toBeUndefined();
  });

  it('broken TOML above: a warning naming ../pyproject.toml (uv refuses to run there too), and no workspace', () => {
    const { facts, diagnostics } = analyzeAt({ 'pyproject.toml': '[tool.uv.workspace\n', 'backend/pyproject.toml': PROJECT('app') }, 'backend');
    expect(facts.surroundings?.workspace).toBeUndefined();
    expect(find(diagnostics, 'enclosing-pyproject-invalid-toml')).toMatchObject({
      level: 'warning',
      file: '../pyproject.toml',
      line: 1,
      message: expect.stringContaining('../pyproject.toml is not valid TOML'),
    });
  });

  it('a member with no .python-version follows the nearest one up to the root; its own wins', () => {
    const tree = {
      'pyproject.toml': WORKSPACE(['libs/*']),
      '.python-version': '3.12\n',
      'libs/.python-version': '3.11\n',
      'libs/a/pyproject.toml': PROJECT('a'),
      'libs/b/pyproject.toml': PROJECT('b'),
      'libs/b/.python-version': '3.13\n',
    };
    expect(analyzeAt(tree, 'libs/a').facts.pythonVersionFile?.request).toEqual({ value: '3.11', file: '../.python-version', line: 1 });
    expect(analyzeAt(tree, 'libs/b').facts.pythonVersionFile?.request).toEqual({ value: '3.13', file: '.python-version', line: 1 });
  });
});

describe('the walk above the folder is bounded', () => {
  it('a folder holding .git reads nothing above it', () => {
    const { facts } = analyzeAt({ 'pyproject.toml': WORKSPACE(['sub']), 'sub/pyproject.toml': PROJECT('sub'), 'sub/.git/HEAD': 'ref: refs/heads/main\n' }, 'sub');
    expect(facts.surroundings).toMatchObject({ gitHere: true, ancestors: [], end: 'git' });
    expect(facts.surroundings?.workspace).toBeUndefined();
  });

  it('it stops at the repository root (.git, a folder or a worktree file): a workspace above it is not read', () => {
    const tree = { 'pyproject.toml': WORKSPACE(['repo/app']), 'repo/.git': 'gitdir: /elsewhere\n', 'repo/app/pyproject.toml': PROJECT('app') };
    const { facts } = analyzeAt(tree, 'repo/app');
    expect(facts.surroundings).toMatchObject({ gitHere: false, end: 'git', ancestors: [{ up: 1, path: '..', name: 'repo', hasGit: true }] });
    expect(facts.surroundings?.workspace).toBeUndefined();
  });

  it(`and at the file-system root, or after ${MAX_LEVELS_UP} levels`, () => {
    expect(analyzeAt({ 'a/pyproject.toml': PROJECT('a') }, 'a').facts.surroundings).toMatchObject({ end: 'filesystem-root', ancestors: [{ up: 1, name: 'top' }] });
    const deep = Array.from({ length: MAX_LEVELS_UP + 2 }, (_, i) => `d${i}`).join('/');
    const { facts } = analyzeAt({ [`${deep}/pyproject.toml`]: PROJECT('deep') }, deep);
    expect(facts.surroundings?.end).toBe('limit');
    expect(facts.surroundings?.ancestors).toHaveLength(MAX_LEVELS_UP);
  });

  it('on disk: a pyproject.toml above that is a link out of its folder is not followed (a warning, no workspace)', () => {
    const outside = makeRepo({ 'pyproject.toml': WORKSPACE(['*']) }, 'outside');
    const root = makeRepo({ 'app/pyproject.toml': PROJECT('app'), '.git/HEAD': 'x' }, 'repo');
    fs.symlinkSync(path.join(outside, 'pyproject.toml'), path.join(root, 'pyproject.toml'));
    const { facts, diagnostics } = analyzeRepo(openRepo(path.join(root, 'app')), 'app');
    expect(facts.surroundings?.workspace).toBeUndefined();
    expect(find(diagnostics, 'enclosing-pyproject-unreadable')).toMatchObject({ level: 'warning', file: '../pyproject.toml', message: expect.stringContaining('outside the repository') });
    // Only the file it is about is renamed from the folder; where the link leads is named as it is.
    expect(find(diagnostics, 'enclosing-pyproject-unreadable')!.message).toBe(
      `../pyproject.toml is a symbolic link to ${fs.realpathSync(path.join(outside, 'pyproject.toml'))}, outside the repository`,
    );
  });

  it('on disk: nothing above the folder is written, and the parent readers see the real folders', () => {
    const root = makeRepo({ 'pyproject.toml': WORKSPACE(['backend']), 'uv.lock': LOCK, 'backend/pyproject.toml': PROJECT('app'), '.git/HEAD': 'x' }, 'full-stack');
    const before = fs.readdirSync(root).sort();
    const { facts } = analyzeRepo(openRepo(path.join(root, 'backend')), 'backend');
    expect(facts.surroundings).toMatchObject({ end: 'git', ancestors: [{ up: 1, name: 'full-stack', hasGit: true }], workspace: { member: 'backend', lock: { file: '../uv.lock' } } });
    expect(fs.readdirSync(root).sort()).toEqual(before);
  });
});

describe('path sources ([tool.uv.sources] with a path), placed from the folder', () => {
  const SOURCES = `[tool.uv.sources]
prebuilt = { path = "../prebuilt", editable = true }
inside = { path = "libs/inside" }
roundabout = { path = "../app/libs/inside" }
absolute = { path = "/opt/wheels/x-1.0-py3-none-any.whl" }
marked = [{ path = "../wheels/m.whl", marker = "sys_platform == 'linux'" }, { index = "pypi" }]
other = { git = "https://example.com/other.git" }
`;

  it('each path with how far up it reaches, whether it is there, and its line; other sources are not path sources', () => {
    const tree = { 'app/pyproject.toml': PROJECT('app', SOURCES), 'prebuilt/pyproject.toml': PROJECT('prebuilt'), 'app/libs/inside/pyproject.toml': PROJECT('inside') };
    const sources = analyzeAt(tree, 'app').facts.surroundings?.pathSources;
    expect(sources).toEqual([
      { name: 'prebuilt', path: '../prebuilt', editable: true, file: 'pyproject.toml', line: 6, at: '../prebuilt', up: 1, exists: true },
      { name: 'inside', path: 'libs/inside', editable: false, file: 'pyproject.toml', line: 7, at: 'libs/inside', up: 0, exists: true },
      { name: 'roundabout', path: '../app/libs/inside', editable: false, file: 'pyproject.toml', line: 8, at: 'libs/inside', up: 0, exists: true },
      { name: 'absolute', path: '/opt/wheels/x-1.0-py3-none-any.whl', editable: false, file: 'pyproject.toml', line: 9, up: 0 },
      { name: 'marked', path: '../wheels/m.whl', editable: false, file: 'pyproject.toml', line: 10, at: '../wheels/m.whl', up: 1, exists: false },
    ]);
  });

  it("a member's workspace root's path sources count too, placed from the member", () => {
    const tree = { 'pyproject.toml': `${WORKSPACE(['backend'])}[tool.uv.sources]\nshared = { path = "../shared" }\n`, 'backend/pyproject.toml': PROJECT('app') };
    const { facts } = analyzeAt(tree, 'backend');
    expect(facts.surroundings?.pathSources).toEqual([{ name: 'shared', path: '../shared', editable: false, file: '../pyproject.toml', line: 5, at: '../../shared', up: 2 }]);
  });

  it('no pyproject.toml, no walk: a folder of projects or requirements reads nothing above', () => {
    expect(analyzeAt({ 'req/requirements.txt': 'idna\n' }, 'req').facts.surroundings).toBeUndefined();
    expect(codes(analyzeAt({ 'req/requirements.txt': 'idna\n' }, 'req').diagnostics)).toEqual([]);
  });
});

describe('a folder of projects inside a uv workspace (run in libs/ of a workspace whose root is above)', () => {
  const planAt = (tree: Record<string, string>, at: string) => {
    const { facts, diagnostics } = analyzeAt(tree, at);
    const planned = planTargets(facts, { generatorVersion: '0-test' });
    return { facts, diagnostics: [...diagnostics, ...planned.diagnostics], plan: planned.plan };
  };

  it('projects the workspace above takes in: refused, naming the root, its members line and what to run instead', () => {
    const tree = { 'pyproject.toml': WORKSPACE(['libs/*']), 'uv.lock': LOCK, 'libs/a/pyproject.toml': PROJECT('a'), 'libs/b/pyproject.toml': PROJECT('b') };
    const { facts, diagnostics } = planAt(tree, 'libs');
    expect(facts.projectsInWorkspace).toEqual({ root: '..', file: '../pyproject.toml', line: 2, members: ['a', 'b'] });
    expect(find(diagnostics, 'projects-in-workspace')).toMatchObject({
      level: 'error',
      file: '../pyproject.toml',
      line: 2,
      message: expect.stringMatching(/^all 2 projects here are members of the uv workspace at \.\. /),
      hint: expect.stringContaining('run gen-devcontainer in .., the workspace root'),
    });
  });

  it('some of them: those are named; deeper ones too (the first pyproject.toml above the folder decides for every project in it)', () => {
    const tree = {
      'pyproject.toml': WORKSPACE(['svc/libs/core', 'svc/libs/x/*']),
      'svc/libs/core/pyproject.toml': PROJECT('core'),
      'svc/libs/x/y/pyproject.toml': PROJECT('y'),
      'svc/libs/own/pyproject.toml': PROJECT('own'),
    };
    const { facts, diagnostics } = planAt(tree, 'svc/libs');
    expect(facts.projectsInWorkspace?.members).toEqual(['core', 'x/y']);
    expect(facts.projectsInWorkspace?.root).toBe('../..');
    expect(find(diagnostics, 'projects-in-workspace')?.message).toMatch(/^core, x\/y \(2 of the 3 projects here\) are members/);
  });

  it('none taken in, excluded, a project of its own above, or a repository root: planned as a folder of projects', () => {
    const projects = { 'tools/a/pyproject.toml': PROJECT('a'), 'tools/b/pyproject.toml': PROJECT('b') };
    for (const above of [WORKSPACE(['packages/*']), WORKSPACE(['tools/*'], ['tools/*']), PROJECT('root')]) {
      const { facts, plan } = planAt({ 'pyproject.toml': above, ...projects }, 'tools');
      expect(facts.projectsInWorkspace, above).toBeUndefined();
      expect(plan?.projects?.paths, above).toEqual(['a', 'b']);
    }
    const gitRoot = planAt({ 'pyproject.toml': WORKSPACE(['tools/*']), 'tools/.git/HEAD': 'ref: refs/heads/main\n', ...projects }, 'tools');
    expect(gitRoot.facts.projectsInWorkspace).toBeUndefined();
    expect(gitRoot.plan?.projects?.paths).toEqual(['a', 'b']);
  });
});
