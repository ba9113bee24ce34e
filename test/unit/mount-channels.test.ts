/**
 * Issue 18 item 6: a mount that splits the one-mount layout is refused whichever channel asks for
 * it (devcontainer.json `mounts`, `workspaceMount`, `runArgs` in each spelling docker takes; a
 * Compose service's `volumes` and `tmpfs`), and the plan never says "one mount" while another sits
 * inside, around or on the volume's target.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { runArgMounts } from '../../src/analyze/uv-settings-elsewhere.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';
const COMPOSE = '.devcontainer/compose.yaml';

function plan(files: Record<string, string>, options: Partial<PlanOptions> = {}): { planned: boolean; errors: Diagnostic[] } {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, ...files }), 'svc');
  const result = planTargets(analysis.facts, { generatorVersion: 't', ...options });
  return { planned: result.plan !== undefined, errors: [...analysis.diagnostics, ...result.diagnostics].filter((d) => d.level === 'error') };
}

const config = (extra: Record<string, unknown>) => ({ [CONFIG]: JSON.stringify({ image: 'debian:trixie', ...extra }, null, 2) });
const compose = (service: string) => ({
  [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app" }',
  [COMPOSE]: `services:\n  app:\n    image: debian:trixie\n    volumes:\n      - ..:/workspace\n${service}`,
});

describe('runArgs: every spelling docker takes for a mount', () => {
  it.each([
    [['-v', 'cache:/opt/uv/cache'], { target: '/opt/uv/cache', type: 'volume', source: 'cache', index: 1 }],
    [['-vcache:/opt/uv/cache'], { target: '/opt/uv/cache', type: 'volume', source: 'cache', index: 0 }],
    [['-v=cache:/opt/uv/cache:ro'], { target: '/opt/uv/cache', type: 'volume', source: 'cache', index: 0 }],
    [['--volume', '/host:/data'], { target: '/data', type: 'bind', source: '/host', index: 1 }],
    [['--volume=${localWorkspaceFolder}/x:/data'], { target: '/data', type: 'bind', source: '${localWorkspaceFolder}/x', index: 0 }],
    [['-v', '/anonymous'], { target: '/anonymous', type: 'volume', index: 1 }],
    [['--mount', 'type=tmpfs,target=/opt/uv/tmp'], { target: '/opt/uv/tmp', type: 'tmpfs', index: 1 }],
    [['--mount=source=v,target=/opt/uv/x'], { target: '/opt/uv/x', type: 'volume', source: 'v', index: 0 }],
    [['--tmpfs', '/opt/uv/tmp:exec'], { target: '/opt/uv/tmp', type: 'tmpfs', index: 1 }],
    [['--tmpfs=/run'], { target: '/run', type: 'tmpfs', index: 0 }],
  ])('%j', (args, mount) => {
    expect(runArgMounts(args)).toEqual([mount]);
  });

  it('flags that only look alike are not mounts, and a flag with nothing after it ends the list', () => {
    expect(runArgMounts(['--volumes-from', 'other', '--network=host', '-e', 'A=-v', '--mounted'])).toEqual([]);
    expect(runArgMounts(['--tmpfs'])).toEqual([]);
  });
});

describe('every channel, every relation to the volume target /opt/uv', () => {
  const inside: [string, Record<string, string>][] = [
    ['devcontainer.json mounts', config({ mounts: ['source=c,target=/opt/uv/cache,type=volume'] })],
    ['runArgs -v', config({ runArgs: ['-v', 'c:/opt/uv/cache'] })],
    ['runArgs --tmpfs', config({ runArgs: ['--tmpfs=/opt/uv/tmp'] })],
    ['runArgs --mount', config({ runArgs: ['--mount', 'type=volume,source=c,target=/opt/uv/envs'] })],
    ['Compose volumes', compose('      - cachevol:/opt/uv/cache\n')],
    ['Compose tmpfs (list)', compose('    tmpfs:\n      - /opt/uv/tmp\n')],
    ['Compose tmpfs (one path)', compose('    tmpfs: /opt/uv/tmp:size=1g\n')],
  ];
  it.each(inside)('%s inside the target: mount-inside-volume, with its file and line', (_label, files) => {
    const { planned, errors } = plan(files);
    expect(planned).toBe(false);
    const error = errors.find((d) => d.code === 'mount-inside-volume');
    expect(error?.file).toBe(files[COMPOSE] ? COMPOSE : CONFIG);
    expect(error?.line).toBeGreaterThan(1);
  });

  const around: [string, Record<string, string>, Partial<PlanOptions>][] = [
    ['workspaceMount at /opt', config({ workspaceMount: 'source=${localWorkspaceFolder},target=/opt,type=bind', workspaceFolder: '/opt' }), {}],
    ['a bind in mounts with --mount-target inside it', config({ mounts: [{ type: 'bind', source: '/srv/data', target: '/data' }] }), { mountTarget: '/data/uv' }],
    ['runArgs -v with --mount-target inside it', config({ runArgs: ['-v', '/srv/data:/data'] }), { mountTarget: '/data/uv' }],
    ['a Compose volume around the target', compose('      - datavol:/data\n'), { mountTarget: '/data/uv' }],
  ];
  it.each(around)('%s: volume-inside-mount', (_label, files, options) => {
    const { planned, errors } = plan(files, options);
    expect(planned).toBe(false);
    expect(errors.map((d) => d.code)).toContain('volume-inside-mount');
  });

  const same: [string, Record<string, string>][] = [
    ['runArgs at the target (docker run refuses two mounts at one path)', config({ runArgs: ['-v', 'mine:/opt/uv'] })],
    ['a Compose external volume at the target (the override would replace it without a word)', compose('      - mine:/opt/uv\n')],
  ];
  it.each(same)('%s: mount-at-volume-target', (_label, files) => {
    const { planned, errors } = plan(files);
    expect(planned).toBe(false);
    expect(errors.map((d) => d.code)).toContain('mount-at-volume-target');
  });

  it('mounts beside the target, in every channel, are fine', () => {
    expect(plan(config({ mounts: ['source=a,target=/opt/uv-other,type=volume'], runArgs: ['-v', '/x:/srv/x', '--tmpfs', '/run'] })).errors).toEqual([]);
    expect(plan(compose('      - data:/data\n    tmpfs: [/run]\n')).errors).toEqual([]);
  });
});
