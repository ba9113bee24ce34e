/**
 * Templates that write the dev container after they render a project, with the real copier and
 * cookiecutter from PyPI: a copier `_tasks` entry and a cookiecutter post-generation hook running
 * `npx --yes gen-devcontainer` in the new project (README: "Templates: copier and cookiecutter",
 * whose snippets test/unit/scaffolding-snippets.test.ts holds to the templates here). The
 * templates (test/docker/scaffolding/) are this test's own, shaped as a platform team's are: a
 * repository with its own pyproject.toml, and folders named with Jinja (`{{ package_name }}`,
 * `{{cookiecutter.project_slug}}`).
 *
 * In this tier because it needs PyPI (and python3). copier and cookiecutter are installed with the
 * real uv into a virtual environment cached under /var/cache/gen-devcontainer, keyed by their
 * versions and the Python's: a second run installs nothing. npx finds gen-devcontainer as a global
 * package (npm's own lookup: a bin of that name under the global prefix), installed from the packed
 * tarball into a prefix of the test's own, and npm runs offline: what ran is this build.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutHostCa } from '../helpers/cli.js';
import { CACHE_DIR } from './engine.js';
import { uvRelease } from './uv-release.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'gen-devcontainer.js');
const TEMPLATES = path.join(import.meta.dirname, 'scaffolding');
const COPIER = '9.19.1';
const COOKIECUTTER = '2.7.1';
const UV = '0.13.9';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd, env: options.env ?? { ...process.env, NODE_OPTIONS: '' } });
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/**
 * copier and cookiecutter in a virtual environment, made once per (Python, copier, cookiecutter)
 * and kept: made relocatable (uv's `--relocatable`: its scripts find their Python relative to
 * themselves) in a folder beside it and renamed into place, so a run cut short leaves no half
 * environment to reuse.
 */
