/**
 * Real packages for the Docker tier: the files a committed, real uv.lock names (made by real uv
 * against PyPI: test/docker/wheelhouse/uv.lock), fetched from PyPI once, checked against the
 * lock's sha256, cached by that hash, and served as a PEP 503 index on loopback. Containers reach
 * it with host networking, and every example is locked against it by real uv before the tier
 * generates its configuration. Nothing here is a stand-in: these are the wheels PyPI serves.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';

/** The interpreter the containers install for: Debian trixie's python3 (3.13) on x86_64. */
export const TARGET_PYTHON = { tag: 'cp313', minor: 13 } as const;

interface LockedFile {
  url: string;
  hash: string;
  size?: number;
}

interface LockedPackage {
  name: string;
  version: string;
  source?: { registry?: string };
  sdist?: LockedFile;
  wheels?: LockedFile[];
}

export interface Wheelhouse {
  /** Folder served as the index root: `simple/<name>/index.html` and `files/<name>`. */
  root: string;
  files: number;
  bytes: number;
  downloaded: number;
}

/** Whether a wheel installs on CPython 3.13, manylinux x86_64 (or is pure Python). */
export function installsOnTarget(filename: string): boolean {
  const parts = filename.replace(/\.whl$/, '').split('-');
  if (parts.length < 5) return false;
  const [pythonTags, abiTags, platformTags] = parts.slice(-3) as [string, string, string];
  const platformOk = platformTags.split('.').some((p) => p === 'any' || /^(manylinux\w*_x86_64|linux_x86_64)$/.test(p));
  const abis = abiTags.split('.');
  const pythonOk = pythonTags.split('.').some((t) => {
    if (t === 'py3') return true;
    // The default build only: a free-threaded wheel (cp313t) does not load in it.
    if (t === TARGET_PYTHON.tag) return abis.includes(TARGET_PYTHON.tag) || abis.includes('abi3') || abis.includes('none');
    const m = /^cp3(\d+)$/.exec(t);
    return m !== null && abis.includes('abi3') && Number(m[1]) <= TARGET_PYTHON.minor;
  });
  return platformOk && pythonOk;
}

/**
 * The files to fetch for one locked package: every wheel that installs on the target, and the
 * source distribution. uv locks for every platform and Python the project allows, and refuses a
 * version that has neither a wheel nor a source distribution for one of them; the sdist answers
 * for those (it is never built here). A package with neither (a Windows-only wheel) gets its
 * smallest wheel, so that uv can read its metadata.
 */
export function filesToFetch(pkg: LockedPackage): LockedFile[] {
  const wheels = pkg.wheels ?? [];
  const files = wheels.filter((w) => installsOnTarget(fileName(w.url)));
  if (pkg.sdist) files.push(pkg.sdist);
  if (files.length > 0) return files;
  const smallest = [...wheels].sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity))[0];
  return smallest ? [smallest] : [];
}

function fileName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').at(-1)!);
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Fetches (or finds in the cache) every file the lock needs and writes the index pages. */
export async function ensureWheelhouse(lockFile: string, cacheDir: string, indexRoot: string): Promise<Wheelhouse> {
  const lock = parseToml(fs.readFileSync(lockFile, 'utf8')) as { package?: LockedPackage[] };
  const store = path.join(cacheDir, 'files');
  fs.mkdirSync(store, { recursive: true });
  fs.mkdirSync(path.join(indexRoot, 'files'), { recursive: true });
  const byProject = new Map<string, { file: string; sha256: string }[]>();
  const wanted: { file: LockedFile; name: string; project: string }[] = [];
  for (const pkg of lock.package ?? []) {
    if (!pkg.source?.registry) continue;
    for (const file of filesToFetch(pkg)) wanted.push({ file, name: fileName(file.url), project: normalize(pkg.name) });
  }
  let downloaded = 0;
  let bytes = 0;
  // A few at a time: PyPI is far, and the files are many but mostly small.
  const queue = [...wanted];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const sha256 = item.file.hash.replace(/^sha256:/, '');
      // Keyed by content: a file whose hash the lock names is the same file whichever run fetched it.
      const cached = path.join(store, `${sha256}-${item.name}`);
      if (!fs.existsSync(cached)) {
        const response = await fetch(item.file.url);
        if (!response.ok) throw new Error(`wheelhouse: ${item.file.url} answered ${response.status}`);
        const body = Buffer.from(await response.arrayBuffer());
        const actual = createHash('sha256').update(body).digest('hex');
        if (actual !== sha256) throw new Error(`wheelhouse: ${item.name} has sha256 ${actual}, the lock says ${sha256}`);
        fs.writeFileSync(`${cached}.part`, body);
        fs.renameSync(`${cached}.part`, cached);
        downloaded += 1;
      }
      bytes += fs.statSync(cached).size;
      const served = path.join(indexRoot, 'files', item.name);
      if (!fs.existsSync(served)) fs.linkSync(cached, served);
      const list = byProject.get(item.project) ?? [];
      list.push({ file: item.name, sha256 });
      byProject.set(item.project, list);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  const simple = path.join(indexRoot, 'simple');
  for (const [project, files] of byProject) {
    fs.mkdirSync(path.join(simple, project), { recursive: true });
    const links = files.sort((a, b) => a.file.localeCompare(b.file)).map((f) => `    <a href="../../files/${encodeURIComponent(f.file)}#sha256=${f.sha256}">${escapeHtml(f.file)}</a><br>`);
    fs.writeFileSync(path.join(simple, project, 'index.html'), `<!DOCTYPE html>\n<html><body>\n${links.join('\n')}\n</body></html>\n`);
  }
  const projects = [...byProject.keys()].sort().map((p) => `    <a href="${p}/">${p}</a><br>`);
  fs.writeFileSync(path.join(simple, 'index.html'), `<!DOCTYPE html>\n<html><body>\n${projects.join('\n')}\n</body></html>\n`);
  return { root: indexRoot, files: wanted.length, bytes, downloaded };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface IndexServer {
  url: string;
  stop(): void;
}

/**
 * Serves the wheelhouse on loopback with Python's http.server, a separate process because the
 * tier blocks its own event loop in spawnSync. Its log goes to a file, not a pipe: a pipe nobody
 * drains while `devcontainer up` runs fills at 64 KiB, and then the server stops answering.
 */
export async function serveIndex(root: string): Promise<IndexServer> {
  const logPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-index-')), 'http.log');
  const log = fs.openSync(logPath, 'w');
  const server: ChildProcess = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '0'], { cwd: root, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  server.unref();
  let exited: number | null = null;
  server.on('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + 15_000;
  let port = 0;
  while (!port) {
    const seen = fs.readFileSync(logPath, 'utf8');
    const match = /port (\d+)/.exec(seen);
    if (match) port = Number(match[1]);
    else if (exited !== null) throw new Error(`the index server exited (${exited}): ${seen}`);
    else if (Date.now() > deadline) throw new Error(`the index server did not start within 15 s: ${seen}`);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}/simple`,
    stop: () => {
      if (server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGTERM');
    },
  };
}
