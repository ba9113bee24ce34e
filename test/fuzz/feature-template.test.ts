/**
 * Hostile values never reach a shell line or a JSON string of the Feature and the Template
 * unescaped. Two channels carry them: what the generator renders (mount target, uv version, feature
 * id, index URL: validated upstream, but a renderer never relies on that, so here they are put
 * straight into the feature's plan), and what the user gives as the feature's options when it is
 * installed (VERSION, INDEX, PYTHONPREFERENCE, INSTALLSTEP in install.sh's environment).
 * Shell is checked by running it: the values a line assigns or passes are read back from what the
 * shell really did, and a sentinel file that any injected command would create must not appear.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRepository } from '../../src/pipeline.js';
import { DEFAULT_MOUNT_TARGET, DEFAULT_UV_VERSION } from '../../src/plan/tables.js';
import { type FeaturePlan, neutralRepository, planFeature } from '../../src/targets/feature/plan.js';
import { renderFeature } from '../../src/targets/feature/render.js';
import { tempDir } from '../helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const { count } = fuzzTally();
const sandbox = tempDir('gdc-fuzz-feature-');
const SENTINEL = path.join(sandbox, 'injected');

const base = (() => {
  const planned = planRepository(neutralRepository(), { given: { generatorVersion: '0.1.0' }, forget: [] });
  if (!planned.ok) throw new Error(JSON.stringify(planned.diagnostics));
  return planFeature(planned.plan, 'uv-one-volume');
})();

/** Pieces a hostile value is made of: shell and JSON syntax, an injected command, the CLI's variables. */
const PIECES = [
  '$(touch SENTINEL)',
  '`touch SENTINEL`',
  ';touch SENTINEL;',
  "'",
  '"',
  '\\',
  '\n',
  ' ',
  '${PATH}',
  '${devcontainerId}',
  '*',
  '}',
  '#',
  '&&',
  '|',
  '<',
  '>',
  '$',
  '-',
  '/',
  'a',
  '0',
  '.',
  'é',
  '\u2028',
];
const piece = fc.constantFrom(...PIECES).map((p) => p.replace('SENTINEL', SENTINEL));
const hostile = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('').replace(/\0/g, ''));

/** The feature's plan with every occurrence of `from` (in any value: paths, defaults, words) replaced by `to`. */
function substitute(feature: FeaturePlan, from: string, to: string): FeaturePlan {
  const inner = JSON.stringify(to).slice(1, -1);
  return JSON.parse(JSON.stringify(feature).split(from).join(inner)) as FeaturePlan;
}

/** What the shell really passes: the script's output, NUL-separated words. */
function runShell(script: string, env: NodeJS.ProcessEnv = {}): { status: number | null; words: string[]; stderr: string } {
  const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, cwd: sandbox });
  return { status: run.status, words: run.stdout.split('\0').slice(0, -1), stderr: run.stderr };
}

/** Whether `words` holds `run`, in order, one after the other. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  return words.some((_, i) => run.every((w, j) => words[i + j] === w));
}

/** Commands install.sh runs on the values, as functions that print their words instead. */
const STUBS = ['for c in mkdir chown install ln rm; do eval "$c() { printf \'%s\\0\' $c \\"\\$@\\"; }"; done', "id() { printf '0'; }"].join('\n');

