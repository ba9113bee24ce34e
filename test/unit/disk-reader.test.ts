/**
 * The disk facade's shortcuts (issue 9, item 9) give what the long way gives: the native realpath,
 * a uv.lock read only up to its first table, listings and kinds remembered for the run, and one
 * lstat instead of a realpath inside folders known to be real.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo, under } from '../../src/analyze/repo-reader.js';
import { readUvLockFacts } from '../../src/analyze/uv-lock.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { makeRepo, tempDir } from './support.js';

const TABLE_HEADER = /^[ \t]*\[/m;

describe('the native realpath', () => {
  it('gives the same path or the same error code as fs.realpathSync, link by link', () => {
    const root = makeRepo({ file: 'x', 'dir/inner': 'y' });
    const outside = tempDir();
    const links: Record<string, string> = { link: 'file', dangling: 'missing', loop1: 'loop2', loop2: 'loop1', out: outside, self: '.', up: '..', dotdot: 'dir/../file', dirlink: 'dir' };
    for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(root, name));
    const cases = [...Object.keys(links), 'file', 'missing', 'file/x', 'dir/x', 'self/self/file', 'dirlink/inner', 'link/x', 'up/repo/file', 'a'.repeat(300)];
    const outcome = (realpath: (p: string) => string, p: string) => {
      try {
        return realpath(p);
      } catch (err) {
        return `error ${(err as NodeJS.ErrnoException).code}`;
      }
    };
    for (const rel of cases) {
      const abs = path.join(root, rel);
      expect(outcome(fs.realpathSync.native, abs), rel).toBe(outcome(fs.realpathSync, abs));
    }
  });
});

describe('under(dir, rel), the join without path.join where rel is already normal', () => {
  it('gives what path.join gives, for normal paths and every odd one', () => {
    const segment = fc.oneof(fc.constantFrom('', '.', '..', '...', '.x', 'x.', '-', 'a b', '\\'), fc.string({ minLength: 1, maxLength: 4 }));
    const rel = fc.oneof(
      fc.constantFrom('', '.', '/', '//', 'a/', '/a', 'a//b', './a', 'a/.', 'a/..', '../a'),
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
    );
    const dir = fc.constantFrom('/', '/repo', '/repo/a b', '/r/.x');
    fc.assert(
      fc.property(dir, rel, (d, r) => {
        expect(under(d, r)).toBe(path.join(d, r));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('readText(file, until)', () => {
  /** What a whole read gives, cut where the first matching line starts. */
  const expected = (text: string) => {
    const match = TABLE_HEADER.exec(text);
    return match ? text.slice(0, match.index) : text;
  };

  it('stops at the first table, and gives exactly the text before it, on any bytes', () => {
    const dir = tempDir();
    const line = fc.oneof(
      fc.constantFrom('version = 1', 'revision = 3', 'requires-python = ">=3.12"', '[[package]]', '  [options]', 'resolution-markers = [', '    "a",', ']', '', '# é ü 中 🐍'),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const bytes = fc.uint8Array({ minLength: 0, maxLength: 8 }); // stray bytes: broken UTF-8, lone \r
    const content = fc.array(fc.tuple(line, bytes, fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(content, fc.integer({ min: 0, max: 200_000 }), (lines, padding) => {
        // Padding before the lines puts the table anywhere: in the first chunk, on a chunk's edge, far beyond.
        const parts = [Buffer.from(`# ${'x'.repeat(padding)}\n`), ...lines.flatMap(([l, b, eol]) => [Buffer.from(l), Buffer.from(b), Buffer.from(eol)])];
        const file = path.join(dir, 'uv.lock');
        fs.writeFileSync(file, Buffer.concat(parts));
        const whole = fs.readFileSync(file, 'utf8');
        const read = openRepo(dir).readText('uv.lock', TABLE_HEADER);
        expect(read.kind).toBe('ok');
        expect(expected(read.kind === 'ok' ? read.text : '')).toBe(expected(whole));
        // The reader's own cut: never past the table (nothing after it is read), never short of it.
        expect(read.kind === 'ok' && read.text).toBe(fs.statSync(file).size > 8 * 1024 ? expected(whole) : whole);
      }),
      { numRuns: 60 },
    );
  });

  // Regression (was a bug, found by the property above under CI): a "[" after a lone "\r" starts a
  // line for the pattern's "^", and the reader cut at the "\n" line before it, losing "version = 1".
  it('a table after a lone carriage return: cut where the pattern sees the line start', () => {
    const dir = tempDir();
    const text = `# ${'x'.repeat(8175)}\nversion = 1\r[\n\n`;
    fs.writeFileSync(path.join(dir, 'uv.lock'), text);
    expect(openRepo(dir).readText('uv.lock', TABLE_HEADER)).toEqual({ kind: 'ok', text: expected(text) });
    expect(expected(text).endsWith('version = 1\r')).toBe(true);
  });

  it('a line that runs past a chunk, and no table at all: the whole file', () => {
    const dir = tempDir();
    const text = `version = 1\nnote = "${'é'.repeat(100_000)}"\nrequires-python = ">=3.12"\n`;
    fs.writeFileSync(path.join(dir, 'uv.lock'), text);
    expect(openRepo(dir).readText('uv.lock', TABLE_HEADER)).toEqual({ kind: 'ok', text });
  });
});

