import { describe, expect, it } from 'vitest';
import { normalizeDistributionName } from '../../src/analyze/build-requires.js';
import { DEFAULT_UV_VERSION } from '../../src/plan/tables.js';
import { planTargets } from '../../src/targets/plan.js';
import { analyzeFiles, codes, find, OPTIONS } from './support.js';

/*
 * Observed with the real uv binaries (pip download uv==0.13.9 / uv==0.12.24, a project whose
 * pyproject.toml has `requires = ["uv_build>=0.12.1,<0.13"]`, `build-backend = "uv_build"`, then
 * `uv sync` with Python 3.11):
 *   uv 0.13.9:  warning: `build_system.requires = ["uv-build>=0.12.1,<0.13"]` does not contain the current uv version 0.13.9
 *   uv 0.12.24: no warning ("Built proj @ file://...")
 * The check is astral-sh/uv crates/uv-build-backend/src/metadata.rs, `check_build_system`.
 */
const project = (requires: string, extra = '') =>
  `[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n${extra}\n[build-system]\nrequires = [${requires}]\nbuild-backend = "uv_build"\n`;

function planFor(files: Record<string, string>, uvVersion?: string) {
  const { facts, diagnostics } = analyzeFiles(files);
  const result = planTargets(facts, { ...OPTIONS, ...(uvVersion ? { uvVersion } : {}) });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

describe('the uv_build range of build-system.requires chooses the default uv', () => {
  it.each([
    ['"uv_build>=0.12.1,<0.13"', '0.12.24'],
    ['"uv-build>=0.12.1,<0.13"', '0.12.24'],
    ['"UV.Build >= 0.9, < 0.10"', '0.9.30'],
    ['"uv_build (>=0.8.5,<0.8.10)"', '0.8.9'],
    ['"uv_build[extra]>=0.11,<0.12 ; python_version >= \'3.8\'"', '0.11.33'],
  ])('%s: the newest uv release inside it, %s, with no warning', (requires, expected) => {
    const { plan, diagnostics } = planFor({ 'pyproject.toml': project(requires), 'src/app/__init__.py': '' });
    expect(plan?.uv.version).toMatchObject({ value: expected, source: 'pyproject.toml' });
    expect(plan?.uv.version.reason).toContain('uv_build');
    expect(plan?.uv.version.reason).toContain(DEFAULT_UV_VERSION);
    expect(codes(diagnostics)).not.toContain('uv-outside-uv-build-range');
  });

  it.each(['"uv_build>=0.8,<0.14"', '"uv_build"', '"uv_build @ https://example.invalid/uv_build.whl"', '"setuptools>=61"'])('%s: the default stays', (requires) => {
    const { plan, diagnostics } = planFor({ 'pyproject.toml': project(requires) });
    expect(plan?.uv.version).toMatchObject({ value: DEFAULT_UV_VERSION, source: 'default' });
    expect(codes(diagnostics)).not.toContain('uv-outside-uv-build-range');
  });

  it('a workspace member pins uv_build: the newest uv inside every range, naming the member', () => {
    const root = `[project]\nname = "root"\nversion = "0.1.0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n`;
    const { plan } = planFor({
      'pyproject.toml': root,
      'uv.lock': 'version = 1\nrequires-python = ">=3.12"\n',
      'packages/a/pyproject.toml': project('"uv_build>=0.10,<0.13"'),
      'packages/b/pyproject.toml': project('"uv_build>=0.12.1,<0.12.20"'),
    });
    expect(plan?.uv.version).toMatchObject({ value: '0.12.19', source: 'packages/a/pyproject.toml' });
    expect(plan?.uv.version.reason).toContain('packages/b/pyproject.toml');
  });

  it('required-version and the uv_build range together: the newest uv inside both', () => {
    const { plan } = planFor({ 'pyproject.toml': project('"uv_build>=0.12,<0.13"', '\n[tool.uv]\nrequired-version = "<0.12.10"\n') });
    expect(plan?.uv.version.value).toBe('0.12.9');
  });

  it('required-version outside the uv_build range: required-version wins (uv refuses to run outside it), and a warning names the range', () => {
    const { plan, diagnostics } = planFor({ 'pyproject.toml': project('"uv_build>=0.12,<0.13"', '\n[tool.uv]\nrequired-version = ">=0.13"\n') });
    expect(plan?.uv.version.value).toBe(DEFAULT_UV_VERSION);
    expect(find(diagnostics, 'uv-outside-uv-build-range')).toMatchObject({ level: 'warning', file: 'pyproject.toml', line: 10, hint: expect.stringContaining('0.12.24') });
  });

  it('--uv-version outside the range: planned (uv still builds), with a warning at the requires line', () => {
    const { plan, diagnostics } = planFor({ 'pyproject.toml': project('"uv_build>=0.12.1,<0.13"') }, '0.13.9');
    expect(plan?.uv.version).toMatchObject({ value: '0.13.9', source: '--uv-version' });
    const d = find(diagnostics, 'uv-outside-uv-build-range')!;
    expect(d).toMatchObject({ level: 'warning', file: 'pyproject.toml', line: 7 });
    expect(d.message).toContain('does not contain the current uv version');
    expect(d.hint).toContain('--uv-version 0.12.24');
  });

  it('--uv-version inside the range: no warning', () => {
    const { diagnostics } = planFor({ 'pyproject.toml': project('"uv_build>=0.12.1,<0.13"') }, '0.12.3');
    expect(codes(diagnostics)).not.toContain('uv-outside-uv-build-range');
  });

  it.each([
    ['uv_build', 'uv-build'],
    ['UV.Build', 'uv-build'],
    ['uv__-.build', 'uv-build'],
    ['Uv-Build', 'uv-build'],
  ])('PEP 503 normalizes %s to %s', (name, normalized) => {
    expect(normalizeDistributionName(name)).toBe(normalized);
  });
});

describe("the uv your Dockerfile installs (kept as the plan's) is held to the uv_build range too", () => {
  const files = (uv: string) => ({
    'pyproject.toml': project('"uv_build>=0.12.1,<0.13"'),
    'src/app/__init__.py': '',
    '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }',
    '.devcontainer/Dockerfile': `FROM mcr.microsoft.com/devcontainers/base:trixie\nCOPY --from=ghcr.io/astral-sh/uv:${uv} /uv /usr/local/bin/uv\n`,
  });

  it('outside it: kept, with the same warning as --uv-version, naming the Dockerfile line', () => {
    const { plan, diagnostics } = planFor(files('0.13.9'));
    expect(plan?.uv.version).toMatchObject({ value: '0.13.9', source: '.devcontainer/Dockerfile:2' });
    expect(find(diagnostics, 'uv-outside-uv-build-range')).toMatchObject({ level: 'warning', file: 'pyproject.toml' });
    expect(find(diagnostics, 'uv-outside-uv-build-range')?.message).toContain('.devcontainer/Dockerfile:2');
  });

  it('inside it: no warning', () => {
    const { plan, diagnostics } = planFor(files('0.12.24'));
    expect(plan?.uv.version.value).toBe('0.12.24');
    expect(codes(diagnostics)).not.toContain('uv-outside-uv-build-range');
  });
});
