/**
 * The dev container target's outputs are a registry: src/outputs.ts names each with its default
 * path, src/targets/devcontainer/outputs.ts (OUTPUTS) renders each, and the manifest is written last from what
 * they produced. A new output is its renderer and one line in OUTPUTS: the last test adds one that
 * way (through the module the CLI loads) and sees it written, recorded and checked by --check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OUTPUT_FOLDER, OUTPUT_PATHS } from '../../src/outputs.js';
import type { OutputRenderer } from '../../src/render/files.js';
import { makeRepo, readTree, runCli, withoutHostCa } from '../helpers/cli.js';

/** A made-up output for the demonstration: one line naming the layout. */
const extra = vi.hoisted(() => ({ on: false }));
const notes: OutputRenderer = {
  id: 'notes',
  path: () => `${OUTPUT_FOLDER}/uv-notes.txt`,
  render: (plan) => ({ content: `layout: ${plan.layout.value}\n`, owner: 'generated' }),
};
vi.mock('../../src/targets/devcontainer/outputs.js', async (original) => {
  const real = await original<typeof import('../../src/targets/devcontainer/outputs.js')>();
  return {
    ...real,
    get OUTPUTS() {
      return extra.on ? [...real.OUTPUTS, notes] : real.OUTPUTS;
    },
  };
});

const { OUTPUTS } = await import('../../src/targets/devcontainer/outputs.js');
const PYPROJECT = '[project]\nname = "reg"\nversion = "0"\nrequires-python = ">=3.12"\n';
const env = withoutHostCa();

describe('the registry', () => {
  it('names every output once: each renderer has a default path, and the manifest is the one output no renderer makes', () => {
    const ids = OUTPUTS.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids, 'manifest'].sort()).toEqual(Object.keys(OUTPUT_PATHS).sort());
    for (const file of Object.values(OUTPUT_PATHS)) expect(file.startsWith(`${OUTPUT_FOLDER}/`)).toBe(true);
  });

  it('a run writes exactly the registered outputs its plan has, the manifest last, and records each', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\n' });
    expect((await runCli([repo], repo, env)).code).toBe(0);
    const written = Object.keys(readTree(path.join(repo, OUTPUT_FOLDER))).map((f) => `${OUTPUT_FOLDER}/${f}`);
    expect(written.sort()).toEqual(
      Object.values(OUTPUT_PATHS)
        .filter((f) => f !== OUTPUT_PATHS.compose)
        .sort(),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, OUTPUT_PATHS.manifest), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(written.filter((f) => f !== OUTPUT_PATHS.manifest).sort());
  });
});

it('adding an output is one renderer and one line in OUTPUTS: it is written, recorded in the manifest and checked by --check', async () => {
  extra.on = true;
  try {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\n' });
    expect((await runCli([repo], repo, env)).code).toBe(0);
    const file = path.join(repo, OUTPUT_FOLDER, 'uv-notes.txt');
    expect(fs.readFileSync(file, 'utf8')).toBe('layout: uv-project\n');
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, OUTPUT_PATHS.manifest), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toContain(`${OUTPUT_FOLDER}/uv-notes.txt`);
    expect((await runCli([repo, '--check'], repo, env)).code).toBe(0);
    fs.appendFileSync(file, 'a local edit\n');
    const drift = await runCli([repo, '--check'], repo, env);
    expect(drift.code).toBe(1);
    expect(drift.stdout + drift.stderr).toContain(`${OUTPUT_FOLDER}/uv-notes.txt`);
  } finally {
    extra.on = false;
  }
});
