/**
 * A uv workspace whose root has no [project] table (a virtual root, as in agent frameworks that
 * keep their libraries under lib/* or packages/*): a plain `uv sync` there installs every member,
 * exactly as `uv sync --all-packages` does. astral-sh/uv crates/uv/src/commands/project/sync.rs
 * (`identify_installation_target`: a `VirtualProject::NonProject` with no --package is
 * `InstallTarget::NonProjectWorkspace`, "install the entire virtual workspace"); seen with real uv
 * 0.13.9 on this fixture's shape (a root with only [tool.uv.workspace], two uv_build members): the
 * first plain `uv sync` installed both members, and a plain sync after `--all-packages` checked
 * the same two and removed nothing. So nothing may say that a plain sync there uninstalls members.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { find, tempDir } from './support.js';

const CONFIG = '.devcontainer/devcontainer.json';
const member = (name: string) => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n[build-system]\nrequires = ["uv_build>=0.9,<0.10"]\nbuild-backend = "uv_build"\n`;
const LOCK = 'version = 1\nrevision = 3\nrequires-python = ">=3.11"\n';
const MEMBERS = { 'lib/core/pyproject.toml': member('core'), 'lib/tools/pyproject.toml': member('tools'), 'uv.lock': LOCK };
const VIRTUAL_ROOT = '[dependency-groups]\ndev = ["pytest"]\n\n[tool.uv.workspace]\nmembers = ["lib/*"]\n';
const PROJECT_ROOT = `[project]\nname = "suite"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n${VIRTUAL_ROOT}`;

function run(files: Record<string, string>) {
  const analysis = analyzeRepo(new MemoryRepo(files), 'suite');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
  const rendered = renderTargets(planned.plan!, analysis.facts.devcontainer, false).files;
  const file = (p: string) => rendered.find((f) => f.path === p)!.content;
  return { plan: planned.plan!, diagnostics: [...analysis.diagnostics, ...planned.diagnostics], file };
}

/** The generated in-container check, run for real on the given root pyproject.toml. */
function workspaceNote(checkScript: string, rootPyproject: string) {
  const project = tempDir();
  fs.writeFileSync(path.join(project, 'pyproject.toml'), rootPyproject);
  const script = path.join(tempDir(), 'check-uv-layout.sh');
  fs.writeFileSync(script, checkScript);
  const root = tempDir();
  fs.mkdirSync(`${root}/tmp`);
  const env = { PATH: '/usr/bin:/bin', HOME: tempDir(), UV_CACHE_DIR: `${root}/cache`, UV_PROJECT_ENVIRONMENT: `${root}/envs/a`, TMPDIR: `${root}/tmp` };
  const out = spawnSync('sh', [script, '--json', '--project', project], { env, encoding: 'utf8' });
  return (JSON.parse(out.stdout) as { checks: { check: string; detail: string }[] }).checks.find((c) => c.check === 'workspace');
}

describe('a virtual workspace root: a plain uv sync installs every member', () => {
  it('no workspace-plain-sync note, no plainSync in the plan, no "not a plain uv sync" in the README, no NOTE from the check', () => {
    const { plan, diagnostics, file } = run({ 'pyproject.toml': VIRTUAL_ROOT, ...MEMBERS });
    expect(plan.workspace!.members).toEqual(['lib/core', 'lib/tools']);
    expect(plan.workspace!.plainSync).toBeUndefined();
    expect(plan.workspace!.reason).toContain('virtual root');
    expect(find(diagnostics, 'workspace-plain-sync')).toBeUndefined();
    expect(file('.devcontainer/README.md')).not.toContain('not a plain `uv sync`');
    expect(workspaceNote(file('.devcontainer/check-uv-layout.sh'), VIRTUAL_ROOT)).toBeUndefined();
    // The install step still syncs every member.
    expect(plan.steps.find((s) => s.step === 'install')!.action).toMatchObject({ kind: 'uv-sync', args: expect.arrayContaining(['--all-packages', '--frozen']) });
  });

  it('a root with a [project] table keeps all three: there a plain sync uninstalls the members', () => {
    const { plan, diagnostics, file } = run({ 'pyproject.toml': PROJECT_ROOT, ...MEMBERS });
    expect(plan.workspace!.plainSync!.value).toContain('--all-packages');
    expect(find(diagnostics, 'workspace-plain-sync')).toBeDefined();
    expect(file('.devcontainer/README.md')).toContain('not a plain `uv sync`');
    expect(workspaceNote(file('.devcontainer/check-uv-layout.sh'), PROJECT_ROOT)).toMatchObject({ detail: expect.stringContaining('uv sync --all-packages') });
  });

  it("a user's `uv sync --frozen` (or with --all-packages) at a virtual root is not named; at a project root it is", () => {
    for (const command of ['uv sync --frozen', 'uv sync --frozen --all-packages']) {
      const virtual = run({ 'pyproject.toml': VIRTUAL_ROOT, ...MEMBERS, [CONFIG]: JSON.stringify({ image: 'python:3.12', postCreateCommand: command }) });
      expect(find(virtual.diagnostics, 'uv-command-in-lifecycle'), command).toBeUndefined();
    }
    const rooted = run({ 'pyproject.toml': PROJECT_ROOT, ...MEMBERS, [CONFIG]: JSON.stringify({ image: 'python:3.12', postCreateCommand: 'uv sync --frozen' }) });
    expect(find(rooted.diagnostics, 'uv-command-in-lifecycle')!.message).toContain('without --all-packages it uninstalls every workspace member');
  });

  it('a folder of projects: a `uv sync` of the user’s names the lock, never members that are not there', () => {
    const project = (name: string) => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n`;
    const { diagnostics } = run({
      'api/pyproject.toml': project('api'),
      'worker/pyproject.toml': project('worker'),
      [CONFIG]: JSON.stringify({ image: 'python:3.12', postCreateCommand: 'cd api && uv sync' }),
    });
    const warning = find(diagnostics, 'uv-command-in-lifecycle')!;
    expect(warning.message).toContain('without --frozen it locks first');
    expect(warning.message).not.toContain('workspace member');
    expect(warning.message).not.toContain('syncs exactly');
  });
});

describe('a [tool.uv.workspace] whose members match no folder', () => {
  it('is planned as the one project it is: no --all-packages, no plain-sync note (real uv: test/docker/uv-behaviour.test.ts)', () => {
    const root = `[project]\nname = "solo"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n[tool.uv.workspace]\nmembers = ["agents"]\n\n[tool.uv.sources]\nagents = { workspace = true }\n`;
    const { plan, diagnostics } = run({ 'pyproject.toml': root, 'uv.lock': LOCK });
    expect(plan.layout.value).toBe('uv-project');
    expect(plan.workspace).toBeUndefined();
    expect(JSON.stringify(plan.steps)).not.toContain('--all-packages');
    expect(diagnostics.map((d) => d.code)).not.toContain('workspace-plain-sync');
  });
});
