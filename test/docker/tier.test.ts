/**
 * The Docker tier: every layout's example, generated, built and brought up for real with the Dev
 * Container CLI on a private engine, running every lifecycle command as generated (the volume's
 * preparation, the real uv sync or uv pip install, the in-container check), then proved from uv's
 * own result: every file uv installed shares its inode with a file in its cache.
 *
 * What is real: uv (the release's binaries from PyPI, under ghcr.io/astral-sh/uv:<version>), the
 * packages (real wheels from PyPI, numpy among them, served on loopback), the locks (made by real
 * uv against that index), the Dockerfile build, the Dev Container CLI, the volume, its ownership,
 * the mounts. What stands in, and why, is in TIER_OVERRIDES and engine.ts; nothing else is.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, type JSONPath, modify, parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { substituteDevcontainerId } from '../../src/plan/names.js';
import { DEFAULT_BASE_IMAGE } from '../../src/plan/tables.js';
import type { Plan } from '../../src/targets/types.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { devcontainerId } from '../helpers/devcontainer-id.js';
import { CACHE_DIR, DOCKER, type Engine, ensureBaseImage, ensureSleepingStandIn, ensureUvImage, STAND_IN_LABEL, startEngine } from './engine.js';
import { LINK_PROOF as PROOF } from './link-proof.js';
import { findLocks, relock } from './relock.js';
import { uvRelease } from './uv-release.js';
import { ensureWheelhouse, type IndexServer, serveIndex, TARGET_PYTHON } from './wheelhouse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEVCONTAINER = path.join(repoRoot, 'node_modules/.bin/devcontainer');
const COMPOSE = '/usr/bin/docker-compose';
const TIER_PYTHON = `3.${TARGET_PYTHON.minor}`;

let engine: Engine;
let index: IndexServer;
const timings: string[] = [];
const workspaces: string[] = [];

/**
 * Everything the tier changes in a generated configuration, and why. Nothing else is substituted.
 * Every configuration is also generated with `--python 3.13`, an ordinary user option, so that uv
 * asks for the version the base image has.
 */
const TIER_OVERRIDES: { path: JSONPath; value: (index: IndexServer) => unknown; why: string }[] = [
  {
    path: ['containerEnv', 'UV_PYTHON_PREFERENCE'],
    value: () => 'only-system',
    why: "was only-managed: uv-managed CPython builds download from GitHub, which these machines cannot reach; the base image's python3 (Debian trixie, 3.13) stands in",
  },
  {
    path: ['containerEnv', 'UV_DEFAULT_INDEX'],
    value: (i) => i.url,
    why: 'added: a loopback index of real PyPI wheels stands in for PyPI where uv resolves in the container (projects without a uv.lock); locked projects install from the URLs their lock records, which point there too',
  },
];
/** And containers join the host's network (runArgs, or network_mode in Compose), to reach that index. */
const TIER_NETWORK = '--network=host';

beforeAll(async () => {
  let start = Date.now();
  engine = await startEngine();
  timings.push(`engine started in ${secondsSince(start)} s`);
  const base = ensureBaseImage(engine, DEFAULT_BASE_IMAGE);
  timings.push(`base image ${base.fromCache ? 'imported from the cached tarball' : 'made with debootstrap'} in ${base.seconds.toFixed(1)} s`);
  start = Date.now();
  for (const version of ['0.13.9', '0.8.24']) ensureUvImage(engine, uvRelease(version, CACHE_DIR));
  ensureSleepingStandIn(engine, 'postgres:17', DEFAULT_BASE_IMAGE);
  timings.push(`uv images (real uv from PyPI) in ${secondsSince(start)} s`);
  start = Date.now();
  const wheelhouse = await ensureWheelhouse(path.join(repoRoot, 'test/docker/wheelhouse/uv.lock'), path.join(CACHE_DIR, 'wheelhouse'), tempDir('gdc-index-'));
  index = await serveIndex(wheelhouse.root);
  timings.push(`wheelhouse: ${wheelhouse.files} files, ${(wheelhouse.bytes / 1e6).toFixed(0)} MB, ${wheelhouse.downloaded} downloaded, in ${secondsSince(start)} s`);
});

afterAll(() => {
  index?.stop();
  if (!engine) return;
  for (const folder of workspaces) {
    const ids = engine.docker(['ps', '-aq', '--filter', `label=devcontainer.local_folder=${folder}`], { allowFailure: true }).stdout.trim();
    if (ids) engine.docker(['rm', '-f', ...ids.split('\n')], { allowFailure: true });
  }
  if (workspaces.length) spawnSync(COMPOSE, ['version'], { env: engine.env });
  engine.stop();
  console.log(`Docker tier: ${timings.join('; ')}`);
});

function secondsSince(start: number): string {
  return ((Date.now() - start) / 1000).toFixed(1);
}

interface Workspace {
  /** Where the generator ran, and the Dev Container CLI opens. */
  folder: string;
  /** The copy of the example: the git repository. */
  root: string;
  plan: Plan;
}

/**
 * A copy of an example as a user has it (a git repository), each committed uv.lock made anew by
 * the real uv the plan pins against the loopback index, the generator run on it (in its folder
 * `inFolder`, when given), and the tier's overrides applied.
 */
async function workspace(example: string, options: string[] = [], setUp?: (folder: string) => void, inFolder?: string): Promise<Workspace> {
  const root = path.join(tempDir('gdc-ws-'), example);
  fs.cpSync(path.join(repoRoot, 'examples', example), root, { recursive: true });
  spawnSync('git', ['init', '-q', root]);
  setUp?.(root);
  const folder = inFolder ? path.join(root, inFolder) : root;
  const args = [folder, '--python', TIER_PYTHON, ...options];
  // `plan --force` answers as the run with --force will.
  const planned = await runCli(['plan', '--json', ...args]);
  if (planned.code !== 0) throw new Error(`gen-devcontainer plan failed on ${example}:\n${planned.stderr}`);
  const plan = JSON.parse(planned.stdout) as Plan;
  for (const lock of findLocks(root)) {
    relock(engine, { folder: root, projectDir: path.dirname(lock), release: uvRelease(plan.uv.version.value, CACHE_DIR), indexUrl: index.url, image: DEFAULT_BASE_IMAGE, python: TIER_PYTHON });
  }
  const generated = await runCli(args);
  if (generated.code !== 0) throw new Error(`gen-devcontainer failed on ${example}:\n${generated.stderr}`);
  applyOverrides(folder);
  // A checkout belongs to the user who made it: uid 1000 here, as the container user (git refuses
  // a repository another user owns, and the Dev Container CLI keeps uid 1000 when the host user is root).
  spawnSync('chown', ['-R', '1000:1000', path.dirname(root)]);
  workspaces.push(folder);
  return { folder, root, plan };
}

