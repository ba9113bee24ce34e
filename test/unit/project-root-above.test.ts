/**
 * Run in a folder inside a project (its `src/mypkg`), the refusal names the project's root above,
 * found by the same walk up as the workspace a member belongs to (src/analyze/enclosing.ts): no
 * higher than the repository root, and nothing is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, readTree, runCli } from '../helpers/cli.js';

const PROJECT = { 'pyproject.toml': '[project]\nname = "app"\nversion = "0"\n', 'src/mypkg/__init__.py': '' };

describe('a folder inside a project', () => {
  it('src/mypkg: exit 2, naming ../.. and its pyproject.toml; nothing written', async () => {
    const root = makeRepo({ ...PROJECT, '.git/HEAD': 'ref: refs/heads/main\n' });
    const before = readTree(root);
    const run = await runCli(['--dry-run'], path.join(root, 'src', 'mypkg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[pyproject-missing]');
    expect(run.stderr).toContain(`the project root is ${root} (pyproject.toml there, ../.. from this folder); run gen-devcontainer there: gen-devcontainer ${root}`);
    expect(readTree(root)).toEqual(before);
  });

  it('a setup.py project one level up, DIR given from the root: the root by its own path, not `..` (from DIR, out of the project from here)', async () => {
    const root = makeRepo({ 'setup.py': 'from setuptools import setup\nsetup()\n', 'pkg/__init__.py': '' });
    const run = await runCli(['plan', 'pkg'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the project root is ${root} (setup.py there, .. from this folder); run gen-devcontainer there: gen-devcontainer ${root}`);
    expect(run.stderr).not.toContain('cd ..');
  });

  it("a root whose path needs quoting is one shell word in the hint's command", async () => {
    const root = path.join(makeRepo({}), "it's mine");
    fs.mkdirSync(path.join(root, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "a"\n');
    const run = await runCli(['--dry-run'], path.join(root, 'pkg'));
    expect(run.stderr).toContain(`run gen-devcontainer there: gen-devcontainer '${root.replace(/'/g, "'\\''")}'`);
  });

  it('a project above the repository root is not named: the walk stops at .git', async () => {
    const outer = makeRepo({ ...PROJECT, 'repo/.git/HEAD': 'x\n', 'repo/docs/index.md': '' });
    const inRepo = await runCli(['--dry-run'], path.join(outer, 'repo', 'docs'));
    expect(inRepo.code).toBe(2);
    expect(inRepo.stderr).not.toContain('the project root is');
    // The folder that holds .git reads nothing above itself.
    const atRoot = await runCli(['--dry-run'], path.join(outer, 'repo'));
    expect(atRoot.stderr).not.toContain('the project root is');
    expect(fs.existsSync(path.join(outer, 'repo', '.devcontainer'))).toBe(false);
  });

  it('a folder with nothing above keeps the plain hint', async () => {
    const root = makeRepo({ '.git/HEAD': 'x\n', 'notes/a.md': '' });
    const run = await runCli(['--dry-run'], path.join(root, 'notes'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('create one with `uv init`');
  });
});
