/**
 * What the command line promises at its edges (src/cli/main.ts, bin/gen-devcontainer.js): the
 * folder after `--` is the folder written; exit 1 means drift and nothing else; a folder that is
 * no project root (the file-system root, a home folder) is refused unless asked for.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, withoutHostCa } from '../helpers/cli.js';
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

describe('exit 1 means drift, nothing else (the bin as a shell runs it)', () => {
  const bin = path.resolve('bin/gen-devcontainer.js');
  const upToDate = async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    return repo;
  };

  it('--check > /dev/full on an up-to-date repository: exit 2 with the reason on stderr, not 1', async () => {
    const repo = await upToDate();
    const full = fs.openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [bin, '--check', repo], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: withoutHostCa() });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^gen-devcontainer: the output could not be written \(ENOSPC\)/);
      expect(run.stderr).not.toMatch(/ at .*:\d+:\d+/);
    } finally {
      fs.closeSync(full);
    }
  });

  it("a reader that stops early (| head) leaves the exit code the command's: 0 for plan, 1 for --check on drift", async () => {
    const repo = await upToDate();
    /** The exit code when the reader closes the pipe before reading anything (EPIPE on every write). */
    const withClosedPipe = (args: string[]) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.destroy();
        child.on('exit', resolve);
      });
    expect(await withClosedPipe(['plan', repo])).toBe(0);
    fs.appendFileSync(path.join(repo, '.devcontainer/README.md'), 'edited\n');
    expect(await withClosedPipe(['--check', repo])).toBe(1);
  });

  it('in a deleted current folder: an absolute DIR works (exit 0, no stack); a relative one is exit 2 with the reason', async () => {
    const repo = await upToDate();
    const gone = path.join(tempDir(), 'gone');
    const inGone = (dir: string) =>
      spawnSync('sh', ['-c', 'mkdir "$0" && cd "$0" && rmdir "$0" && exec "$1" "$2" --check "$3"', gone, process.execPath, bin, dir], { encoding: 'utf8', env: withoutHostCa() });
    const absolute = inGone(repo);
    expect(absolute.status, absolute.stderr).toBe(0);
    expect(absolute.stderr).toBe('');
    const relative = inGone('repo');
    expect(relative.status, relative.stderr).toBe(2);
    expect(relative.stderr).toMatch(/the current folder no longer exists .*give its absolute path/);
  });
});

describe('a folder that is no project root is refused unless asked for', () => {
  /** A home folder holding two projects, as ~ does: without the refusal it is a "folder of projects". */
  function home(extra: Record<string, string> = {}): string {
    return makeRepo({ 'code/app/pyproject.toml': PYPROJECT, 'code/lib/pyproject.toml': PYPROJECT.replace('edge', 'lib'), ...extra }, 'alice');
  }

  it('the file-system root: exit 2 not-a-project-root, for every command that plans', async () => {
    for (const argv of [
      ['--dry-run', '/'],
      ['plan', '/'],
      ['env', '/'],
    ]) {
      const run = await runCli(argv, '/');
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error: \/ is the root of the file system, with no pyproject\.toml.*not a project root.*\[not-a-project-root\]\n {2}hint: .*--allow-any-folder/);
    }
  });

  it('a system folder (/usr, /etc, /home, /var, /tmp): exit 2 before any search', async () => {
    for (const dir of ['/usr', '/etc', '/home', '/var', '/tmp']) {
      const run = await runCli(['plan', dir], '/');
      expect(run.code, dir).toBe(2);
      expect(run.stderr).toMatch(/is one of the system's own folders, with no pyproject\.toml.*\[not-a-project-root\]/);
    }
  });

  it('the home folder and a folder holding it: exit 2, nothing written; --allow-any-folder takes them', async () => {
    const alice = home();
    const env = { ...process.env, HOME: alice };
    const inHome = await runCli([alice], alice, env);
    expect(inHome.code, inHome.stderr).toBe(2);
    expect(inHome.stderr).toMatch(/is your home folder, with no pyproject\.toml, requirements file or setup\.py/);
    const above = await runCli([path.dirname(alice)], alice, env);
    expect(above.code, above.stderr).toBe(2);
    expect(above.stderr).toMatch(/is a folder holding your home folder/);
    expect(fs.existsSync(path.join(alice, '.devcontainer'))).toBe(false);
    const deliberate = await runCli([alice, '--allow-any-folder'], alice, env);
    expect(deliberate.code, deliberate.stderr).toBe(0);
    expect(fs.existsSync(path.join(alice, '.devcontainer/devcontainer.json'))).toBe(true);
  });

  it('a home folder that is a project, and a folder of projects elsewhere, are taken as before', async () => {
    const projectHome = home({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([projectHome, '--dry-run'], projectHome, { ...process.env, HOME: projectHome })).code).toBe(0);
    const elsewhere = home();
    expect((await runCli([elsewhere, '--dry-run'], elsewhere, { ...process.env, HOME: '/nonexistent/home' })).code).toBe(0);
  });
});