function configFile(folder: string): string {
  return path.join(folder, '.devcontainer', 'devcontainer.json');
}

function readConfig(folder: string): Record<string, unknown> {
  return parse(fs.readFileSync(configFile(folder), 'utf8')) as Record<string, unknown>;
}

function editConfig(folder: string, edits: [JSONPath, unknown][]): void {
  let text = fs.readFileSync(configFile(folder), 'utf8');
  for (const [jsonPath, value] of edits) text = applyEdits(text, modify(text, jsonPath, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  fs.writeFileSync(configFile(folder), text);
}

function applyOverrides(folder: string): void {
  const config = readConfig(folder);
  const edits: [JSONPath, unknown][] = TIER_OVERRIDES.map((o) => [o.path, o.value(index)]);
  if (config.dockerComposeFile !== undefined) {
    // Compose ignores runArgs: the service joins the host's network in a file of the tier's own.
    const service = config.service as string;
    fs.writeFileSync(path.join(folder, '.devcontainer', 'compose.tier.yaml'), `# The Docker tier: reach the loopback package index.\nservices:\n  ${service}:\n    network_mode: host\n`);
    const files = ([] as string[]).concat(config.dockerComposeFile as string | string[]);
    edits.push([['dockerComposeFile'], [...files, 'compose.tier.yaml']]);
  } else {
    // A rerun of the generator keeps runArgs as they were, this one included.
    const runArgs = (config.runArgs as string[] | undefined) ?? [];
    if (!runArgs.includes(TIER_NETWORK)) edits.push([['runArgs'], [...runArgs, TIER_NETWORK]]);
  }
  editConfig(folder, edits);
}

/** Runs the Dev Container CLI; options go before the rest, so that `exec`'s command line stays last. */
function devcontainer([subcommand, ...args]: [string, ...string[]], timeoutMs = 600_000) {
  const result = spawnSync(DEVCONTAINER, [subcommand, '--docker-path', DOCKER, '--docker-compose-path', COMPOSE, ...args], {
    env: engine.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

interface Up {
  outcome: string;
  containerId?: string;
  remoteUser?: string;
  /** Everything the CLI printed, lifecycle commands' output included. */
  log: string;
}

/** `devcontainer up` with every lifecycle command, as VS Code runs them. */
/** `args`: more options of `devcontainer up` (`--mount-workspace-git-root false`, as VS Code's setting of that name). */
function up(folder: string, options: { expectFailure?: boolean; args?: string[] } = {}): Up {
  const start = Date.now();
  const run = devcontainer(['up', '--workspace-folder', folder, '--log-format', 'json', ...(options.args ?? [])]);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) || '{}') as Omit<Up, 'log'>;
  const log = stripAnsi(outputOf(run.stderr));
  if (!options.expectFailure && result.outcome !== 'success') throw new Error(`devcontainer up failed for ${folder}:\n${log.slice(-6000)}\n${run.stdout.slice(-2000)}`);
  timings.push(`${path.basename(folder)} up in ${secondsSince(start)} s`);
  return { ...result, log };
}

/**
 * The volume's name on the engine, resolved as the Dev Container CLI and Compose resolve the plan's
 * (plan.devcontainer.perRepository): `${devcontainerId}` from the checkout's two labels, or the Compose
 * project the CLI passes with --project-name (devcontainers/cli src/spec-node/dockerCompose.ts
 * getProjectName: `<folder>_devcontainer` for compose files in .devcontainer/) before the volume's key.
 */
function expectedVolume(ws: Workspace): string {
  const { name } = ws.plan.volume;
  const { perRepository } = ws.plan.devcontainer;
  if (perRepository === 'devcontainerId') return substituteDevcontainerId(name.value, devcontainerId(ws.folder));
  if (perRepository === 'compose-project')
    return `${path
      .basename(ws.folder)
      .toLowerCase()
      .replace(/[^-_a-z0-9]/g, '')}_devcontainer_${name.value}`;
  return name.value;
}

/** The name of the volume a container has at `target`. */
function volumeAt(containerId: string, target: string): string {
  return engine.docker(['inspect', '-f', `{{range .Mounts}}{{if eq .Destination "${target}"}}{{.Name}}{{end}}{{end}}`, containerId]).stdout.trim();
}

function exec(folder: string, command: string) {
  return devcontainer(['exec', '--workspace-folder', folder, 'sh', '-c', command]);
}

/**
 * The CLI's JSON log turned back into text: `raw` events are the output of the build and of the
 * lifecycle commands, byte for byte; `text` events are the CLI's own lines (failures among them).
 */
function outputOf(jsonLog: string): string {
  let out = '';
  for (const line of jsonLog.split('\n')) {
    let event: { type?: string; text?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      out += `${line}\n`;
      continue;
    }
    if (event.type === 'raw' && event.text) out += event.text;
    else if (event.type === 'text' && event.text) out += `${event.text}\n`;
  }
  return out;
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** uv's words when it cannot link and copies instead (uv-install-wheel's linker). */
const COPY_FALLBACK = /falling back to full copy|Failed to (?:hardlink|clone|reflink)/i;

interface Proof {
  environments: number;
  packages: number;
  files: number;
  linked: number;
  notLinked: number;
  firstNotLinked: string;
}

function proveLinks(folder: string): Proof {
  const run = exec(folder, PROOF);
  expect(run.code, run.stderr).toBe(0);
  const [environments, packages, files, linked, notLinked, firstNotLinked] = run.stdout.trim().split('\n').at(-1)!.split(' ');
  return { environments: Number(environments), packages: Number(packages), files: Number(files), linked: Number(linked), notLinked: Number(notLinked), firstNotLinked: firstNotLinked! };
}

/** The claims every healthy layout must meet, from uv's own result and the check it ran. */
function expectLinkedByUv(label: string, folder: string, result: Up): Proof {
  expect(result.log, `uv copied instead of linking in ${label}`).not.toMatch(COPY_FALLBACK);
  expect(result.log).toMatch(/OK {4}packages {17}\d+ files linked from the cache, 0 copied/);
  expect(result.log).toMatch(/uv layout OK/);
  const proof = proveLinks(folder);
  console.log(
    `--- ${label}: ${proof.packages} packages in ${proof.environments} environment(s); ${proof.linked} of ${proof.files} installed files share an inode with the cache, ${proof.notLinked} do not`,
  );
  expect(proof.files).toBeGreaterThan(0);
  expect(proof.notLinked, `first file not linked: ${proof.firstNotLinked}`).toBe(0);
  return proof;
}

function checkLines(log: string): string {
  return log
    .split('\n')
    .filter((l) => /^(OK|FAIL) {2,}|^ {6}fix:|^uv layout/.test(l))
    .join('\n');
}

describe('a single uv project (uv-app: numpy, httpx, rich and their dependencies, locked)', () => {
  let ws: Workspace;
  let result: Up;
  beforeAll(async () => {
    ws = await workspace('uv-app');
    result = up(ws.folder);
  });

  it('comes up with every lifecycle command: the real uv sync --frozen installs from the lock, the check passes', () => {
    expect(result.remoteUser).toBe('vscode');
    expect(result.log).toMatch(/Installed \d+ packages/);
    expect(result.log).toMatch(/\+ numpy==/);
    console.log(`--- check inside uv-app, after the real uv sync:\n${checkLines(result.log)}`);
  });

  it('uv linked every file it installed: each shares its inode with a file in UV_CACHE_DIR, and uv printed no copy fallback', () => {
    const proof = expectLinkedByUv('uv-app', ws.folder, result);
    const installed = Number(/Installed (\d+) packages/.exec(result.log)?.[1]);
    expect(installed).toBeGreaterThan(20);
    expect(proof.packages).toBe(installed);
  });

  it('PATH: the environment comes first in plain and login shells without remoteEnv, and ~/.profile additions stay', () => {
    expect(readConfig(ws.folder)).not.toHaveProperty('remoteEnv');
    expect(exec(ws.folder, 'command -v python').stdout.trim()).toBe('/opt/uv/envs/uv-app/bin/python');
    expect(exec(ws.folder, 'mkdir -p "$HOME/.local/bin"').code).toBe(0);
    const login = devcontainer(['exec', '--workspace-folder', ws.folder, 'bash', '-lc', 'echo "$PATH"; command -v python']);
    const [loginPath, python] = login.stdout.trim().split('\n');
    console.log(`--- PATH in a login shell (bash -l) through devcontainer exec: ${loginPath}`);
    expect(python).toBe('/opt/uv/envs/uv-app/bin/python');
    expect(loginPath).toContain('/home/vscode/.local/bin');
    expect(loginPath).toContain('/opt/uv/envs/uv-app/bin:/opt/uv/bin:');
  });

  it('the volume outlives the container: a new container finds the environment and re-syncs in no time', () => {
    engine.docker(['rm', '-f', result.containerId!]);
    const again = up(ws.folder);
    expect(again.containerId).not.toBe(result.containerId);
    // The same volume, under the name the CLI made from ${devcontainerId}: this checkout's.
    expect(volumeAt(again.containerId!, '/opt/uv')).toBe(expectedVolume(ws));
    expect(volumeAt(again.containerId!, '/opt/uv')).toMatch(/^uv-uv-app-[0-9a-v]{52}$/);
    expect(again.log).toMatch(/Checked \d+ packages|Audited \d+ packages/);
    expect(again.log).toMatch(/uv layout OK/);
  });
});

describe('a uv workspace (uv-workspace: virtual root, three members built by hatchling, one excluded)', () => {
  it('uv sync --frozen --all-packages installs every member into the one environment, linked', async () => {
    const ws = await workspace('uv-workspace');
    const result = up(ws.folder);
    for (const member of ['acme-api', 'acme-cli', 'acme-core']) expect(result.log).toMatch(new RegExp(`\\+ ${member}==0\\.1\\.0 \\(from file:`));
    expect(result.log).not.toMatch(/acme-legacy/);
    const imported = exec(ws.folder, 'python -c "import acme_api, acme_cli, acme_core, fastapi, typer; print(\'imported\')"');
    expect(imported.stdout).toContain('imported');
    expectLinkedByUv('uv-workspace', ws.folder, result);
  });
});

describe('a folder that needs more than itself: the repository root mounted, the folder opened in it', () => {
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('a uv workspace member (fastapi-fullstack/backend): uv sync --frozen in the member installs it from the root lock, and writes no uv.lock', async () => {
    const ws = await workspace('fastapi-fullstack', [], undefined, 'backend');
    expect(ws.plan.layout.value).toBe('workspace-member');
    expect(readConfig(ws.folder)).toMatchObject({
      workspaceMount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository',
      workspaceFolder: '/workspaces/repository/${localWorkspaceFolderBasename}',
    });
    const lock = path.join(ws.root, 'uv.lock');
    const before = sha(lock);
    // Without the CLI's own mounting of the git root (VS Code's dev.containers.mountWorkspaceGitRoot
    // off): the mount is the configuration's, and Docker resolved "${localWorkspaceFolder}/..".
    const result = up(ws.folder, { args: ['--mount-workspace-git-root', 'false'] });
    const mounts = engine.docker(['inspect', '-f', '{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}}\n{{end}}', result.containerId!]).stdout;
    expect(mounts).toContain(`bind ${ws.root} /workspaces/repository\n`);
    // uv installed the member itself, editable from its folder, and what it depends on, by the lock.
    expect(result.log).toMatch(/\+ app==0\.1\.0 \(from file:\/\/\/workspaces\/repository\/backend\)/);
    expect(result.log).toMatch(/\+ fastapi==/);
    expect(result.log).not.toMatch(/Resolved \d+ packages/);
    expect(sha(lock)).toBe(before);
    expect(fs.existsSync(path.join(ws.folder, 'uv.lock'))).toBe(false);
    expect(findLocks(ws.root)).toEqual([lock]);
    const inside = exec(ws.folder, 'pwd; ls /workspaces/repository; python -c "import app.main, fastapi, sqlalchemy; print(\'imported\')"');
    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stdout).toMatch(/^\/workspaces\/repository\/backend$/m);
    expect(inside.stdout).toMatch(/^frontend$/m);
    expect(inside.stdout).toContain('imported');
    // Run again in the container, as a user would: still nothing to resolve, still no lock written.
    const again = exec(ws.folder, 'uv sync --frozen 2>&1; ls');
    expect(again.stdout).toMatch(/Checked \d+ packages|Audited \d+ packages/);
    expect(again.stdout).not.toMatch(/^uv\.lock$/m);
    console.log(`--- workspace member: ../uv.lock sha256 ${before.slice(0, 12)} before and after; no backend/uv.lock`);
    expectLinkedByUv('fastapi-fullstack/backend', ws.folder, result);

    // Control, the container: the same configuration without the pair, the member mounted
    // alone. uv takes it for a project of its own; --frozen makes that an error instead of a new lock.
    engine.docker(['rm', '-f', result.containerId!]);
    editConfig(ws.folder, [
      [['workspaceMount'], undefined],
      [['workspaceFolder'], undefined],
    ]);
    const alone = up(ws.folder, { expectFailure: true, args: ['--mount-workspace-git-root', 'false'] });
    expect(alone.outcome).toBe('error');
    expect(alone.log).toMatch(/Unable to find lockfile at `uv\.lock`, but `--frozen` was provided/);
    expect(findLocks(ws.root)).toEqual([lock]);
    expect(sha(lock)).toBe(before);
  });

  it('a path source outside the folder (path-source-sibling/app: ../prebuilt, editable): installed from the mounted sibling', async () => {
    const ws = await workspace('path-source-sibling', [], undefined, 'app');
    expect(readConfig(ws.folder)).toMatchObject({ workspaceFolder: '/workspaces/repository/${localWorkspaceFolderBasename}' });
    const lock = path.join(ws.folder, 'uv.lock');
    const before = sha(lock);
    const result = up(ws.folder);
    expect(result.log).toMatch(/\+ prebuilt-tools==1\.4\.0 \(from file:\/\/\/workspaces\/repository\/prebuilt\)/);
    expect(sha(lock)).toBe(before);
    const edited = exec(ws.folder, 'echo "EDITED = True" >> ../prebuilt/src/prebuilt_tools/__init__.py && python -c "import prebuilt_tools; print(prebuilt_tools.EDITED)"');
    expect(edited.stdout.trim()).toBe('True');
    expectLinkedByUv('path-source-sibling/app', ws.folder, result);
  });
});

describe('several projects in one folder (many-projects: centralized-project-envs)', () => {
  it("each project gets its environment in the cache bucket, linked; a host's .venv is left alone, which uv itself would delete", async () => {
    const ws = await workspace('many-projects', [], (folder) => {
      // A virtual environment made on the host, in one project folder the container sees.
      expect(spawnSync('python3', ['-m', 'venv', '--without-pip', path.join(folder, 'search', '.venv')]).status).toBe(0);
    });
    const result = up(ws.folder);
    expect(result.log).toMatch(/gen-devcontainer: skipped search: search\/\.venv is a virtual environment made outside this container/);
    expect(fs.existsSync(path.join(ws.folder, 'search', '.venv', 'pyvenv.cfg'))).toBe(true);
    expect(fs.lstatSync(path.join(ws.folder, 'search', '.venv')).isSymbolicLink()).toBe(false);
    for (const project of ['billing', 'web-scraper']) {
      expect(fs.readlinkSync(path.join(ws.folder, project, '.venv'))).toMatch(new RegExp(`^/opt/uv/cache/environments-v2/${project}-`));
    }
    const proof = expectLinkedByUv('many-projects', ws.folder, result);
    expect(proof.environments).toBe(2);

    // What the guard prevents, shown with real uv: a plain `uv sync` in that folder deletes the
    // host's environment and leaves a link that only resolves inside the container.
    const sync = exec(ws.folder, 'cd search && uv sync');
    expect(sync.code, sync.stderr).toBe(0);
    expect(fs.lstatSync(path.join(ws.folder, 'search', '.venv')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(ws.folder, 'search', '.venv', 'pyvenv.cfg'))).toBe(false);
    console.log(`--- real uv sync in a folder holding a host .venv: .venv is now a link to ${fs.readlinkSync(path.join(ws.folder, 'search', '.venv'))}, dangling on the host`);

    // The generator reads no sub-project's pyproject.toml: a broken one is real uv's to report, and
    // it stops only its own project. billing syncs first; web-scraper, after it, gets its .venv back.
    fs.writeFileSync(path.join(ws.folder, 'billing', 'pyproject.toml'), '[project\nname = "billing"\n');
    fs.rmSync(path.join(ws.folder, 'web-scraper', '.venv'));
    const again = exec(ws.folder, 'sh .devcontainer/uv-lifecycle.sh install');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/TOML parse error|Failed to parse/);
    expect(again.stderr).toMatch(/gen-devcontainer: uv sync failed in billing \(uv says why above\)/);
    expect(again.stderr).toMatch(/gen-devcontainer: uv sync failed in 1 of 3 project\(s\), see above\n$/);
    expect(fs.readlinkSync(path.join(ws.folder, 'web-scraper', '.venv'))).toMatch(/^\/opt\/uv\/cache\/environments-v2\/web-scraper-/);
    console.log(
      `--- a broken billing/pyproject.toml: real uv said "${again.stderr
        .split('\n')
        .find((l) => /^error:/.test(l))
        ?.trim()}"; web-scraper synced after it; the step exited 1`,
    );
  });
});

describe('a monorepo: projects two and three levels down (monorepo-libs)', () => {
  it('syncs libs/core, libs/graph (its editable path source included), libs/partners/acme and docs, and no fixture or vendored folder', async () => {
    const ws = await workspace('monorepo-libs');
    const locks = ['libs/core', 'libs/graph', 'libs/partners/acme'].map((p) => [p, fs.readFileSync(path.join(ws.folder, p, 'uv.lock'), 'utf8')] as const);
    const result = up(ws.folder);
    expect(ws.plan.projects?.paths).toEqual(['docs', 'libs/core', 'libs/graph', 'libs/partners/acme']);
    for (const project of ws.plan.projects!.paths) {
      expect(fs.readlinkSync(path.join(ws.folder, project, '.venv')), project).toMatch(/^\/opt\/uv\/cache\/environments-v2\/[^/]+$/);
    }
    for (const notProject of ['libs/graph/tests/fixtures/sample', 'third_party/patched-lib']) expect(fs.existsSync(path.join(ws.folder, notProject, '.venv')), notProject).toBe(false);
    const proof = expectLinkedByUv('monorepo-libs', ws.folder, result);
    expect(proof.environments).toBe(4);
    // --frozen where there is a lock (looked for when the step runs): the install rewrote none of
    // them, and docs, without one, got one from uv. Every folder was synced with --all-packages.
    expect(fs.existsSync(path.join(ws.folder, 'docs', 'uv.lock'))).toBe(true);
    expect(fs.readFileSync(path.join(ws.folder, '.devcontainer', 'uv-lifecycle.sh'), 'utf8')).toMatch(/^ {4}set -- --all-packages$/m);
    for (const [project, before] of locks) expect(fs.readFileSync(path.join(ws.folder, project, 'uv.lock'), 'utf8'), project).toBe(before);
    // The path source is installed editable: mono_core is imported from the workspace's libs/core.
    const run = exec(ws.folder, 'cd libs/graph && uv run --frozen --no-sync python -c "import mono_core, mono_graph; print(mono_core.__file__)"');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\/libs\/core\/src\/mono_core\/__init__\.py/);
  });
});

