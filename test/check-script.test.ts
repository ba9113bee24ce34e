/**
 * The in-container check (templates/check-uv-layout.sh) and `doctor`, which runs the same script,
 * against real mounts: /dev/shm is a tmpfs apart from /tmp on every Linux machine; with root, a
 * private mount namespace adds a tmpfs and a bind mount of the same file system.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates/check-uv-layout.sh');
const isRoot = process.getuid?.() === 0;
/**
 * The host's PATH without any folder holding a `uv`: the script asks uv where its folders are when
 * one is installed, and a developer's own uv (and its settings) must not change what is checked.
 */
const PATH = (process.env.PATH ?? '/usr/bin:/bin')
  .split(':')
  .filter((dir) => dir !== '' && !fs.existsSync(path.join(dir, 'uv')))
  .join(':');

interface Check {
  status: 'OK' | 'FAIL' | 'NOTE';
  check: string;
  detail: string;
  fix: string;
}

/** Runs the script with exactly the given uv variables (nothing inherited but PATH and HOME). */
function check(env: Record<string, string>, options: { project?: string; wrap?: string[]; args?: string[] } = {}) {
  const project = options.project ?? tempDir();
  const args = [...(options.wrap ?? []), 'sh', SCRIPT, '--json', '--project', project, ...(options.args ?? [])];
  const run = spawnSync(args[0]!, args.slice(1), { env: { PATH, HOME: tempDir(), ...env }, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { ok: boolean; failures: number; checks: Check[] };
  const byName = (name: string) => report.checks.find((c) => c.check === name)!;
  return { code: run.status, report, byName, stderr: run.stderr };
}

/**
 * The generated layout: everything under one folder. TMPDIR exists, as in the container, where the
 * prepare step (onCreateCommand) has made every folder before the check runs (postCreateCommand).
 */
function oneRoot(root = tempDir()) {
  fs.mkdirSync(`${root}/tmp`, { recursive: true });
  return {
    UV_CACHE_DIR: `${root}/cache`,
    UV_PROJECT_ENVIRONMENT: `${root}/envs/app`,
    VIRTUAL_ENV: `${root}/envs/app`,
    UV_PYTHON_INSTALL_DIR: `${root}/python`,
    UV_TOOL_DIR: `${root}/tools`,
    TMPDIR: `${root}/tmp`,
    PATH: `${root}/envs/app/bin:${PATH}`,
  };
}

describe('without root', () => {
  it('passes when cache, environment, tools and TMPDIR share one mount', () => {
    const { code, report } = check(oneRoot());
    expect(report.checks.filter((c) => c.status === 'FAIL')).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.check)).toEqual(
      expect.arrayContaining([
        'cache',
        'environment',
        'python',
        'tools',
        'tmp',
        'link cache -> environment',
        'link cache -> tools',
        'link tmp -> environment',
        'link mode',
        'packages',
        'VIRTUAL_ENV',
        'PATH',
      ]),
    );
    expect(report.checks.find((c) => c.check === 'packages')!.detail).toMatch(/^no packages installed in .* yet/);
  });

  it('finds the cross-device link: cache on /dev/shm, environment under /tmp', () => {
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const { code, byName } = check({ ...oneRoot(), UV_CACHE_DIR: shm });
    expect(code).toBe(1);
    expect(byName('link cache -> environment')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/cross-device: .* on mount \d+ \(\/dev\/shm\)/) });
    expect(byName('link cache -> environment').fix).toMatch(/under one mount/);
    expect(byName('link tmp -> environment').status).toBe('OK');
    fs.rmSync(shm, { recursive: true });
  });

  it('with UV_NO_CACHE, the temporary cache is in TMPDIR: TMPDIR on another mount fails', () => {
    const { byName } = check({ ...oneRoot(), UV_NO_CACHE: '1', TMPDIR: '/dev/shm' });
    expect(byName('cache').detail).toMatch(/^\/dev\/shm /);
    expect(byName('link cache -> environment').status).toBe('FAIL');
  });

  it('uses uv defaults when no variable is set: ~/.cache/uv and .venv in the project', () => {
    const project = tempDir();
    const { byName } = check({}, { project });
    expect(byName('environment').detail).toContain(`${fs.realpathSync(project)}/.venv`);
    expect(byName('cache').detail).toMatch(/\/\.cache\/uv /);
  });

  it('leaves nothing behind', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/cache`);
    fs.mkdirSync(`${root}/envs/app`, { recursive: true });
    check(oneRoot(root));
    expect(fs.readdirSync(`${root}/cache`)).toEqual([]);
    expect(fs.readdirSync(`${root}/envs/app`)).toEqual([]);
  });

  it('VIRTUAL_ENV pointing elsewhere than the project environment fails', () => {
    const { code, byName } = check({ ...oneRoot(), VIRTUAL_ENV: '/somewhere/else' });
    expect(code).toBe(1);
    expect(byName('VIRTUAL_ENV').status).toBe('FAIL');
  });

  it('PATH: an active environment must be on it, and its python must come first', () => {
    const root = tempDir();
    const env = oneRoot(root);
    expect(check({ ...env, PATH }).byName('PATH').status).toBe('FAIL');
    // A real environment, so that `python` has something to resolve to.
    expect(spawnSync('python3', ['-m', 'venv', '--without-pip', env.UV_PROJECT_ENVIRONMENT]).status).toBe(0);
    expect(check(env).byName('PATH').status).toBe('OK');
    const shadow = tempDir();
    fs.symlinkSync(`${env.UV_PROJECT_ENVIRONMENT}/bin/python`, `${shadow}/python`);
    expect(check({ ...env, PATH: `${shadow}:${env.PATH}` }).byName('PATH')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining(`python resolves to ${shadow}/python`) });
  });

  it('rejects bad usage with exit 2', () => {
    expect(spawnSync('sh', [SCRIPT, '--bogus']).status).toBe(2);
    expect(spawnSync('sh', [SCRIPT, '--project', '/no/such/folder']).status).toBe(2);
    const help = spawnSync('sh', [SCRIPT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /);
  });

  it('prints one line per check, with the fix under each failure', () => {
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const run = spawnSync('sh', [SCRIPT, '--project', tempDir()], { env: { ...oneRoot(), UV_CACHE_DIR: shm, HOME: tempDir() }, encoding: 'utf8' });
    expect(run.stdout).toMatch(/^FAIL  link cache -> environment .*cross-device.*\n {6}fix: /m);
    expect(run.stdout).toMatch(/^OK {4}environment /m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/check\(s\) failed$/);
    fs.rmSync(shm, { recursive: true });
  });
});

/**
 * A fake environment as uv leaves it: for each package, its files in site-packages and a
 * dist-info/RECORD listing them. `how` says what each file is: a hardlink of a file in the cache
 * (what uv does when cache and environment share a mount), or a copy. RECORD, INSTALLER,
 * REQUESTED, direct_url.json and uv_*.json are written in place, as uv writes them at install time;
 * RECORD also lists a script outside site-packages and an absolute path, which are not counted.
 */
function installFake(site: string, cache: string, packages: Record<string, string[]>, how: (file: string) => 'link' | 'copy' = () => 'link'): number {
  let counted = 0;
  for (const [name, files] of Object.entries(packages)) {
    const distInfo = `${name}-1.0.dist-info`;
    const installed = [...files, `${distInfo}/METADATA`, `${distInfo}/WHEEL`];
    const record: string[] = [];
    for (const rel of installed) {
      const cached = path.join(cache, 'archive-v0', name, rel);
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.writeFileSync(cached, `# ${rel}\n`);
      const target = path.join(site, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (how(rel) === 'link') fs.linkSync(cached, target);
      else fs.copyFileSync(cached, target);
      record.push(`${rel.includes(',') ? `"${rel.replace(/"/g, '""')}"` : rel},sha256=x,1`);
      counted++;
    }
    for (const own of ['INSTALLER', 'REQUESTED', 'direct_url.json', 'uv_cache.json']) {
      fs.writeFileSync(path.join(site, distInfo, own), 'uv\n');
      record.push(`${distInfo}/${own},,`);
    }
    record.push(`${distInfo}/RECORD,,`, `../../../bin/${name},sha256=x,1`, '/etc/passwd,,');
    fs.writeFileSync(path.join(site, distInfo, 'RECORD'), `${record.join('\r\n')}\r\n`);
  }
  return counted;
}

