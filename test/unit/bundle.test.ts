/**
 * The bundle the bin runs (scripts/bundle.mjs, built by `npm test` before vitest): it prints what
 * the sources print, loads only what a command uses, and its V8 code caches fit this Node.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, loadedBy, ROOT } from '../helpers/bundle.js';
import { runCli } from '../helpers/cli.js';

const BIN = path.join(ROOT, 'bin', 'gen-devcontainer.js');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).sort();

const sourceOf = (file: string) => fs.readFileSync(path.join(BUNDLE, file), 'utf8');

describe('the bundle', () => {
  it('is built (npm test builds it first; run `npm run build` before vitest alone)', () => {
    expect(fs.existsSync(path.join(BUNDLE, 'run.cjs')), 'dist/bundle is missing').toBe(true);
  });

  const runs = [
    ['--help'],
    ['--version'],
    ['plan', '--help'],
    ['--no-such-option'],
    ...EXAMPLES.flatMap((e) => [
      [`examples/${e}`, '--dry-run'],
      ['plan', `examples/${e}`, '--json'],
      ['explain', `examples/${e}`],
    ]),
  ];
  it.each(runs.map((argv) => [argv.join(' '), argv] as const))('prints what the sources print: %s', async (_name, argv) => {
    // Both under this process's locale (yargs reads it from process.env, in-process or not).
    const bundled = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const source = await runCli([...argv], ROOT);
    expect({ code: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual(source);
  });

  it("yargs' translations come along (LANG=de_DE)", () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } });
    expect(run.stdout).toMatch(/^Kommandos:$/m);
  });

  it('--help loads no command, template, TOML parser or schema validator', () => {
    const loaded = loadedBy(['--help']);
    expect(loaded.map((l) => l.file)).toContain('main.cjs');
    for (const { file } of loaded) {
      expect(file).not.toMatch(/^(generate|plan|explain|env|doctor)-/);
      expect(sourceOf(file)).not.toMatch(/HandlebarsEnvironment|TomlError|validate20/);
    }
  });

  it('--dry-run of a project with no compose file or devcontainer.json to edit loads no YAML parser', () => {
    const loaded = loadedBy(['examples/uv-app', '--dry-run']).map((l) => l.file);
    expect(loaded.some((f) => f.startsWith('generate-'))).toBe(true);
    expect(loaded).not.toContain('yaml.cjs');
    expect(loaded.filter((f) => /^(plan|explain|env|doctor)-/.test(f))).toEqual([]);
  });

  it("every file a run loads has a code cache, and V8 takes it (the build's Node is this Node)", () => {
    for (const argv of [['--help'], ['examples/uv-app', '--dry-run'], ['explain', 'examples/existing-compose']]) {
      const loaded = loadedBy(argv);
      expect(
        loaded.filter((l) => !l.cached || l.rejected),
        argv.join(' '),
      ).toEqual([]);
    }
  });

  it("a command's run turns V8's baseline compiler off; --help, which loads no command, does not load node:v8 for it", () => {
    // scripts/bundle-loader.cjs: Sparkplug's compiling cost a --dry-run ~49 M instructions of ~309 M.
    const baselineOff = (argv: string[]) => {
      const script = `const b = require(${JSON.stringify(path.join(BUNDLE, 'run.cjs'))});
b.main(${JSON.stringify(argv)}, { stdout() {}, stderr() {}, cwd: ${JSON.stringify(ROOT)}, env: {} }).then(() => console.log(JSON.stringify(b.baselineCompilerOff())));`;
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as boolean;
    };
    expect(baselineOff(['examples/uv-app', '--dry-run'])).toBe(true);
    expect(baselineOff(['plan', 'examples/uv-app'])).toBe(true);
    expect(baselineOff(['--help'])).toBe(false);
    expect(baselineOff(['--version'])).toBe(false);
  });

  it('package.json "files" ships everything the bin needs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[]; bin: Record<string, string> };
    const shipped = (file: string) => pkg.files.some((f) => file === f || file.startsWith(`${f}/`));
    expect(shipped(pkg.bin['gen-devcontainer']!)).toBe(true);
    expect(shipped('bin/package.json')).toBe(true);
    for (const file of fs.readdirSync(BUNDLE)) expect(shipped(`dist/bundle/${file}`), file).toBe(true);
  });
});
