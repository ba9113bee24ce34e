import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/generated/version.js';
import { DEFAULT_UV_VERSION } from '../src/plan/tables.js';
import { makeRepo, readTree, runCli, tempDir } from './helpers/cli.js';
import { parseJsoncStrict } from './helpers/validators.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n';

function expectNoStackTrace(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('usage', () => {
  it('--help teaches the commands, options, examples and exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      'plan [dir]',
      'env [dir]',
      '--dry-run',
      '--check',
      '--diff',
      '--force',
      '--python',
      '--uv-version',
      '--user',
      '--base-image',
      '--volume',
      '--mount-target',
      'Examples:',
      'Exit codes',
    ]) {
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

  it.each([[['--no-such-option']], [['a', 'b']], [['--dry-run', '--check']], [['--diff', '--check']], [['--diff', '--dry-run']], [['env', '--format', 'xml']]])(
    'bad usage %j exits 2 with a message and no stack trace',
    async (argv) => {
      const run = await runCli(argv, makeRepo({ 'pyproject.toml': PYPROJECT }));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^gen-devcontainer: /);
      expectNoStackTrace(run.stderr);
    },
  );
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
    await expectRefused(makeRepo({ 'README.md': 'hi' }), [], /no pyproject\.toml\b.* in .*\n  hint: .*uv init/);
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
    [['--mount-target', '/usr/local/uv'], /--mount-target "\/usr\/local\/uv" cannot be used: \/usr\/local\/uv is inside the system folder \/usr/],
    [['--mount-target', '/var/lib/uv'], /inside the system folder \/var/],
    [['--mount-target', '/home/vscode/uv'], /inside the system folder \/home/],
    [['--mount-target', '/tmp/uv'], /inside the system folder \/tmp/],
    [['--mount-target', '/etc'], /\/etc is a system folder/],
    [['--mount-target', '/opt'], /\/opt holds other software; use a folder of its own inside it, such as \/opt\/uv/],
    [['--mount-target', '/srv'], /\/srv holds other software/],
    [['--mount-target', '/mnt'], /\/mnt holds other software/],
    [['--base-image', 'Not An Image'], /not a valid image reference/],
    [['--python', 'three'], /--python "three" is not a Python version/],
    [['--uv-version', '0.3.0'], /error: uv 0\.3\.0 \(from --uv-version\) is too old.*\[uv-too-old\]\n  hint: use uv 0\.4\.4 or newer/],
    [['--uv-version', '0.12.99'], /error: uv 0\.12\.99 \(from --uv-version\) is not a uv release.*\[uv-not-a-release\]\n  hint: the 0\.12 line ends at 0\.12\.24/],
    [['--python', '3.14', '--uv-version', '0.8.24'], /error: Python 3\.14 \(from --python\) cannot be installed by uv 0\.8\.24.*uv 0\.9\.0 is the first.*\[python-not-installable\]/],
    [
      ['--extra', 'docs'],
      /^pyproject\.toml: error: --extra docs: pyproject\.toml declares no such extra in \[project\.optional-dependencies\] \(it declares none\) \[unknown-extra\]\n {2}hint: declare it/m,
    ],
    [['--group', 'lint', '--uv-version', '0.4.26'], /error: --group \(`uv sync --group`, with \[dependency-groups\]\) needs uv 0\.4\.27 or newer; the plan has uv 0\.4\.26 \[uv-too-old-for-option\]/],
    [['--extra', 'a', '--all-extras'], /error: --extra a and --all-extras were both given; uv refuses the pair \[option-extras-conflict\]/],
  ])('option %j', async (argv, pattern) => {
    await expectRefused(makeRepo({ 'pyproject.toml': PYPROJECT }), argv, pattern);
  });

  it('a .devcontainer that is a symbolic link out of the repository', async () => {
    const outside = tempDir();
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    fs.symlinkSync(outside, path.join(repo, '.devcontainer'));
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    // Stopped before planning, with where the link leads (devcontainer-links.ts); the writer would refuse it too.
    expect(run.stderr).toMatch(/^\.devcontainer: error: \.devcontainer is a symbolic link that leads outside the repository .*\[devcontainer-is-link\]$/m);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  // Issue 10, item 4: Compose runs lifecycle commands in / without workspaceFolder, where the steps are not.
  it('a Compose configuration with no workspaceFolder and no mount of the repository: the file and the fix', async () => {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yaml", "service": "app" }\n',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: python:3.12\n',
    });
    const before = readTree(repo);
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^\.devcontainer\/devcontainer\.json: error: .*sets no workspaceFolder.*\[compose-workspace-unknown\]\n {2}hint: mount the repository in the service, e\.g\. "- \.\.:\/workspace"/m,
    );
    expectNoStackTrace(run.stderr);
    expect(readTree(repo)).toEqual(before);
  });

  // Issue 10, item 6: the tool never rewrites a user's FROM, so --base-image cannot apply there.
  it("--base-image with a Dockerfile of the user's: exit 2, naming its FROM line and what to do instead", async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n', '.devcontainer/Dockerfile': 'FROM python:3.12\n' });
    const before = readTree(repo);
    const run = await runCli([repo, '--base-image', 'ubuntu:noble']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^\.devcontainer\/Dockerfile:1: error: --base-image cannot apply: .*\(line 1: FROM python:3\.12\) \[base-image-with-users-dockerfile\]\n {2}hint: to build on ubuntu:noble, change that FROM line yourself/m,
    );
    expect(readTree(repo)).toEqual(before);
  });
});

