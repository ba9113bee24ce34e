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
import type { TemplatePlan } from '../../src/targets/template/plan.js';
import { placeholder, renderTemplateJson } from '../../src/targets/template/render.js';
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

/** A rendered case whose shell parts are run in a batch: the values it was rendered with, and its files. */
interface RenderedCase {
  mountTarget: string;
  version: string;
  id: string;
  folders: string[];
  files: Record<string, string>;
}

/**
 * Runs the shell parts of many cases with two processes each (a process per check would take
 * minutes): `sh -n` of every POSIX script, then one `sh` that runs, with the commands stubbed,
 * install.sh's option defaults and mount-target lines, then test.sh (its library stubbed: `check`
 * prints its words), then install.sh's `fail`. Regions, not lines: a quoted word may hold a line break.
 */
function runCases(cases: readonly RenderedCase[]): { parsed: boolean; values: string[]; checks: string[]; said: string }[] {
  const dir = fs.mkdtempSync(path.join(sandbox, 'batch-'));
  const driver: string[] = [];
  cases.forEach(({ files }, i) => {
    const install = files['install.sh']!;
    const region = (from: string, to: string) => install.slice(install.indexOf(from), install.indexOf(to, install.indexOf(from)));
    fs.writeFileSync(path.join(dir, `${i}.posix`), ['install.sh', 'hook.sh', 'uv-lifecycle.sh'].map((f) => files[f]).join('\n'));
    const run = [
      STUBS,
      'user=vscode',
      region('\nversion=', '\nuser='),
      region('\n# The mount target and its folders', '\n# The scripts the lifecycle hooks run'),
      `printf '%s\\0' "$version"`,
      "printf '\\1'",
      'source() { :; }\nreportResults() { :; }\ncheck() { printf \'%s\\0\' "$@"; }',
      files['test/test.sh']!,
      "printf '\\1'",
      `${region('fail() {', '\n}\n')}\n}\nfail oops 2>&1`,
    ].join('\n');
    fs.writeFileSync(path.join(dir, `${i}.run`), run);
    driver.push(`if sh -n ${i}.posix 2>/dev/null; then echo ok > ${i}.parsed; fi`, `sh ${i}.run > ${i}.out 2>&1`);
  });
  fs.writeFileSync(path.join(dir, 'driver'), driver.join('\n'));
  spawnSync('sh', ['driver'], { cwd: dir, env: { PATH: process.env.PATH } });
  return cases.map((_, i) => {
    const [values, checks, said] = fs.readFileSync(path.join(dir, `${i}.out`), 'utf8').split('\u0001');
    return { parsed: fs.existsSync(path.join(dir, `${i}.parsed`)), values: values!.split('\0').slice(0, -1), checks: (checks ?? '').split('\0'), said: said ?? '' };
  });
}

describe('the feature, rendered with hostile values (class: rendered feature values)', () => {
  it('every JSON file parses back to the values, every script parses, and install.sh passes each value as one word', () => {
    const cases: RenderedCase[] = [];
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
        cases.push({ mountTarget, version, id, folders: feature.folders, files });
      }),
      fuzzSettings,
    );
    // The shell parts, in batches; each case is checked as the property would have.
    for (let start = 0; start < cases.length; start += 100) {
      const batch = cases.slice(start, start + 100);
      runCases(batch).forEach((ran, i) => {
        const { mountTarget, version, id, folders } = batch[i]!;
        const at = `case ${JSON.stringify({ mountTarget, version, id })}`;
        expect(ran.parsed, `${at}: a script does not parse`).toBe(true);
        expect(ran.values.at(-1), at).toBe(version);
        expect(containsRun(ran.values, ['mkdir', '-p', ...folders]), `${at}: ${JSON.stringify(ran.values)}`).toBe(true);
        expect(containsRun(ran.values, ['chown', '-R', 'vscode:0', mountTarget]), `${at}: ${JSON.stringify(ran.values)}`).toBe(true);
        // test.sh's checks: each label arrives as the words it was.
        expect(ran.checks, at).toContain(`UV_CACHE_DIR=${mountTarget}/cache`);
        // install.sh's fail names the feature.
        expect(ran.said, at).toBe(`${id}: oops\n`);
        count('rendered feature values', /[\s'"\\$`;|&<>*]/.test(mountTarget + version + id) ? 'hostile, escaped' : 'plain');
      });
    }
    expect(fs.existsSync(SENTINEL)).toBe(false);
  }, 120_000);
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

describe('the template, rendered with hostile names and option values (class: template metadata)', () => {
  it("devcontainer-template.json parses back to the id, and to each option's default and proposals, whatever they hold", () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (id, name, python) => {
        const template = {
          id,
          version: '0.1.0',
          options: [
            { id: 'projectName', description: 'd', default: name, proposals: [name], probes: ['a', 'b'] },
            { id: 'pythonVersion', description: 'd', default: python, proposals: [python, '3.13'], probes: ['3.14', '3.13'] },
          ],
        } as unknown as TemplatePlan;
        const json = JSON.parse(renderTemplateJson(template));
        expect(json.id).toBe(id);
        expect(json.options.projectName).toMatchObject({ default: name, proposals: [name] });
        expect(json.options.pythonVersion).toMatchObject({ default: python, proposals: [python, '3.13'] });
        expect(placeholder(template.options[0]!)).toBe('${templateOption:projectName}');
        count('template metadata', /["\\\n]/.test(id + name + python) ? 'JSON escapes needed, parsed back' : 'parsed back');
      }),
      fuzzSettings,
    );
  });
});

it(`ran ${FUZZ_RUNS} cases per class`, () => {
  expect(FUZZ_RUNS).toBeGreaterThanOrEqual(process.env.CI === 'true' ? 1000 : 1);
});
