/**
 * Settings of the user's that are kept and contradict the plan (src/analyze/kept-settings.ts,
 * src/plan/kept-settings.ts, the hints of targets/devcontainer/merge-config.ts): an editor interpreter in the
 * workspace's .venv, and `pip install` steps, which install beside uv's environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { pipInstallsIn } from '../../src/analyze/kept-settings.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { runCli } from '../helpers/cli.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { find, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function run(files: Record<string, string>, force = false) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, ...files }), 'demo');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
  const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, force);
  return { facts: analysis.facts, diagnostics: [...planned.diagnostics, ...rendering.diagnostics], files: rendering.files };
}

describe("the editor's interpreter", () => {
  const config = [
    '{',
    '  "image": "debian:trixie",',
    '  "customizations": { "vscode": { "settings": {',
    '    "python.defaultInterpreterPath": "${workspaceFolder}/.venv/bin/python"',
    '  } } }',
    '}',
  ].join('\n');

  it('kept, with a warning on its line that says what goes wrong and the fix, and promises no check that does not exist', () => {
    const { diagnostics, files } = run({ [CONFIG]: config });
    const kept = find(diagnostics, 'kept-user-value')!;
    expect(kept).toMatchObject({ level: 'warning', file: CONFIG, line: 4 });
    expect(kept.hint).toBe(
      'the environment is /opt/uv/envs/demo, on the volume, and no .venv is made in the workspace: the editor would look for "${workspaceFolder}/.venv/bin/python", find another interpreter or none, and show the project\'s imports as missing. Nothing in the container checks editor settings. Set it to "/opt/uv/envs/demo/bin/python" or remove it, or run with --force to replace it',
    );
    expect(kept.hint).not.toMatch(/in-container check will say/);
    expect(files.find((f) => f.path === CONFIG)!.content).toContain('"${workspaceFolder}/.venv/bin/python"');
  });

  it('--force replaces it in place; a value the tool wrote itself is the tool’s to change, without a word', () => {
    const forced = run({ [CONFIG]: config }, true);
    expect(parseJsoncStrict(forced.files.find((f) => f.path === CONFIG)!.content)).toMatchObject({
      customizations: { vscode: { settings: { 'python.defaultInterpreterPath': '/opt/uv/envs/demo/bin/python' } } },
    });
    const manifest = JSON.stringify({ files: {}, managedValues: { '["customizations","vscode","settings","python.defaultInterpreterPath"]': '/opt/uv/envs/old/bin/python' } });
    const owned = run({ [CONFIG]: config.replace('${workspaceFolder}/.venv/bin/python', '/opt/uv/envs/old/bin/python'), '.devcontainer/gen-devcontainer.manifest.json': manifest });
    expect(find(owned.diagnostics, 'kept-user-value')).toBeUndefined();
    expect(owned.facts.keptSettings?.interpreterPath).toBeUndefined();
  });

  it('UV_LINK_MODE in containerEnv: the hint names the check lines that look at it', () => {
    const { diagnostics } = run({ [CONFIG]: '{ "image": "x:1", "containerEnv": { "UV_LINK_MODE": "copy" } }' });
    expect(find(diagnostics, 'kept-user-value')!.hint).toMatch(/the in-container check's "link mode" line fails on copy or symlink, and its "packages" line counts the files uv copied/);
  });
});

describe('pip install in lifecycle commands', () => {
  it.each([
    ['a string', '"postCreateCommand": "pip install -r requirements.txt && uv sync"', 'pip install -r requirements.txt'],
    ['an array', '"onCreateCommand": ["python3", "-m", "pip", "install", "--user", "black"]', 'python3 -m pip install --user black'],
    ['the object form', '"postStartCommand": { "deps": "sudo pip3 install -r requirements-dev.txt", "ok": "echo ok" }', 'sudo pip3 install -r requirements-dev.txt'],
    ['after the tool’s own step', '"updateContentCommand": ["sh", ".devcontainer/uv-lifecycle.sh", "install", "--", "/bin/sh", "-c", "pip install -e ."]', 'pip install -e .'],
  ])('%s: a warning naming the property, the command and the fix', (_label, property, command) => {
    const { diagnostics } = run({ [CONFIG]: `{ "image": "x:1", ${property} }` });
    const warning = find(diagnostics, 'pip-outside-environment')!;
    expect(warning).toMatchObject({ level: 'warning', file: CONFIG, line: 1 });
    expect(warning.message).toContain(`runs \`${command}\`: the environment uv makes (/opt/uv/envs/demo) has no pip`);
    expect(warning.hint).toMatch(/^run `uv pip install /);
  });

  it('uv pip install, pipx and words that only contain "pip" are not pip installs', () => {
    for (const command of ['uv pip install -r requirements.txt', 'pipx install ruff', 'echo pipeline install', 'pip download x', 'uv sync']) {
      expect(
        pipInstallsIn(command, 'p', 'f', () => 1),
        command,
      ).toEqual([]);
    }
    expect(pipInstallsIn('cd x; pip install -r a.txt --requirement=b.txt | tee log', 'p', 'f', () => 1)).toEqual([
      { command: 'pip install -r a.txt --requirement=b.txt', property: 'p', file: 'f', line: 1, requirements: ['a.txt', 'b.txt'] },
    ]);
  });

  it('a script the command runs is read too, with the line in the script; one outside the repository is not', () => {
    const root = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "image": "x:1", "postCreateCommand": "bash .devcontainer/post-create.sh && sh ../outside.sh" }',
      '.devcontainer/post-create.sh': '#!/bin/sh\n# pip install commented out\nset -e\npip install --user -r requirements-dev.txt\n',
    });
    fs.writeFileSync(path.join(root, '..', 'outside.sh'), 'pip install evil\n');
    const facts = analyzeRepo(openRepo(root), 'repo').facts;
    expect(facts.keptSettings!.pipInstalls).toEqual([
      { command: 'pip install --user -r requirements-dev.txt', property: 'postCreateCommand', file: '.devcontainer/post-create.sh', line: 4, requirements: ['requirements-dev.txt'] },
    ]);
  });

  it("a pip after the same script made and activated a .venv is that environment's: the warning says so (flask)", () => {
    const analysis = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': PYPROJECT,
        [CONFIG]: '{ "image": "x:1", "onCreateCommand": ".devcontainer/on-create.sh", "postCreateCommand": "python3 -m venv env && . env/bin/activate && pip install tox" }',
        '.devcontainer/on-create.sh': '#!/bin/bash\nset -e\npip install pre-commit\npython3 -m venv --upgrade-deps .venv\n. .venv/bin/activate\npip install -e .\n',
      }),
      'repo',
    );
    expect(analysis.facts.keptSettings!.pipInstalls.map((p) => [p.command, p.venv])).toEqual([
      ['pip install pre-commit', undefined],
      ['pip install -e .', '.venv'],
      ['pip install tox', 'env'],
    ]);
    const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
    const messages = planned.diagnostics.filter((d) => d.code === 'pip-outside-environment').map((d) => d.message);
    expect(messages.find((m) => m.includes('pip install -e .'))).toMatch(/the virtual environment \.venv that the same script makes or activates, a second environment/);
    expect(messages.find((m) => m.includes('pip install pre-commit'))).toMatch(/this pip is the image's/);
  });

  it("only an activation before the pip makes it a virtual environment's: a package named virtualenv, a venv made later or never activated do not", () => {
    const analysis = analyzeRepo(
      new MemoryRepo({
        'pyproject.toml': PYPROJECT,
        [CONFIG]:
          '{ "image": "x:1", "onCreateCommand": "pip3 install --user virtualenv pre-commit && pre-commit install", "updateContentCommand": "pip install --user -e . && python3 -m venv .venv && . .venv/bin/activate", "postCreateCommand": "sh tools.sh" }',
        'tools.sh': 'python3 -m venv /opt/tools\n/opt/tools/bin/pip install nox\npip install --user -e .\n',
      }),
      'repo',
    );
    expect(analysis.facts.keptSettings!.pipInstalls.map((p) => [p.command, p.venv])).toEqual([
      ['pip3 install --user virtualenv pre-commit', undefined],
      ['pip install --user -e .', undefined],
      ['pip install --user -e .', undefined],
    ]);
  });

  it('requirements the install step already installs with uv: the fix is to remove it', () => {
    const analysis = analyzeRepo(new MemoryRepo({ 'requirements.txt': 'httpx\n', [CONFIG]: '{ "image": "x:1", "postCreateCommand": "pip install -r requirements.txt" }' }), 'demo');
    const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
    const warning = find(planned.diagnostics, 'pip-outside-environment')!;
    expect(warning.message).toMatch(/the install step already installs requirements\.txt into the environment with uv$/);
    expect(warning.hint).toBe('remove it from postCreateCommand: the uv install step does this');
  });

  it('hostile: a huge script is read in part, a command full of ${…} is just text', async () => {
    const repo = makeRepo({
      'pyproject.toml': PYPROJECT,
      [CONFIG]: '{ "image": "mcr.microsoft.com/devcontainers/base:trixie", "postCreateCommand": "bash setup.sh ${localEnv:HOME}.sh; pip install ${containerEnv:X}" }',
      'setup.sh': `${'echo\n'.repeat(300_000)}pip install late\n`,
    });
    const result = await runCli([repo, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('runs `pip install ${containerEnv:X}`');
    expect(result.stderr).not.toContain('pip install late');
  });
});
