/**
 * `--help` at every terminal width: lines break between words, never inside one. cliui's ES module
 * build (what yargs' ES module entry uses) cut text every N characters ("configu / ration",
 * "--all-ex / tras"); src/cli/help-wrap.ts wraps at spaces, in the sources and in the bundle.
 */

import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapHelpText } from '../../src/cli/help-wrap.js';
import { main } from '../../src/cli/main.js';
import { PLAN_OPTION_KEYS, PLAN_OPTIONS } from '../../src/plan/options.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
type Main = typeof main;
const bundled = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'bundle', 'run.cjs')) as { main: Main };

const COMMANDS = [[], ['plan'], ['explain'], ['env'], ['doctor']];
/**
 * Every width from 40 to 100, and two beyond: main() wraps at 100 at most, so a wider terminal gets
 * the width-100 help (checked at 150 and 200). The bundle, whose help test/unit/bundle.test.ts also
 * compares with the sources', at every fourth width (each help costs a few ms).
 */
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const WIDTHS = { sources: [...range(40, 100), 150, 200], bundle: [...range(40, 100, 4), 200] };

async function help(run: Main, command: string[], columns: number): Promise<string> {
  let out = '';
  const code = await run([...command, '--help'], { stdout: (s) => void (out += s), stderr: (s) => void (out += s), cwd: ROOT, env: {}, columns });
  expect(code).toBe(0);
  return out;
}

/** The words of a text, in order: what wrapping may not change (only the whitespace between them). */
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const sorted = (list: string[]) => [...list].sort();

describe.each([
  ['the sources', main, WIDTHS.sources],
  ['the bundle', bundled.main, WIDTHS.bundle],
] as const)('--help of %s', (_name, run, widths) => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(default)', c] as const))('%s: the same words at widths 40 to 200, none cut', async (_label, command) => {
    // The widest help yargs prints (it wraps at 100 at most) is the reference.
    const reference = sorted(words(await help(run, command, 100)));
    const optionWords = new Set(PLAN_OPTION_KEYS.flatMap((key) => words(PLAN_OPTIONS[key].describe)));
    let checked = 0;
    for (const width of widths) {
      const text = await help(run, command, width);
      expect(sorted(words(text)), `width ${width}`).toEqual(reference);
      if (command[0] !== 'doctor') {
        const printed = new Set(words(text));
        expect(
          [...optionWords].filter((w) => !printed.has(w)),
          `width ${width}: option words cut`,
        ).toEqual([]);
      }
      if (width >= 100) expect(text, `width ${width}`).toBe(await help(run, command, 100));
      checked++;
    }
    expect(checked).toBe(widths.length);
  });
});

describe('wrapHelpText', () => {
  it('breaks at spaces only, within the width where the words allow it, and keeps a longer word whole', () => {
    expect(wrapHelpText('Write nothing; exit 1 when the files differ', 12)).toBe('Write\nnothing;\nexit 1 when\nthe files\ndiffer');
    expect(wrapHelpText('see mcr.microsoft.com/devcontainers/base:trixie here', 10)).toBe('see\nmcr.microsoft.com/devcontainers/base:trixie\nhere');
    expect(wrapHelpText('two\nlines', 80)).toBe('two\nlines');
  });
});