describe('extras and dependency groups (uv-library --extra fast --no-dev)', () => {
  it('passes the options to the real uv sync: the extra is installed, the dev group is not', async () => {
    const ws = await workspace('uv-library', ['--extra', 'fast', '--no-dev']);
    const install = ws.plan.steps.find((s) => s.step === 'install')!.action;
    expect(install).toMatchObject({ kind: 'uv-sync', args: expect.arrayContaining(['--extra', 'fast', '--no-dev']) });
    const result = up(ws.folder);
    expectLinkedByUv('uv-library --extra fast --no-dev', ws.folder, result);
    const extra = exec(ws.folder, 'python -c "import orjson, tiny_lib; print(orjson.__version__)"');
    expect(extra.code, extra.stderr).toBe(0);
    // The dev group (pytest, ruff) stays out; control: `uv sync` without --no-dev would install it.
    const dev = exec(ws.folder, 'python -c "import pytest"');
    expect(dev.code).not.toBe(0);
    expect(dev.stderr).toMatch(/No module named 'pytest'/);
    const control = exec(ws.folder, 'uv sync --extra fast >/dev/null 2>&1 && python -c "import pytest; print(pytest.__version__)"');
    expect(control.code, control.stderr).toBe(0);
    console.log(`--- extras and groups: orjson ${extra.stdout.trim()} installed by --extra fast; pytest absent with --no-dev, ${control.stdout.trim()} after a plain uv sync`);
  });
});

