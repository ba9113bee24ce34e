/**
 * `gen-devcontainer feature`: the feature folder, its devcontainer-feature.json against the
 * spec's feature schema, its variables from the generator's own folder table, its hooks from the
 * generator's lifecycle, and the command's refusals.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { planRepository } from '../../src/pipeline.js';
import { FOLDER_ROLES } from '../../src/plan/folders.js';
import { DEFAULT_MOUNT_TARGET, DEFAULT_UV_VERSION } from '../../src/plan/tables.js';
import { neutralRepository, planFeature } from '../../src/targets/feature/plan.js';
import { renderFeature } from '../../src/targets/feature/render.js';
import { runCli, tempDir } from '../helpers/cli.js';

const FEATURE_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/devcontainer-spec/devContainerFeature.schema.json');

function featureFiles(given: { mountTarget?: string; uvVersion?: string } = {}) {
  const planned = planRepository(neutralRepository(), { given: { generatorVersion: '0.1.0', ...given }, forget: [] });
  if (!planned.ok) throw new Error(JSON.stringify(planned.diagnostics));
  const feature = planFeature(planned.plan, 'uv-one-volume');
  return { feature, files: Object.fromEntries(renderFeature(feature).map((f) => [f.path, f])) };
}

function featureJson(given: { mountTarget?: string; uvVersion?: string } = {}): Record<string, any> {
  return JSON.parse(featureFiles(given).files['devcontainer-feature.json']!.content);
}

describe('devcontainer-feature.json', () => {
  it("is valid against the spec's feature schema (devContainerFeature.schema.json, draft-07)", () => {
    expect(fs.existsSync(FEATURE_SCHEMA), `${FEATURE_SCHEMA} is missing`).toBe(true);
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(FEATURE_SCHEMA, 'utf8')));
    for (const given of [{}, { mountTarget: '/cache/uv', uvVersion: '0.8.24' }]) {
      const json = featureJson(given);
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    // The check can fail: a mount of an unknown type is refused.
    expect(validate({ ...featureJson(), mounts: [{ type: 'tmpfs', target: '/x' }] })).toBe(false);
  });

  it("sets a variable for every folder of the generator's folder table, under the mount target, and the volume there with ${devcontainerId}", () => {
    for (const target of [DEFAULT_MOUNT_TARGET, '/cache/uv']) {
      const json = featureJson({ mountTarget: target });
      expect(json.mounts).toEqual([{ type: 'volume', source: 'uv-one-volume-${devcontainerId}', target }]);
      for (const row of FOLDER_ROLES) {
        if ('fromLayout' in row || row.readOnlyOnly) continue;
        for (const variable of row.variables) expect(json.containerEnv[variable.name], variable.name).toBe(`${target}/${row.subPath}`);
      }
      expect(json.containerEnv.UV_PROJECT_ENVIRONMENT).toBe(`${target}/envs/workspace`);
      expect(json.containerEnv.VIRTUAL_ENV).toBe(`${target}/envs/workspace`);
      expect(json.containerEnv.PATH).toBe(`/usr/local/lib/gen-devcontainer/bin:${target}/envs/workspace/bin:${target}/bin:\${PATH}`);
      // The Python preference is an option (install.sh writes it), so no variable may outrank it.
      expect(json.containerEnv).not.toHaveProperty('UV_PYTHON_PREFERENCE');
    }
  });

  it('has the options the issue asks for, each with its default from the plan', () => {
    const json = featureJson({ uvVersion: '0.8.24' });
    expect(Object.keys(json.options)).toEqual(['version', 'index', 'pythonPreference', 'installStep']);
    expect(json.options.version.default).toBe('0.8.24');
    expect(featureJson().options.version.default).toBe(DEFAULT_UV_VERSION);
    expect(json.options.index.default).toBe('https://pypi.org/simple/uv/');
    expect(json.options.pythonPreference).toMatchObject({ default: 'only-managed', enum: ['only-managed', 'managed', 'system', 'only-system'] });
    expect(json.options.installStep).toMatchObject({ type: 'boolean', default: true });
  });

  it("runs the generator's prepare, install and check steps as its lifecycle hooks, in the generator's properties", () => {
    const { files } = featureFiles();
    const json = JSON.parse(files['devcontainer-feature.json']!.content);
    const hook = '/usr/local/share/gen-devcontainer/uv-one-volume/hook.sh';
    expect(json.onCreateCommand).toEqual(['sh', hook, 'prepare']);
    expect(json.updateContentCommand).toEqual(['sh', hook, 'install']);
    expect(json.postCreateCommand).toEqual(['sh', hook, 'check']);
    const lifecycle = files['uv-lifecycle.sh']!.content;
    expect(lifecycle).toContain('step_prepare() {');
    expect(lifecycle).toMatch(/^ {4}sync_project \.$/m);
    expect(lifecycle).toMatch(/step_check\(\) \{\n {4}sh "\$\(dirname -- "\$0"\)"\/check-uv-layout\.sh\n\}/);
    expect(lifecycle.split('\n')[1]).toMatch(/^# Generated by gen-devcontainer 0\.1\.0 \(the uv-one-volume feature\)/);
    expect(files['check-uv-layout.sh']!.content).toContain('check_link cache environment');
  });
});

describe('the scripts', () => {
  it('are POSIX sh (test scripts: bash) that parse, and executable', () => {
    const { files } = featureFiles();
    for (const file of Object.values(files)) {
      if (!file.path.endsWith('.sh')) continue;
      expect(file.mode, file.path).toBe(0o755);
      const shell = file.content.startsWith('#!/bin/bash') ? 'bash' : 'sh';
      const parsed = spawnSync(shell, ['-n'], { input: file.content, encoding: 'utf8' });
      expect(parsed.status, `${file.path}: ${parsed.stderr}`).toBe(0);
    }
  });

  it('hook.sh skips the install step when install.sh left install-off, and runs uv-lifecycle.sh otherwise', () => {
    const { files } = featureFiles();
    const dir = tempDir('gdc-hook-');
    fs.writeFileSync(path.join(dir, 'hook.sh'), files['hook.sh']!.content);
    fs.writeFileSync(path.join(dir, 'uv-lifecycle.sh'), 'echo "lifecycle $*"\n');
    // The hooks run in the workspace folder: a project's.
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n');
    const hook = (step: string) => spawnSync('sh', [path.join(dir, 'hook.sh'), step], { cwd: dir, encoding: 'utf8' }).stdout;
    expect(hook('install')).toBe('lifecycle install\n');
    fs.writeFileSync(path.join(dir, 'install-off'), '');
    expect(hook('install')).toMatch(/the install step is off/);
    expect(hook('check')).toBe('lifecycle check\n');
  });
});

describe("the install step, as the feature's hook runs it in any repository", () => {
  /** Runs `hook.sh install` in a workspace holding `files`, with a uv on PATH that records its arguments and succeeds. */
  function install(files: Record<string, string>, env: Record<string, string> = {}): { status: number | null; stdout: string; uvCalls: string } {
    const rendered = featureFiles().files;
    const dir = tempDir('gdc-install-');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'uv'), `#!/bin/sh\necho "$PWD $*" >> ${JSON.stringify(path.join(dir, 'uv-calls'))}\n`, { mode: 0o755 });
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      fs.writeFileSync(path.join(work, name), text);
    }
    for (const script of ['hook.sh', 'uv-lifecycle.sh']) fs.writeFileSync(path.join(dir, script), rendered[script]!.content);
    const run = spawnSync('sh', [path.join(dir, 'hook.sh'), 'install'], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}` } });
    const calls = path.join(dir, 'uv-calls');
    return { status: run.status, stdout: run.stdout, uvCalls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '' };
  }

  it('does nothing in a workspace with no pyproject.toml (uv sync would only fail there), and says so', () => {
    const run = install({ 'README.md': 'not a project\n' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('uv-one-volume: no pyproject.toml in the workspace folder, so no uv sync');
    expect(run.uvCalls).toBe('');
  });

  it("syncs a project whose .venv is the host's: with UV_PROJECT_ENVIRONMENT set (the feature's containerEnv), uv leaves .venv alone", () => {
    const run = install({ 'pyproject.toml': '[project]\nname = "x"\nversion = "0"\n', '.venv/pyvenv.cfg': 'home = /usr/bin\n' }, { UV_PROJECT_ENVIRONMENT: '/opt/uv/envs/workspace' });
    expect(run.status).toBe(0);
    expect(run.uvCalls).toMatch(/ sync\n$/);
  });

  it('syncs a project, --frozen where it has a uv.lock', () => {
    const project = '[project]\nname = "x"\nversion = "0"\n';
    expect(install({ 'pyproject.toml': project }).uvCalls).toMatch(/ sync\n$/);
    expect(install({ 'pyproject.toml': project, 'uv.lock': 'version = 1\n' }).uvCalls).toMatch(/ sync --frozen\n$/);
  });
});

describe('gen-devcontainer feature', () => {
  it('writes the folder, named for the id; a second run changes nothing', async () => {
    const dir = tempDir('gdc-feature-');
    const first = await runCli(['feature', path.join(dir, 'uv-one-volume')]);
    expect(first.code, first.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'uv-one-volume')).sort()).toEqual(['check-uv-layout.sh', 'devcontainer-feature.json', 'hook.sh', 'install.sh', 'test', 'uv-lifecycle.sh']);
    expect(fs.statSync(path.join(dir, 'uv-one-volume', 'install.sh')).mode & 0o777).toBe(0o755);
    const again = await runCli(['feature', path.join(dir, 'uv-one-volume')]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^(create|update) /m);
  });

  it('refuses a folder name that cannot be a feature id, a folder of the user, a bad --uv-index and a bad --mount-target (exit 2, nothing written)', async () => {
    const dir = tempDir('gdc-feature-');
    const badId = await runCli(['feature', path.join(dir, 'UV One')]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('feature-id');
    fs.mkdirSync(path.join(dir, 'mine'));
    fs.writeFileSync(path.join(dir, 'mine', 'install.sh'), 'echo mine\n');
    const theirs = await runCli(['feature', path.join(dir, 'mine')]);
    expect(theirs.code).toBe(2);
    expect(theirs.stderr).toContain('package-folder');
    expect(fs.readFileSync(path.join(dir, 'mine', 'install.sh'), 'utf8')).toBe('echo mine\n');
    const index = await runCli(['feature', path.join(dir, 'a'), '--uv-index', 'https://x/simple/uv/ ; rm -rf /']);
    expect(index.code).toBe(2);
    expect(index.stderr).toContain('feature-uv-index');
    const target = await runCli(['feature', path.join(dir, 'b'), '--mount-target', 'opt/uv']);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('option-mount-target-invalid');
    expect(fs.readdirSync(dir).sort()).toEqual(['mine']);
  });

  it('--help says what the feature does and what the options are', async () => {
    const help = await runCli(['feature', '--help']);
    expect(help.code).toBe(0);
    for (const word of ['--uv-version', '--mount-target', '--uv-index', 'installStep', 'pythonPreference', 'devcontainers/spec#164', 'features publish']) expect(help.stdout).toContain(word);
  });
});
