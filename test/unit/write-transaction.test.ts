/**
 * Writes are a transaction (src/write/writer.ts applyWrites): all temporary files first, then the
 * renames, the manifest last; a failure leaves the folder as it was; a killed run's leftovers are
 * removed by the next; two runs at once are serialised by a lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyWrites, LOCK_FILE, type WriteAction } from '../../src/write/writer.js';
import { runCli } from '../helpers/cli.js';
import { fileContents, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "txn-demo"\nversion = "0"\nrequires-python = ">=3.12"\n';

const asRoot = process.getuid?.() === 0;
const canMount = asRoot && spawnSync('sh', ['-c', 'command -v mount']).status === 0;
/** chattr +i works as root on ext4 and most Linux file systems; tmpfs before 6.0 has no such flag. */
const canChattr = asRoot && spawnSync('sh', ['-c', 'command -v chattr && f=$(mktemp -p "${TMPDIR:-/tmp}") && chattr +i "$f" && chattr -i "$f" && rm "$f"']).status === 0;

describe('a failure part-way leaves the folder exactly as it was', () => {
  it.skipIf(!canMount)('a full disk (a 16 KiB tmpfs) while writing: exit 2, "the disk is full", nothing changed', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/keep.txt': 'mine\n' });
    const devcontainer = path.join(repo, '.devcontainer');
    const saved = fs.readFileSync(path.join(devcontainer, 'keep.txt'));
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', devcontainer]).status).toBe(0);
    try {
      fs.writeFileSync(path.join(devcontainer, 'keep.txt'), saved);
      const before = fileContents(repo);
      const run = await runCli([repo]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/error: \.devcontainer\/\S+ could not be written \(ENOSPC: the disk is full\); nothing was written \[disk-full\]\n {2}hint: free some space, then run again/);
      expect(fileContents(repo)).toEqual(before);
      expect(fs.readdirSync(devcontainer).sort()).toEqual(['keep.txt']);
    } finally {
      spawnSync('umount', [devcontainer]);
    }
  });

  it('a folder the user cannot write: exit 2, "cannot be written", nothing changed, no stack trace', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const devcontainer = path.join(repo, '.devcontainer');
    fs.mkdirSync(devcontainer);
    let run: { status: number | null; stderr: string };
    if (asRoot) {
      // Root writes anywhere: run the built CLI as nobody against a folder nobody cannot write.
      for (let dir = repo; dir !== path.dirname(dir) && dir !== '/tmp'; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
      const before = fileContents(repo);
      run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/gen-devcontainer.js'), repo], { encoding: 'utf8' });
      expect(fileContents(repo)).toEqual(before);
    } else {
      fs.chmodSync(devcontainer, 0o555);
      const before = fileContents(repo);
      const inProcess = await runCli([repo]);
      run = { status: inProcess.code, stderr: inProcess.stderr };
      fs.chmodSync(devcontainer, 0o755);
      expect(fileContents(repo)).toEqual(before);
    }
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/could not be written \(EACCES: not permitted\); nothing was written \[not-writable\]/);
    expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});

it("a killed run's temporary files are removed by the next run: its own names only, never a user's file, folder or link", async () => {
  const own = '.devcontainer/.Dockerfile.gen-devcontainer-0123456789ab.tmp';
  const ownOld = '.devcontainer/.README.md.gen-devcontainer-ba9876543210.old';
  const users = {
    '.session.4194303.tmp': 'a user file at the root',
    '.devcontainer/.notes.4194303.tmp': 'a user file beside the outputs',
    '.devcontainer/.Dockerfile.999999.tmp': 'an old-style name, not provably ours',
    '.devcontainer/.mine.gen-devcontainer-0123456789ab.tmp': 'our mark, but no output of that name',
  };
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [own]: 'half', [ownOld]: 'old', ...users });
  fs.mkdirSync(path.join(repo, '.devcontainer/.box.4194303.tmp'));
  fs.mkdirSync(path.join(repo, '.devcontainer/.uv-lifecycle.sh.gen-devcontainer-0123456789ab.tmp'));
  fs.symlinkSync('../pyproject.toml', path.join(repo, '.devcontainer/.check-uv-layout.sh.gen-devcontainer-0123456789ab.tmp'));
  const run = await runCli([repo]);
  expect(run.code, run.stderr).toBe(0);
  for (const [file, content] of Object.entries(users)) expect(fs.readFileSync(path.join(repo, file), 'utf8')).toBe(content);
  expect(fs.statSync(path.join(repo, '.devcontainer/.box.4194303.tmp')).isDirectory()).toBe(true);
  expect(fs.statSync(path.join(repo, '.devcontainer/.uv-lifecycle.sh.gen-devcontainer-0123456789ab.tmp')).isDirectory()).toBe(true);
  expect(fs.lstatSync(path.join(repo, '.devcontainer/.check-uv-layout.sh.gen-devcontainer-0123456789ab.tmp')).isSymbolicLink()).toBe(true);
  expect(fs.existsSync(path.join(repo, own))).toBe(false);
  expect(fs.existsSync(path.join(repo, ownOld))).toBe(false);
  expect(fs.readdirSync(path.join(repo, '.devcontainer'))).not.toContain('.gen-devcontainer.lock');
});