describe('requirements files only (pip-requirements: uv venv + uv pip install)', () => {
  it('installs the pinned requirements into the environment on the volume, linked; running the install again never prompts', async () => {
    const ws = await workspace('pip-requirements');
    const result = up(ws.folder);
    expect(result.log).toMatch(/\+ flask==3\.1\.0/);
    expectLinkedByUv('pip-requirements', ws.folder, result);
    // Lifecycle commands run on a terminal (the CLI spawns them with a pty). `script` gives one
    // here. Control: uv venv on the existing environment asks before replacing it and waits.
    const env = '/opt/uv/envs/project';
    const asked = exec(ws.folder, `timeout 20 script -qec 'uv venv ${env}' /dev/null; echo "exit $?"`);
    expect(asked.stdout).toMatch(/exit 124/);
    expect(asked.stdout).toMatch(/already exists|replace it/i);
    // The generated step on the same terminal: --allow-existing and /dev/null, so it returns.
    const again = exec(ws.folder, `timeout 60 script -qec 'sh .devcontainer/uv-lifecycle.sh install' /dev/null; echo "exit $?"`);
    expect(again.stdout, again.stderr).toMatch(/exit 0/);
    expect(again.stdout).toMatch(/Checked \d+ packages|Audited \d+ packages/);
  });
});

