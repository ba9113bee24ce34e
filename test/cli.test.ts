import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, readTree, runCli, tempDir } from './helpers/cli.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n';

function expectNoStackTrace(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('usage', () => {
  it('--help teaches the commands, options, examples and exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['plan [dir]', 'env [dir]', '--dry-run', '--check', '--force', '--python', '--uv-version', '--user', '--base-image', '--volume', '--mount-target', 'Examples:', 'Exit codes']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('each command has its own help', async () => {
    const run = await runCli(['env', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--format.*sh.*dotenv.*json/s);
  });

  it('--version prints the version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['--no-such-option']],
    [['a', 'b']],
    [['--dry-run', '--check']],
    [['env', '--format', 'xml']],
  ])('bad usage %j exits 2 with a message and no stack trace', async (argv) => {
    const run = await runCli(argv, makeRepo({ 'pyproject.toml': PYPROJECT }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gen-devcontainer: /);
    expectNoStackTrace(run.stderr);
  });
});

describe('bad input: one message naming the file and the fix, exit 2, nothing written', () => {
  async function expectRefused(repo: string, argv: string[], pattern: RegExp) {
    const before = readTree(repo);
    const run = await runCli([repo, ...argv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).toMatch(/hint: /);
    expectNoStackTrace(run.stderr);
    expect(readTree(repo)).toEqual(before);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
  }

  it('a missing directory', async () => {
    const run = await runCli([path.join(tempDir(), 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/directory not found: .*nope/);
  });

  it('no pyproject.toml', async () => {
    await expectRefused(makeRepo({ 'README.md': 'hi' }), [], /no pyproject\.toml in .*\n  hint: .*uv init/);
  });

  it('malformed pyproject.toml, with line and column', async () => {
    await expectRefused(makeRepo({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.11\n' }), [], /^pyproject\.toml:3:\d+: error: pyproject\.toml is not valid TOML/m);
  });

  it('a pyproject.toml that is not a file', async () => {
    const repo = makeRepo({ 'pyproject.toml/inner': 'x' });
    await expectRefused(repo, [], /pyproject\.toml: error: pyproject\.toml is not a regular file/);
  });

  it('an unreadable pyproject.toml (chmod 000), as a non-root user even under root', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    fs.chmodSync(path.join(repo, 'pyproject.toml'), 0o000);
    if (process.getuid?.() !== 0) return expectRefused(repo, [], /cannot be read \(EACCES\)/);
    // Root reads any file, so run the built CLI as nobody; it must be able to reach the folder.
    for (let dir = repo; dir !== path.dirname(dir) && dir !== os.tmpdir(); dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
    const bin = path.resolve('bin/gen-devcontainer.js');
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, repo], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pyproject\.toml: error: pyproject\.toml cannot be read \(EACCES\) \[pyproject-unreadable\]\n  hint: .*chmod u\+r pyproject\.toml/);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
  });

  it('a pyproject.toml linked to a file outside the repository', async () => {
    const outside = path.join(tempDir(), 'secret.toml');
    fs.writeFileSync(outside, PYPROJECT);
    const repo = makeRepo({ 'README.md': '' });
    fs.symlinkSync(outside, path.join(repo, 'pyproject.toml'));
    await expectRefused(repo, [], /symbolic link to .*outside the repository/);
  });

  it('a uv version the project refuses', async () => {
    const repo = makeRepo({ 'pyproject.toml': `${PYPROJECT}\n[tool.uv]\nrequired-version = ">=0.8,<0.9"\n` });
    await expectRefused(repo, ['--uv-version', '0.12.24'], /pyproject\.toml:\d+: error: uv 0\.12\.24 \(from --uv-version\) does not satisfy .*\n  hint: use --uv-version 0\.8\.24/);
  });

  it.each([
    [['--volume', 'bad name!'], /--volume "bad name!" is not a valid Docker volume name/],
    [['--user', 'x;rm -rf /'], /--user .*lower-case POSIX user name/],
    [['--user', 'root'], /not root/],
    [['--mount-target', '/workspaces/x'], /outside the workspace/],
    [['--base-image', 'Not An Image'], /not a valid image reference/],
    [['--python', 'three'], /--python "three" is not a Python version/],
  ])('option %j', async (argv, pattern) => {
    await expectRefused(makeRepo({ 'pyproject.toml': PYPROJECT }), argv, pattern);
  });

  it('a .devcontainer that is a symbolic link out of the repository', async () => {
    const outside = tempDir();
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    fs.symlinkSync(outside, path.join(repo, '.devcontainer'));
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to write \.devcontainer\/devcontainer\.json: \.devcontainer is a symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});

describe('files the user wrote', () => {
  it('are never overwritten without --force', async () => {
    const mine = '// my own config\n{ "image": "python:3.12" }\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': mine });
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.devcontainer\/devcontainer\.json exists and was not written by gen-devcontainer/);
    expect(run.stderr).toMatch(/--force/);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/devcontainer.json'), 'utf8')).toBe(mine);
    expect(fs.existsSync(path.join(repo, '.devcontainer/Dockerfile'))).toBe(false);
  });

  it('--force replaces them and keeps the original as .bak', async () => {
    const mine = '{ "image": "python:3.12" }\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': mine });
    const run = await runCli([repo, '--force']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/kept your previous \.devcontainer\/devcontainer\.json as \.devcontainer\/devcontainer\.json\.bak/);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/devcontainer.json.bak'), 'utf8')).toBe(mine);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/devcontainer.json'), 'utf8')).toMatch(/Generated by gen-devcontainer/);
  });
});

describe('modes', () => {
  it('--dry-run writes nothing and shows the files', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/would create \.devcontainer\/devcontainer\.json\n {4}\/\/ Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/Dockerfile\n {4}# Generated by gen-devcontainer/);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
  });

  it('--check exits 1 when the files are missing, 0 once generated', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const missing = await runCli([repo, '--check']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/devcontainer\.json: missing/);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
    expect((await runCli([repo])).code).toBe(0);
    expect((await runCli([repo, '--check'])).code).toBe(0);
  });

  it('--check exits 1 when an option changes the output', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    await runCli([repo]);
    const run = await runCli([repo, '--check', '--python', '3.11']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/devcontainer\.json: differs/);
  });

  it('resolves DIR against the working folder and defaults to it', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([], repo)).code).toBe(0);
    expect(fs.existsSync(path.join(repo, '.devcontainer/devcontainer.json'))).toBe(true);
    expect((await runCli(['--check', '.'], repo)).code).toBe(0);
  });

  it('plan --json prints the plan; plan alone explains it', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const json = await runCli(['plan', repo, '--json']);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.volume.target.value).toBe('/opt/uv');
    const text = await runCli(['plan', repo]);
    expect(text.stdout).toContain(plan.python.reason);
    expect(text.stdout).toContain(plan.uv.version.reason);
  });

  it.each(['sh', 'dotenv', 'json'])('env --format %s', async (format) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli(['env', repo, '--format', format]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('/opt/uv/envs/demo');
    if (format === 'json') expect(JSON.parse(run.stdout).env.UV_CACHE_DIR).toBe('/opt/uv/cache');
  });

  it('the regenerate hint in the header repeats the options that were used', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    await runCli([repo, '--python', '3.12', '--volume', 'shared-uv']);
    const header = fs.readFileSync(path.join(repo, '.devcontainer/Dockerfile'), 'utf8').split('\n').slice(0, 3).join('\n');
    expect(header).toContain('Regenerate: npx gen-devcontainer --python 3.12 --volume shared-uv');
  });
});
