/**
 * A monorepo of independent projects whose root pyproject.toml holds only a tool's settings (one
 * [tool.ruff] for every project, as SDK repositories with an analyzer, an anonymizer and a CLI side
 * by side have): uv installs nothing from that file, so the folder is one of projects, as it is
 * with no root pyproject.toml at all; it was refused (pyproject-no-project), with a warning about
 * "the root app's requirements" that do not exist. Fixtures of this test's own making.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { find } from './support.js';

const RUFF = '[tool.ruff]\nline-length = 120\nexclude = [".venv"]\n\n[tool.ruff.lint]\nselect = ["E", "F"]\n';
const project = (name: string) =>
  `[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n\n[project]\nname = "${name}"\nversion = "2.2.0"\nrequires-python = ">=3.10"\n`;
const PROJECTS = { 'sdk-analyzer/pyproject.toml': project('sdk-analyzer'), 'sdk-anonymizer/pyproject.toml': project('sdk-anonymizer'), 'docs/index.md': '# docs\n' };

function run(files: Record<string, string>) {
  const analysis = analyzeRepo(new MemoryRepo(files), 'sdk');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
  return { plan: planned.plan, diagnostics: [...analysis.diagnostics, ...planned.diagnostics] };
}

describe('a root pyproject.toml of tool settings only, above projects of their own', () => {
  it('is a folder of projects: each synced in its folder, nothing refused', () => {
    const { plan, diagnostics } = run({ 'pyproject.toml': RUFF, ...PROJECTS });
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(plan!.layout.value).toBe('several-projects');
    expect(plan!.projects!.paths).toEqual(['sdk-analyzer', 'sdk-anonymizer']);
    expect(find(diagnostics, 'nested-projects-not-installed')).toBeUndefined();
    // The plan says why the root's file is not the project.
    expect(plan!.layout.reason).toContain("no project at the root (its pyproject.toml holds no [project], workspace or dependency groups: a tool's settings only); 2 in subfolders");
  });

  it('one project below: "1 independent project", not "1 independent projects"', () => {
    const { plan } = run({ 'pyproject.toml': RUFF, 'sdk-analyzer/pyproject.toml': project('sdk-analyzer') });
    expect(plan!.projects!.reason).toMatch(/^1 independent project: /);
  });

  it('with no project below, it is refused as before', () => {
    const { plan, diagnostics } = run({ 'pyproject.toml': RUFF, 'docs/index.md': '# docs\n' });
    expect(plan).toBeUndefined();
    expect(find(diagnostics, 'pyproject-no-project')).toMatchObject({ level: 'error', file: 'pyproject.toml' });
  });

  it('a root uv installs from keeps its layout: requirements.txt, dependency groups, Poetry metadata', () => {
    expect(run({ 'pyproject.toml': RUFF, 'requirements.txt': 'django\n', ...PROJECTS }).plan!.layout.value).toBe('requirements');
    const groups = run({ 'pyproject.toml': `${RUFF}\n[dependency-groups]\ndev = ["pytest"]\n`, ...PROJECTS });
    expect(groups.plan?.layout.value).not.toBe('several-projects');
    const poetryRoot = `[tool.poetry]\nname = "sdk"\nversion = "1.0"\n\n${RUFF}`;
    expect(find(run({ 'pyproject.toml': poetryRoot, 'poetry.lock': '# lock\n', ...PROJECTS }).diagnostics, 'poetry-metadata')).toBeDefined();
    const poetry = run({ 'pyproject.toml': poetryRoot, ...PROJECTS });
    expect(poetry.plan).toBeUndefined();
    expect(find(poetry.diagnostics, 'pyproject-no-project')).toBeDefined();
  });
});

/**
 * setup.cfg with no pyproject.toml or setup.py beside it is no project uv can build: `uv pip install
 * -e .` fails ("does not appear to be a Python project", astral-sh/uv
 * crates/uv-build-frontend/src/lib.rs; seen with real uv 0.13.9 on a setup.cfg with [metadata] and
 * [options]). It was planned as `uv pip install -e .`, labelled setup.py.
 */
describe('a root setup.cfg without pyproject.toml or setup.py', () => {
  it('of [flake8] settings above projects of their own: a folder of projects, not an editable install of the root', () => {
    const { plan, diagnostics } = run({ 'setup.cfg': '[flake8]\nmax-line-length = 120\n', ...PROJECTS });
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(plan!.layout.value).toBe('several-projects');
    expect(plan!.projects!.paths).toEqual(['sdk-analyzer', 'sdk-anonymizer']);
  });

  it('alone: refused before anything is written, with the file uv needs in the hint', () => {
    const { plan, diagnostics } = run({ 'setup.cfg': '[metadata]\nname = demo\nversion = 0.1.0\n\n[options]\npackages = find:\n' });
    expect(plan).toBeUndefined();
    expect(find(diagnostics, 'pyproject-missing')!.hint).toContain('setup.cfg alone is no project uv can install');
  });
});