describe("UV_SYSTEM_PYTHON=1 in the user's Dockerfile (pip-requirements)", () => {
  it("the install still goes into the environment on the volume (--python names it); a plain uv pip there sees the image's Python", async () => {
    const ws = await workspace('pip-requirements', [], (folder) => {
      fs.mkdirSync(path.join(folder, '.devcontainer'), { recursive: true });
      fs.writeFileSync(path.join(folder, '.devcontainer', 'Dockerfile'), `FROM ${DEFAULT_BASE_IMAGE}\nENV UV_SYSTEM_PYTHON=1\n`);
      fs.writeFileSync(configFile(folder), '{ "build": { "dockerfile": "Dockerfile" } }\n');
    });
    const env = ws.plan.environment.path;
    expect(ws.plan.steps.find((s) => s.step === 'install')!.action).toMatchObject({ kind: 'uv-pip', install: expect.arrayContaining(['--python', `${env}/bin/python`]) });
    const result = up(ws.folder);
    expectLinkedByUv('pip-requirements under UV_SYSTEM_PYTHON=1', ws.folder, result);
    const flask = exec(ws.folder, 'python -c "import flask, sys; print(sys.prefix)"');
    expect(flask.code, flask.stderr).toBe(0);
    expect(flask.stdout.trim()).toBe(env);
    // Control, with real uv: the same variable sends a plain `uv pip` to the image's Python, where flask is not.
    const plain = exec(ws.folder, 'uv pip list 2>&1; echo "exit $?"');
    expect(plain.stdout).not.toMatch(/^flask /im);
    const named = exec(ws.folder, `uv pip list --python ${env}/bin/python`);
    expect(named.stdout).toMatch(/^flask +3\.1\.0/im);
  });
});

