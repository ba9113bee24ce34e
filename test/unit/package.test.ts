/**
 * The package as npm publishes it: what the tarball holds, what installing it pulls in, and which
 * Node versions its dependencies accept. The bundle (scripts/bundle.mjs) inlines every library the
 * program uses, so the published package needs nothing but Node: `dependencies` is what the bundle
 * loads and no more (it was 10.6 MB of libraries the bundle never required).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string } };
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** npm itself, with a cache of the test's own: nothing read from or written to the user's. */
function npm(args: string[], cwd: string, cache: string) {
  const run = spawnSync('npm', [...args, '--cache', cache, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(run.status, `npm ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

/** `npm pack --dry-run --json`: the files the tarball would hold (no build: `npm test` built dist). */
function packedFiles(): string[] {
  const out = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT, path.join(tempDir(), 'npm-cache'));
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[];
  return packed!.files.map((f) => f.path).sort();
}

/**
 * Every module the bundle and the bin name: `require("x")` with a literal, and the lazily loaded
 * files of src/lazy.ts (the build writes their names as literals too). The loader passes any name
 * that is not `./…` to Node's require (scripts/bundle-loader.cjs), so each such name must be a
 * built-in or a dependency.
 */
function modulesTheBundleLoads(): string[] {
  const files = [
    path.join(ROOT, 'bin', 'gen-devcontainer.js'),
    path.join(ROOT, 'dist', 'lib', 'index.js'),
    ...fs
      .readdirSync(BUNDLE)
      .filter((f) => f.endsWith('.cjs'))
      .map((f) => path.join(BUNDLE, f)),
  ];
  const names = new Set<string>();
  for (const file of files) {
    // The library is an ES module: its imports too (`from"node:fs"`, minified).
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\b(?:__)?require\((["'])([^"']+)\1\)|^import\b[^;]*?\bfrom\s*(["'])([^"']+)\3|[;}]import\b[^;"']*?\bfrom\s*(["'])([^"']+)\5/gm))
      names.add((match[2] ?? match[4] ?? match[6])!);
  }
  return [...names];
}

const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name.split('/')[0]!);
const packageOf = (name: string) =>
  name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');

describe('the published package', () => {
  it('holds the bin, the bundle, the library and its declarations, the plan schema, README and LICENSE: no sources, tests or templates', () => {
    const files = packedFiles();
    const filesIn = (folder: string) =>
      fs
        .readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const types = filesIn(path.join(ROOT, 'dist', 'types'));
    // The library's declarations are the public types only, not one per module of the program.
    expect(types.sort()).toEqual(
      ['diagnostic-codes', 'diagnostics', 'index', 'library', 'plan/options', 'plan/types', 'targets/devcontainer/types', 'targets/production/types', 'targets/types'].map(
        (f) => `dist/types/${f}.d.ts`,
      ),
    );
    expect(files).toEqual(
      ['LICENSE', 'README.md', 'bin/gen-devcontainer.js', 'bin/package.json', 'dist/lib/index.js', 'package.json', 'schemas/plan.schema.json', ...filesIn(BUNDLE), ...types].sort(),
    );
  });

  it('depends on exactly the modules the bundle loads that Node does not ship (none: the bundle inlines them)', () => {
    const loaded = modulesTheBundleLoads();
    expect(
      loaded.some((name) => name.startsWith('./')),
      'the bundle requires its own chunks',
    ).toBe(true);
    const external = new Set(loaded.filter((name) => !name.startsWith('.') && !isBuiltin(name)).map(packageOf));
    expect([...external].sort()).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
  });

  it("every dependency's engines.node accepts the oldest Node the package promises (engines.node)", () => {
    const oldest = semver.minVersion(pkg.engines.node);
    expect(oldest).not.toBeNull();
    const refused = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => {
      const range = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
      return range && !semver.satisfies(oldest!, range) ? [`${name}: engines.node ${range}`] : [];
    });
    expect(refused, `Node ${oldest} (engines.node ${pkg.engines.node})`).toEqual([]);
  });

  it('every package of the lock accepts the oldest Node a contributor may use (devEngines)', () => {
    // A test runner's own dependencies (vite's rolldown) need a newer Node 20 than the CLI does:
    // devEngines says so to `npm install` in a clone, engines to the CLI's users.
    expect(pkg.devEngines.runtime.name).toBe('node');
    const oldest = semver.minVersion(pkg.devEngines.runtime.version)!;
    expect(semver.gte(oldest, semver.minVersion(pkg.engines.node)!)).toBe(true);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const refused = Object.entries(lock.packages).flatMap(([where, entry]) => {
      const range = entry.engines?.node;
      return where && range && !semver.satisfies(oldest, range) ? [`${where}: engines.node ${range}`] : [];
    });
    expect(refused, `Node ${oldest} (devEngines)`).toEqual([]);
  });

  it('installs from its tarball offline into an empty folder, and runs there: --help, a generation, npx --package', () => {
    const work = tempDir();
    const cache = path.join(work, 'npm-cache');
    npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT, cache);
    const tarball = path.join(work, `${pkg.name}-${pkg.version}.tgz`);
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{}\n');
    npm(['install', '--offline', '--ignore-scripts', tarball], project, cache);
    expect(fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([pkg.name]);

    const bin = path.join(project, 'node_modules', '.bin', pkg.name);
    const help = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^gen-devcontainer \[DIR\]/);

    // A whole run loads the lazily required parts too (the YAML and JSONC parsers, a Compose file's).
    const example = path.join(work, 'existing-compose');
    fs.cpSync(path.join(ROOT, 'examples', 'existing-compose'), example, { recursive: true });
    const run = spawnSync(bin, [example, '--dry-run'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/internal error|Cannot find module/);
    expect(run.status).toBe(0);

    const npx = spawnSync('npx', ['--yes', '--offline', '--cache', cache, `--package=${tarball}`, pkg.name, '--help'], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(npx.status, npx.stderr).toBe(0);
    expect(npx.stdout).toBe(help.stdout);
  }, 60_000);
});
