/**
 * The Dev Container Feature (`gen-devcontainer feature`), proven with the real Dev Container CLI on
 * a private engine: as a local feature beside an existing devcontainer.json, published to a real
 * OCI registry on loopback (Debian's docker-registry) and used from there, and by its own tests
 * (`devcontainer features test`). Then the Template (`gen-devcontainer template`), published to
 * the same registry and applied with `devcontainer templates apply`.
 *
 * What is real: uv (install.sh takes it from the release's wheel, fetched from PyPI, served by a
 * PEP 503 page holding PyPI's own sha256 of it), the packages (real wheels from PyPI on a loopback
 * index), the Dev Container CLI, the registry, the volume, its ownership, the mounts. What stands
 * in: the base image (engine.ts), and the overrides each test names (FEATURE_OVERRIDES).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, type JSONPath, modify } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASE_IMAGE, DEFAULT_UV_VERSION } from '../../src/plan/tables.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { devcontainerId } from '../helpers/devcontainer-id.js';
import { CACHE_DIR, DOCKER, type Engine, ensureBaseImage, ensureUvImage, startEngine } from './engine.js';
import { uvRelease } from './uv-release.js';
import { ensureWheelhouse, type IndexServer, serveIndex } from './wheelhouse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEVCONTAINER = path.join(repoRoot, 'node_modules/.bin/devcontainer');
const FEATURE_ID = 'uv-one-volume';

let engine: Engine;
let packages: IndexServer;
let uvIndex: { url: string; wheel: string; sha256: string; server: ChildProcess };
let registry: { host: string; server: ChildProcess };
/** `features test` runs `docker` from PATH: this folder holds a `docker` that is the engine's client. */
let dockerOnPath: string;
const containers: string[] = [];

beforeAll(async () => {
  engine = await startEngine();
  ensureBaseImage(engine, DEFAULT_BASE_IMAGE);
  // The template's Dockerfile copies uv from its image, as the generator's does.
  ensureUvImage(engine, uvRelease(DEFAULT_UV_VERSION, CACHE_DIR));
  const wheelhouse = await ensureWheelhouse(path.join(repoRoot, 'test/docker/wheelhouse/uv.lock'), path.join(CACHE_DIR, 'wheelhouse'), tempDir('gdc-index-'));
  packages = await serveIndex(wheelhouse.root);
  uvIndex = await serveUvIndex(DEFAULT_UV_VERSION, bridgeGateway());
  registry = await startRegistry();
  dockerOnPath = tempDir('gdc-docker-bin-');
  fs.symlinkSync(DOCKER, path.join(dockerOnPath, 'docker'));
});

afterAll(() => {
  for (const server of [uvIndex?.server, registry?.server]) if (server?.pid) process.kill(server.pid, 'SIGTERM');
  packages?.stop();
  if (!engine) return;
  if (containers.length) engine.docker(['rm', '-f', ...containers], { allowFailure: true });
  engine.stop();
});

/** The engine's bridge address: a feature's install.sh runs in a build on the bridge, which reaches the host there. */
function bridgeGateway(): string {
  const gateway = engine.docker(['network', 'inspect', 'bridge', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}']).stdout.trim();
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(gateway)) throw new Error(`the engine's bridge has no gateway address: ${gateway}`);
  return gateway;
}

/**
 * A PEP 503 page for uv holding the release's manylinux x86_64 wheel from PyPI, with the sha256
 * PyPI's own page gives for that file, served on the bridge address.
 */
