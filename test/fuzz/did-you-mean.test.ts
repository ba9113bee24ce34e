/**
 * Mistyped options and commands. A long option one edit away from one the command takes
 * (`--pyhton`, `--dryrun`, `--fromat`) and a DIR that does not exist but is a command mistyped
 * (`paln`) stop with exit 2 and name what was meant; a DIR that exists is a folder, whatever its name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/cli/suggest.js';
import { PLAN_OPTION_KEYS, PLAN_OPTIONS } from '../../src/plan/options.js';
import { makeRepo, runCli, tempDir } from '../helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { reachedCounter } from '../helpers/reached.js';

const tally = fuzzTally();
const PLAN_FLAGS: string[] = PLAN_OPTION_KEYS.map((key) => PLAN_OPTIONS[key].flag);
/** Each command and the long options it takes (its --help lists them). */
const COMMANDS: [string[], string[]][] = [
  [[], [...PLAN_FLAGS, 'dry-run', 'check', 'diff', 'force', 'help', 'version']],
  [['plan'], [...PLAN_FLAGS, 'json', 'force', 'help', 'version']],
  [['explain'], [...PLAN_FLAGS, 'force', 'help', 'version']],
  [['env'], [...PLAN_FLAGS, 'format', 'force', 'help', 'version']],
  [['doctor'], ['json', 'help', 'version']],
];

describe('did you mean', () => {
  it('--pyhton: exit 2, naming --python', async () => {
    const run = await runCli(['--pyhton', '3.12', '--dry-run'], makeRepo({ 'pyproject.toml': '[project]\nname = "a"\n' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--pyhton: did you mean --python?');
  });

  it('paln, where no folder paln exists: exit 2, naming the plan command, not a missing folder', async () => {
    const run = await runCli(['paln'], makeRepo({ 'pyproject.toml': '[project]\nname = "a"\n' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean `gen-devcontainer plan`?');
    expect(run.stderr).not.toContain('directory-not-found');
  });

  it('a folder named like a mistyped command is a folder', async () => {
    const root = makeRepo({ 'paln/pyproject.toml': '[project]\nname = "a"\n' });
    const run = await runCli(['paln', '--dry-run'], root);
    expect(run.stderr).not.toContain('did you mean');
    expect(run.code).toBe(0);
  });

  it('a word far from every command or option gets no guess', async () => {
    const cwd = tempDir();
    for (const argv of [['nothing-like-it'], ['--zzz']]) {
      const run = await runCli(argv, cwd);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toContain('did you mean');
    }
  });

  it('a word far longer than any option (a pasted value) is refused by its length: its characters are not compared', () => {
    let reads = 0;
    const long = new Proxy(new String('a'.repeat(20_000)), {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as unknown as string;
    expect(editDistance(long, 'python', 2)).toBe(3);
    expect(reads).toBe(0);
    // Within reach, the distance is the full one.
    expect(editDistance('pyth', 'python', 2)).toBe(2);
    expect(editDistance('pyhton', 'python', 2)).toBe(1);
  });

  it('the distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('pyhton', 'python')).toBe(1);
    expect(editDistance('paln', 'plan')).toBe(1);
    expect(editDistance('uv-verison', 'uv-version')).toBe(1);
    expect(closest('plna', ['plan', 'env'])).toBe('plan');
    expect(closest('xyz', ['plan', 'env'])).toBeUndefined();
  });

  it(`every command's every option, mistyped by one edit: exit 2 and a suggestion one edit away (${FUZZ_RUNS} cases)`, async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz-';
    const edit = fc.record({
      command: fc.nat(COMMANDS.length - 1),
      option: fc.nat(100),
      kind: fc.constantFrom('delete', 'swap', 'replace', 'insert'),
      at: fc.nat(40),
      letter: fc.constantFrom(...letters),
    });
    const cwd = tempDir();
    const cases = reachedCounter('did-you-mean');
    await fc.assert(
      fc.asyncProperty(edit, async ({ command, option, kind, at, letter }) => {
        cases.tried();
        const [words, flags] = COMMANDS[command]!;
        const flag = flags[option % flags.length]!;
        const i = at % flag.length;
        const typo =
          kind === 'delete'
            ? flag.slice(0, i) + flag.slice(i + 1)
            : kind === 'swap'
              ? flag.slice(0, i) + (flag[i + 1] ?? '') + flag[i] + flag.slice(i + 2)
              : kind === 'replace'
                ? flag.slice(0, i) + letter + flag.slice(i + 1)
                : flag.slice(0, i) + letter + flag.slice(i);
        // An edit that gives back a real option (or too short a word to guess from) is no typo.
        if (flags.includes(typo) || typo.length < 2 || typo.startsWith('-') || PLAN_FLAGS.includes(typo)) {
          tally.count('did-you-mean', 'not a typo');
          return;
        }
        const run = await runCli([...words, `--${typo}`], cwd);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).not.toContain('internal error');
        const meant = /--\S+: did you mean --(\S+)\?/.exec(run.stderr)?.[1];
        if (typo.length <= 4 && editDistance(typo, flag) > 1) {
          tally.count('did-you-mean', 'exit 2, too short to guess');
          return;
        }
        cases.reached();
        expect(meant, `--${typo} (from --${flag}): ${run.stderr}`).toBeDefined();
        expect(flags).toContain(meant);
        expect(editDistance(typo, meant!)).toBeLessThanOrEqual(editDistance(typo, flag));
        tally.count('did-you-mean', meant === flag ? 'exit 2, the option meant' : 'exit 2, an option as near');
      }),
      fuzzSettings,
    );
    expect(tally.total('did-you-mean')).toBe(FUZZ_RUNS);
    cases.expectAtLeast(0.5);
  }, 60_000);
});
