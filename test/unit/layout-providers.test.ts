/**
 * Layouts are providers (src/plan/layouts/): the first in LAYOUTS whose `detect` answers plans the
 * environment and the install, and `plan.layout` says which, on what evidence. A new layout is one
 * file and one line in LAYOUTS: the last test adds one that way and renders it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { chooseLayout, LAYOUTS } from '../../src/plan/layouts/index.js';
import type { LayoutProvider } from '../../src/plan/layouts/provider.js';
import { singleEnvironment } from '../../src/plan/layouts/single-environment.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { runLifecycle } from '../helpers/lifecycle.js';
import { baseFacts, makeRepo, OPTIONS } from './support.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

describe('each example is planned by the provider of its layout', () => {
  const expected: Record<string, string> = {
    'uv-app': 'uv-project',
    'uv-library': 'uv-project',
    'uv-workspace': 'workspace',
    'many-projects': 'several-projects',
    'pip-requirements': 'requirements',
    'plain-pep621': 'uv-project',
    'fastapi-fullstack/backend': 'workspace-member',
    'path-source-sibling/app': 'uv-project',
  };
  it.each(Object.entries(expected))('%s: %s', (example, layout) => {
    const facts = analyzeRepo(openRepo(path.join(EXAMPLES, example)), path.basename(example)).facts;
    const { plan } = planTargets(facts, OPTIONS);
    expect(plan?.layout.value).toBe(layout);
    expect(plan?.layout.reason).toMatch(/\S: \S/);
    expect(fs.existsSync(path.join(EXAMPLES, example, plan!.layout.source.split(',')[0]!.trim()))).toBe(true);
  });

  it('the order decides: a workspace root that also has requirements files is a workspace', () => {
    const repo = makeRepo({
      'pyproject.toml': '[project]\nname = "r"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["m"]\n',
      'm/pyproject.toml': '[project]\nname = "m"\nversion = "0"\n',
      'requirements.txt': 'idna\n',
    });
    const facts = analyzeRepo(openRepo(repo), 'r').facts;
    expect(chooseLayout(facts, [])?.provider.name).toBe('workspace');
    expect(LAYOUTS.map((l) => l.name)).toEqual(['several-projects', 'workspace', 'workspace-member', 'uv-project', 'requirements']);
  });

  it('no provider applies: the error names pyproject.toml and the fix', () => {
    const diagnostics: import('../../src/diagnostics.js').Diagnostic[] = [];
    const facts = baseFacts({ pyproject: { ...baseFacts().pyproject!, hasProjectTable: false } });
    expect(chooseLayout(facts, diagnostics)).toBeUndefined();
    expect(diagnostics).toMatchObject([{ level: 'error', code: 'pyproject-no-project', file: 'pyproject.toml' }]);
  });
});

it('adding a layout is one provider and one line in the list: it plans, renders and installs', () => {
  // A made-up layout for the demonstration: a project that installs with `make deps`.
  const makefileProject: LayoutProvider = {
    name: 'makefile',
    summary: 'installs with its own make target',
    detect: (facts) => (facts.folderName === 'made' ? { source: 'Makefile', evidence: 'a deps target' } : undefined),
    environment: singleEnvironment,
    install: () => ({ action: { kind: 'uv-pip', venv: ['uv', 'venv', '--allow-existing', '/opt/uv/envs/made'], install: ['make', 'deps'] }, reason: 'the project says how it installs' }),
  };
  const layouts = [makefileProject, ...LAYOUTS];
  const { plan, diagnostics } = planTargets(baseFacts({ folderName: 'made' }), OPTIONS, layouts);
  expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  expect(plan!.layout).toEqual({ value: 'makefile', source: 'Makefile', reason: 'a deps target: installs with its own make target' });
  expect(plan!.devcontainer.lifecycle.map((s) => s.step)).toEqual(['prepare', 'install', 'check']);
  const script = renderTargets(plan!, undefined, false).files.find((f) => f.path === '.devcontainer/uv-lifecycle.sh')!.content;
  const run = runLifecycle(script, 'install', makeRepo({}));
  expect(run.events).toEqual(['uv venv --allow-existing /opt/uv/envs/made']);
  expect(run.stderr).toMatch(/make/);
});
