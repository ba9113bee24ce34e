/**
 * The library (src/library.ts, the package's `import { plan, render, generate } from
 * 'gen-devcontainer'`): importing it runs nothing; plan and render write nothing; generate writes
 * what the command line writes, through the same checks; every user mistake comes back as data.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, plan, render } from '../../src/index.js';
import { copyExample, readTree, runCli, withoutHostCa } from '../helpers/cli.js';
import { makeRepo, tempDir } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIBRARY = path.join(ROOT, 'dist', 'lib', 'index.js');
const EXAMPLE = path.join(ROOT, 'examples', 'uv-app');

/**
 * Imports `entry` in a fresh Node with every function of node:fs, node:fs/promises, node:os and
 * node:child_process, the process's own calls, process.env and process.argv trapped: each call
 * made from `entry`'s own code (its file in the stack) is recorded. Then calls `then` (an export
 * name) on the example, to show that the traps do see the module's calls.
 */
function importTrapped(entry: string, then?: string): { atImport: string[]; afterCall: string[]; exports: string[] } {
  const script = `
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
Error.stackTraceLimit = 200;
const entry = ${JSON.stringify(entry)};
const calls = [];
const fromEntry = () => (new Error().stack ?? '').includes(entry);
const record = (what) => { if (fromEntry()) calls.push(what); };
function trap(object, name, label) {
  const original = object[name];
  if (typeof original !== 'function' || /^[A-Z]/.test(name)) return;
  object[name] = function (...args) { record(label + '.' + name); return original.apply(this, args); };
  // fs.realpathSync.native and the like: trapped too.
  for (const inner of Object.keys(original)) {
    object[name][inner] = original[inner];
    trap(object[name], inner, label + '.' + name);
  }
}
for (const [label, module] of [['fs', fs], ['fs.promises', fsp], ['os', os], ['child_process', cp]]) for (const name of Object.keys(module)) trap(module, name, label);
for (const name of ['cwd', 'chdir', 'exit', 'on', 'once', 'emitWarning', 'kill', 'geteuid', 'getuid', 'umask', 'hrtime', 'memoryUsage']) trap(process, name, 'process');
const env = process.env;
process.env = new Proxy(env, {
  get: (target, key) => (record('process.env.' + String(key)), target[key]),
  has: (target, key) => (record('process.env.' + String(key)), key in target),
  ownKeys: (target) => (record('process.env (keys)'), Reflect.ownKeys(target)),
});
const argv = process.argv;
Object.defineProperty(process, 'argv', { get: () => (record('process.argv'), argv) });
syncBuiltinESMExports();
const module = await import(pathToFileURL(entry).href);
const atImport = [...calls];
${then ? `const result = module[${JSON.stringify(then)}](${JSON.stringify(EXAMPLE)}); if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));` : ''}
process.stdout.write(JSON.stringify({ atImport, afterCall: calls.slice(atImport.length), exports: Object.keys(module).sort() }));
`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('importing the library', () => {
  it('the traps see a module that reads the disk, the folder and the environment as it loads (the check can fail)', () => {
    const module = path.join(tempDir(), 'eager.mjs');
    fs.writeFileSync(module, "import * as fs from 'node:fs';\nexport const here = fs.existsSync(process.cwd());\nexport const home = process.env.HOME;\nexport const args = process.argv.length;\n");
    const { atImport } = importTrapped(module);
    expect(atImport).toEqual(['process.cwd', 'fs.existsSync', 'process.env.HOME', 'process.argv']);
  });

  it('reads no argument, variable, folder or file, and starts nothing: it only defines plan, render and generate', () => {
    expect(fs.existsSync(LIBRARY), 'dist/lib/index.js: run `node scripts/build.mjs` first').toBe(true);
    const { atImport, afterCall, exports } = importTrapped(LIBRARY, 'plan');
    expect(atImport).toEqual([]);
    expect(exports).toEqual(['generate', 'plan', 'render']);
    // The same traps catch the library once it is called: plan reads the folder, and $HOME (the home folder refusal).
    expect(afterCall).toContain('process.env.HOME');
    expect(afterCall.filter((c) => c.startsWith('fs.')).length).toBeGreaterThan(10);
    expect(afterCall).toContain('fs.realpathSync.native');
  });
});

