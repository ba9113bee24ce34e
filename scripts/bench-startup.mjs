// Start-up cost of the CLI, as whole-process wall time, in four comparisons (issue 9, item 9):
//   --dry-run on examples/uv-app  vs  `node -e 0`        target ≤ 2.5×
//   --help                        vs  `node -e 0`        target ≤ 2×
//   a 50 MB uv.lock               vs  a small uv.lock    target ≤ 1.1×
//   5,000 sub-projects            vs  one sub-project    target ≤ 2×
// and, with no target, what the search for projects costs at its bound: a monorepo of 20,000
// folders, none of them a project but one (PROJECT_SEARCH in src/analyze/analyze.ts).
// Every command runs once per round, in turn, so all see the same machine load; the figures are
// medians over the rounds. NODE_EXTRA_CA_CERTS is unset for every command, `node -e 0` included:
// where it is set, it adds tens of milliseconds to each Node start and would hide the CLI's own cost.
// Prints figures; asserts nothing (timings on a shared machine make poor test assertions).
//
//   node scripts/bench-startup.mjs [ROUNDS]      (default 15; `npm run bench` builds first)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 15);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`usage: node scripts/bench-startup.mjs [ROUNDS]; got ${process.argv[2]}`);
const bin = join(root, 'bin/gen-devcontainer.js');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