describe('the uv on PATH (--uv-version: the release the plan pins)', () => {
  /** A folder holding a `uv` that says it is `version`. */
  function fakeUv(version: string): string {
    const bin = tempDir();
    fs.writeFileSync(`${bin}/uv`, `#!/bin/sh\nif [ "$1" = --version ]; then echo "uv ${version} (x86_64-unknown-linux-gnu)"; else exit 2; fi\n`, { mode: 0o755 });
    return bin;
  }

  it('another uv ahead of the pinned one fails, naming both; the pinned one first passes, with a link to it not counted as another', () => {
    const pinned = fakeUv('0.13.9');
    const installer = fakeUv('0.8.24');
    const env = oneRoot();
    const ahead = check({ ...env, PATH: `${installer}:${pinned}:${env.PATH}` }, { args: ['--uv-version', '0.13.9'] });
    expect(ahead.byName('uv')).toMatchObject({ status: 'FAIL', detail: `uv on PATH is 0.8.24 (${installer}/uv), not the pinned uv 0.13.9; also on PATH, after it: ${pinned}/uv` });
    expect(ahead.byName('uv').fix).toMatch(/put the pinned one's folder first on PATH/);
    expect(ahead.code).toBe(1);
    const links = tempDir();
    fs.symlinkSync(`${pinned}/uv`, `${links}/uv`);
    const first = check({ ...env, PATH: `${pinned}:${links}:${installer}:${env.PATH}` }, { args: ['--uv-version', '0.13.9'] });
    expect(first.byName('uv')).toMatchObject({ status: 'OK', detail: `uv 0.13.9 at ${pinned}/uv, the pinned release; also on PATH, after it: ${installer}/uv` });
    expect(first.code).toBe(0);
  });

  it('no uv at all fails when one is pinned; without --uv-version the line only says which uv runs', () => {
    const env = oneRoot();
    expect(check(env, { args: ['--uv-version', '0.13.9'] }).byName('uv')).toMatchObject({ status: 'FAIL', detail: 'no uv on PATH; uv 0.13.9 is the pinned release' });
    expect(check(env).byName('uv')).toMatchObject({ status: 'OK', detail: 'no uv on PATH' });
    const old = fakeUv('0.8.24');
    expect(check({ ...env, PATH: `${old}:${env.PATH}` }).byName('uv')).toMatchObject({ status: 'OK', detail: `uv 0.8.24 at ${old}/uv` });
  });
});

describe('a uv workspace', () => {
  it('says to sync with --all-packages (a plain uv sync uninstalls the members), and fails nothing for it', () => {
    const project = tempDir();
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "root"\n\n[tool.uv.workspace] # the members\nmembers = ["packages/*"]\n');
    const { code, byName, report } = check(oneRoot(), { project });
    expect(byName('workspace')).toMatchObject({ status: 'NOTE', detail: expect.stringContaining('uv sync --all-packages') });
    expect(report.failures).toBe(0);
    expect(code).toBe(0);
    // A single project, or a table that only names the workspace in a string, gets no such line.
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "app"\ndescription = "[tool.uv.workspace]"\n');
    expect(check(oneRoot(), { project }).byName('workspace')).toBeUndefined();
  });
});

describe('packages: what uv really installed, linked from the cache or copied', () => {
  const PACKAGES = { httpx: ['httpx/__init__.py', 'httpx/_client.py', 'httpx/we,ird "name".py'], idna: ['idna/__init__.py'] };
  const site = (env: string) => `${env}/lib/python3.12/site-packages`;

  it('every file a hardlink of the cache: OK, "N files linked from the cache, 0 copied"', () => {
    const env = oneRoot();
    const files = installFake(site(env.UV_PROJECT_ENVIRONMENT), env.UV_CACHE_DIR, PACKAGES);
    expect(files).toBe(8);
    const { code, byName, report } = check(env);
    expect(byName('link mode')).toMatchObject({ status: 'OK', detail: expect.stringMatching(/^uv's default: /) });
    expect(byName('packages')).toEqual({ status: 'OK', check: 'packages', detail: `8 files linked from the cache, 0 copied (2 packages in ${env.UV_PROJECT_ENVIRONMENT})`, fix: '' });
    expect(report.checks.filter((c) => c.status === 'FAIL')).toEqual([]);
    expect(code).toBe(0);
  });

  // UV_LINK_MODE=hardlink: uv would not clone, so a single-link file is a copy on any file system
  // (with clone, a file system with reflinks would report the copies as clones instead).
  it('copies: FAIL, with how many of how many, an example, and the fix', () => {
    const env = { ...oneRoot(), UV_LINK_MODE: 'hardlink' };
    installFake(site(env.UV_PROJECT_ENVIRONMENT), env.UV_CACHE_DIR, PACKAGES, () => 'copy');
    const { code, byName } = check(env);
    expect(code).toBe(1);
    expect(byName('link mode')).toMatchObject({ status: 'OK', detail: expect.stringMatching(/^hardlink: /) });
    expect(byName('packages')).toMatchObject({
      status: 'FAIL',
      detail: expect.stringMatching(new RegExp(`^8 of 8 files uv installed were copied, not linked from the cache \\(for example \\S.*, in ${env.UV_PROJECT_ENVIRONMENT}\\)$`)),
      fix: expect.stringContaining('uv sync --reinstall'),
    });
  });

  it('one copy among links is found, and named', () => {
    const env = { ...oneRoot(), UV_LINK_MODE: 'hardlink' };
    installFake(site(env.UV_PROJECT_ENVIRONMENT), env.UV_CACHE_DIR, PACKAGES, (file) => (file === 'idna/__init__.py' ? 'copy' : 'link'));
    expect(check(env).byName('packages')).toMatchObject({
      status: 'FAIL',
      detail: `1 of 8 files uv installed were copied, not linked from the cache (for example idna/__init__.py, in ${env.UV_PROJECT_ENVIRONMENT})`,
    });
  });

  it('centralized-project-envs: every project environment in the cache bucket is counted', () => {
    const root = tempDir();
    const { UV_PROJECT_ENVIRONMENT: _e, VIRTUAL_ENV: _v, ...env } = { ...oneRoot(root), UV_PREVIEW_FEATURES: 'centralized-project-envs', PATH };
    const bucket = `${env.UV_CACHE_DIR}/environments-v2`;
    installFake(site(`${bucket}/api-1a2b`), env.UV_CACHE_DIR, { httpx: ['httpx/__init__.py'] });
    installFake(site(`${bucket}/web-3c4d`), env.UV_CACHE_DIR, { flask: ['flask/__init__.py', 'flask/app.py'] });
    const { byName } = check(env);
    expect(byName('environment').detail).toContain(bucket);
    expect(byName('packages')).toMatchObject({ status: 'OK', detail: `7 files linked from the cache, 0 copied (2 packages in ${bucket})` });
  });
});

describe('link mode and cache-dir, from the variables or uv settings files', () => {
  const linkMode = (env: Record<string, string>, project?: string) => check(env, project ? { project } : {}).byName('link mode');
  const projectWith = (files: Record<string, string>) => {
    const project = tempDir();
    for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(project, rel), text);
    return project;
  };

  it.each([
    ['copy', /^UV_LINK_MODE is copy: uv copies every file/],
    ['symlink', /^UV_LINK_MODE is symlink: /],
  ])('UV_LINK_MODE=%s: FAIL', (mode, detail) => {
    const { code, byName } = check({ ...oneRoot(), UV_LINK_MODE: mode });
    expect(code).toBe(1);
    expect(byName('link mode')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(detail) });
  });

  it('link-mode = "copy" under [tool.uv] in pyproject.toml: FAIL, naming the file', () => {
    const project = projectWith({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.uv]\n# copies everything\nlink-mode = "copy"   # why not\n' });
    const result = linkMode(oneRoot(), project);
    expect(result).toMatchObject({ status: 'FAIL', detail: `link-mode in ${fs.realpathSync(project)}/pyproject.toml is copy: uv copies every file, whatever the mounts` });
  });

  it("link-mode in another table of pyproject.toml is not uv's setting", () => {
    const project = projectWith({ 'pyproject.toml': '[tool.uv.pip]\nlink-mode = "copy"\n\n[tool.other]\nlink-mode = "copy"\n' });
    expect(linkMode(oneRoot(), project).status).toBe('OK');
  });

  it("the project's uv.toml comes before pyproject.toml, and UV_LINK_MODE before both", () => {
    const project = projectWith({ 'uv.toml': "link-mode = 'hardlink'\n", 'pyproject.toml': '[tool.uv]\nlink-mode = "copy"\n' });
    expect(linkMode(oneRoot(), project)).toMatchObject({ status: 'OK', detail: expect.stringMatching(/^hardlink: /) });
    const copying = projectWith({ 'uv.toml': 'link-mode = "copy"\n' });
    expect(linkMode(oneRoot(), copying)).toMatchObject({ status: 'FAIL', detail: expect.stringContaining(`link-mode in ${fs.realpathSync(copying)}/uv.toml is copy`) });
    expect(linkMode({ ...oneRoot(), UV_LINK_MODE: 'clone' }, copying)).toMatchObject({ status: 'OK', detail: expect.stringMatching(/^clone: /) });
  });

  it("the user's uv.toml is read too; UV_NO_CONFIG turns every settings file off", () => {
    const config = tempDir();
    fs.mkdirSync(`${config}/uv`);
    fs.writeFileSync(`${config}/uv/uv.toml`, 'link-mode = "symlink"\n');
    expect(linkMode({ ...oneRoot(), XDG_CONFIG_HOME: config })).toMatchObject({ status: 'FAIL', detail: expect.stringContaining(`link-mode in ${config}/uv/uv.toml is symlink`) });
    expect(linkMode({ ...oneRoot(), XDG_CONFIG_HOME: config, UV_NO_CONFIG: '1' }).status).toBe('OK');
  });

  it("cache-dir in the project's uv.toml is where the cache is, and the check says so", () => {
    const root = tempDir();
    const { UV_CACHE_DIR: _c, ...env } = oneRoot(root);
    const project = projectWith({ 'uv.toml': `cache-dir = "${root}/elsewhere"\n` });
    fs.mkdirSync(`${root}/elsewhere`);
    const { byName } = check(env, { project });
    expect(byName('cache')).toMatchObject({
      status: 'OK',
      detail: expect.stringMatching(new RegExp(`^${root}/elsewhere on mount \\d+ \\(.*\\), from cache-dir in ${fs.realpathSync(project)}/uv\\.toml$`)),
    });
    expect(byName('link cache -> environment').detail).toContain(`from ${root}/elsewhere `);
  });

  it('a relative cache-dir (here in pyproject.toml) is read against the project folder; UV_CACHE_DIR outranks it', () => {
    const { UV_CACHE_DIR: cache, ...env } = oneRoot();
    const project = projectWith({ 'pyproject.toml': '[tool.uv]\ncache-dir = ".uv-cache"\n' });
    const real = fs.realpathSync(project);
    expect(check(env, { project }).byName('cache').detail).toMatch(new RegExp(`^${real}/\\.uv-cache \\(not created yet; checked ${real}\\) .*, from cache-dir in ${real}/pyproject\\.toml$`));
    const overridden = check({ ...env, UV_CACHE_DIR: cache }, { project }).byName('cache').detail;
    expect(overridden.startsWith(`${cache} `)).toBe(true);
    expect(overridden).not.toContain('cache-dir');
  });

  it('with neither, a uv on PATH is asked where its cache, Pythons and tools are', () => {
    const root = tempDir();
    const bin = tempDir();
    fs.writeFileSync(
      `${bin}/uv`,
      `#!/bin/sh\ncase "$1 $2" in\n  'cache dir') echo ${root}/from-uv/cache ;;\n  'python dir') echo ${root}/from-uv/python ;;\n  'tool dir') echo ${root}/from-uv/tools ;;\n  *) exit 2 ;;\nesac\n`,
      { mode: 0o755 },
    );
    fs.mkdirSync(`${root}/from-uv/cache`, { recursive: true });
    const { UV_CACHE_DIR: _c, UV_PYTHON_INSTALL_DIR: _p, UV_TOOL_DIR: _t, ...env } = oneRoot(root);
    const { byName } = check({ ...env, PATH: `${bin}:${env.PATH}` });
    expect(byName('cache').detail).toMatch(new RegExp(`^${root}/from-uv/cache on mount`));
    expect(byName('python').detail).toMatch(new RegExp(`^${root}/from-uv/python `));
    expect(byName('tools').detail).toMatch(new RegExp(`^${root}/from-uv/tools `));
  });

  it("a uv on PATH that fails is not believed: uv's defaults are used", () => {
    const bin = tempDir();
    fs.writeFileSync(`${bin}/uv`, '#!/bin/sh\necho "error: no" >&2\nexit 2\n', { mode: 0o755 });
    const { UV_CACHE_DIR: _c, ...env } = oneRoot();
    expect(check({ ...env, PATH: `${bin}:${env.PATH}` }).byName('cache').detail).toMatch(/\/\.cache\/uv /);
  });
});

describe.runIf(isRoot)('with root: mounts made for the test in a private mount namespace', () => {
  const inNamespace = (setup: string) => ['unshare', '-m', 'sh', '-c', `${setup} && exec "$@"`, 'ns'];

  it('a bind mount of the same file system is a second mount: same st_dev, and still no link', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/a`);
    fs.mkdirSync(`${root}/b`);
    const devices = spawnSync('unshare', ['-m', 'sh', '-c', `mount --bind ${root}/a ${root}/b && stat -c %d ${root}/a ${root}/b`], { encoding: 'utf8' });
    const [deviceA, deviceB] = devices.stdout.trim().split('\n');
    expect(deviceA).toBe(deviceB);
    const { code, byName } = check(
      { ...oneRoot(root), UV_CACHE_DIR: `${root}/a`, UV_PROJECT_ENVIRONMENT: `${root}/b/env`, VIRTUAL_ENV: `${root}/b/env`, PATH: `${root}/b/env/bin:${PATH}` },
      { wrap: inNamespace(`mount --bind ${root}/a ${root}/b`) },
    );
    expect(code).toBe(1);
    const cache = byName('cache').detail.match(/mount (\d+)/)![1];
    const environment = byName('environment').detail.match(/mount (\d+)/)![1];
    expect(cache).not.toBe(environment);
    expect(byName('link cache -> environment')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('cross-device') });
  });

  it('a tmpfs for TMPDIR fails the --no-cache link; inside it, everything passes', () => {
    const root = tempDir();
    fs.mkdirSync(`${root}/t`);
    const split = check({ ...oneRoot(root), TMPDIR: `${root}/t` }, { wrap: inNamespace(`mount -t tmpfs none ${root}/t`) });
    expect(split.byName('link tmp -> environment').status).toBe('FAIL');
    // The tmpfs hides the TMPDIR made before it: the namespace makes it again, as the prepare step would.
    const whole = check(oneRoot(`${root}/t`), { wrap: inNamespace(`mount -t tmpfs none ${root}/t && mkdir ${root}/t/tmp`) });
    expect(whole.report.checks.filter((c) => c.status === 'FAIL')).toEqual([]);
  });

  it('a folder the user cannot write to fails with a chown fix', () => {
    const root = tempDir();
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(`${root}/cache`, { mode: 0o755 });
    const { code, byName } = check(oneRoot(root), { wrap: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
    expect(code).toBe(1);
    expect(byName('cache')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/not writable by uid 65534/), fix: expect.stringMatching(/chown -R 65534:65534/) });
  });
});

describe('doctor', () => {
  it('runs the same check in-process, with exit 0 / 1 and --json', async () => {
    const good = await runCli(['doctor', tempDir()], process.cwd(), { ...oneRoot(), HOME: tempDir() });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^OK {4}link cache -> environment/m);
    const shm = fs.mkdtempSync('/dev/shm/gdc-cache-');
    const bad = await runCli(['doctor', tempDir(), '--json'], process.cwd(), { ...oneRoot(), UV_CACHE_DIR: shm, HOME: tempDir() });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false });
    fs.rmSync(shm, { recursive: true });
  });

  it('exit 2 for a missing folder', async () => {
    const run = await runCli(['doctor', '/no/such/folder']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/directory not found/);
  });

  it('reads a relative UV_PROJECT_ENVIRONMENT against the project folder', async () => {
    const project = tempDir();
    const run = await runCli(['doctor', project, '--json'], process.cwd(), { PATH, HOME: tempDir(), UV_PROJECT_ENVIRONMENT: 'env-here' });
    const env = JSON.parse(run.stdout).checks.find((c: Check) => c.check === 'environment');
    expect(env.detail).toContain(`${fs.realpathSync(project)}/env-here`);
  });
});