describe('read-only root file system (uv-app --read-only)', () => {
  it('comes up with every lifecycle command; writes outside the volume and the tmpfs fail; uv links', async () => {
    const ws = await workspace('uv-app', ['--read-only', '--volume', 'uv-read-only']);
    const result = up(ws.folder);
    const root = exec(ws.folder, 'touch /usr/local/should-fail 2>&1; for f in "$TMPDIR/ok" /tmp/ok "$HOME/ok" "$XDG_CACHE_HOME/ok"; do touch "$f" 2>&1 || echo "cannot write $f"; done; echo checked');
    expect(root.stdout).toMatch(/Read-only file system/);
    expect(root.stdout).not.toMatch(/cannot write/);
    expectLinkedByUv('read-only root', ws.folder, result);
  });
});

describe('a machine-wide shared cache (--shared-cache)', () => {
  it('two projects share one volume: the second installs from what the first cached, the same inodes', async () => {
    const first = await workspace('uv-app', ['--shared-cache']);
    const second = await workspace('uv-library', ['--shared-cache']);
    const one = up(first.folder);
    const two = up(second.folder);
    expectLinkedByUv('shared cache, first project', first.folder, one);
    expectLinkedByUv('shared cache, second project', second.folder, two);
    const inode = (folder: string) => exec(folder, 'stat -c %i "$UV_PROJECT_ENVIRONMENT"/lib/python*/site-packages/pytest/__init__.py').stdout.trim();
    expect(inode(second.folder)).toBe(inode(first.folder));
    expect(exec(second.folder, 'ls /opt/uv/envs').stdout.split('\n')).toEqual(expect.arrayContaining(['tiny-lib', 'uv-app']));
  });
});

