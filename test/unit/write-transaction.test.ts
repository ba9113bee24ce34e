/**
 * Writes are a transaction (src/write/writer.ts applyWrites): all temporary files first, then the
 * renames, the manifest last; a failure leaves the folder as it was; a killed run's leftovers are
 * removed by the next; two runs at once are serialised by a lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fileContents, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "txn-demo"\nversion = "0"\nrequires-python = ">=3.12"\n';

describe('a failure part-way leaves the folder exactly as it was', () => {
  it('a full disk (a 16 KiB tmpfs) while writing: exit 2, "the disk is full", nothing changed', async () => {
    if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v mount']).status !== 0) return;
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/keep.txt': 'mine\n' });
    const devcontainer = path.join(repo, '.devcontainer');
    const saved = fs.readFileSync(path.join(devcontainer, 'keep.txt'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', devcontainer]).status !== 0) return;
    try {
      fs.writeFileSync(path.join(devcontainer, 'keep.txt'), saved);
      const before = fileContents(repo);
      const run = await runCli([repo]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/error: the disk is full \(ENOSPC\) writing .*; nothing was written \[disk-full\]\n {2}hint: free some space, then run again/);
      expect(fileContents(repo)).toEqual(before);
      expect(fs.readdirSync(devcontainer).sort()).toEqual(['keep.txt']);
    } finally {
      spawnSync('umount', [devcontainer]);
    }
  });

  it('a folder the user cannot write: exit 2, "cannot be written", nothing changed, no stack trace', async () => {
    if (process.getuid?.() === 0) {
      // Root writes anywhere: run the built CLI as nobody against a folder nobody cannot write.
      const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
      fs.mkdirSync(path.join(repo, '.devcontainer'));
      for (let dir = repo; dir !== path.dirname(dir) && dir !== '/tmp'; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
      const before = fileContents(repo);
      const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/gen-devcontainer.js'), repo], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/cannot be written \(EACCES\); nothing was written \[not-writable\]|EACCES/);
      expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      expect(fileContents(repo)).toEqual(before);
    }
  });
});

it("a killed run's temporary files are removed by the next run; a live one's are left alone", async () => {
  const live = spawn('sleep', ['30']);
  try {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      '.devcontainer/.Dockerfile.999999.tmp': 'half',
      '.devcontainer/.README.md.999998.0a1b2c3d.tmp': 'half',
      [`.devcontainer/.README.md.${live.pid}.tmp`]: 'being written',
    });
    const run = await runCli([repo]);
    expect(run.code, run.stderr).toBe(0);
    const names = fs.readdirSync(path.join(repo, '.devcontainer'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([`.README.md.${live.pid}.tmp`]);
    expect(names).not.toContain('.gen-devcontainer.lock');
  } finally {
    live.kill();
  }
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