async function serveUvIndex(version: string, address: string): Promise<typeof uvIndex> {
  const store = path.join(CACHE_DIR, 'uv-wheels', version);
  fs.mkdirSync(store, { recursive: true });
  // PyPI's own PEP 503 page for uv: the file's URL, and its sha256 in the fragment.
  const response = await fetch('https://pypi.org/simple/uv/');
  if (!response.ok) throw new Error(`PyPI answered ${response.status} for its uv page`);
  const name = `uv-${version}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`;
  const link = new RegExp(`href="([^"#]*/${name.replace(/\./g, '\\.')})#sha256=([0-9a-f]{64})"`).exec(await response.text());
  if (!link) throw new Error(`PyPI's uv page lists no ${name}`);
  const published = { filename: name, url: link[1]!, digests: { sha256: link[2]! } };
  const wheel = path.join(store, published.filename);
  if (!fs.existsSync(wheel)) {
    const body = Buffer.from(await (await fetch(published.url)).arrayBuffer());
    fs.writeFileSync(`${wheel}.part`, body);
    fs.renameSync(`${wheel}.part`, wheel);
  }
  const actual = spawnSync('sha256sum', [wheel], { encoding: 'utf8' }).stdout.split(' ')[0];
  if (actual !== published.digests.sha256) throw new Error(`${wheel}: sha256 ${actual}, PyPI says ${published.digests.sha256}`);
  const root = tempDir('gdc-uv-index-');
  fs.mkdirSync(path.join(root, 'simple', 'uv'), { recursive: true });
  fs.mkdirSync(path.join(root, 'files'));
  fs.linkSync(wheel, path.join(root, 'files', published.filename));
  fs.writeFileSync(
    path.join(root, 'simple', 'uv', 'index.html'),
    `<!DOCTYPE html>\n<html><body>\n    <a href="../../files/${published.filename}#sha256=${published.digests.sha256}">${published.filename}</a><br>\n</body></html>\n`,
  );
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', '--bind', address, String(port)], { cwd: root, stdio: 'ignore', detached: true });
  await waitFor(`http://${address}:${port}/simple/uv/`);
  return { url: `http://${address}:${port}/simple/uv/`, wheel: published.filename, sha256: published.digests.sha256, server };
}