describe('plan and render', () => {
  it('plan decides and render returns the files as data, writing nothing; they are what generate writes and the command line writes', async () => {
    const dir = copyExample(EXAMPLE);
    const before = readTree(dir);
    const planned = plan(dir);
    if (!planned.ok) throw new Error(JSON.stringify(planned.diagnostics));
    expect(planned.writeRefused).toBe(false);
    expect(planned.plan.volume.target.value).toBe('/opt/uv');
    const rendered = render(planned);
    expect(readTree(dir)).toEqual(before);
    expect(rendered.files.map((f) => f.path)).toContain('.devcontainer/devcontainer.json');
    expect(rendered.files.at(-1)?.path).toBe(planned.plan.devcontainer.outputs.manifest.file);

    const generated = generate(dir, { env: {} });
    expect(generated).toMatchObject({ ok: true, wrote: true, diagnostics: [] });
    expect(generated.files.map((f) => [f.path, f.status])).toEqual(rendered.files.map((f) => [f.path, 'create']));
    const written = readTree(dir);
    for (const file of rendered.files) expect(written[file.path]).toBe(file.content);

    const byCli = copyExample(EXAMPLE);
    const run = await runCli([byCli], ROOT, withoutHostCa());
    expect(run.code, run.stderr).toBe(0);
    expect(readTree(path.join(byCli, '.devcontainer'))).toEqual(readTree(path.join(dir, '.devcontainer')));

    // A second run changes nothing, and says so.
    expect(generate(dir, { env: {} })).toMatchObject({ ok: true, wrote: false });
  });

  it("the options are the command line's: python, extra, a flag turned off with false, and they are remembered in the manifest", () => {
    const dir = copyExample(EXAMPLE);
    const first = generate(dir, { python: '3.12', readOnly: true, env: {} });
    expect(first.ok, JSON.stringify(first.diagnostics)).toBe(true);
    expect(first.plan?.python.value).toBe('3.12');
    const again = plan(dir);
    if (!again.ok) throw new Error('no plan');
    expect(again.plan.options).toEqual(['--python', '3.12', '--read-only']);
    expect(again.diagnostics.map((d) => d.code)).toContain('options-remembered');
    const off = plan(dir, { readOnly: false, forget: ['python'] });
    if (!off.ok) throw new Error('no plan');
    expect(off.plan.options).toEqual([]);
  });

  it('render takes what plan returned, or its plan; a plan from elsewhere (a copy) is refused, since the folder as read is not beside it', () => {
    const planned = plan(copyExample(EXAMPLE));
    if (!planned.ok) throw new Error('no plan');
    expect(render(planned.plan)).toEqual(render(planned));
    expect(() => render(structuredClone(planned.plan))).toThrow(TypeError);
  });
});

describe('diagnostics as data', () => {
  it('a broken pyproject.toml is an error with its file and line, not an exception; nothing is written', () => {
    const dir = makeRepo({ 'pyproject.toml': '[project]\nname = "x"\nversion = \n' });
    const planned = plan(dir);
    expect(planned.ok).toBe(false);
    const error = planned.diagnostics.find((d) => d.level === 'error');
    expect(error).toMatchObject({ file: 'pyproject.toml', line: 3 });
    const generated = generate(dir);
    expect(generated).toMatchObject({ ok: false, wrote: false, files: [] });
    expect(fs.existsSync(path.join(dir, '.devcontainer'))).toBe(false);
  });

  it('a file of yours in the way: plan says generate would refuse, generate refuses and writes nothing; with force it replaces it and keeps yours', () => {
    const dir = copyExample(EXAMPLE);
    fs.mkdirSync(path.join(dir, '.devcontainer'));
    fs.writeFileSync(path.join(dir, '.devcontainer', 'uv-lifecycle.sh'), '#!/bin/sh\necho mine\n');
    const before = readTree(dir);
    const planned = plan(dir);
    expect(planned).toMatchObject({ ok: true, writeRefused: true });
    expect(planned.diagnostics.map((d) => d.code)).toContain('not-generated-by-us');
    const refused = generate(dir, { env: {} });
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics.find((d) => d.code === 'not-generated-by-us')).toMatchObject({ level: 'error', file: '.devcontainer/uv-lifecycle.sh' });
    expect(readTree(dir)).toEqual(before);
    const forced = generate(dir, { force: true, env: {} });
    expect(forced.ok, JSON.stringify(forced.diagnostics)).toBe(true);
    expect(forced.files.find((f) => f.path === '.devcontainer/uv-lifecycle.sh')).toMatchObject({ status: 'conflict', backup: '.devcontainer/uv-lifecycle.sh.bak' });
    expect(fs.readFileSync(path.join(dir, '.devcontainer', 'uv-lifecycle.sh.bak'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('an option the library does not have, or a value of the wrong type, is an error naming it (a program may pass anything at run time)', () => {
    const dir = copyExample(EXAMPLE);
    const wrong = { python: 3.12, pythonFrom: 'conda', extra: 'docs', colour: true, forget: ['pyhton'] } as unknown as Parameters<typeof plan>[1];
    const planned = plan(dir, wrong);
    expect(planned.ok).toBe(false);
    expect(planned.diagnostics.every((d) => d.code === 'library-option-invalid' && d.level === 'error')).toBe(true);
    expect(planned.diagnostics.map((d) => d.message.split(':')[0])).toEqual(['option "colour"', 'option python', 'option pythonFrom', 'option extra', 'option forget']);
    // dryRun is generate's alone.
    expect(plan(dir, { dryRun: true } as Parameters<typeof plan>[1]).ok).toBe(false);
    expect(generate(dir, { dryRun: true, env: {} }).ok).toBe(true);
    expect(fs.existsSync(path.join(dir, '.devcontainer'))).toBe(false);
  });
});