describe('a volume left by another uid, and a command of the user in the same property', () => {
  it("the preparation gives the volume to the user before the user's own onCreateCommand runs, then uv installs and links", async () => {
    const volume = 'uv-left-by-4321';
    engine.docker(['volume', 'create', volume]);
    engine.docker([
      'run',
      '--rm',
      '--network=none',
      '-v',
      `${volume}:/opt/uv`,
      DEFAULT_BASE_IMAGE,
      'sh',
      '-c',
      'mkdir -p /opt/uv/cache/old /opt/uv/tmp && touch /opt/uv/cache/old/file && chown -R 4321:4321 /opt/uv',
    ]);
    const ws = await workspace('uv-app', ['--volume', volume]);
    // The user adds a command of their own that needs the prepared volume, and runs the generator again.
    editConfig(ws.folder, [[['onCreateCommand'], 'touch /opt/uv/tmp/user-command-ran && echo user-command-ran']]);
    const rerun = await runCli([ws.folder, '--python', TIER_PYTHON, '--volume', volume]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(readConfig(ws.folder).onCreateCommand).toEqual(['sh', '.devcontainer/uv-lifecycle.sh', 'prepare', '--', '/bin/sh', '-c', 'touch /opt/uv/tmp/user-command-ran && echo user-command-ran']);
    applyOverrides(ws.folder);
    const result = up(ws.folder);
    expect(result.log).toMatch(/gen-devcontainer: gave \/opt\/uv to vscode[\s\S]*user-command-ran/);
    expect(exec(ws.folder, 'stat -c %U /opt/uv /opt/uv/cache/old/file /opt/uv/tmp/user-command-ran').stdout.trim().split('\n')).toEqual(['vscode', 'vscode', 'vscode']);
    expectLinkedByUv('volume left by uid 4321', ws.folder, result);
  });
});

describe('existing configurations', () => {
  it("an image-based configuration (existing-image): the image becomes the Dockerfile base; the user's onCreateCommand runs after the preparation", async () => {
    const ws = await workspace('existing-image');
    const result = up(ws.folder);
    expect(result.log).toMatch(/ready/);
    expect(result.log).toMatch(/\+ pandas==/);
    expectLinkedByUv('existing-image', ws.folder, result);
  });

  it("a Dockerfile-based configuration (existing-dockerfile): the block in the user's Dockerfile; their postCreateCommand runs after the check", async () => {
    // --force: its containerEnv sets UV_LINK_MODE=copy, which the plan replaces.
    const ws = await workspace('existing-dockerfile', ['--force'], (folder) => {
      // Features download from ghcr.io, which cannot be reached here: the tier drops the user's one.
      let text = fs.readFileSync(configFile(folder), 'utf8');
      text = applyEdits(text, modify(text, ['features'], undefined, {}));
      fs.writeFileSync(configFile(folder), text);
    });
    const result = up(ws.folder);
    expect(result.log).toMatch(/uv layout OK[\s\S]*pre-commit installed at \.git\/hooks\/pre-commit/);
    expect(fs.existsSync(path.join(ws.folder, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expectLinkedByUv('existing-dockerfile', ws.folder, result);
  });

  it('a Docker Compose configuration (existing-compose), brought up with docker-compose and the override file', async () => {
    const ws = await workspace('existing-compose');
    const result = up(ws.folder);
    expect(result.log).toMatch(/\+ sqlalchemy==/);
    // Declared without a name: Compose names it after the project the Dev Container CLI gave it.
    expect(volumeAt(result.containerId!, '/opt/uv')).toBe(expectedVolume(ws));
    expect(expectedVolume(ws)).toBe('existing-compose_devcontainer_uv-orders-api');
    expectLinkedByUv('existing-compose', ws.folder, result);
  });
});

describe("issue 10: the user's own configuration, read truthfully", () => {
  it('Compose without workspaceFolder, the repository mounted at /app, user: root: workspaceFolder written, every step runs in /app as root', async () => {
    // debian:trixie is an image known to run as root (src/plan/image-facts.ts): the Debian stand-in, under that name.
    ensureBaseImage(engine, 'debian:trixie');
    const ws = await workspace('uv-app', [], (folder) => {
      fs.mkdirSync(path.join(folder, '.devcontainer'), { recursive: true });
      fs.writeFileSync(configFile(folder), '{\n  "name": "root compose",\n  "dockerComposeFile": "compose.yaml",\n  "service": "app"\n}\n');
      fs.writeFileSync(
        path.join(folder, '.devcontainer', 'compose.yaml'),
        'services:\n  app:\n    image: debian:trixie\n    user: root\n    command: sleep infinity\n    volumes:\n      - type: bind\n        source: ..\n        target: /app\n',
      );
    });
    expect(ws.plan.devcontainer.workspaceFolder).toMatchObject({ value: '/app', source: '.devcontainer/compose.yaml line 9' });
    expect(ws.plan.user).toMatchObject({ name: { value: 'root' }, uid: 0 });
    expect(readConfig(ws.folder).workspaceFolder).toBe('/app');
    expect(readConfig(ws.folder)).not.toHaveProperty('remoteUser');
    const result = up(ws.folder);
    expect(result.remoteUser).toBe('root');
    expect(result.log).toMatch(/\+ numpy==/);
    expect(exec(ws.folder, 'pwd; id -u; stat -c %u /opt/uv').stdout.trim().split('\n')).toEqual(['/app', '0', '0']);
    expectLinkedByUv('Compose at /app as root', ws.folder, result);
  });

  it('an image where uid 1000 is another user (an ubuntu:noble stand-in): the block renames it, and vscode has the uid the plan states', async () => {
    const context = tempDir('gdc-noble-');
    fs.writeFileSync(
      path.join(context, 'Dockerfile'),
      `FROM ${DEFAULT_BASE_IMAGE}\nLABEL ${STAND_IN_LABEL}="not ubuntu:noble: Debian with a user ubuntu at uid 1000, as Ubuntu 23.04 and later have"\nRUN userdel -r vscode && rm /etc/sudoers.d/vscode && useradd --uid 1000 --create-home --shell /bin/bash ubuntu\n`,
    );
    engine.docker(['build', '-q', '-t', 'ubuntu:noble', context]);
    const ws = await workspace('uv-app', ['--base-image', 'ubuntu:noble', '--volume', 'uv-noble']);
    expect(ws.plan.user).toMatchObject({ name: { value: 'vscode' }, uid: 1000, ids: { value: '1000:1000' } });
    const result = up(ws.folder);
    expect(result.log).toMatch(/gen-devcontainer: uid 1000 belonged to ubuntu, now renamed vscode/);
    expect(result.remoteUser).toBe('vscode');
    const ids = exec(ws.folder, 'id -u; id -g; getent passwd ubuntu || echo "no ubuntu"; stat -c %U:%u /opt/uv; echo "$HOME"');
    expect(ids.stdout.trim().split('\n')).toEqual(['1000', '1000', 'no ubuntu', 'vscode:1000', '/home/vscode']);
    expect(result.log).toMatch(/every folder is writable by uid 1000/);
    expectLinkedByUv('uid 1000 taken over from ubuntu', ws.folder, result);
  });
});

describe("the user's own uv layout (issue 10, item 5)", () => {
  it('a hand-written /cache volume holding the cache and an environment per checkout, set in remoteEnv (shared-cache-volume): kept; real uv links everything on that one mount', async () => {
    const ws = await workspace('shared-cache-volume', [], (folder) => {
      // The tier has no Ubuntu noble image and no package archive for its apt step: the user's
      // developer stage starts from the tier's base image instead, without that step. And the
      // tier's engine builds without BuildKit, which builds every stage before the target's
      // (BuildKit skips them): the build and runtime stages after it, which download a Python, go.
      const dockerfile = path.join(folder, 'Dockerfile');
      const text = fs.readFileSync(dockerfile, 'utf8').replace('mcr.microsoft.com/devcontainers/base:noble', DEFAULT_BASE_IMAGE);
      const developer = text.slice(0, text.indexOf('FROM developer AS build'));
      fs.writeFileSync(dockerfile, developer.replace(/^RUN apt-get update[^\n]*\\\n(?:[^\n]*\\\n)*[^\n]*\n/m, ''));
    });
    expect(ws.plan.volume.target).toMatchObject({ value: '/cache', source: '.devcontainer/devcontainer.json:21' });
    expect(ws.plan.volume.name.value).toBe('devcontainer-shared-cache');
    const config = readConfig(ws.folder) as { mounts: unknown[]; remoteEnv: Record<string, string> };
    expect(config.mounts).toEqual([{ source: 'devcontainer-shared-cache', target: '/cache', type: 'volume' }]);
    expect(config.remoteEnv.UV_PROJECT_ENVIRONMENT).toBe('/cache/venv-for${localWorkspaceFolder}');
    const result = up(ws.folder);
    console.log(`--- check inside shared-cache-volume:\n${checkLines(result.log)}`);
    // Every folder uv writes is on the user's one mount, the environment at its per-checkout path.
    const environment = `/cache/venv-for${ws.folder}`;
    for (const role of ['cache', 'environment', 'python', 'tools', 'tmp']) expect(result.log).toMatch(new RegExp(`^OK {4}${role} +/cache/\\S* .*\\(/cache\\)`, 'm'));
    expect(result.log).toContain(`OK    environment              ${environment} on mount`);
    expect(exec(ws.folder, 'command -v python').stdout.trim()).toBe(`${environment}/bin/python`);
    expect(result.log).toMatch(/pre-commit installed at \.git\/hooks\/pre-commit/);
    const mounts = engine.docker(['inspect', '-f', '{{range .Mounts}}{{.Type}}:{{.Name}}:{{.Destination}} {{end}}', result.containerId!]).stdout.trim().split(' ');
    expect(mounts.filter((m) => m.startsWith('volume:')).sort()).toEqual(['volume:devcontainer-shared-cache:/cache']);
    expectLinkedByUv('shared-cache-volume', ws.folder, result);
  });
});

describe('other uv releases and build back-ends', () => {
  it('uv 0.8.24, pinned by tool.uv.required-version (uv-required-version): the real 0.8.24 installs and links', async () => {
    const ws = await workspace('uv-required-version');
    expect(ws.plan.uv.version.value).toBe('0.8.24');
    const result = up(ws.folder);
    expect(exec(ws.folder, 'uv --version').stdout).toMatch(/^uv 0\.8\.24/);
    expectLinkedByUv('uv-required-version (uv 0.8.24)', ws.folder, result);
  });

  it('a plain PEP 621 project built by setuptools, with no lock (plain-pep621): uv resolves against the index and installs it editable', async () => {
    const ws = await workspace('plain-pep621');
    const result = up(ws.folder);
    expect(result.log).toMatch(/\+ plain-project-name==2\.1\.0 \(from file:/);
    expect(fs.existsSync(path.join(ws.folder, 'uv.lock'))).toBe(true);
    expectLinkedByUv('plain-pep621', ws.folder, result);
  });
});

describe('control configuration', () => {
  it('cache on the volume, environment in the bind-mounted workspace: real uv copies, and the check fails with the count and the fix', async () => {
    const ws = await workspace('uv-app');
    const venv = `/workspaces/${path.basename(ws.folder)}/.venv`;
    editConfig(ws.folder, [
      [['containerEnv', 'UV_PROJECT_ENVIRONMENT'], venv],
      [['containerEnv', 'VIRTUAL_ENV'], venv],
    ]);
    const result = up(ws.folder, { expectFailure: true });
    console.log(`--- check inside the control configuration:\n${checkLines(result.log)}`);
    expect(result.outcome).toBe('error');
    expect(result.log).toMatch(COPY_FALLBACK);
    expect(result.log).toMatch(/FAIL  link cache -> environment cross-device: \/opt\/uv\/cache is on mount \d+ \(\/opt\/uv\) and .*\.venv on mount \d+ \(\/workspaces\//);
    expect(result.log).toMatch(/FAIL  packages {17}(\d+) of \1 files uv installed were copied, not linked from the cache/);
  });
});

describe('what the mount refusals rest on (plan/mount-nesting.ts), observed on the engine', () => {
  it('docker run refuses a second mount at the volume target: "Duplicate mount point"', () => {
    const run = engine.docker(['run', '--rm', '--network=none', '--mount', 'type=volume,src=gdc-dup-a,dst=/opt/uv', '-v', 'gdc-dup-b:/opt/uv', DEFAULT_BASE_IMAGE, 'true'], { allowFailure: true });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Duplicate mount point: /opt/uv');
  });

  it('the volume inside a bind mount: Docker makes the target in the host folder, as root, and the user reaches the volume only through the host folder', () => {
    const context = tempDir('gdc-nested-');
    fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM ${DEFAULT_BASE_IMAGE}\nRUN (id -u vscode || useradd -u 1000 -m vscode) && mkdir -p /opt/uv/cache && chown -R 1000 /opt/uv\n`);
    engine.docker(['build', '--network=host', '-t', 'gdc-nested:test', context]);
    const host = tempDir('gdc-nested-host-'); // mode 0700, root's, as a user's folder often is to others
    const volume = `gdc-nested-${Date.now()}`;
    const asUser = engine.docker(['run', '--rm', '--network=none', '--user', '1000', '-v', `${host}:/opt`, '--mount', `type=volume,src=${volume},dst=/opt/uv`, 'gdc-nested:test', 'ls', '/opt/uv'], {
      allowFailure: true,
    });
    console.log(`--- the volume at /opt/uv inside a bind of a 0700 host folder at /opt, as uid 1000: exit ${asUser.status}: ${asUser.stderr.trim()}`);
    expect(fs.statSync(path.join(host, 'uv')).uid).toBe(0);
    expect(asUser.status).not.toBe(0);
    expect(asUser.stderr).toMatch(/Permission denied/);
    // Control: the same image and volume without the bind around it: the user's folder, readable.
    const alone = engine.docker(['run', '--rm', '--network=none', '--user', '1000', '--mount', `type=volume,src=${volume}-alone,dst=/opt/uv`, 'gdc-nested:test', 'ls', '/opt/uv']);
    expect(alone.stdout.trim()).toBe('cache');
  });
});

describe('issue 17: the pinned uv is the uv that runs', () => {
  it("another uv first on the user's PATH (an installer script's /root/.local/bin): the generated PATH runs the pinned uv and the check passes; with that uv ahead (the PATH the block wrote before), the check fails naming both", async () => {
    // A second real uv under a name that is not a uv image, so the plan does not take it for the user's pinned uv.
    engine.docker(['tag', 'ghcr.io/astral-sh/uv:0.8.24', 'local/other-uv:0.8.24']);
    const ws = await workspace('uv-app', [], (root) => {
      fs.mkdirSync(path.join(root, '.devcontainer'), { recursive: true });
      fs.writeFileSync(path.join(root, '.devcontainer', 'devcontainer.json'), '{ "build": { "dockerfile": "Dockerfile" }, "remoteUser": "root" }\n');
      fs.writeFileSync(
        path.join(root, '.devcontainer', 'Dockerfile'),
        [
          `FROM ${DEFAULT_BASE_IMAGE}`,
          '# Stands in for `curl -LsSf https://astral.sh/uv/install.sh | sh` run as root (no network here):',
          "# another uv in root's ~/.local/bin, first on PATH.",
          'COPY --from=local/other-uv:0.8.24 /uv /uvx /root/.local/bin/',
          'ENV PATH="/root/.local/bin:$PATH"',
          '',
        ].join('\n'),
      );
    });
    expect(ws.plan.uv.version.value).toBe('0.13.9');
    const result = up(ws.folder);
    const check = checkLines(result.log);
    console.log(`--- check with another uv on the user's PATH:\n${check}`);
    expect(check).toMatch(/^OK {4}uv {23}uv 0\.13\.9 at \/usr\/local\/lib\/gen-devcontainer\/bin\/uv, the pinned release; also on PATH, after it: \/root\/\.local\/bin\/uv$/m);
    expect(check).toMatch(/^uv layout OK/m);
    expect(exec(ws.folder, 'uv --version').stdout).toMatch(/^uv 0\.13\.9 /);
    expect(exec(ws.folder, '/root/.local/bin/uv --version').stdout).toMatch(/^uv 0\.8\.24\b/);

    // Control: the same container with the PATH the block wrote before this change (the pinned folder
    // not first, so the user's ENV PATH keeps /root/.local/bin ahead of /usr/local/bin/uv).
    const control = exec(ws.folder, 'PATH=$(printf %s "$PATH" | sed "s#/usr/local/lib/gen-devcontainer/bin:##") sh .devcontainer/check-uv-layout.sh --uv-version 0.13.9; echo "exit $?"');
    console.log(`--- the same check with the block's former PATH:\n${control.stdout}`);
    expect(control.stdout).toMatch(/^FAIL {2}uv {23}uv on PATH is 0\.8\.24 \(\/root\/\.local\/bin\/uv\), not the pinned uv 0\.13\.9; also on PATH, after it: \/usr\/local\/bin\/uv$/m);
    expect(control.stdout).toMatch(/^exit 1$/m);
  });
});