describe('uv.lock facts from a large lock', () => {
  const lock = (head: string) => `${head}\n${'[[package]]\nname = "p"\nversion = "1.0.0"\nsource = { registry = "https://pypi.org/simple" }\n\n'.repeat(20_000)}`;
  const factsOf = (reader: Parameters<typeof readUvLockFacts>[0]) => {
    const diagnostics: Diagnostic[] = [];
    return { facts: readUvLockFacts(reader, 'uv.lock', diagnostics), diagnostics };
  };

  it.each([
    ['a plain head', 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n'],
    ['resolution markers', 'version = 1\nrequires-python = ">=3.10"\nresolution-markers = [\n    "python_full_version >= \'3.12\'",\n    "python_full_version < \'3.12\'",\n]\n'],
    ['a broken head', 'version = 1\nrequires-python = ">=3.12\n'],
    ['an array of arrays, cut where the head ends', 'version = 1\nx = [\n  [1, 2],\n]\nrequires-python = ">=3.11"\n'],
    ['CRLF and a BOM', '\uFEFFversion = 1\r\nrequires-python = ">=3.9"\r\n'],
  ])('%s: the same facts and diagnostics as from the whole text', (_name, head) => {
    const text = lock(head);
    const root = makeRepo({ 'uv.lock': text });
    expect(factsOf(openRepo(root))).toEqual(factsOf(new MemoryRepo({ 'uv.lock': text }, root)));
  });

  it('a lock over the size limit is still refused, as before', () => {
    const root = makeRepo({});
    fs.writeFileSync(path.join(root, 'uv.lock'), 'version = 1\n');
    fs.truncateSync(path.join(root, 'uv.lock'), 65 * 1024 * 1024);
    expect(factsOf(openRepo(root)).diagnostics.map((d) => d.code)).toEqual(['uv-lock-unreadable']);
  });
});

describe('what the reader remembers of listings', () => {
  it('links out of the repository are still refused, with or without a trailing slash, after a listing', () => {
    const outside = makeRepo({ 'pyproject.toml': '[project]\nname = "secret"\n', 'secret.txt': 's' }, 'outside');
    const root = makeRepo({ 'a/pyproject.toml': '[project]\nname = "a"\n' });
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(outside, 'pyproject.toml'), path.join(root, 'a', 'linked.toml'));
    const reader = openRepo(root);
    expect(reader.listDir('.')).toEqual(['a', 'out']);
    expect(reader.listDir('a')).toEqual(['linked.toml', 'pyproject.toml']);
    expect(reader.listDir('out')).toEqual([]);
    expect(reader.listDir('out/')).toEqual([]);
    expect(reader.readText('out/pyproject.toml')).toMatchObject({ kind: 'error', message: expect.stringContaining('outside the repository') });
    expect(reader.readText('a/linked.toml')).toMatchObject({ kind: 'error', message: expect.stringContaining('outside the repository') });
    expect(reader.kindOf('out')).toBe('other');
    expect(reader.kindOf('a')).toBe('dir');
    expect(reader.kindOf('a/pyproject.toml')).toBe('file');
    expect(reader.realPathOf('a/pyproject.toml')).toBe('a/pyproject.toml');
    expect(reader.realPathOf('out')).toBeUndefined();
  });

  it('realPathOf and kindOf give the same answers before and after the folders are listed (the listing spares their system calls)', () => {
    const outside = makeRepo({ 'f.txt': 'x' }, 'outside');
    const root = makeRepo({ 'a/b/c.txt': '', 'a/d.txt': '', 'e.txt': '', 'deep/er/f.txt': '' });
    fs.symlinkSync('a', path.join(root, 'to-a'));
    fs.symlinkSync('a/b/c.txt', path.join(root, 'to-c'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(outside, 'f.txt'), path.join(root, 'a', 'out.txt'));
    fs.symlinkSync('nowhere', path.join(root, 'dangling'));
    const rels = [
      '.',
      'a',
      'a/b',
      'a/b/c.txt',
      'a/d.txt',
      'e.txt',
      'deep/er',
      'deep/er/f.txt',
      'to-a',
      'to-a/d.txt',
      'to-c',
      'out',
      'out/f.txt',
      'a/out.txt',
      'dangling',
      'missing',
      'a/./d.txt',
      'a/../e.txt',
    ];
    const answers = (reader: ReturnType<typeof openRepo>) => rels.map((rel) => [rel, reader.realPathOf(rel), reader.kindOf(rel)]);
    const cold = answers(openRepo(root));
    const listed = openRepo(root);
    for (const folder of ['.', 'a', 'a/b', 'deep', 'deep/er', 'to-a']) listed.listDir(folder);
    expect(answers(listed)).toEqual(cold);
    expect(Object.fromEntries(cold.map(([rel, real]) => [rel, real]))).toMatchObject({
      '.': '',
      'to-a/d.txt': 'a/d.txt',
      'to-c': 'a/b/c.txt',
      out: undefined,
      'a/out.txt': undefined,
      'a/../e.txt': 'e.txt',
    });
  });

  it('a listed file swapped for a link out of the repository during the run is refused, not followed', () => {
    const outside = makeRepo({ 'secret.txt': 'secret', 'big.txt': `${'s'.repeat(20_000)}\n` }, 'outside');
    const root = makeRepo({ 'small.txt': 'mine', 'uv.lock': `version = 1\n${'#'.repeat(20_000)}\n` });
    const reader = openRepo(root);
    reader.listDir('.');
    for (const [name, target] of [
      ['small.txt', 'secret.txt'],
      ['uv.lock', 'big.txt'],
    ] as const) {
      fs.rmSync(path.join(root, name));
      fs.symlinkSync(path.join(outside, target), path.join(root, name));
      const read = reader.readText(name);
      expect(read, name).toMatchObject({ kind: 'error', message: `${name} cannot be read (ELOOP)` });
      expect(reader.readText(name, /^\[\[package\]\]/m), name).toMatchObject({ kind: 'error' });
    }
  });

  it('a reader whose root is the file-system root (the parent() of a repository at /x) reads inside it', () => {
    const reader = openRepo('/');
    expect(reader.readText('etc/passwd')).toMatchObject({ kind: 'ok' });
    expect(reader.realPathOf('etc/passwd')).toBe('etc/passwd');
  });

  it('a listing handed out cannot change what the reader remembers', () => {
    const reader = openRepo(makeRepo({ b: '', a: '' }));
    reader.listDir('.').reverse();
    expect(reader.listDir('.')).toEqual(['a', 'b']);
  });

  it('a folder of projects: links, folders without a pyproject.toml, odd names; a pyproject.toml linked out is left out', () => {
    const outside = makeRepo({ 'pyproject.toml': '[project]\nname = "outside"\n' }, 'outside');
    const root = makeRepo({
      'api/pyproject.toml': '[project]\nname = "api"\n',
      'api/uv.lock': 'version = 1\n',
      'worker/pyproject.toml': '[project]\nname = 5\n',
      // Not read: uv reports it when the install step syncs the folder.
      'broken/pyproject.toml': '[tool.uv.workspace\nmembers = []\n',
      'untitled/pyproject.toml': '[tool.uv]\npackage = false\n',
      'docs/index.md': '',
      'README.md': '',
    });
    fs.symlinkSync(outside, path.join(root, 'linked-out'));
    fs.symlinkSync('api', path.join(root, 'linked-in'));
    fs.symlinkSync(path.join(outside, 'pyproject.toml'), path.join(root, 'docs', 'pyproject.toml'));
    const { facts, diagnostics } = analyzeRepo(openRepo(root), 'repo');
    expect(facts.projects).toEqual([
      // linked-in -> api is not a second project: the search follows no link (issue 10, item 1).
      { path: 'api' },
      { path: 'broken' },
      { path: 'untitled' },
      { path: 'worker' },
    ]);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['subproject-pyproject-unreadable', 'docs/pyproject.toml']]);
  });
});