const tmp = fs.mkdtempSync(join(os.tmpdir(), 'gen-devcontainer-bench-'));
try {
  const fixtures = makeFixtures(tmp);
  const commands = {
    'node -e 0': ['-e', '0'],
    'examples/uv-app --dry-run': [bin, join(root, 'examples/uv-app'), '--dry-run'],
    '--help': [bin, '--help'],
    'small uv.lock --dry-run': [bin, fixtures.smallLock, '--dry-run'],
    [`${fixtures.bigLockMiB} MiB uv.lock --dry-run`]: [bin, fixtures.bigLock, '--dry-run'],
    '1 sub-project --dry-run': [bin, fixtures.oneProject, '--dry-run'],
    [`${fixtures.manyCount} sub-projects --dry-run`]: [bin, fixtures.manyProjects, '--dry-run'],
    [`${fixtures.walkFolders} folders searched --dry-run`]: [bin, fixtures.walk, '--dry-run'],
  };
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  // The first round is not counted: it fills the file cache and checks that every command succeeds.
  for (let round = 0; round <= rounds; round++) {
    for (const name of names) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, commands[name], { stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 64 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr}`);
      if (round > 0) times[name].push(ms);
    }
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };
  const medians = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  const base = medians['node -e 0'];
  console.log(`whole-process wall time, median of ${rounds} interleaved rounds (NODE_EXTRA_CA_CERTS unset; node ${process.version}; ${new Date().toISOString()})`);
  for (const name of names) {
    const xs = times[name];
    console.log(
      `  ${name.padEnd(34)} ${medians[name].toFixed(1).padStart(7)} ms   (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}; +${(medians[name] - base).toFixed(1)} ms over node -e 0)`,
    );
  }
  const ratios = [
    ['--dry-run examples/uv-app / node -e 0', 'examples/uv-app --dry-run', 'node -e 0', 2.5],
    ['--help / node -e 0', '--help', 'node -e 0', 2],
    [`${fixtures.bigLockMiB} MiB uv.lock / small uv.lock`, `${fixtures.bigLockMiB} MiB uv.lock --dry-run`, 'small uv.lock --dry-run', 1.1],
    [`${fixtures.manyCount} sub-projects / 1 sub-project`, `${fixtures.manyCount} sub-projects --dry-run`, '1 sub-project --dry-run', 2],
  ];
  // The figures mean little if V8 refused the bundle's code caches (made by another Node, say).
  const probe = `const b = require(${JSON.stringify(join(root, 'dist/bundle/run.cjs'))});
b.main([${JSON.stringify(join(root, 'examples/uv-app'))}, '--dry-run'], { stdout() {}, stderr() {}, cwd: process.cwd(), env: {} })
  .then(() => { const s = b.codeCacheStatus(); console.log(s.filter((f) => f.cached && !f.rejected).length + ' of ' + s.length); });`;
  const caches = spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8' }).stdout.trim();
  console.log(`  (files the --dry-run loads with a code cache V8 took: ${caches || 'unknown'})`);
  console.log('ratios of medians (target):');
  for (const [label, a, b, target] of ratios) {
    const ratio = medians[a] / medians[b];
    console.log(`  ${label.padEnd(42)} ${ratio.toFixed(2).padStart(6)}×   (target ≤ ${target}×: ${ratio <= target ? 'within' : 'over'})`);
  }
  const walk = medians[`${fixtures.walkFolders} folders searched --dry-run`] - medians['1 sub-project --dry-run'];
  console.log(`the search for projects at its bound (${fixtures.walkFolders} folders): +${walk.toFixed(1)} ms over one sub-project, ${((walk * 1000) / fixtures.walkFolders).toFixed(1)} µs a folder`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** The comparison repositories: each pair differs only in the one thing being measured. */
function makeFixtures(dir) {
  const pyproject = (name) => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = ["requests>=2.31"]\n`;
  const write = (file, text) => {
    fs.mkdirSync(dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };

  // The same project twice: once with a small uv.lock, once with one of ~50 MB (many packages).
  const smallLock = join(dir, 'small-lock');
  const bigLock = join(dir, 'big-lock');
  write(join(smallLock, 'pyproject.toml'), pyproject('bench-app'));
  write(join(bigLock, 'pyproject.toml'), pyproject('bench-app'));
  write(join(smallLock, 'uv.lock'), uvLock(3));
  const big = uvLock(Math.ceil((50 * 1024 * 1024) / lockPackage(0).length));
  write(join(bigLock, 'uv.lock'), big);

  // A folder of sub-projects (no project at the root), with one and with 5,000.
  const manyCount = 5000;
  const oneProject = join(dir, 'one-project');
  const manyProjects = join(dir, 'many-projects');
  const subProject = (folder, i) => {
    const name = `svc-${String(i).padStart(4, '0')}`;
    write(join(folder, name, 'pyproject.toml'), pyproject(name));
    write(join(folder, name, 'uv.lock'), uvLock(1));
  };
  subProject(oneProject, 0);
  for (let i = 0; i < manyCount; i++) subProject(manyProjects, i);

  // A monorepo just within the search's folder budget: 20 × 20 × 48 folders of sources, and one
  // project at libs/app; every folder is searched.
  const walk = join(dir, 'walk');
  for (let a = 0; a < 20; a++) for (let b = 0; b < 20; b++) for (let c = 0; c < 48; c++) fs.mkdirSync(join(walk, `src${a}`, `pkg${b}`, `mod${c}`), { recursive: true });
  write(join(walk, 'libs', 'app', 'pyproject.toml'), pyproject('app'));
  const walkFolders = 20 + 20 * 20 + 20 * 20 * 48 + 2;

  return { smallLock, bigLock, bigLockMiB: Math.round(big.length / 1024 / 1024), oneProject, manyProjects, manyCount, walk, walkFolders };
}

/** A uv.lock as uv writes it (version 1, revision 3): the header, the root package, then `count` locked packages. */
function uvLock(count) {
  const parts = ['version = 1\nrevision = 3\nrequires-python = ">=3.12"\n\n'];
  parts.push('[[package]]\nname = "bench-app"\nversion = "0.1.0"\nsource = { virtual = "." }\n\n');
  for (let i = 0; i < count; i++) parts.push(lockPackage(i));
  return parts.join('');
}

function lockPackage(i) {
  const name = `package-${String(i).padStart(6, '0')}`;
  const hash = (salt) => (i.toString(16).padStart(8, '0') + salt).repeat(8).slice(0, 64);
  const wheel = (tag, salt) =>
    `    { url = "https://files.pythonhosted.org/packages/${hash(salt).slice(0, 2)}/${hash(salt).slice(2, 4)}/${hash(salt).slice(4)}/${name.replace(/-/g, '_')}-1.0.0-${tag}.whl", hash = "sha256:${hash(salt)}", size = ${10000 + i}, upload-time = "2025-01-01T00:00:00Z" },\n`;
  return (
    `[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = { registry = "https://pypi.org/simple" }\n` +
    `dependencies = [\n    { name = "package-${String((i + 1) % 1000).padStart(6, '0')}" },\n]\n` +
    `sdist = { url = "https://files.pythonhosted.org/packages/${hash('aa').slice(0, 2)}/${name}-1.0.0.tar.gz", hash = "sha256:${hash('aa')}", size = ${20000 + i}, upload-time = "2025-01-01T00:00:00Z" }\n` +
    `wheels = [\n${wheel('py3-none-any', 'bb')}${wheel('cp312-cp312-manylinux_2_17_x86_64', 'cc')}]\n\n`
  );
}