describe('a rename that fails part-way: every file keeps its previous content, and the message says so', () => {
  /** A repository generated once; a second run with another Python updates every output. */
  async function generated(): Promise<string> {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    return repo;
  }

  it.skipIf(!canChattr)('an immutable output (chattr +i, as root) among the updated ones: exit 2, nothing changed, and the next run succeeds', async () => {
    const repo = await generated();
    const readme = path.join(repo, '.devcontainer/README.md'); // Renamed after the first four outputs.
    const before = fileContents(repo);
    expect(spawnSync('chattr', ['+i', readme]).status).toBe(0);
    try {
      expect(spawnSync('lsattr', [readme], { encoding: 'utf8' }).stdout).toMatch(/^\S*i\S* /);
      const run = await runCli([repo, '--python', '3.13']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /error: \.devcontainer\/README\.md could not be written \(EPERM: not permitted\); nothing was written \(the files already replaced have their previous content again\) \[not-writable\]\n {2}hint: .*chattr -i/,
      );
      expect(fileContents(repo)).toEqual(before);
    } finally {
      spawnSync('chattr', ['-i', readme]);
    }
    const again = await runCli([repo, '--python', '3.13']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/updated \.devcontainer\/README\.md/);
  });

  it.skipIf(!canMount)('a bind-mounted output (mount --bind, as root): exit 2 "busy", not an internal error, nothing changed', async () => {
    const repo = await generated();
    const readme = path.join(repo, '.devcontainer/README.md');
    const elsewhere = path.join(path.dirname(repo), 'README-elsewhere.md');
    fs.copyFileSync(readme, elsewhere);
    expect(spawnSync('mount', ['--bind', elsewhere, readme]).status).toBe(0);
    try {
      const before = fileContents(repo);
      const run = await runCli([repo, '--python', '3.13']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/error: \.devcontainer\/README\.md could not be written \(EBUSY: .*\); nothing was written .*\[file-busy\]\n {2}hint: .*bind-mounted/);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(fileContents(repo)).toEqual(before);
    } finally {
      spawnSync('umount', [readme]);
    }
  });
  it.skipIf(!asRoot)("another user's output in a sticky folder (run as nobody): exit 2, the files already renamed are put back", async () => {
    const repo = await generated();
    const devcontainer = path.join(repo, '.devcontainer');
    for (let dir = repo; dir !== path.dirname(dir) && dir !== '/tmp'; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
    expect(spawnSync('chown', ['-R', '65534:65534', repo]).status).toBe(0);
    // A sticky folder of root's, as /tmp: only a file's owner may rename over it, and README.md (renamed fifth) is another user's.
    fs.chownSync(devcontainer, 0, 0);
    fs.chmodSync(devcontainer, 0o1777);
    fs.chownSync(path.join(devcontainer, 'README.md'), 4321, 4321);
    const before = fileContents(repo);
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/gen-devcontainer.js'), repo, '--python', '3.13'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /error: \.devcontainer\/README\.md could not be written \((EPERM|EACCES): not permitted\); nothing was written \(the files already replaced have their previous content again\) \[not-writable\]/,
    );
    expect(fileContents(repo)).toEqual(before);
    expect(fs.readdirSync(devcontainer).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a run as root keeps who owns the files it replaces', () => {
  const owner = (file: string) => {
    const stat = fs.statSync(file);
    return { uid: stat.uid, gid: stat.gid, mode: stat.mode & 0o7777 };
  };

  it.skipIf(!asRoot)("the user's devcontainer.json keeps its owner and mode; new files and folders take their folder's owner (as root)", async () => {
    const mine = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{\n  // mine\n  "name": "mine"\n}\n' });
    const fresh = makeRepo({ 'pyproject.toml': PYPROJECT });
    for (const repo of [mine, fresh]) expect(spawnSync('chown', ['-R', '4321:4322', repo]).status).toBe(0);
    fs.chmodSync(path.join(mine, '.devcontainer/devcontainer.json'), 0o640);
    for (const repo of [mine, fresh]) expect((await runCli([repo])).code).toBe(0);
    expect(fs.readFileSync(path.join(mine, '.devcontainer/devcontainer.json'), 'utf8')).toContain('// mine');
    expect(owner(path.join(mine, '.devcontainer/devcontainer.json'))).toEqual({ uid: 4321, gid: 4322, mode: 0o640 });
    expect(owner(path.join(mine, '.devcontainer/Dockerfile'))).toEqual({ uid: 4321, gid: 4322, mode: 0o644 });
    expect(owner(path.join(fresh, '.devcontainer'))).toMatchObject({ uid: 4321, gid: 4322 });
    for (const name of fs.readdirSync(path.join(fresh, '.devcontainer'))) expect(owner(path.join(fresh, '.devcontainer', name)), name).toMatchObject({ uid: 4321, gid: 4322 });
  });

  it('an updated file keeps its mode (0600 stays 0600, whoever runs)', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{\n  "name": "mine"\n}\n' });
    fs.chmodSync(path.join(repo, '.devcontainer/devcontainer.json'), 0o600);
    expect((await runCli([repo])).code).toBe(0);
    expect(owner(path.join(repo, '.devcontainer/devcontainer.json')).mode).toBe(0o600);
  });
});

it('a run while another holds the lock stops with a message; a lock left by a dead process is taken over', async () => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/.gen-devcontainer.lock': '1\n' });
  const sleeper = spawn('sleep', ['30']);
  try {
    fs.writeFileSync(path.join(repo, '.devcontainer/.gen-devcontainer.lock'), `${sleeper.pid}\n`);
    const held = await runCli([repo]);
    expect(held.code).toBe(2);
    expect(held.stderr).toMatch(new RegExp(`another gen-devcontainer run \\(pid ${sleeper.pid}\\) is writing in this repository; nothing was written \\[locked\\]`));
    expect(fs.existsSync(path.join(repo, '.devcontainer/devcontainer.json'))).toBe(false);
  } finally {
    sleeper.kill();
  }
  await new Promise((resolve) => sleeper.on('exit', resolve));
  const after = await runCli([repo]);
  expect(after.code, after.stderr).toBe(0);
  expect(fs.existsSync(path.join(repo, '.devcontainer/.gen-devcontainer.lock'))).toBe(false);
});

it('a lock that is a folder, or a link (to a folder, to /dev/zero), is refused by name, never read through, and left alone', () => {
  const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
  const lockPath = path.join(repo, LOCK_FILE);
  fs.mkdirSync(path.dirname(lockPath));
  const action: WriteAction = { path: '.devcontainer/README.md', status: 'create', content: 'x\n' };
  for (const make of [() => fs.mkdirSync(lockPath), () => fs.symlinkSync('/dev/zero', lockPath), () => fs.symlinkSync('..', lockPath)]) {
    fs.rmSync(lockPath, { recursive: true, force: true });
    make();
    expect(() => applyWrites(repo, [action], false)).toThrow(expect.objectContaining({ code: 'lock-not-a-file' }));
    expect(fs.lstatSync(lockPath).isFile()).toBe(false);
    expect(fs.existsSync(path.join(repo, '.devcontainer/README.md'))).toBe(false);
  }
});