/** Debian's docker-registry (distribution 2.8) on loopback, storing in a temporary folder. */
async function startRegistry(): Promise<typeof registry> {
  const dir = tempDir('gdc-registry-');
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const server = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore', detached: true });
  await waitFor(`http://127.0.0.1:${port}/v2/`);
  // The Dev Container CLI speaks plain HTTP to a registry named localhost.
  return { host: `localhost:${port}`, server };
}

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** The Dev Container CLI, with the engine's client and environment. */
function devcontainer(args: string[], options: { cwd?: string } = {}) {
  const env = { ...engine.env, PATH: `${dockerOnPath}:${process.env.PATH}` };
  const result = spawnSync(DEVCONTAINER, args, { env, cwd: options.cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 900_000 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/**
 * The CLI's JSON log as text: `raw` events are the build's and the lifecycle commands' output byte
 * for byte (the text format breaks them at every write), `text` events the CLI's own lines.
 */
function outputOf(jsonLog: string): string {
  let out = '';
  for (const line of jsonLog.split('\n')) {
    try {
      const event = JSON.parse(line) as { type?: string; text?: string };
      if (event.type === 'raw' && event.text) out += event.text;
      else if (event.type === 'text' && event.text) out += `${event.text}\n`;
    } catch {
      out += `${line}\n`;
    }
  }
  return stripAnsi(out);
}

/** `devcontainer up` with every lifecycle command; its JSON result and everything it printed. */
function up(folder: string): { outcome: string; containerId?: string; log: string } {
  const run = devcontainer(['up', '--docker-path', DOCKER, '--workspace-folder', folder, '--log-format', 'json']);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) || '{}') as { outcome: string; containerId?: string };
  if (result.containerId) containers.push(result.containerId);
  const log = outputOf(run.stderr);
  if (result.outcome !== 'success') throw new Error(`devcontainer up failed for ${folder}:\n${log.slice(-8000)}\n${run.stdout.slice(-2000)}`);
  return { ...result, log };
}

function exec(folder: string, script: string) {
  return devcontainer(['exec', '--docker-path', DOCKER, '--workspace-folder', folder, 'sh', '-c', script]);
}

function editJsonc(file: string, edits: [JSONPath, unknown][]): void {
  let text = fs.readFileSync(file, 'utf8');
  for (const [at, value] of edits) text = applyEdits(text, modify(text, at, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  fs.writeFileSync(file, text);
}

/** The feature, written by the generator into `folder/uv-one-volume`, its index option's default the loopback page. */
async function writeFeature(folder: string): Promise<string> {
  const out = path.join(folder, FEATURE_ID);
  const run = await runCli(['feature', out, '--uv-index', uvIndex.url]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

/**
 * Everything the tests change in the user's devcontainer.json besides adding the feature, and why.
 * The feature's options are the user's to give; these are the tier's.
 */
const FEATURE_OVERRIDES: { path: JSONPath; value: () => unknown; why: string }[] = [
  { path: ['runArgs'], value: () => ['--network=host'], why: 'the container joins the host network to reach the loopback package index' },
  { path: ['containerEnv', 'UV_DEFAULT_INDEX'], value: () => packages.url, why: 'a loopback index of real PyPI wheels stands in for PyPI, where uv resolves' },
];
/** The option values every use of the feature here gives, and why. */
const TIER_OPTIONS = { pythonPreference: 'only-system' };
// pythonPreference only-system: uv-managed CPython builds download from GitHub, which these
// machines cannot reach; the base image's python3 (Debian trixie, 3.13) stands in.

/**
 * A copy of examples/existing-image (a repository with its own dev container on a plain image:
 * name, forwardPorts, onCreateCommand, remoteUser) with the feature referenced as `reference`.
 */
function existingDevcontainer(reference: string): string {
  const root = path.join(tempDir('gdc-feature-ws-'), 'notebook-lab');
  fs.cpSync(path.join(repoRoot, 'examples', 'existing-image'), root, { recursive: true });
  spawnSync('git', ['init', '-q', root]);
  const config = path.join(root, '.devcontainer', 'devcontainer.json');
  editJsonc(config, [[['features'], { [reference]: TIER_OPTIONS }], ...FEATURE_OVERRIDES.map((o): [JSONPath, unknown] => [o.path, o.value()])]);
  return root;
}

/** The claims: uv installed the project, linked every file, the feature's check passed, on the feature's volume. */
function expectOneVolume(folder: string, result: { containerId?: string; log: string }): void {
  expect(result.log).toMatch(new RegExp(`installed uv ${DEFAULT_UV_VERSION.replace(/\./g, '\\.')} .*\\(sha256 ${uvIndex.sha256}\\)`));
  expect(result.log).toMatch(/Installed \d+ packages/);
  expect(result.log).toMatch(/\+ pandas==/);
  expect(result.log).not.toMatch(/falling back to full copy|Failed to (?:hardlink|clone|reflink)/i);
  const counted = /OK {4}packages {17}(\d+) files linked from the cache, 0 copied/.exec(result.log);
  expect(counted, result.log.slice(-4000)).not.toBeNull();
  expect(result.log).toMatch(/uv layout OK/);
  const volume = engine.docker(['inspect', '-f', '{{range .Mounts}}{{if eq .Destination "/opt/uv"}}{{.Name}}{{end}}{{end}}', result.containerId!]).stdout.trim();
  expect(volume).toBe(`${FEATURE_ID}-${devcontainerId(folder)}`);
  // uv's own result: every file of every installed package shares its inode with the cache.
  const proof = exec(
    folder,
    `find "$UV_CACHE_DIR" -type f -printf '%i\\n' | sort -u > /tmp/cache; find "$VIRTUAL_ENV"/lib/python3*/site-packages -type f ! -path '*.dist-info/*' -printf '%i\\n' > /tmp/env; echo "$(wc -l < /tmp/env) $(grep -vxFf /tmp/cache /tmp/env | wc -l)"`,
  );
  const [files, notLinked] = proof.stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
  console.log(`--- ${path.basename(folder)}: ${counted![1]} files linked by the check's count; ${files} package files, ${notLinked} not sharing an inode with the cache; volume ${volume}`);
  expect(files).toBeGreaterThan(1000);
  expect(notLinked).toBe(0);
  const owner = exec(folder, 'stat -c %U /opt/uv; command -v uv; uv --version');
  expect(owner.stdout.split('\n').slice(0, 3)).toEqual(['vscode', '/usr/local/lib/gen-devcontainer/bin/uv', expect.stringMatching(new RegExp(`^uv ${DEFAULT_UV_VERSION} `))]);
}

describe('the Dev Container Feature (gen-devcontainer feature)', () => {
  it('as a local feature beside an existing devcontainer.json: devcontainer up, uv links, 0 copied, the check passes', async () => {
    const root = existingDevcontainer(`./${FEATURE_ID}`);
    await writeFeature(path.join(root, '.devcontainer'));
    spawnSync('chown', ['-R', '1000:1000', path.dirname(root)]);
    const result = up(root);
    console.log(`--- local feature, devcontainer up printed (the feature's part):\n${featureLines(result.log)}`);
    expectOneVolume(root, result);
    // The user's own onCreateCommand still ran, after the feature's.
    expect(result.log).toMatch(/^ready$/m);
  });

  it('published to a registry on loopback (devcontainer features publish) and used from there', async () => {
    const collection = tempDir('gdc-feature-src-');
    await writeFeature(path.join(collection, 'src'));
    const published = devcontainer(['features', 'publish', '-r', registry.host, '-n', 'gdc/features', path.join(collection, 'src')]);
    console.log(`--- devcontainer features publish printed:\n${stripAnsi(published.stdout + published.stderr).trim()}`);
    expect(published.code, published.stderr).toBe(0);
    const reference = `${registry.host}/gdc/features/${FEATURE_ID}:0`;
    const root = existingDevcontainer(reference);
    spawnSync('chown', ['-R', '1000:1000', path.dirname(root)]);
    const result = up(root);
    expect(result.log).toContain(reference);
    console.log(`--- published feature ${reference}, devcontainer up printed (the feature's part):\n${featureLines(result.log)}`);
    expectOneVolume(root, result);
  });

  it("devcontainer features test: the feature's own test.sh on a local --base-image, and its scenarios", async () => {
    const collection = tempDir('gdc-feature-test-');
    const feature = await writeFeature(path.join(collection, 'src'));
    // The CLI's layout: src/<id>/ and test/<id>/ side by side.
    fs.mkdirSync(path.join(collection, 'test'));
    fs.renameSync(path.join(feature, 'test'), path.join(collection, 'test', FEATURE_ID));
    const run = devcontainer(['features', 'test', '-p', collection, '-f', FEATURE_ID, '--base-image', DEFAULT_BASE_IMAGE, '--remote-user', 'vscode', '--skip-duplicated']);
    const printed = stripAnsi(run.stdout + run.stderr);
    const report = printed.slice(printed.indexOf('TEST REPORT'));
    console.log(
      `--- devcontainer features test printed (checks and report):\n${printed
        .split('\n')
        .filter((l) => /✅|❌|Passed|Failed|Running scenario|TEST REPORT/.test(l))
        .join('\n')}`,
    );
    expect(run.code, printed.slice(-6000)).toBe(0);
    for (const test of [FEATURE_ID, 'install_step_off', 'only_system_python']) expect(report).toMatch(new RegExp(`Passed: +'${test}'`));
    expect(report).not.toMatch(/Failed:/);
  });
});

/** Every file below `folder`, relative, with its text. */
function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, full)] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

describe('the Dev Container Template (gen-devcontainer template)', () => {
  it('published, applied into an empty folder and into a uv init project: the files are what the generator writes there, and it comes up linked', async () => {
    const collection = tempDir('gdc-template-src-');
    const written = await runCli(['template', path.join(collection, 'src', 'uv-one-volume-template')]);
    expect(written.code, written.stderr).toBe(0);
    const published = devcontainer(['templates', 'publish', '-r', registry.host, '-n', 'gdc/templates', path.join(collection, 'src')]);
    console.log(
      `--- devcontainer templates publish printed:\n${stripAnsi(published.stdout + published.stderr)
        .trim()
        .split('\n')
        .filter((l) => !/Sending as plain HTTP/.test(l))
        .join('\n')}`,
    );
    expect(published.code, published.stderr).toBe(0);
    const reference = `${registry.host}/gdc/templates/uv-one-volume-template:0`;
    const values = { projectName: 'demo', pythonVersion: '3.13' };
    const apply = (folder: string) => {
      const run = devcontainer(['templates', 'apply', '--workspace-folder', folder, '-t', reference, '-a', JSON.stringify(values)]);
      console.log(
        `--- devcontainer templates apply into ${path.basename(path.dirname(folder))}/${path.basename(folder)} printed:\n${stripAnsi(run.stdout + run.stderr)
          .trim()
          .split('\n')
          .filter((l) => !/Sending as plain HTTP/.test(l))
          .join('\n')}`,
      );
      expect(run.code, run.stderr).toBe(0);
    };

    // A new project, as `uv init` makes it with the real uv (in a folder named like the project).
    const release = uvRelease(DEFAULT_UV_VERSION, CACHE_DIR);
    const project = path.join(tempDir('gdc-template-init-'), 'demo');
    fs.mkdirSync(project);
    const init = spawnSync(release.uv, ['init', '--app', '--vcs', 'none'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' },
    });
    console.log(`--- uv init (real uv ${DEFAULT_UV_VERSION}): ${init.stderr.trim()}`);
    expect(init.status, init.stderr).toBe(0);
    // What the generator itself writes there, with the same choices: its name is the project's, --python 3.13.
    const generatorCopy = path.join(tempDir('gdc-template-ref-'), 'demo');
    fs.cpSync(project, generatorCopy, { recursive: true });
    const generated = await runCli([generatorCopy, '--python', values.pythonVersion]);
    expect(generated.code, generated.stderr).toBe(0);
    const expected = tree(path.join(generatorCopy, '.devcontainer'));
    // The files the template leaves out (targets/template/plan.ts): the manifest, whose sha256 of
    // each file comes after the values, and the README, whose diagram and line breaks follow the name.
    for (const file of ['gen-devcontainer.manifest.json', 'README.md']) {
      expect(Object.keys(expected)).toContain(file);
      delete expected[file];
    }

    apply(project);
    const empty = path.join(tempDir('gdc-template-empty-'), 'demo');
    fs.mkdirSync(empty);
    apply(empty);
    for (const [label, folder] of [
      ['uv init project', project],
      ['empty folder', empty],
    ] as const) {
      const got = tree(path.join(folder, '.devcontainer'));
      expect(Object.keys(got).sort(), label).toEqual(Object.keys(expected).sort());
      for (const [file, text] of Object.entries(expected)) expect(got[file], `${label}: .devcontainer/${file}`).toBe(text);
      console.log(
        `--- template applied into the ${label}: ${Object.keys(got).length} files, each equal to the generator's (${Object.keys(got).sort().join(', ')}); the generator also wrote README.md and gen-devcontainer.manifest.json`,
      );
    }
    expect(Object.keys(tree(empty))).toEqual(Object.keys(expected).map((f) => path.join('.devcontainer', f)));

    // It comes up linked: the tier's overrides only (the Python of the image, the loopback index, the host network).
    fs.writeFileSync(
      path.join(project, 'pyproject.toml'),
      fs.readFileSync(path.join(project, 'pyproject.toml'), 'utf8').replace('dependencies = []', 'dependencies = ["pandas>=2.2", "tabulate>=0.9"]'),
    );
    editJsonc(path.join(project, '.devcontainer', 'devcontainer.json'), [
      [['containerEnv', 'UV_PYTHON_PREFERENCE'], 'only-system'],
      ...FEATURE_OVERRIDES.map((o): [JSONPath, unknown] => [o.path, o.value()]),
    ]);
    spawnSync('chown', ['-R', '1000:1000', path.dirname(project)]);
    const result = up(project);
    console.log(`--- the applied template, devcontainer up printed (uv and the check):\n${featureLines(result.log)}`);
    expect(result.log).toMatch(/Installed \d+ packages/);
    expect(result.log).toMatch(/OK {4}packages {17}\d+ files linked from the cache, 0 copied/);
    expect(result.log).toMatch(/uv layout OK/);
    const volume = engine.docker(['inspect', '-f', '{{range .Mounts}}{{if eq .Destination "/opt/uv"}}{{.Name}}{{end}}{{end}}', result.containerId!]).stdout.trim();
    expect(volume).toBe(`uv-demo-${devcontainerId(project)}`);
  });
});

/** The lines of `up`'s log that the feature's install.sh and hooks printed. */
function featureLines(log: string): string {
  return log
    .split('\n')
    .filter((l) => /installed uv |uv-one-volume|^(OK|FAIL|NOTE) {2,}|uv layout|Installed \d+ packages|gen-devcontainer:/.test(l))
    .join('\n');
}
