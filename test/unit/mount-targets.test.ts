/** The user's mounts against the uv volume's target: spelled differently, or nested inside it. */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const CONFIG = '.devcontainer/devcontainer.json';

function render(mounts: unknown[]) {
  const files = { 'pyproject.toml': '[project]\nname = "mounts-demo"\nversion = "0"\nrequires-python = ">=3.12"\n', [CONFIG]: JSON.stringify({ image: 'debian:trixie', mounts }, null, 2) };
  const analysis = analyzeRepo(new MemoryRepo(files), 'mounts-demo');
  const planned = planTargets(analysis.facts, { generatorVersion: 't' });
  if (!planned.plan) return { config: undefined, diagnostics: planned.diagnostics };
  const rendering = renderTargets(planned.plan, analysis.facts.devcontainer, false);
  return { config: parseJsoncStrict(rendering.files.find((f) => f.path === CONFIG)!.content) as { mounts: unknown[] }, diagnostics: rendering.diagnostics };
}

describe("a mount of the user's at the volume's target, spelled another way, is the same mount point", () => {
  it.each([
    ['a trailing slash', { type: 'volume', source: 'old', target: '/opt/uv/' }],
    ['a double slash', 'type=volume,source=old,target=/opt//uv'],
    ['a dot segment', { type: 'bind', source: '/tmp', target: '/opt/./uv' }],
  ])('%s: replaced by the uv volume, not doubled', (_label, mount) => {
    const { config, diagnostics } = render([mount, { type: 'volume', source: 'keep', target: '/data' }]);
    expect(config?.mounts).toEqual([
      { type: 'volume', source: 'uv-mounts-demo-${devcontainerId}', target: '/opt/uv' },
      { type: 'volume', source: 'keep', target: '/data' },
    ]);
    expect(diagnostics.map((d) => d.code)).toContain('replaced-mount');
  });
});

describe("a mount nested inside the volume's target splits the layout: refused", () => {
  it.each([
    ['the cache', { type: 'volume', source: 'cache', target: '/opt/uv/cache' }],
    ['a deeper folder, string form', 'source=x,target=/opt/uv/envs/mounts-demo/lib,type=volume'],
  ])('%s', (_label, mount) => {
    const { diagnostics } = render([mount]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ level: 'error', code: 'mount-inside-volume', file: CONFIG }));
  });

  it('a mount beside it is fine', () => {
    const { diagnostics } = render([
      { type: 'volume', source: 'a', target: '/opt/uv-other' },
      { type: 'bind', source: '/x', target: '/srv' },
    ]);
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it('a mount above it holds the volume inside another mount: refused', () => {
    const { diagnostics } = render([{ type: 'bind', source: '/x', target: '/opt' }]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ level: 'error', code: 'volume-inside-mount', file: CONFIG, line: 4 }));
  });
});