describe('the small-file read (open, read, close)', () => {
  it('gives what readFileSync gives for files around the one-read size, and refuses what the long way refuses', () => {
    const sizes = [0, 1, 8191, 8192, 8193, 20_000];
    const files = Object.fromEntries(sizes.map((n) => [`f${n}`, `${'é'.repeat(Math.floor(n / 2))}${n % 2 ? 'x' : ''}`]));
    const root = makeRepo({ ...files, 'dir/inner': 'y' });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'out'));
    fs.symlinkSync('f1', path.join(root, 'in'));
    const reader = openRepo(root);
    reader.listDir('.');
    for (const name of Object.keys(files)) expect(reader.readText(name)).toEqual({ kind: 'ok', text: fs.readFileSync(path.join(root, name), 'utf8') });
    expect(reader.readText('in')).toEqual({ kind: 'ok', text: files.f1 });
    expect(reader.readText('out')).toMatchObject({ kind: 'error', message: expect.stringContaining('outside the repository') });
    expect(reader.readText('dir')).toMatchObject({ kind: 'error', message: 'dir is not a regular file (a folder)' });
    expect(reader.readText('missing')).toEqual({ kind: 'missing' });
  });

  it('never waits on a FIFO named like a project file', () => {
    const root = makeRepo({ 'a/x': '' });
    execFileSync('mkfifo', [path.join(root, 'pyproject.toml')]);
    const reader = openRepo(root);
    reader.listDir('.');
    // The quick path checks the handle too: a FIFO is named for what it is, never read as an empty file.
    expect(reader.readText('pyproject.toml')).toEqual({
      kind: 'error',
      message: 'pyproject.toml is not a regular file (a FIFO)',
      hint: 'remove or rename pyproject.toml: gen-devcontainer reads only regular files',
    });
  });
});
