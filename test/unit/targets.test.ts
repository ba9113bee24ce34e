/**
 * Targets are a registry (src/targets/index.ts, TARGETS): each stands on the core plan and adds its
 * own files or printout from a folder of its own under src/targets/. A new target is that folder and
 * one line in TARGETS: the test below adds one that way (through the module the CLI loads) and sees
 * its file written, recorded in the manifest and checked by --check. The core (plan/, render/,
 * analyze/, write/) never imports a target.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';
import { OUTPUT_PATHS } from '../../src/outputs.js';
import type { Target } from '../../src/targets/target.js';
import { makeRepo, runCli, withoutHostCa } from '../helpers/cli.js';

/** A made-up target for the demonstration: one file at the repository root, from the core plan alone. */
const extra = vi.hoisted(() => ({ on: false }));
const notes: Target = {
  name: 'notes',
  outputs: [{ id: 'notes', path: () => 'uv-layout.txt', render: (plan) => ({ content: `volume target: ${plan.volume.target.value}\n`, owner: 'generated' }) }],
};
vi.mock('../../src/targets/index.js', async (original) => {
  const real = await original<typeof import('../../src/targets/index.js')>();
  return {
    ...real,
    get TARGETS() {
      return extra.on ? [...real.TARGETS, notes] : real.TARGETS;
    },
  };
});

const PYPROJECT = '[project]\nname = "tgt"\nversion = "0"\nrequires-python = ">=3.12"\n';
const env = withoutHostCa();
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

it('adding a target is one folder and one line in TARGETS: its file is written, recorded in the manifest and checked by --check', async () => {
  extra.on = true;
  try {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\n' });
    expect((await runCli([repo], repo, env)).code).toBe(0);
    const file = path.join(repo, 'uv-layout.txt');
    expect(fs.readFileSync(file, 'utf8')).toBe('volume target: /opt/uv\n');
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, OUTPUT_PATHS.manifest), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toContain('uv-layout.txt');
    expect((await runCli([repo, '--check'], repo, env)).code).toBe(0);
    fs.appendFileSync(file, 'a local edit\n');
    const drift = await runCli([repo, '--check'], repo, env);
    expect(drift.code).toBe(1);
    expect(drift.stdout + drift.stderr).toContain('uv-layout.txt');
  } finally {
    extra.on = false;
  }
});

it('gen-devcontainer env prints what the env target renders, found through TARGETS', async () => {
  extra.on = true;
  try {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\n' });
    const printed = await runCli(['env', repo, '--format', 'json'], repo, env);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).env.UV_CACHE_DIR).toBe('/opt/uv/cache');
    // The made-up target writes nothing when only printing.
    expect(fs.existsSync(path.join(repo, 'uv-layout.txt'))).toBe(false);
  } finally {
    extra.on = false;
  }
});

it('nothing outside src/targets/ but the pipeline, the commands and cli/ imports a target', () => {
  const files = (function walk(folder: string): string[] {
    return fs.readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(folder, e.name)) : e.name.endsWith('.ts') ? [path.join(folder, e.name)] : []));
  })(SRC);
  const importers = files
    .filter((f) => !path.relative(SRC, f).startsWith('targets/'))
    .filter((f) => /from '(\.\.?\/)+targets\//.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(SRC, f))
    .sort();
  expect(importers).toEqual([
    'cli/main.ts',
    // The production target's options (targets/production/options.ts) on the command line.
    'cli/options.ts',
    'commands/describe-plan.ts',
    'commands/env.ts',
    'commands/explain.ts',
    'commands/plan.ts',
    'commands/production-args.ts',
    'commands/production.ts',
    'commands/report.ts',
    'pipeline.ts',
    // The pipeline of `gen-devcontainer production`: the core pipeline, then the production target.
    'production-pipeline.ts',
  ]);
});
