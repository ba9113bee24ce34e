/**
 * Issue 18, item 10: a repository configured only in `.devcontainer/<folder>/devcontainer.json`
 * (or a root `.devcontainer.json`) is not given a `.devcontainer/devcontainer.json` that tools
 * would open in its place, unless --force says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, runCli } from '../helpers/cli.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\n';
const NAMED = '{ "image": "python:3.12" }\n';

describe('a configuration the default one would shadow', () => {
  it('only .devcontainer/py/devcontainer.json: exit 2 naming it and the ways out; nothing written', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/py/devcontainer.json': NAMED });
    const run = await runCli([repo]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /\.devcontainer\/py\/devcontainer\.json: error: the dev container is configured in \.devcontainer\/py\/devcontainer\.json; the run would create \.devcontainer\/devcontainer\.json, which the Dev Container CLI and editors open before/,
    );
    expect(run.stderr).toContain('[config-would-shadow]');
    expect(run.stderr).toMatch(/hint: .*move the configuration you want to \.devcontainer\/devcontainer\.json.*or run with --force/);
    expect(fs.readdirSync(path.join(repo, '.devcontainer')).sort()).toEqual(['py']);
  });

  it('several named ones and a root .devcontainer.json: all named in the refusal', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/py/devcontainer.json': NAMED, '.devcontainer/gpu/devcontainer.json': NAMED, '.devcontainer.json': NAMED });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('configured in .devcontainer.json, .devcontainer/gpu/devcontainer.json, .devcontainer/py/devcontainer.json;');
  });

  it('a root .devcontainer.json alone is shadowed the same way', async () => {
    const run = await runCli([makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer.json': NAMED }), '--dry-run']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('[config-would-shadow]');
  });

  it('--force adds the default configuration beside it, with a warning; the named one is untouched', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/py/devcontainer.json': NAMED });
    const run = await runCli([repo, '--force']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('[config-shadows-existing]');
    expect(fs.existsSync(path.join(repo, '.devcontainer/devcontainer.json'))).toBe(true);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/py/devcontainer.json'), 'utf8')).toBe(NAMED);
  });

  it('a .devcontainer/devcontainer.json already there shadows nothing new: it is edited, as before', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/py/devcontainer.json': NAMED, '.devcontainer/devcontainer.json': NAMED });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/config-would-shadow|config-shadows-existing/);
  });
});
