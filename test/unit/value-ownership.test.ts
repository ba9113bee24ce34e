/**
 * Ownership per value: a generated devcontainer.json that the user edits (one comment is enough)
 * becomes theirs to merge into, but each value the tool wrote stays the tool's to change or remove
 * until the user changes that value.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import type { PlanOptions } from '../../src/plan/plan.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const CONFIG = '.devcontainer/devcontainer.json';

function run(files: Record<string, string>, options: Partial<PlanOptions> = {}) {
  const analysis = analyzeRepo(new MemoryRepo(files), 'owned');
  const planned = planTargets(analysis.facts, { generatorVersion: 't', ...options });
  expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
  const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, false);
  const after = { ...files, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) };
  return { files: after, config: parseJsoncStrict(after[CONFIG]!) as Record<string, any>, diagnostics: rendering.diagnostics };
}

const start = { 'pyproject.toml': '[project]\nname = "owned-demo"\nversion = "0"\nrequires-python = ">=3.12"\n' };
const withComment = (files: Record<string, string>) => ({ ...files, [CONFIG]: files[CONFIG]!.replace('{', '{\n  // my note') });

describe('after the user adds a comment to a generated devcontainer.json', () => {
  it('--mount-target moves every folder: no false "your containerEnv places uv\'s folders", one mount', () => {
    const edited = withComment(run(start).files);
    const moved = run(edited, { mountTarget: '/opt/uvx' });
    expect(moved.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(moved.config.mounts).toEqual([{ type: 'volume', source: 'uv-owned-demo-${devcontainerId}', target: '/opt/uvx' }]);
    expect(moved.config.containerEnv.UV_CACHE_DIR).toBe('/opt/uvx/cache');
    expect(moved.files[CONFIG]).toContain('// my note');
  });

  it('dropping --python removes the UV_PYTHON that the run with it wrote', () => {
    const pinned = withComment(run(start, { python: '3.12' }).files);
    expect(parseJsoncStrict(pinned[CONFIG]!)).toMatchObject({ containerEnv: { UV_PYTHON: '3.12' } });
    expect(run(pinned).config.containerEnv).not.toHaveProperty('UV_PYTHON');
  });

  it('dropping --read-only removes runArgs and XDG_CACHE_HOME', () => {
    const readOnly = withComment(run(start, { readOnly: true }).files);
    const plain = run(readOnly).config;
    expect(plain).not.toHaveProperty('runArgs');
    expect(plain.containerEnv).not.toHaveProperty('XDG_CACHE_HOME');
  });

  it("a value the user changed is theirs; the others stay the plan's", () => {
    const first = run(start).files;
    const edited = { ...first, [CONFIG]: first[CONFIG]!.replace('"UV_LINK_MODE": "clone"', '"UV_LINK_MODE": "hardlink"') };
    const second = run(edited, { mountTarget: '/opt/uvx' });
    expect(second.config.containerEnv.UV_LINK_MODE).toBe('hardlink');
    expect(second.diagnostics).toContainEqual(expect.objectContaining({ code: 'kept-user-value' }));
    expect(second.config.containerEnv.TMPDIR).toBe('/opt/uvx/tmp');
  });
});

describe('the values recorded for a generated devcontainer.json are what a merge into it records', () => {
  it.each(['uv-app', 'uv-workspace', 'many-projects', 'pip-requirements'])('%s (and with --read-only)', async (example) => {
    const { openRepo } = await import('../../src/analyze/repo-reader.js');
    const { desiredConfig, renderDevcontainerJson } = await import('../../src/targets/devcontainer/devcontainer-json.js');
    const { mergeConfig, ownedValues } = await import('../../src/targets/devcontainer/merge-config.js');
    for (const readOnly of [false, true]) {
      const facts = analyzeRepo(openRepo(`examples/${example}`), example).facts;
      const plan = planTargets(facts, { generatorVersion: 't', readOnly }).plan!;
      const desired = desiredConfig(plan).config;
      // With the manifest the generation wrote: editor extensions and settings are the tool's only
      // where it wrote them (a user's own equal value stays theirs), which the manifest says.
      const merged = mergeConfig({ file: CONFIG, text: renderDevcontainerJson(plan), kind: 'none' }, desired, false, ownedValues(desired)).owned;
      expect(JSON.stringify(ownedValues(desired))).toBe(JSON.stringify(merged));
    }
  });
});
