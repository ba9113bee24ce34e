/**
 * Start-up (issue 19): what each kind of run loads of the bundle, counted in source modules and
 * bytes rather than timed. The write transaction is loaded only by a run that writes, the production
 * section's schema check only by a run with one (src/lazy.ts, deferred; scripts/bundle.mjs, DEFERRED); dist/bundle-chunks.json, written by the build from
 * esbuild's metafile, says which source modules each file of the bundle holds.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, loadedBy, ROOT } from '../helpers/bundle.js';

const CHUNKS = path.join(ROOT, 'dist', 'bundle-chunks.json');

/** The source modules in the files a run loaded, and those files' bytes. */
function modulesLoadedBy(argv: string[]): { modules: Set<string>; bytes: number } {
  const chunks = JSON.parse(fs.readFileSync(CHUNKS, 'utf8')) as Record<string, string[]>;
  const files = loadedBy(argv).map((l) => l.file);
  const modules = new Set(files.flatMap((file) => chunks[file] ?? []));
  return { modules, bytes: files.reduce((sum, file) => sum + fs.statSync(path.join(BUNDLE, file)).size, 0) };
}

const TRANSACTION = 'src/write/transaction.ts';
/** The production section's schema check (src/targets/production/validate.ts), which only a production run loads. */
const PRODUCTION_VALIDATOR = ['src/targets/production/validate.ts', 'src/generated/validate-production.js'];

describe('what a run loads of the bundle', () => {
  it('the build says which source modules each file holds', () => {
    expect(fs.existsSync(CHUNKS), 'dist/bundle-chunks.json is missing: run `npm run build`').toBe(true);
  });

  it('--dry-run, --check, plan and explain load no write transaction and no production validator', () => {
    for (const argv of [
      ['examples/plain-pep621', '--dry-run'],
      ['examples/uv-app', '--dry-run'],
      ['examples/existing-image', '--check'],
      ['plan', 'examples/plain-pep621'],
      ['explain', 'examples/uv-app'],
    ]) {
      const { modules } = modulesLoadedBy(argv);
      expect(modules.has('src/pipeline.ts'), argv.join(' ')).toBe(true);
      expect(modules.has(TRANSACTION), argv.join(' ')).toBe(false);
      for (const module of PRODUCTION_VALIDATOR) expect(modules.has(module), `${argv.join(' ')}: ${module}`).toBe(false);
    }
  });

  it('plan --production loads the production validator, once', () => {
    const argv = ['plan', '--production', '--command', 'python -m app', 'examples/uv-app'];
    const { modules } = modulesLoadedBy(argv);
    for (const module of PRODUCTION_VALIDATOR) expect(modules.has(module), `${argv.join(' ')}: ${module}`).toBe(true);
    expect(loadedBy(argv).filter((l) => l.file === 'validate-production.cjs')).toHaveLength(1);
  });

  it('a run that writes loads the transaction, once (one instance of the lock and its refusal)', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-chunks-'));
    try {
      fs.cpSync(path.join(ROOT, 'examples', 'plain-pep621'), repo, { recursive: true });
      const files = loadedBy([repo]).map((l) => l.file);
      expect(files.filter((f) => f === 'write-transaction.cjs')).toHaveLength(1);
      expect(fs.existsSync(path.join(repo, '.devcontainer', 'devcontainer.json'))).toBe(true);
      const chunks = JSON.parse(fs.readFileSync(CHUNKS, 'utf8')) as Record<string, string[]>;
      expect(Object.values(chunks).filter((inputs) => inputs.includes('src/write/lock.ts'))).toHaveLength(1);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('--dry-run on a plain repository loads at most 900 KB of the bundle (774 KB, then 951 KB, then 871 KB on 2026-12-06)', () => {
    // A bound with some margin: past it, see what grew (dist/bundle-chunks.json) and whether a run
    // without it could leave it unloaded (src/lazy.ts, deferred). The step from 774 to 951 KB: the
    // plan validator (src/generated/validate-plan.js) grew with the schema's production and editor
    // sections (35 KB of schema to 54 KB; its code 180 KB to 274 KB), and the production target's
    // code sits in the chunk every run loads. Back to 871 KB: the production section's validator is
    // its own file, loaded by production runs only (scripts/plan-schema.mjs, runtimePlanSchemas).
    expect(modulesLoadedBy(['examples/plain-pep621', '--dry-run']).bytes).toBeLessThanOrEqual(900_000);
  });

  it('--help from a folder with no package.json above it lists no folder (yargs guesses no version)', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-cwd-'));
    try {
      const script = `const fs = require('node:fs'); let listed = 0; const real = fs.readdirSync;
fs.readdirSync = function (...args) { listed++; return real.apply(this, args); };
require(${JSON.stringify(path.join(BUNDLE, 'run.cjs'))}).main(['--help'], { stdout() {}, stderr() {}, cwd: process.cwd(), env: {} }).then((code) => console.log(JSON.stringify({ code, listed })));`;
      const env = { ...process.env };
      delete env.NODE_OPTIONS;
      const run = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env });
      expect(JSON.parse(run.stdout)).toEqual({ code: 0, listed: 0 });
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