describe('files the user wrote', () => {
  const CONFIG = '.devcontainer/devcontainer.json';
  const SCRIPT = '.devcontainer/check-uv-layout.sh';
  const read = (repo: string, rel: string) => fs.readFileSync(path.join(repo, rel), 'utf8');

  // A devcontainer.json that gen-devcontainer did not write is the user's: it is edited in place,
  // one property at a time, and nothing of theirs is lost. No --force, no .bak.
  it("a user's devcontainer.json is edited in place: comments and keys kept, the image moved into the Dockerfile", async () => {
    const mine = '// my own config\n{\n  // the port my app serves on\n  "forwardPorts": [8000],\n  "image": "python:3.12",\n  "postStartCommand": "echo started"\n}\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: mine });
    const run = await runCli([repo]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^updated \.devcontainer\/devcontainer\.json$/m);
    expect(run.stderr).toMatch(/image "python:3\.12" is replaced by "build": the generated Dockerfile starts FROM the base image/);
    const text = read(repo, CONFIG);
    expect(text).toMatch(/^\/\/ my own config\n/);
    expect(text).toContain('// the port my app serves on');
    const config = parseJsoncStrict(text) as Record<string, unknown>;
    expect(config).not.toHaveProperty('image');
    expect(config).toMatchObject({
      forwardPorts: [8000],
      postStartCommand: 'echo started',
      build: { dockerfile: 'Dockerfile' },
      mounts: [{ type: 'volume', source: 'uv-demo-${devcontainerId}', target: '/opt/uv' }],
      containerEnv: { UV_PROJECT_ENVIRONMENT: '/opt/uv/envs/demo' },
    });
    // python:3.12 runs as root and the file names no user: it keeps running as root, so no remoteUser is imposed.
    expect(config).not.toHaveProperty('remoteUser');
    // PATH comes from the image; the Dev Container CLI keeps it in login shells without a remoteEnv.
    expect(config).not.toHaveProperty('remoteEnv');
    // Their postStartCommand is not one of the steps: untouched.
    expect(text).toContain('"postStartCommand": "echo started"');
    expect(read(repo, '.devcontainer/Dockerfile')).toMatch(/^ARG BASE_IMAGE=python:3\.12\nFROM \$\{BASE_IMAGE\}$/m);
    expect(fs.existsSync(path.join(repo, `${CONFIG}.bak`))).toBe(false);
  });

  it('a value the user set is kept, with a warning; --force replaces it, still in place, with no .bak', async () => {
    const mine = '{\n  // I want copies\n  "containerEnv": { "UV_LINK_MODE": "copy", "MY_VAR": "1" }\n}\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: mine });
    const kept = await runCli([repo]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(/warning: containerEnv\.UV_LINK_MODE is "copy"; the plan wants "clone"\. Yours is kept \[kept-user-value\]\n {2}hint: .*--force/);
    expect(parseJsoncStrict(read(repo, CONFIG))).toMatchObject({ containerEnv: { UV_LINK_MODE: 'copy', MY_VAR: '1' } });

    const forced = await runCli([repo, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/containerEnv\.UV_LINK_MODE: replaced "copy" with "clone" \(--force\)/);
    expect(read(repo, CONFIG)).toContain('// I want copies');
    expect(parseJsoncStrict(read(repo, CONFIG))).toMatchObject({ containerEnv: { UV_LINK_MODE: 'clone', MY_VAR: '1' } });
    expect(fs.readdirSync(path.join(repo, '.devcontainer')).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it.each([
    ['an image', '// my own config\n{\n  "image": "python:3.12",\n  "forwardPorts": [8000]\n}\n'],
    ['no image', '// my own config\n{\n  // ports\n  "forwardPorts": [8000]\n}\n'],
    [
      'tabs, CRLF, a lifecycle command, a mount at the same target and an extension list',
      '{\r\n\t"image": "python:3.12",\r\n\t"postCreateCommand": "echo hi",\r\n\t"mounts": ["source=x,target=/opt/uv,type=volume", "type=bind,source=/a,target=/b"],\r\n\t"customizations": {"vscode": {"extensions": ["foo.bar"]}}\r\n}\r\n',
    ],
  ])("running twice on a user's devcontainer.json (%s) changes nothing the second time", async (_label, mine) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: mine });
    expect((await runCli([repo])).code).toBe(0);
    const first = readTree(repo);
    const second = await runCli([repo]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/^(created|updated|replaced) /m);
    expect(second.stdout.match(/^unchanged /gm)).toHaveLength(6);
    expect(second.stdout).toMatch(/^unchanged \.devcontainer\/uv-lifecycle\.sh$/m);
    expect(readTree(repo)).toEqual(first);
    expect((await runCli([repo, '--check'])).code).toBe(0);
    expect(await runCli([repo, '--diff'])).toMatchObject({ code: 0, stdout: '' });
    if (mine.includes('python:3.12')) expect(first['.devcontainer/Dockerfile']).toContain('ARG BASE_IMAGE=python:3.12\n');
    if (mine.includes('\r\n')) {
      // The file's own line ends and indentation are kept; their command and mounts survive beside ours.
      expect(first[CONFIG]).not.toMatch(/[^\r]\n/);
      expect(first[CONFIG]).not.toMatch(/^ +"/m);
      expect(parseJsoncStrict(first[CONFIG]!)).toMatchObject({
        // Theirs, word for word, runs once the check has passed.
        postCreateCommand: ['sh', '.devcontainer/uv-lifecycle.sh', 'check', '--', '/bin/sh', '-c', 'echo hi'],
        mounts: [{ type: 'volume', source: 'uv-demo-${devcontainerId}', target: '/opt/uv' }, 'type=bind,source=/a,target=/b'],
        customizations: { vscode: { extensions: ['foo.bar', 'ms-python.python'] } },
      });
    }
  });

  it('running twice on a Docker Compose configuration changes nothing the second time', async () => {
    const compose = '# my services\nservices:\n  app:\n    image: python:3.12\n    command: sleep infinity\n    volumes:\n      - ..:/app\n  db:\n    image: postgres:16\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app" }\n', '.devcontainer/compose.yaml': compose });
    const first = await runCli([repo]);
    expect(first.code).toBe(0);
    const tree = readTree(repo);
    expect(tree['.devcontainer/compose.yaml']).toMatch(/^# my services\n/);
    expect(tree['.devcontainer/compose.yaml']).toContain('postgres:16');
    expect(tree['.devcontainer/Dockerfile']).toContain('ARG BASE_IMAGE=python:3.12\n');
    // No workspaceFolder: the one the service's mount of the repository gives is written.
    expect(parseJsoncStrict(tree[CONFIG]!)).toMatchObject({ workspaceFolder: '/app' });
    const second = await runCli([repo]);
    expect(second.code).toBe(0);
    expect(readTree(repo)).toEqual(tree);
    expect(await runCli([repo, '--diff'])).toMatchObject({ code: 0, stdout: '' });
  });

  it("a user's Dockerfile gets the managed block appended once, and a later run updates it in place", async () => {
    const dockerfile = 'FROM python:3.12\nRUN echo "my setup"\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }\n', '.devcontainer/Dockerfile': dockerfile });
    const first = await runCli([repo]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^updated \.devcontainer\/Dockerfile$/m);
    const once = read(repo, '.devcontainer/Dockerfile');
    expect(once.startsWith(`${dockerfile}\n# >>> gen-devcontainer`)).toBe(true);
    expect(once.match(/^# >>> gen-devcontainer/gm)).toHaveLength(1);
    expect(once.match(/^# <<< gen-devcontainer <<<$/gm)).toHaveLength(1);
    expect(once).toContain(`\nCOPY --from=ghcr.io/astral-sh/uv:${DEFAULT_UV_VERSION} /uv /uvx /usr/local/lib/gen-devcontainer/bin/\n`);
    expect(once).toMatch(/^ENV PATH=\/usr\/local\/lib\/gen-devcontainer\/bin:\/opt\/uv\/envs\/demo\/bin:\/opt\/uv\/bin:\$PATH$/m);
    // Only whole files go in the manifest; the user's Dockerfile is never "ours".
    expect(Object.keys(JSON.parse(read(repo, '.devcontainer/gen-devcontainer.manifest.json')).files)).toEqual([SCRIPT, '.devcontainer/uv-lifecycle.sh', '.devcontainer/README.md']);

    // The same run again: nothing to do.
    const tree = readTree(repo);
    expect((await runCli([repo])).code).toBe(0);
    expect(readTree(repo)).toEqual(tree);

    // The user adds a line after the block; a run with another uv version updates the block where it is.
    fs.appendFileSync(path.join(repo, '.devcontainer/Dockerfile'), 'RUN echo "after"\n');
    expect((await runCli([repo, '--uv-version', '0.11.33'])).code).toBe(0);
    const updated = read(repo, '.devcontainer/Dockerfile');
    expect(updated.startsWith(`${dockerfile}\n# >>> gen-devcontainer`)).toBe(true);
    expect(updated.endsWith('# <<< gen-devcontainer <<<\nRUN echo "after"\n')).toBe(true);
    expect(updated.match(/^# >>> gen-devcontainer/gm)).toHaveLength(1);
    expect(updated).toContain('COPY --from=ghcr.io/astral-sh/uv:0.11.33 ');
    expect(updated).not.toContain(`uv:${DEFAULT_UV_VERSION}`);
  });

  it('a generated Dockerfile the user edited becomes theirs: kept, with the block updated inside it', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    fs.appendFileSync(path.join(repo, '.devcontainer/Dockerfile'), 'RUN echo "mine"\n');
    const run = await runCli([repo, '--uv-version', '0.11.33']);
    expect(run.code).toBe(0);
    const text = read(repo, '.devcontainer/Dockerfile');
    expect(text.endsWith('# <<< gen-devcontainer <<<\nRUN echo "mine"\n')).toBe(true);
    expect(text.match(/^# >>> gen-devcontainer/gm)).toHaveLength(1);
    expect(text).toContain('uv:0.11.33');
    expect(fs.existsSync(path.join(repo, '.devcontainer/Dockerfile.bak'))).toBe(false);
  });

  it('a Dockerfile with only one block marker: exit 2, nothing written', async () => {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }\n',
      '.devcontainer/Dockerfile': 'FROM python:3.12\n# >>> gen-devcontainer: half a block\nRUN x\n',
    });
    const before = readTree(repo);
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /\.devcontainer\/Dockerfile: error: .*does not have exactly one gen-devcontainer block \(one start marker, then one end marker\) \[dockerfile-block-unbalanced\]\n {2}hint: remove the partial block/,
    );
    expectNoStackTrace(run.stderr);
    expect(readTree(repo)).toEqual(before);
  });

  // A file gen-devcontainer generates whole may replace only what it wrote itself, unchanged
  // since (the manifest's hash); anything else at that path is a conflict.
  it('a file generated whole that exists without a matching manifest hash is never overwritten without --force', async () => {
    const mine = '#!/bin/sh\necho my own check\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [SCRIPT]: mine });
    const before = readTree(repo);
    const run = await runCli([repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /\.devcontainer\/check-uv-layout\.sh: error: \.devcontainer\/check-uv-layout\.sh exists, and is not a file gen-devcontainer wrote and you left unchanged; it is left as it is \[not-generated-by-us\]/,
    );
    expect(run.stderr).toMatch(/hint: .*--diff.*--force/);
    expectNoStackTrace(run.stderr);
    expect(readTree(repo)).toEqual(before);
  });

  it('--force replaces such a file and keeps the original as .bak', async () => {
    const mine = '#!/bin/sh\necho my own check\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [SCRIPT]: mine });
    const run = await runCli([repo, '--force']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replaced \.devcontainer\/check-uv-layout\.sh$/m);
    expect(run.stdout).toMatch(/kept your previous \.devcontainer\/check-uv-layout\.sh as \.devcontainer\/check-uv-layout\.sh\.bak/);
    expect(read(repo, `${SCRIPT}.bak`)).toBe(mine);
    expect(read(repo, SCRIPT)).toMatch(/Generated by gen-devcontainer/);
    // Now it is ours, recorded in the manifest: the next run is quiet.
    const again = await runCli([repo]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^unchanged /gm)).toHaveLength(6);
  });

  it('a generated file the user edited since is a conflict too', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    fs.appendFileSync(path.join(repo, SCRIPT), 'echo my edit\n');
    const before = readTree(repo);
    const run = await runCli([repo, '--python', '3.12']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/check-uv-layout\.sh exists, and is not a file gen-devcontainer wrote and you left unchanged/);
    expect(readTree(repo)).toEqual(before);
  });
});

describe('plan, explain and env when writing would be refused', () => {
  const SCRIPT = '.devcontainer/check-uv-layout.sh';
  /** The diagnostic lines of a run's stderr (file: level: message [code], and the hint under it). */
  const diagnosticsOf = (stderr: string) => stderr.split('\n').filter((l) => /^\S+: (error|warning): |^ {2}hint: /.test(l));

  async function expectSameRefusal(repo: string, code: RegExp) {
    const before = readTree(repo);
    const generate = await runCli([repo]);
    expect(generate.code).toBe(2);
    expect(generate.stderr).toMatch(code);
    const refusal = diagnosticsOf(generate.stderr);
    expect(refusal.some((l) => l.startsWith('  hint: '))).toBe(true);
    const plan = JSON.parse((await runCli(['plan', repo, '--json'])).stdout);
    for (const argv of [['plan'], ['plan', '--json'], ['explain'], ['env'], ['env', '--format', 'json']]) {
      const run = await runCli([...argv, repo]);
      expect(run.code, `${argv.join(' ')}\n${run.stderr}`).toBe(2);
      // The same diagnostic, file, why and fix, as the default command gives; then one line that says the output stands.
      expect(diagnosticsOf(run.stderr)).toEqual(refusal);
      expect(run.stderr).toMatch(/writing these files would be refused \(the error above says why and what to do\); exit 2\n$/);
      // Printed all the same.
      expect(run.stdout).toContain(argv[0] === 'env' ? plan.environment.path : plan.volume.target.value);
      expectNoStackTrace(run.stderr);
    }
    expect(readTree(repo)).toEqual(before);
  }

  it('a file in the way that gen-devcontainer did not write: exit 2 with the conflict, the plan printed', async () => {
    await expectSameRefusal(makeRepo({ 'pyproject.toml': PYPROJECT, [SCRIPT]: '#!/bin/sh\necho mine\n' }), /\[not-generated-by-us\]/);
  });

  it('a generated file edited since: the same', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    fs.appendFileSync(path.join(repo, SCRIPT), 'echo my edit\n');
    await expectSameRefusal(repo, /check-uv-layout\.sh: error: .*\[not-generated-by-us\]/);
  });

  it('a configuration it cannot edit (a Dockerfile with half a block): the same', async () => {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
      '.devcontainer/Dockerfile': 'FROM python:3.12\n# >>> gen-devcontainer: half a block\nRUN x\n',
    });
    await expectSameRefusal(repo, /\[dockerfile-block-unbalanced\]/);
  });

  it('a lock held by a live run: the same', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    // Another process: the CLI runs in this one here, and a run never waits for itself.
    const other = spawn('sleep', ['60']);
    try {
      fs.mkdirSync(path.join(repo, '.devcontainer'));
      fs.writeFileSync(path.join(repo, '.devcontainer/.gen-devcontainer.lock'), `${other.pid}\n`);
      await expectSameRefusal(repo, new RegExp(`\\.gen-devcontainer\\.lock: error: another gen-devcontainer run \\(pid ${other.pid}\\) is writing in this repository.*\\[locked\\]`));
    } finally {
      other.kill();
    }
    // A lock its run left behind is no refusal.
    await new Promise((resolve) => other.once('exit', resolve));
    expect((await runCli(['plan', repo])).code).toBe(0);
  });

  it('--force is what the conflict asks for: with it, the default command writes; --check, --diff and --dry-run never refuse for it', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, [SCRIPT]: '#!/bin/sh\necho mine\n' });
    expect((await runCli([repo, '--dry-run'])).code).toBe(0);
    expect((await runCli([repo, '--diff'])).code).toBe(1);
    expect((await runCli([repo, '--check'])).code).toBe(1);
    expect((await runCli([repo, '--force'])).code).toBe(0);
    expect(await runCli(['plan', repo])).toMatchObject({ code: 0, stderr: '' });
  });

  it('a value of yours that the plan would keep: plan says so (a warning) and exits 0, as writing would succeed', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{ "containerEnv": { "UV_LINK_MODE": "copy" } }\n' });
    const run = await runCli(['plan', repo]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: containerEnv\.UV_LINK_MODE is "copy"; the plan wants "clone"\. Yours is kept \[kept-user-value\]/);
    expect(run.stderr).not.toMatch(/would be refused/);
  });

  it('--help of each says what exit 2 means there; the README too', async () => {
    for (const command of ['plan', 'explain', 'env']) {
      const help = await runCli([command, '--help']);
      expect(help.stdout).toMatch(/Exit codes: 0 done; 2 bad usage or bad input, or writing these files would be refused/);
    }
    expect((await runCli(['--help'])).stdout).toMatch(/plan, explain and env print\s+their output and exit 2 when writing would be refused/);
    const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
    expect(readme).toMatch(/`plan`, `explain` and `env` print their output and exit 2 when writing would be refused/);
  });
});

