/**
 * Fuzz classes for the writer (src/write/transaction.ts):
 * - failing writes: the k-th call that changes the disk (open, write, fsync, chmod, chown, link,
 *   mkdir, rename) fails, for every k of a run, with an error a disk gives: the folder ends exactly
 *   as it was or exactly as a run that fails nothing leaves it, never a mix, and the error says which.
 * - leftover names: files, folders and links of every temporary-looking name at the root and in
 *   .devcontainer; a run removes only a regular file with the tool's mark and an output's name.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_PATHS } from '../../src/outputs.js';
import { prepareWrites, runPipeline } from '../../src/pipeline.js';
import type { PlanOptions } from '../../src/plan/options.js';
import type { WriteFs } from '../../src/write/transaction.js';
import { applyWrites, type WriteAction, WriteRefused } from '../../src/write/writer.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const tally = fuzzTally();
const PYPROJECT = '[project]\nname = "fuzz-writes"\nversion = "0"\nrequires-python = ">=3.12"\n';
const MANIFEST = OUTPUT_PATHS.manifest;

let scratch: string;
beforeAll(() => {
  // Memory, where there is some: a case is a few dozen file operations, and a disk's journal makes them slow.
  scratch = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'fuzz-writes-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
function copyOf(template: string): string {
  const dir = path.join(scratch, `case-${copies++}`);
  fs.cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** Every entry under a folder: a file's content, `<dir>`, or `-> target` for a link. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs);
    if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(abs)}`;
    else if (e.isDirectory()) out[rel] = '<dir>';
    else out[rel] = `${(fs.statSync(abs).mode & 0o777).toString(8)} ${fs.readFileSync(abs, 'utf8')}`;
  }
  return out;
}

/** What a run with these options would do in `dir`, as `gen-devcontainer` computes it. */
function actionsFor(dir: string, options: Omit<PlanOptions, 'generatorVersion'>, force: boolean): WriteAction[] {
  const result = runPipeline(dir, { given: { generatorVersion: '0.0.0-fuzz', ...options, force }, forget: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return prepareWrites(result, { writing: false }).actions;
}

/** node:fs with fsync a no-op (the fuzz checks which calls are made, not the disk's durability) and the k-th changing call failing. */
function failingFs(failAt: number | readonly number[], errno: string): { fs: WriteFs; calls: () => number } {
  let calls = 0;
  const failing = new Set([failAt].flat());
  const fail = (name: string, target: unknown) => {
    calls++;
    if (!failing.has(calls)) return;
    throw Object.assign(new Error(`${errno}: injected, ${name}`), { code: errno, syscall: name, ...(typeof target === 'string' ? { path: target } : {}) });
  };
  const { O_WRONLY, O_RDWR, O_CREAT } = fs.constants;
  const facade: WriteFs = {
    ...fs,
    openSync: ((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      if (typeof flags === 'number' && flags & (O_WRONLY | O_RDWR | O_CREAT)) fail('open', file);
      return fs.openSync(file, flags ?? 'r', mode);
    }) as typeof fs.openSync,
    writeSync: ((fd: number, ...rest: unknown[]) => {
      fail('write', undefined);
      return (fs.writeSync as (...args: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.writeSync,
    fsyncSync: () => fail('fsync', undefined),
    fchmodSync: (fd, mode) => {
      fail('fchmod', undefined);
      fs.fchmodSync(fd, mode);
    },
    fchownSync: (fd, uid, gid) => {
      fail('fchown', undefined);
      fs.fchownSync(fd, uid, gid);
    },
    chownSync: (file, uid, gid) => {
      fail('chown', file);
      fs.chownSync(file, uid, gid);
    },
    linkSync: (from, to) => {
      fail('link', from);
      fs.linkSync(from, to);
    },
    mkdirSync: ((dir: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      fail('mkdir', dir);
      return fs.mkdirSync(dir, options);
    }) as typeof fs.mkdirSync,
    renameSync: (from, to) => {
      fail('rename', from);
      fs.renameSync(from, to);
    },
  };
  return { fs: facade, calls: () => calls };
}

interface Scenario {
  name: string;
  /** The folder before the run. */
  template: string;
  actions: WriteAction[];
  force: boolean;
  before: Record<string, string>;
  after: Record<string, string>;
  /** Changing calls a run that fails nothing makes. */
  calls: number;
}

function scenario(name: string, files: Record<string, string>, prepare: (dir: string) => void, options: Omit<PlanOptions, 'generatorVersion'>, force: boolean): Scenario {
  const template = path.join(scratch, `template-${name}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(template, rel)), { recursive: true });
    fs.writeFileSync(path.join(template, rel), content);
  }
  prepare(template);
  const actions = actionsFor(template, options, force);
  const done = copyOf(template);
  const counting = failingFs(0, 'EIO');
  applyWrites(done, actions, force, MANIFEST, counting.fs);
  return { name, template, actions, force, before: tree(template), after: tree(done), calls: counting.calls() };
}

describe('fuzz: failing writes, renames and fsyncs', () => {
  let scenarios: Scenario[];
  beforeAll(() => {
    scenarios = [
      // Every output created, .devcontainer too.
      scenario('create', { 'pyproject.toml': PYPROJECT }, () => {}, {}, false),
      // Every output generated before and updated now (another Python).
      scenario(
        'update',
        { 'pyproject.toml': PYPROJECT },
        (dir) => {
          applyWrites(dir, actionsFor(dir, {}, false), false, MANIFEST);
          fs.chmodSync(path.join(dir, '.devcontainer/README.md'), 0o600);
        },
        { python: '3.13' },
        false,
      ),
      // The user's own Dockerfile replaced with --force (kept as .bak), the user's devcontainer.json edited in place.
      scenario(
        'force',
        { 'pyproject.toml': PYPROJECT, '.devcontainer/Dockerfile': 'FROM scratch\n', '.devcontainer/devcontainer.json': '{\n  // mine\n  "build": {"dockerfile": "Dockerfile"}\n}\n' },
        () => {},
        {},
        true,
      ),
    ];
    for (const s of scenarios) expect(s.after, s.name).not.toEqual(s.before);
  });

  it('the k-th changing call fails: the folder is as it was (and the message says nothing was written) or as it should be', () => {
    const errnos = ['EIO', 'ENOSPC', 'EDQUOT', 'EPERM', 'EACCES', 'EBUSY', 'EROFS', 'EXDEV', 'EMLINK', 'ENOTSUP'];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom(...errnos), (pick, k, errno) => {
        const s = scenarios[pick % scenarios.length]!;
        const failAt = 1 + (k % (s.calls + 1)); // One more than the calls made: a run where nothing fails.
        const dir = copyOf(s.template);
        let error: unknown;
        try {
          applyWrites(dir, s.actions, s.force, MANIFEST, failingFs(failAt, errno).fs);
        } catch (err) {
          error = err;
        }
        const now = tree(dir);
        fs.rmSync(dir, { recursive: true, force: true });
        if (error === undefined) {
          expect(now).toEqual(s.after);
          tally.count('failing writes', `${s.name} written whole`);
        } else {
          expect(error).toBeInstanceOf(WriteRefused);
          expect((error as WriteRefused).message).toMatch(new RegExp(`could not be written \\(${errno}: .*\\); nothing was written`));
          expect(now).toEqual(s.before);
          tally.count('failing writes', `${s.name} left as it was`);
        }
      }),
      fuzzSettings,
    );
  });
});

describe('fuzz: failing writes whose undoing fails too', () => {
  it('a second failure while putting files back: the message names exactly the files left new, every other file is as it was', () => {
    const s = scenario(
      'undo',
      { 'pyproject.toml': PYPROJECT, '.devcontainer/Dockerfile': 'FROM scratch\n' },
      (dir) => {
        const actions = actionsFor(dir, {}, true);
        applyWrites(dir, actions, true, MANIFEST);
        fs.writeFileSync(path.join(dir, '.devcontainer/README.md'), 'mine now\n');
      },
      { python: '3.13' },
      true,
    );
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (k, gap) => {
        // The first failure among the last calls (the renames and the folder's sync), so there is something to put back;
        // the second among the renames that put it back.
        const first = s.calls - (k % Math.min(s.calls, 12));
        const second = first + 1 + (gap % (s.actions.length + 1));
        const dir = copyOf(s.template);
        let error: unknown;
        try {
          applyWrites(dir, s.actions, s.force, MANIFEST, failingFs([first, second], 'EIO').fs);
        } catch (err) {
          error = err;
        }
        const now = tree(dir);
        fs.rmSync(dir, { recursive: true, force: true });
        expect(error).toBeInstanceOf(WriteRefused);
        const message = (error as WriteRefused).message;
        const left = /; (.*) could not be given back (?:its|their) previous content and (?:is|are) the new version; every other file has its previous content$/.exec(message);
        const expected = { ...s.before };
        for (const named of left ? left[1]!.split(', ') : []) {
          const [, file, backup] = /^(\S+)(?: \(yours is kept as (\S+)\))?$/.exec(named)!;
          expected[file!] = s.after[file!]!;
          if (backup) expected[backup] = s.after[backup]!;
        }
        if (!left) expect(message).toMatch(/; nothing was written/);
        expect(now).toEqual(expected);
        tally.count('failing undo', left ? 'some files left new, named' : 'left as it was');
      }),
      fuzzSettings,
    );
  });
});

describe('fuzz: temporary-looking names at the root and in .devcontainer', () => {
  /** The file names of the outputs a run here writes: all the registry's but the Compose override (these repositories have no Compose file). */
  const OUTPUTS = Object.entries(OUTPUT_PATHS)
    .filter(([id]) => id !== 'compose')
    .map(([, file]) => path.posix.basename(file));
  const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
  const word = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
  /** A name a user (or another tool) could give a file. */
  const userName = fc.oneof(
    fc.tuple(word, fc.integer({ min: 1, max: 4194303 })).map(([w, pid]) => `.${w}.${pid}.tmp`),
    fc.tuple(fc.constantFrom(...OUTPUTS), fc.integer({ min: 1, max: 4194303 }), fc.option(hex(8))).map(([o, pid, r]) => `.${o}.${pid}${r ? `.${r}` : ''}.tmp`),
    fc.tuple(word, hex(12), fc.constantFrom('tmp', 'old')).map(([w, t, kind]) => `.${w}x.gen-devcontainer-${t}.${kind}`),
    fc.tuple(fc.constantFrom(...OUTPUTS), hex(11), fc.constantFrom('tmp', 'old', 'bak')).map(([o, t, kind]) => `.${o}.gen-devcontainer-${t}.${kind}`),
    fc.string({ minLength: 1, maxLength: 20 }).map((s) => `.${s.replace(/[/\0]/g, '_')}.tmp`),
  );
  /** A name only this tool gives, and only to an output's temporary file. */
  const ownName = fc.tuple(fc.constantFrom(...OUTPUTS), hex(12), fc.constantFrom('tmp', 'old')).map(([o, t, kind]) => `.${o}.gen-devcontainer-${t}.${kind}`);
  const kind = fc.constantFrom('file', 'dir', 'link');
  const entry = fc.oneof(
    { weight: 4, arbitrary: fc.record({ name: userName, kind, where: fc.constantFrom('', '.devcontainer/'), own: fc.constant(false) }) },
    // The tool's own name as a folder, a link, or at the root (no output there): never removed.
    { weight: 1, arbitrary: fc.record({ name: ownName, kind: fc.constantFrom('dir', 'link'), where: fc.constant('.devcontainer/'), own: fc.constant(false) }) },
    { weight: 1, arbitrary: fc.record({ name: ownName, kind: fc.constant('file'), where: fc.constant(''), own: fc.constant(false) }) },
    // A killed run's leftover: removed.
    { weight: 2, arbitrary: fc.record({ name: ownName, kind: fc.constant('file'), where: fc.constant('.devcontainer/'), own: fc.constant(true) }) },
  );

  it("a run removes only the tool's own leftovers: never a user's file, folder or link", () => {
    const template = path.join(scratch, 'template-names');
    fs.mkdirSync(path.join(template, '.devcontainer'), { recursive: true });
    fs.writeFileSync(path.join(template, 'pyproject.toml'), PYPROJECT);
    const actions = actionsFor(template, {}, false);
    fc.assert(
      fc.property(fc.uniqueArray(entry, { minLength: 1, maxLength: 6, selector: (e) => `${e.where}${e.name}` }), (entries) => {
        const dir = copyOf(template);
        for (const e of entries) {
          const abs = path.join(dir, e.where, e.name);
          if (e.kind === 'dir') fs.mkdirSync(abs);
          else if (e.kind === 'link') fs.symlinkSync('../pyproject.toml', abs);
          else fs.writeFileSync(abs, `content of ${e.name}`);
        }
        applyWrites(dir, actions, false, MANIFEST, { ...fs, fsyncSync: () => {} });
        for (const e of entries) {
          const there = fs.existsSync(path.join(dir, e.where, e.name)) || fs.lstatSync(path.join(dir, e.where, e.name), { throwIfNoEntry: false }) !== undefined;
          expect(there, `${e.where}${e.name} (${e.kind})`).toBe(!e.own);
          tally.count('leftover names', e.own ? 'own leftover removed' : `user ${e.kind} kept`);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      fuzzSettings,
    );
  });
});
