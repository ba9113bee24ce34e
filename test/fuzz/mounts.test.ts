/**
 * Fuzz class (issue 18 item 6): mounts from every channel a mount can come from (devcontainer.json
 * `mounts`, `workspaceMount`, `runArgs` in each spelling docker takes; Compose `volumes` and
 * `tmpfs`), at targets inside, around, at or beside the uv volume's target, spelled with extra
 * slashes and dot segments. A plan is made only when no such mount splits the one mount: every
 * case with a mount inside or around the target (or a second mount at it outside `mounts`) is
 * refused with its file, and none ends in an internal error.
 */
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const { count } = fuzzTally();
const CONFIG = '.devcontainer/devcontainer.json';
const COMPOSE = '.devcontainer/compose.yaml';
const PYPROJECT = '[project]\nname = "fz"\nversion = "0"\nrequires-python = ">=3.12"\n';

type Channel = 'mounts' | 'mounts-object' | 'workspaceMount' | 'runArgs-v' | 'runArgs-volume=' | 'runArgs-mount' | 'runArgs-tmpfs' | 'compose-volume' | 'compose-long' | 'compose-tmpfs';
const CHANNELS: Channel[] = ['mounts', 'mounts-object', 'workspaceMount', 'runArgs-v', 'runArgs-volume=', 'runArgs-mount', 'runArgs-tmpfs', 'compose-volume', 'compose-long', 'compose-tmpfs'];
type Relation = 'inside' | 'around' | 'at' | 'beside';

/** A container path spelled another way: doubled slashes, a `.` segment, a trailing slash. */
const spelled = (p: string, how: number) => (how === 1 ? p.replace(/\//g, '//') : how === 2 ? p.replace(/\/([^/]+)$/, '/./$1') : how === 3 ? `${p}/` : p);

function repository(channel: Channel, mountPath: string): Record<string, string> {
  const files: Record<string, string> = { 'pyproject.toml': PYPROJECT };
  const json = (extra: Record<string, unknown>) => JSON.stringify({ image: 'debian:trixie', ...extra }, null, 2);
  switch (channel) {
    case 'mounts':
      files[CONFIG] = json({ mounts: [`source=vol,target=${mountPath},type=volume`] });
      break;
    case 'mounts-object':
      files[CONFIG] = json({ mounts: [{ type: 'bind', source: '/host', target: mountPath }] });
      break;
    case 'workspaceMount':
      files[CONFIG] = json({ workspaceMount: `source=\${localWorkspaceFolder},target=${mountPath},type=bind`, workspaceFolder: mountPath });
      break;
    case 'runArgs-v':
      files[CONFIG] = json({ runArgs: ['--init', '-v', `vol:${mountPath}`] });
      break;
    case 'runArgs-volume=':
      files[CONFIG] = json({ runArgs: [`--volume=/host:${mountPath}:ro`] });
      break;
    case 'runArgs-mount':
      files[CONFIG] = json({ runArgs: ['--mount', `type=volume,source=vol,target=${mountPath}`] });
      break;
    case 'runArgs-tmpfs':
      files[CONFIG] = json({ runArgs: [`--tmpfs=${mountPath}:exec`] });
      break;
    default: {
      files[CONFIG] = '{ "dockerComposeFile": "compose.yaml", "service": "app" }';
      const extra =
        channel === 'compose-volume'
          ? `      - vol:${mountPath}\n`
          : channel === 'compose-long'
            ? `      - type: volume\n        source: vol\n        target: ${JSON.stringify(mountPath)}\n`
            : `    tmpfs:\n      - ${JSON.stringify(mountPath)}\n`;
      files[COMPOSE] = `services:\n  app:\n    image: debian:trixie\n    volumes:\n      - ..:/workspace\n${channel === 'compose-tmpfs' ? '' : extra}${channel === 'compose-tmpfs' ? extra : ''}`;
    }
  }
  return files;
}

describe(`fuzz: mounts from every channel against the volume's target (${FUZZ_RUNS} cases)`, { timeout: 600_000 }, () => {
  it('a plan only when no mount of any channel is inside, around or (outside mounts) at the target; never an internal error', () => {
    const target = fc.constantFrom('/opt/uv', '/data/uv', '/srv/tools/uv', '/mnt/uv');
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS),
        fc.constantFrom<Relation>('inside', 'around', 'at', 'beside'),
        target,
        fc.constantFrom('cache', 'envs/x', 'tmp', 'a/b/c'),
        fc.integer({ min: 0, max: 3 }),
        (channel, relation, volumeTarget, sub, how) => {
          const parent = path.posix.dirname(volumeTarget);
          const at = relation === 'inside' ? `${volumeTarget}/${sub}` : relation === 'around' ? parent : relation === 'at' ? volumeTarget : `${volumeTarget}-other`;
          const files = repository(channel, spelled(at, how));
          const analysis = analyzeRepo(new MemoryRepo(files), 'fz');
          const planned = planTargets(analysis.facts, { generatorVersion: 't', ...(volumeTarget === '/opt/uv' ? {} : { mountTarget: volumeTarget }) });
          const errors = [...analysis.diagnostics, ...planned.diagnostics].filter((d) => d.level === 'error');
          const splits = relation === 'inside' || relation === 'around' || (relation === 'at' && channel !== 'mounts' && channel !== 'mounts-object');
          const codes = errors.map((d) => d.code);
          count('mounts', `${relation} ${planned.plan ? 'planned' : `refused (${[...new Set(codes)].sort().join(' ')})`}`);
          if (splits) {
            expect(planned.plan).toBeUndefined();
            expect(codes.some((c) => c === 'mount-inside-volume' || c === 'volume-inside-mount' || c === 'mount-at-volume-target' || c === 'volume-inside-workspace')).toBe(true);
            const named = errors.find((d) => d.code !== 'volume-inside-workspace');
            if (named) expect([CONFIG, COMPOSE]).toContain(named.file);
          } else {
            expect(codes.filter((c) => c === 'mount-inside-volume' || c === 'volume-inside-mount' || c === 'mount-at-volume-target')).toEqual([]);
          }
        },
      ),
      fuzzSettings,
    );
  });
});