describe('the feature, rendered with hostile values (class: rendered feature values)', () => {
  it('every JSON file parses back to the values, every script parses, and install.sh passes each value as one word', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (target, version, id) => {
        const mountTarget = `/${target}`;
        const feature = substitute(substitute(substitute(base, DEFAULT_MOUNT_TARGET, mountTarget), DEFAULT_UV_VERSION, version), base.id, id);
        const files = Object.fromEntries(renderFeature(feature).map((f) => [f.path, f.content]));
        const json = JSON.parse(files['devcontainer-feature.json']!);
        expect(json.mounts[0].target).toBe(mountTarget);
        expect(json.containerEnv.UV_CACHE_DIR).toBe(`${mountTarget}/cache`);
        expect(json.options.version.default).toBe(version);
        expect(json.id).toBe(id);
        expect(json.postCreateCommand).toEqual(['sh', `/usr/local/share/gen-devcontainer/${id}/hook.sh`, 'check']);
        const scenarios = JSON.parse(files['test/scenarios.json']!);
        expect(Object.keys(scenarios.install_step_off.features)).toEqual([id]);
        // One shell per case (a process each would take minutes): bash runs every part, each script's
        // own language parsing it (sh -n, bash -n) and running the parts that carry the values, with
        // the commands stubbed. Regions, not lines: a quoted word may hold a line break.
        const install = files['install.sh']!;
        const region = (from: string, to: string) => install.slice(install.indexOf(from), install.indexOf(to, install.indexOf(from)));
        const env = {
          PATH: process.env.PATH,
          POSIX: ['install.sh', 'hook.sh', 'uv-lifecycle.sh'].map((f) => files[f]).join('\n'),
          BASH_SCRIPTS: ['test/test.sh', 'test/install_step_off.sh', 'test/only_system_python.sh'].map((f) => files[f]).join('\n'),
          VALUES: `${STUBS}\nuser=vscode\n${region('\nversion=', '\nuser=')}\n${region('\n# The mount target and its folders', '\n# The scripts the lifecycle hooks run')}\nprintf '%s\\0' "$version"`,
          TEST_SH: `source() { :; }\nreportResults() { :; }\ncheck() { printf '%s\\0' "$@"; }\n${files['test/test.sh']}`,
          FAIL: `${region('fail() {', '\n}\n')}\n}\nfail oops 2>&1`,
        };
        const driver = [
          'printf "%s" "$POSIX" | sh -n || exit 10',
          'printf "%s" "$BASH_SCRIPTS" | bash -n || exit 11',
          'sh -c "$VALUES" || exit 12',
          "printf '\\1'",
          'bash -c "$TEST_SH" || exit 13',
          "printf '\\1'",
          'sh -c "$FAIL"',
          'exit 0',
        ].join('\n');
        const run = spawnSync('bash', ['-c', driver], { encoding: 'utf8', env, cwd: sandbox });
        expect(run.status, run.stderr).toBe(0);
        const [values, checks, said] = run.stdout.split('\u0001');
        const words = values!.split('\0').slice(0, -1);
        expect(words.at(-1)).toBe(version);
        expect(containsRun(words, ['mkdir', '-p', ...feature.folders]), JSON.stringify(words)).toBe(true);
        expect(containsRun(words, ['chown', '-R', 'vscode:0', mountTarget]), JSON.stringify(words)).toBe(true);
        // The test scripts' checks: each label arrives as the words it was.
        expect(checks!.split('\0')).toContain(`UV_CACHE_DIR=${mountTarget}/cache`);
        // install.sh's fail names the feature.
        expect(said).toBe(`${id}: oops\n`);
        expect(fs.existsSync(SENTINEL)).toBe(false);
        count('rendered feature values', /[\s'"\\$`;|&<>*]/.test(target + version + id) ? 'hostile, escaped' : 'plain');
      }),
      fuzzSettings,
    );
  }, 60_000);
});

/** install.sh's own checks of the option values, from its start to the line after the last check. */
function optionChecks(): string {
  const install = renderFeature(base)
    .find((f) => f.path === 'install.sh')!
    .content.split('\n');
  const from = install.indexOf('set -eu');
  const to = install.findIndex((l) => l.startsWith('case $index in */)'));
  return install.slice(from, to + 1).join('\n');
}

describe("the feature's options, hostile when installed (class: install-time option values)", () => {
  const checks = optionChecks();
  /** A value that is right for its option most of the time, hostile the rest. */
  const value = (...right: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...right), weight: 3 }, { arbitrary: hostile, weight: 1 });

  it('a value install.sh accepts is exactly what was given; any other stops it with exit 1; nothing given is ever run', () => {
    fc.assert(
      fc.property(
        value('0.13.9', '1.2', '0.8.24'),
        value('https://pypi.org/simple/uv/', 'http://127.0.0.1:8000/simple/uv', 'https://mirror.example/pypi/simple/uv/?x=1&y=2'),
        value('only-managed', 'managed', 'system', 'only-system'),
        value('true', 'false'),
        (version, index, preference, installStep) => {
          const env = { VERSION: version, INDEX: index, PYTHONPREFERENCE: preference, INSTALLSTEP: installStep };
          const run = runShell(`${checks}\nprintf '%s\\0' "$version" "$index" "$preference" "$install_step"`, env);
          const valid =
            /^[0-9]+(\.[0-9]+)*$/.test(version) &&
            /^https?:\/\/[^\s"'<>`\\]*$/.test(index) &&
            ['only-managed', 'managed', 'system', 'only-system'].includes(preference) &&
            ['true', 'false'].includes(installStep);
          expect(fs.existsSync(SENTINEL)).toBe(false);
          if (valid) {
            expect(run.status, run.stderr).toBe(0);
            expect(run.words).toEqual([version, index.endsWith('/') ? index : `${index}/`, preference, installStep]);
          } else {
            expect(run.status).toBe(1);
            expect(run.stderr).toMatch(/^uv-one-volume: (version|pythonPreference|installStep|index): /);
          }
          count('install-time option values', valid ? 'accepted' : 'refused (exit 1)');
        },
      ),
      fuzzSettings,
    );
  }, 60_000);
});

it(`ran ${FUZZ_RUNS} cases per class`, () => {
  expect(FUZZ_RUNS).toBeGreaterThanOrEqual(process.env.CI === 'true' ? 1000 : 1);
});
