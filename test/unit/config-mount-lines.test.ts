/**
 * Review finding: each mount of devcontainer.json (`mounts`, `runArgs`) had its line found by
 * reading the file again from its start, so 20,000 runArgs mounts (600 KB) took 24 s. The lines
 * now come from one pass over the file; the work is counted (characters re-read from the start
 * for a line), not timed, and the lines are still right.
 */
import { describe, expect, it, vi } from 'vitest';

const reread = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/text.js', async (original) => {
  const real = await original<typeof import('../../src/text.js')>();
  return {
    ...real,
    lineColumn: (text: string, offset: number) => {
      reread.chars += offset;
      return real.lineColumn(text, offset);
    },
  };
});

const { analyzeRepo } = await import('../../src/analyze/analyze.js');
const { lineFinder } = await import('../../src/text.js');
const { MemoryRepo } = await import('../helpers/memory-repo.js');

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';

function mountsOf(n: number) {
  const config = {
    image: 'debian:trixie',
    runArgs: Array.from({ length: n }, (_, i) => ['-v', `v${i}:/data/${i}`]).flat(),
    mounts: Array.from({ length: n }, (_, i) => `source=m${i},target=/more/${i},type=volume`),
  };
  const text = JSON.stringify(config, null, 2);
  reread.chars = 0;
  const { facts } = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': text }), 'svc');
  return { text, mounts: facts.userUvSettings?.mounts ?? [], reread: reread.chars };
}

describe('the lines of many mounts in devcontainer.json', () => {
  it('are found without re-reading the file for each: 10x the mounts, at most 10x the characters', () => {
    const small = mountsOf(200);
    const large = mountsOf(2000);
    expect(large.mounts).toHaveLength(4000);
    expect(large.reread).toBeLessThanOrEqual(10 * Math.max(small.reread, small.text.length));
  });

  it('and each line is the line of its argument', () => {
    const { text, mounts } = mountsOf(50);
    const lines = text.split('\n');
    for (const mount of mounts) {
      const target = mount.target.split('/').at(-1)!;
      expect(lines[mount.line - 1]).toContain(mount.place === 'runArgs' ? `/data/${target}"` : `/more/${target},`);
    }
  });

  it.each([
    ['', [0], [1]],
    ['a\nb\n\nc', [0, 1, 2, 3, 4, 5, 6], [1, 1, 2, 2, 3, 4, 4]],
    ['\n\n', [0, 1, 2], [1, 2, 3]],
  ])('lineFinder(%j)', (text, offsets, expected) => {
    const lineAt = lineFinder(text);
    expect(offsets.map(lineAt)).toEqual(expected);
  });
});