function scaffolders(): { bin: string; madeNow: boolean } {
  const python = run('python3', ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']).stdout.trim();
  const dir = path.join(CACHE_DIR, 'scaffolders', `python-${python}-copier-${COPIER}-cookiecutter-${COOKIECUTTER}`);
  const bin = path.join(dir, 'bin');
  if (fs.existsSync(path.join(bin, 'copier')) && fs.existsSync(path.join(bin, 'cookiecutter'))) return { bin, madeNow: false };
  const uv = uvRelease(UV, CACHE_DIR).uv;
  const staging = `${dir}.part`;
  fs.rmSync(staging, { recursive: true, force: true });
  const env = { ...process.env, UV_CACHE_DIR: path.join(CACHE_DIR, 'scaffolders', 'uv-cache') };
  run(uv, ['venv', '--quiet', '--relocatable', '--python', 'python3', staging], { env });
  run(uv, ['pip', 'install', '--quiet', '--python', path.join(staging, 'bin', 'python'), `copier==${COPIER}`, `cookiecutter==${COOKIECUTTER}`], { env });
  fs.renameSync(staging, dir);
  return { bin, madeNow: true };
}

/** A copy of a template of test/docker/scaffolding, to run in and render from. */
function templateCopy(name: string): string {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-scaffold-')), name);
  fs.cpSync(path.join(TEMPLATES, name), copy, { recursive: true });
  return copy;
}

describe('templates that write the dev container after rendering (real copier and cookiecutter)', () => {
  let env: NodeJS.ProcessEnv = {};
  let tools = '';
  beforeAll(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-scaffold-npm-'));
    const cache = path.join(work, 'npm-cache');
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--cache', cache], { cwd: ROOT });
    const prefix = path.join(work, 'global');
    run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', cache, path.join(work, `${pkg.name}-${pkg.version}.tgz`)]);
    tools = scaffolders().bin;
    env = {
      ...withoutHostCa(),
      NODE_OPTIONS: '',
      PATH: `${tools}${path.delimiter}${process.env.PATH}`,
      npm_config_prefix: prefix,
      npm_config_cache: cache,
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
    };
  }, 600_000);

  it(`copier ${COPIER}, the real one, in its cached environment`, () => {
    expect(run(path.join(tools, 'copier'), ['--version'], { env }).stdout).toContain(COPIER);
    expect(run(path.join(tools, 'cookiecutter'), ['--version'], { env }).stdout).toContain(`Cookiecutter ${COOKIECUTTER}`);
    // The cache holds it now: a second call finds it and makes nothing.
    expect(scaffolders()).toEqual({ bin: tools, madeNow: false });
  });

  /** The generator in the template repository itself, then a project made from it, and that project's check. */
  function generatesThenChecks(template: string, render: (template: string, out: string) => string) {
    // Run in the template repository, the folders named with Jinja are no project of its own.
    const inTemplate = spawnSync(process.execPath, [BIN, template], { encoding: 'utf8', env });
    expect(inTemplate.status, inTemplate.stderr).toBe(0);
    expect(inTemplate.stderr).toBe('');
    expect(spawnSync(process.execPath, [BIN, '--check', template], { encoding: 'utf8', env }).status).toBe(0);

    const out = path.join(path.dirname(template), 'out');
    const project = render(template, out);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, '.devcontainer', 'gen-devcontainer.manifest.json'), 'utf8')) as { generator: string };
    expect(manifest.generator).toBe(`gen-devcontainer ${pkg.version}`);
    for (const file of ['devcontainer.json', 'Dockerfile', 'uv-lifecycle.sh', 'check-uv-layout.sh']) expect(fs.existsSync(path.join(project, '.devcontainer', file)), file).toBe(true);
    expect(fs.readFileSync(path.join(project, 'src', 'weather_station', '__init__.py'), 'utf8')).toBe('"""Weather Station."""\n');
    const check = spawnSync(process.execPath, [BIN, '--check', project], { encoding: 'utf8', env });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^\.devcontainer\/devcontainer\.json: up to date$/m);
    // The project's plan is its own (its .python-version), not the template repository's.
    const plan = JSON.parse(run(process.execPath, [BIN, 'plan', '--json', project], { env }).stdout) as { python: { value: string; source: string } };
    expect(plan.python).toMatchObject({ value: '3.12', source: '.python-version' });
  }

  it('copier: the `_tasks` entry writes the dev container in the new project, and --check passes there', () => {
    generatesThenChecks(templateCopy('copier'), (template, out) => {
      const copy = run(path.join(tools, 'copier'), ['copy', '--trust', '--defaults', '--data', 'project_name=Weather Station', template, out], { env });
      expect(copy.stdout + copy.stderr).toContain('Running task 1 of 1: npx --yes gen-devcontainer');
      return out;
    });
  });

  it('cookiecutter: hooks/post_gen_project.py writes the dev container in the new project, and --check passes there', () => {
    generatesThenChecks(templateCopy('cookiecutter'), (template, out) => {
      run(path.join(tools, 'cookiecutter'), ['--no-input', '--output-dir', out, template], { env });
      expect(fs.readdirSync(out)).toEqual(['weather-station']);
      return path.join(out, 'weather-station');
    });
  });

  it('cookiecutter: when gen-devcontainer refuses, the hook fails, and cookiecutter stops and removes the half-made project', () => {
    const template = templateCopy('cookiecutter');
    // A Python version the generator refuses (exit 2, with its reason).
    const out = path.join(path.dirname(template), 'out');
    const failed = spawnSync(path.join(tools, 'cookiecutter'), ['--no-input', '--output-dir', out, template, 'python_version=three'], { encoding: 'utf8', env });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/^pyproject\.toml:4: error: .*\[requires-python-invalid\]$/m);
    expect(failed.stdout + failed.stderr).toContain("post_gen_project hook script didn't exit successfully");
    expect(fs.existsSync(path.join(out, 'weather-station'))).toBe(false);
  });
});
