/**
 * Every command line a generated file shows (the header's "Regenerate:" and "Why each setting:",
 * in `#`, `//` and HTML comments) reads back, through the shell's own quoting rules, as exactly the
 * words that run it: `npx gen-devcontainer@<version>` and the plan's options, whatever their
 * values. (The README once folded `--extra` into `-extra`, to keep `-->` out of its comments.)
 * Values hold no control character: a comment line cannot, and no option value may.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRepository } from '../../src/pipeline.js';
import { PLAN_OPTION_KEYS, PLAN_OPTIONS } from '../../src/plan/options.js';
import { renderTargets } from '../../src/targets/render.js';
import type { Plan } from '../../src/targets/types.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const { count } = fuzzTally();

/** The words of one line of `sh`, as the quoting of render/quote.ts writes them: bare, '…', and \' between quotes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    while (i < line.length && line[i] !== ' ') {
      if (line[i] === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`an open quote in ${JSON.stringify(line)}`);
        word += line.slice(i + 1, end);
        i = end + 1;
      } else if (line[i] === '\\') {
        word += line[i + 1];
        i += 2;
      } else word += line[i++];
    }
    words.push(word);
  }
  return words;
}

/** A plan of each kind of output: a plain project (devcontainer.json, Dockerfile, scripts, README) and a Compose one (its override). */
function basePlans(): Plan[] {
  const repos: Record<string, string>[] = [
    { 'pyproject.toml': '[project]\nname = "app"\nversion = "0"\n' },
    {
      'requirements.txt': 'flask\n',
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "compose.yaml", "service": "app" }\n',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: mcr.microsoft.com/devcontainers/base:trixie\n    volumes:\n      - ..:/workspace\n',
    },
  ];
  return repos.map((files) => {
    const result = planRepository(new MemoryRepo(files), { given: { generatorVersion: '1.2.3-rc.1+build' }, forget: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return result.plan;
  });
}

/** The text of a line of a comment, in whichever syntax the file uses. */
function commentBody(line: string): string {
  const html = /^<!-- (.*) -->$/.exec(line);
  if (html) return html[1]!;
  return line.replace(/^(#|\/\/) /, '');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Values as anything might spell them, but for control characters; and the flags of the option table. */
const value = fc.oneof(
  fc.constantFrom('dev', '3.12', 'a b', "it's", '--', '-->', '<!--', '--!>', '${localEnv:X}', '$(id)', '*', '', '\\', '"', 'a--b', '---'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const words = fc.array(
  fc.oneof(
    fc.constantFrom(...PLAN_OPTION_KEYS.map((k) => `--${PLAN_OPTIONS[k].flag}`)),
    value.filter((v) => !CONTROL.test(v)),
  ),
  { maxLength: 8 },
);

describe(`command lines in generated files (${FUZZ_RUNS} cases)`, { timeout: 120_000 }, () => {
  const plans = basePlans();

  it('every Regenerate and Why-each-setting line reads back as the words that run it', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1), words, (which, options) => {
        const plan: Plan = { ...plans[which]!, options };
        const expected = ['npx', `gen-devcontainer@${plan.generator.version}`];
        let lines = 0;
        for (const file of renderTargets(plan, undefined, false).files) {
          for (const line of file.content.split('\n')) {
            const body = commentBody(line);
            for (const [label, command] of [
              ['Regenerate: ', []],
              ['Why each setting: ', ['plan']],
            ] as const) {
              if (!body.startsWith(label) || !body.includes('gen-devcontainer@')) continue;
              lines++;
              // HTML allows no `<!--`, `-->` or `--!>` in a comment: those, which no option value can
              // hold (each is checked against an alphabet without "<", ">" and "!"), are broken up.
              if (line.startsWith('<!--') && options.some((o) => /<!--|--!?>/.test(o))) {
                expect(/<!--|--!?>/.test(body), line).toBe(false);
                continue;
              }
              expect(shellWords(body.slice(label.length)), `${file.path}: ${line}`).toEqual([...expected, ...command, ...options]);
            }
          }
        }
        expect(lines).toBeGreaterThanOrEqual(8);
        count('command-lines', `${lines} lines read back`);
      }),
      fuzzSettings,
    );
  });
});
