/**
 * `plan` promises every decision, where it came from and why. For every example (and the option
 * cases the goldens run), every `reason` anywhere in `plan --json` must appear in `plan`'s text and
 * in `explain`'s. The reasons are collected by walking the JSON, so a decision added to the plan
 * later is checked here without naming it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describePlan } from '../../src/commands/describe-plan.js';
import { runCli } from '../helpers/cli.js';
import { baseFacts, planOk } from './support.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const examplesDir = path.join(repoRoot, 'examples');
const goldenDir = path.join(repoRoot, 'test', 'golden');

/** As test/golden.test.ts: each example with no options, and each test/golden/<name>/case.json. */
const cases: { name: string; example: string; args: string[] }[] = [
  ...fs
    .readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !fs.existsSync(path.join(goldenDir, e.name, 'case.json')))
    .map((e) => ({ name: e.name, example: e.name, args: [] as string[] })),
  ...fs
    .readdirSync(goldenDir)
    .filter((name) => fs.existsSync(path.join(goldenDir, name, 'case.json')))
    .map((name) => ({ name, ...(JSON.parse(fs.readFileSync(path.join(goldenDir, name, 'case.json'), 'utf8')) as { example: string; args: string[] }) })),
].sort((a, b) => a.name.localeCompare(b.name));

/** Every string `reason` anywhere in a JSON value, with the path it was found at. */
function reasonsIn(value: unknown, at = '$'): { at: string; reason: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => reasonsIn(item, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'reason' && typeof item === 'string' ? [{ at, reason: item }] : reasonsIn(item, `${at}.${key}`)));
}

/** Wrapping and indentation are presentation: compare words, not lines. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The reasons the text does not show, as `path: reason`. */
function missing(plan: unknown, text: string): string[] {
  const shown = words(text);
  return reasonsIn(plan)
    .filter(({ reason }) => !shown.includes(words(reason)))
    .map(({ at, reason }) => `${at}: ${reason}`);
}

it('runs every example and every option case', () => {
  expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(['uv-app', 'many-projects', 'existing-compose', 'read-only-root', 'shared-cache']));
});

describe.each(cases)('$name', ({ example, args }) => {
  const dir = path.join(examplesDir, example);

  it('plan and explain print every reason in plan --json', async () => {
    const json = await runCli(['plan', dir, '--json', ...args]);
    expect(json.code, json.stderr).toBe(0);
    const plan: unknown = JSON.parse(json.stdout);
    // A walk that finds nothing would pass anything.
    expect(reasonsIn(plan).length).toBeGreaterThan(10);

    const text = await runCli(['plan', dir, ...args]);
    expect(text.code).toBe(0);
    expect(missing(plan, text.stdout), 'plan').toEqual([]);

    const explained = await runCli(['explain', dir, ...args]);
    expect(explained.code).toBe(0);
    expect(missing(plan, explained.stdout), 'explain').toEqual([]);
  });
});

it('read-only: explain names the tmpfs mounts and their options', async () => {
  const dir = path.join(examplesDir, 'uv-app');
  const plan = JSON.parse((await runCli(['plan', dir, '--json', '--read-only'])).stdout) as { devcontainer: { readOnlyRoot: { tmpfs: string[]; tmpfsOptions: { value: string } } } };
  const text = (await runCli(['explain', dir, '--read-only'])).stdout;
  const picture = text.slice(0, text.indexOf('Plan for '));
  expect(plan.devcontainer.readOnlyRoot.tmpfs.length).toBeGreaterThan(0);
  for (const mount of plan.devcontainer.readOnlyRoot.tmpfs) expect(picture).toContain(mount);
  expect(picture).toContain(`tmpfs (${plan.devcontainer.readOnlyRoot.tmpfsOptions.value})`);
  expect(picture).toMatch(/read-only/);
});

describe('the walk knows no field names', () => {
  // A plan with decisions of shapes that do not exist yet, at any depth and in arrays: each is printed.
  const { plan } = planOk(baseFacts());
  const grown = {
    ...plan,
    futureDecision: { value: 'v1', source: 'a-file.toml', reason: 'a reason at the top level' },
    futureGroup: { inner: { deeper: { value: ['a', 'b'], source: 'default', reason: 'a reason three levels down' } }, note: 'plain' },
    futureList: [
      { name: 'first', reason: 'a reason in an array' },
      { name: 'second', extra: { reason: 'a reason inside an array item' } },
    ],
    python: { ...plan.python, pinnedBy: { value: 'x', source: 'y', reason: 'a reason added to a known section' } },
  };
  const text = describePlan(grown as typeof plan);

  it('prints every reason, and the value and source beside it', () => {
    expect(missing(grown, text)).toEqual([]);
    expect(text).toMatch(/v1 {2}\(a-file\.toml\)/);
    expect(text).toMatch(/a, b {2}\(default\)/);
  });

  it('the check fails for a reason that is not printed', () => {
    expect(missing({ ...grown, notPrinted: { reason: 'this reason is in no text' } }, text)).toEqual(['$.notPrinted: this reason is in no text']);
  });

  it('wraps long reasons, and keeps them whole', () => {
    const long = 'word '.repeat(60).trim();
    const wrapped = describePlan({ ...plan, futureDecision: { value: 'v', source: 's', reason: long } } as typeof plan);
    expect(
      Math.max(
        ...wrapped
          .split('\n')
          .filter((l) => l.includes('word'))
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(100);
    expect(words(wrapped)).toContain(long);
  });

  it('a folder of 300 projects: the layout names five and counts the rest, the list of folders wraps, no line but the shell passes 100', () => {
    const projects = Array.from({ length: 300 }, (_, i) => ({ path: `svc-${String(i).padStart(3, '0')}` }));
    const { plan: many } = planOk(baseFacts({ pyproject: undefined, projects }));
    expect(many.layout.source).toBe('svc-000/pyproject.toml, svc-001/pyproject.toml, svc-002/pyproject.toml, svc-003/pyproject.toml, svc-004/pyproject.toml and 295 more');
    const lines = describePlan(many).split('\n');
    expect(lines.filter((l) => l.length > 100 && !l.trimStart().startsWith('|'))).toEqual([]);
    expect(words(lines.join('\n'))).toContain(projects.map((p) => p.path).join(', '));
  });
});
