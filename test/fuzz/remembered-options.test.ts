/**
 * The options a manifest records are untrusted input, read as the command line's are: anything
 * under "options" either plans (the values then in plan.options, which the next manifest records
 * again) or stops the run with exit 2 naming the manifest, never an internal error. And a run with
 * any options, followed by a run with none, writes the same files: the options are remembered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, hasErrors } from '../../src/diagnostics.js';
import { MANIFEST_FILE } from '../../src/ownership.js';
import { planRepository, prepareWrites } from '../../src/pipeline.js';
import { PLAN_OPTION_KEYS, PLAN_OPTIONS, type PlanOptions } from '../../src/plan/options.js';
import type { Plan } from '../../src/targets/types.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const { count } = fuzzTally();

const PYPROJECT = '[project]\nname = "app"\nversion = "0"\n[project.optional-dependencies]\ndev = ["x"]\n[dependency-groups]\nlint = ["y"]\n';
const VERSION = '0.0.0-fuzz';

type Run = { errors: Diagnostic[] } | { plan: Plan; files: Record<string, string>; statuses: string[] };

/** Every file a run would write, or its errors. */
function run(files: Record<string, string>, given: Partial<PlanOptions> = {}): Run {
  const result = planRepository(new MemoryRepo(files), { given: { generatorVersion: VERSION, ...given }, forget: [] });
  if (!result.ok) return { errors: result.diagnostics.filter((d) => d.level === 'error') };
  const prepared = prepareWrites(result, { writing: false });
  if (hasErrors(prepared.diagnostics)) return { errors: prepared.diagnostics.filter((d) => d.level === 'error') };
  return { plan: result.plan, files: { ...files, ...Object.fromEntries(prepared.actions.map((a) => [a.path, a.content])) }, statuses: prepared.actions.map((a) => a.status) };
}

const flags = PLAN_OPTION_KEYS.map((k) => PLAN_OPTIONS[k].flag);
/** Values as a hand-edited or hostile manifest may hold them: right and wrong types, near-misses, anything JSON. */
const recordedValue = fc.oneof(
  fc.constantFrom(true, false, 0, null, '', '3.12', '0.8.24', 'dev', 'lint', 'image', 'uv-managed', 'conda', '/opt/x', 'vscode:1000', ['dev'], ['lint', 'dev'], [], ['${x}'], '--python'),
  fc.jsonValue({ maxDepth: 2 }),
);
const recorded = fc.oneof(
  // As a run writes them.
  fc.record(
    {
      python: fc.constantFrom('3.12', '3.13', 'banana'),
      'read-only': fc.constant(true),
      extra: fc.constantFrom(['dev'], ['nope']),
      group: fc.constantFrom(['lint']),
      volume: fc.constantFrom('my-uv', '-bad'),
      'python-from': fc.constantFrom('uv-managed', 'image'),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.oneof(fc.constantFrom(...flags), fc.string({ maxLength: 8 })), recordedValue, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Valid options of every kind, as a user gives them. */
const given = fc.record(
  {
    python: fc.constantFrom('3.12', '3.13'),
    user: fc.constantFrom('dev:1001', 'me'),
    volume: fc.constantFrom('my-uv', 'x--y'),
    mountTarget: fc.constantFrom('/opt/cache', '/srv/uv'),
    readOnly: fc.boolean(),
    extra: fc.constantFrom(['dev']),
    group: fc.constantFrom(['lint']),
    noDev: fc.boolean(),
    noEditorTools: fc.boolean(),
    allExtras: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe(`remembered options (${FUZZ_RUNS} cases each)`, { timeout: 120_000 }, () => {
  it('whatever "options" a manifest holds: a plan with them, or exit 2 naming the manifest; never an internal error', () => {
    fc.assert(
      fc.property(recorded, (options) => {
        const manifest = JSON.stringify({ generator: `gen-devcontainer ${VERSION}`, options, files: {} }, null, 2);
        const result = run({ 'pyproject.toml': PYPROJECT, [MANIFEST_FILE]: manifest });
        if ('errors' in result) {
          const own = result.errors.filter((d) => d.code === 'manifest-option-invalid');
          if (own.length > 0) {
            for (const d of own) expect(d).toMatchObject({ file: MANIFEST_FILE, line: expect.any(Number) });
            count('recorded options', 'refused: manifest-option-invalid');
          } else {
            // A value of the right type that the planner refuses names where it came from.
            for (const d of result.errors) expect(`${d.file} ${d.hint}`).toContain(MANIFEST_FILE);
            count('recorded options', `refused: ${[...new Set(result.errors.map((d) => d.code))].sort().join(' ')}`);
          }
          return;
        }
        // Planned: what it took is recorded again, so the run after it plans the same.
        const again = run(result.files);
        expect('plan' in again && again.plan.options).toEqual(result.plan.options);
        count('recorded options', result.plan.options.length > 0 ? 'planned with them' : 'planned, none taken');
      }),
      fuzzSettings,
    );
  });

  it('after a run with any options, a run with none changes nothing', () => {
    fc.assert(
      fc.property(given, (options) => {
        const first = run({ 'pyproject.toml': PYPROJECT }, options as Partial<PlanOptions>);
        if ('errors' in first) {
          count('options then none', `refused alike (${first.errors.map((d) => d.code).join(' ')})`);
          return;
        }
        const plain = run(first.files);
        if ('errors' in plain) throw new Error(plain.errors.map((d) => d.message).join('\n'));
        expect(plain.statuses.every((s) => s === 'unchanged')).toBe(true);
        expect(plain.plan.options).toEqual(first.plan.options);
        count('options then none', 'unchanged');
      }),
      fuzzSettings,
    );
  });
});