describe('modes', () => {
  it('--dry-run writes nothing and shows the files', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/would create \.devcontainer\/devcontainer\.json\n {4}\/\/ Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/Dockerfile\n {4}# Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/check-uv-layout\.sh\n {4}#!\/bin\/sh\n {4}# Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/uv-lifecycle\.sh\n {4}#!\/bin\/sh\n {4}# Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/README\.md\n {4}<!-- Generated by gen-devcontainer/);
    expect(run.stdout).toMatch(/would create \.devcontainer\/gen-devcontainer\.manifest\.json\n {4}\{/);
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

  it('--diff on a fresh repository: a diff from /dev/null for every file, exit 1, nothing written', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli([repo, '--diff']);
    expect(run.code).toBe(1);
    for (const file of ['devcontainer.json', 'Dockerfile', 'check-uv-layout.sh', 'uv-lifecycle.sh', 'README.md', 'gen-devcontainer.manifest.json']) {
      expect(run.stdout).toContain(`--- /dev/null\n+++ b/.devcontainer/${file}\n`);
    }
    expect(run.stdout).toMatch(/^\+\/\/ Generated by gen-devcontainer/m);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
  });

  it('--diff: exit 0 and no output when up to date; exit 1 with --- a/ +++ b/ hunks when an option changes a file; writes nothing', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    const before = readTree(repo);
    expect(await runCli([repo, '--diff'])).toMatchObject({ code: 0, stdout: '' });

    const run = await runCli([repo, '--diff', '--mount-target', '/opt/other']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('--- a/.devcontainer/devcontainer.json\n+++ b/.devcontainer/devcontainer.json\n');
    expect(run.stdout).toContain('--- a/.devcontainer/Dockerfile\n+++ b/.devcontainer/Dockerfile\n');
    expect(run.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/m);
    expect(run.stdout).toMatch(/^-ENV PATH=\/usr\/local\/lib\/gen-devcontainer\/bin:\/opt\/uv\/envs\/demo\/bin:\/opt\/uv\/bin:\$PATH$/m);
    expect(run.stdout).toMatch(/^\+ENV PATH=\/usr\/local\/lib\/gen-devcontainer\/bin:\/opt\/other\/envs\/demo\/bin:\/opt\/other\/bin:\$PATH$/m);
    expect(readTree(repo)).toEqual(before);
  });

  it("--diff shows the edit of a user's devcontainer.json, and a conflict, without writing or refusing", async () => {
    const mine = '// mine\n{ "forwardPorts": [8000] }\n';
    const script = '#!/bin/sh\necho mine\n';
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': mine, '.devcontainer/check-uv-layout.sh': script });
    const before = readTree(repo);
    const run = await runCli([repo, '--diff']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('--- a/.devcontainer/devcontainer.json\n+++ b/.devcontainer/devcontainer.json\n');
    expect(run.stdout).toMatch(/^ \/\/ mine$/m);
    expect(run.stdout).toContain('--- a/.devcontainer/check-uv-layout.sh\n+++ b/.devcontainer/check-uv-layout.sh\n');
    expect(run.stdout).toMatch(/^-echo mine$/m);
    expect(run.stderr).not.toMatch(/not-generated-by-us/);
    expect(readTree(repo)).toEqual(before);
  });

  it('--diff still refuses bad input with exit 2', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli([repo, '--diff', '--mount-target', '/usr/uv']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
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
    // Long reasons wrap: compare words, not lines.
    const words = (s: string) => s.replace(/\s+/g, ' ');
    expect(words(text.stdout)).toContain(words(plan.python.reason));
    expect(words(text.stdout)).toContain(words(plan.uv.version.reason));
  });

  it('explain prints the layout picture, then every directory and decision with its reason; it writes nothing', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const plan = JSON.parse((await runCli(['plan', repo, '--json'])).stdout) as {
      volume: { name: { value: string }; target: { value: string } };
      directories: { path: string; reason: string }[];
      python: { reason: string };
      uv: { version: { reason: string } };
      steps: { reason: string }[];
      devcontainer: { lifecycle: { property: string; reason: string }[] };
    };
    const run = await runCli(['explain', repo]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`volume ${plan.volume.name.value}`);
    expect(run.stdout).toContain(plan.volume.target.value);
    // Long reasons wrap in the plan's part: compare words, not lines (test/unit/plan-reasons.test.ts checks every reason).
    const words = (s: string) => s.replace(/\s+/g, ' ');
    for (const dir of plan.directories) {
      expect(run.stdout).toContain(`${dir.path.slice(plan.volume.target.value.length + 1)}/`);
      expect(run.stdout).toContain(dir.path);
      expect(run.stdout).toContain(dir.reason);
    }
    for (const reason of [plan.python.reason, plan.uv.version.reason, ...plan.devcontainer.lifecycle.map((s) => s.reason), ...plan.steps.map((s) => s.reason)])
      expect(words(run.stdout)).toContain(words(reason));
    // The picture comes first, then the plan as `plan` prints it.
    const described = (await runCli(['plan', repo])).stdout;
    expect(run.stdout.endsWith(described)).toBe(true);
    expect(run.stdout.indexOf(`volume ${plan.volume.name.value}`)).toBeLessThan(run.stdout.indexOf(described));
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(fs.existsSync(path.join(repo, '.devcontainer'))).toBe(false);
    // DIR defaults to the working folder.
    expect(await runCli(['explain'], repo)).toEqual(run);
  });

  // Regression (was a bug, fixed): src/render/quote.ts:20 (commentText) strips C0 controls but not the C1 controls U+0080-U+009F,
  // so a project name written with TOML escapes ("\u009b" is CSI, "\u0085" is NEL) reaches the
  // terminal through `explain` and `plan` (describePlan's "Plan for <name>" line).
  it('explain draws the workspace where a Compose service mounts it (issue 10, item 4)', async () => {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yaml", "service": "app" }\n',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: python:3.12\n    volumes: ["..:/opt/airflow"]\n',
    });
    const run = await runCli(['explain', repo]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^├── \/opt\/airflow +your repository/m);
    expect(run.stdout).toMatch(/^Workspace folder +\/opt\/airflow +\(\.devcontainer\/compose\.yaml line 4\)/m);
    expect(run.stdout).not.toContain('/workspaces');
  });

  it('explain prints no C1 control character from the project name (refused, as uv refuses it) or a folder name', async () => {
    const repo = makeRepo({ 'pyproject.toml': '[project]\nname = "x\\u009b31mred\\u0085y"\n' });
    const run = await runCli(['explain', repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pyproject-name-invalid/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u0080-\u009f]/);
    const named = makeRepo({ 'pyproject.toml': '[project]\nversion = "0"\n' }, 'x\u009b31mred\u0085y');
    const byFolder = await runCli(['explain', named]);
    expect(byFolder.code).toBe(0);
    expect(byFolder.stdout).not.toMatch(/[\u0080-\u009f]/);
  });

  it('explain --help describes the command', async () => {
    const run = await runCli(['explain', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('explain [dir]');
    expect(run.stdout).toContain('--mount-target');
    expectNoStackTrace(run.stderr);
  });

  it('explain on a folder without pyproject.toml exits 2 with the hint, and prints no picture', async () => {
    const repo = makeRepo({ 'README.md': 'hi' });
    const run = await runCli(['explain', repo]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no pyproject\.toml\b.* in .*\n  hint: .*uv init/);
    expectNoStackTrace(run.stderr);
    expect(readTree(repo)).toEqual({ 'README.md': 'hi' });
  });

  it.each(['sh', 'dotenv', 'json'])('env --format %s', async (format) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli(['env', repo, '--format', format]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('/opt/uv/envs/demo');
    if (format === 'json') expect(JSON.parse(run.stdout).env.UV_CACHE_DIR).toBe('/opt/uv/cache');
  });

  it('--uv-version newer than any known release: written, with a warning that the image may not exist', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const run = await runCli([repo, '--uv-version', '0.99.0']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: uv 0\.99\.0 \(from --uv-version\) is newer than any release this generator knows .*\[uv-newer-than-known\]/);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/Dockerfile'), 'utf8')).toContain('COPY --from=ghcr.io/astral-sh/uv:0.99.0 ');
  });

  it('the regenerate hint in the header names the version that wrote it and repeats the options that were used', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    await runCli([repo, '--python', '3.12', '--volume', 'shared-uv']);
    const header = fs.readFileSync(path.join(repo, '.devcontainer/Dockerfile'), 'utf8').split('\n').slice(0, 3).join('\n');
    expect(header).toContain(`Regenerate: npx gen-devcontainer@${VERSION} --python 3.12 --volume shared-uv`);
    expect(header).toContain(`Why each setting: npx gen-devcontainer@${VERSION} plan --python 3.12 --volume shared-uv`);
  });
});
