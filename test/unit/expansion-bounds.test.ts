/**
 * Variables that double themselves (issue 18, item 14): 40 lines of `ARG X=${X}${X}` made a value of
 * 2^40 characters (RangeError, exit 3); 25 lines used 573 MB. Every expansion of one Dockerfile read
 * spends from one budget, and no value grows past MAX_VALUE_CHARS: past either it is unknown, with
 * the reason, and what the reader keeps is counted below, not timed.
 */
import { describe, expect, it } from 'vitest';
import { readDockerfile } from '../../src/analyze/dockerfile.js';
import { MAX_EXPANDED_CHARS, MAX_VALUE_CHARS } from '../../src/analyze/dockerfile-lexer.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const doubling = (keyword: 'ARG' | 'ENV', lines: number, line = (k: string) => `${k} X=\${X}\${X}`) =>
  `FROM python:3.12\n${keyword} X=ab\n${Array.from({ length: lines }, () => line(keyword)).join('\n')}\nENV UV_CACHE_DIR=/c\${X}\nUSER \${X}\n`;

/** Every character of every value the read kept. */
function keptChars(text: string): number {
  const read = readDockerfile(text);
  return read.stages.reduce((sum, s) => sum + s.env.reduce((n, e) => n + e.value.length, 0) + (s.user?.value?.length ?? 0), 0);
}

describe('expansion is bounded', () => {
  it.each([
    ['ARG', 40, undefined],
    ['ENV', 40, undefined],
    ['ENV', 25, (k: string) => `${k} X=\${X}\${X} Y=\${X:-\${X}\${X}}`],
    ['ARG', 200, (k: string) => `${k} X=\${X:+\${X}\${X}\${X}\${X}}`],
  ] as const)('%s doubled over %i lines: the value is unknown past the limit, with why', (keyword, lines, line) => {
    const text = doubling(keyword, lines, line);
    const read = readDockerfile(text);
    const cache = read.env.find((e) => e.name === 'UV_CACHE_DIR')!;
    expect(cache.unresolved).toBe(true);
    expect(read.running?.user).toMatchObject({ unresolved: expect.stringMatching(/X expands past (64 KiB in one value|4 MiB in the whole Dockerfile)/) });
    expect(keptChars(text)).toBeLessThanOrEqual(MAX_EXPANDED_CHARS + MAX_VALUE_CHARS);
  });

  it('values below the limit are still known exactly', () => {
    const read = readDockerfile(doubling('ARG', 10));
    expect(read.running?.user).toMatchObject({ value: 'ab'.repeat(2 ** 10) });
  });

  it('the CLI names the variable and exits 2 (a refused UV_CACHE_DIR), never 3', async () => {
    const root = makeRepo({
      'pyproject.toml': '[project]\nname = "app"\nversion = "0"\n',
      '.devcontainer/devcontainer.json': '{"build": {"dockerfile": "Dockerfile"}}',
      '.devcontainer/Dockerfile': doubling('ARG', 40),
    });
    const run = await runCli(['plan', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/X expands past 64 KiB in one value/);
    expect(run.stderr).not.toMatch(/internal error/);
  });
});
