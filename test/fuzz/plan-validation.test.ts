/**
 * The plan's schema check at run time is two validators (scripts/plan-schema.mjs,
 * runtimePlanSchemas): the plan's, whose production section is any object, and the production
 * section's own, which the bundle loads only for a production run. Together they must refuse what
 * the published schema (schemas/plan.schema.json) refuses, no more and no less, or a plan with a
 * broken production section would be printed and written. Here: a full production plan, broken one
 * place at a time (a value replaced, a property added or removed), is refused by assertValidPlan
 * exactly when the published schema, compiled whole by Ajv, refuses it.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_SCHEMA_FILE } from '../../scripts/plan-schema.mjs';
import { openRepo } from '../../src/analyze/repo-reader.js';
import validatePlan from '../../src/generated/validate-plan.js';
import { planRepository } from '../../src/pipeline.js';
import { planProduction } from '../../src/targets/production/plan.js';
import type { Plan } from '../../src/targets/types.js';
import { assertValidPlan } from '../../src/targets/validate.js';
import { makeRepo } from '../helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tally = fuzzTally();
let full: Plan;
let published: (data: unknown) => boolean;

beforeAll(() => {
  const dir = makeRepo({
    'pyproject.toml':
      '[project]\nname = "base"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = []\n\n[project.scripts]\nserve = "base:main"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    'uv.lock': 'version = 1\n',
    '.python-version': '3.12\n',
  });
  const result = planRepository(openRepo(dir), { given: { generatorVersion: '0.0.0-fuzz' }, forget: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const diagnostics: never[] = [];
  const section = planProduction({ plan: result.plan, facts: result.facts, projectPath: '.' }, { port: '8000' }, diagnostics);
  if (!section) throw new Error(JSON.stringify(diagnostics));
  full = { ...result.plan, production: section };
  published = new Ajv.default({ strict: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, PLAN_SCHEMA_FILE), 'utf8')));
});

const refused = (plan: Plan): boolean => {
  try {
    assertValidPlan(plan);
    return false;
  } catch (error) {
    expect(String(error)).toMatch(/internal error: the plan does not match schemas\/plan.schema.json: \//);
    return true;
  }
};

describe('the split schema check', () => {
  it('refuses a plan whose production section alone is wrong, though the main validator passes it', () => {
    expect(refused(full)).toBe(false);
    for (const broken of [
      { ...full, production: { ...full.production!, extra: true } },
      { ...full, production: { ...full.production!, app: { ...full.production!.app, path: '/app dir' } } },
      { ...full, production: { ...full.production!, user: { ...full.production!.user, uid: -1 } } },
    ] as Plan[]) {
      expect(validatePlan(broken)).toBe(true);
      expect(published(broken)).toBe(false);
      expect(refused(broken)).toBe(true);
    }
    expect(() => assertValidPlan({ ...full, production: { ...full.production!, extra: true } } as Plan)).toThrow(/\/production /);
  });

  it('the main validator still refuses a wrong core or dev container part (a container path with a space)', () => {
    for (const broken of [
      { ...full, environment: { ...full.environment, path: '/opt/uv dir' } },
      { ...full, devcontainer: { ...full.devcontainer, extra: true } },
    ] as Plan[]) {
      expect(validatePlan(broken)).toBe(false);
      expect(refused(broken)).toBe(true);
    }
  });
});

/** Every place in the plan: its JSON pointer's keys, and whether it holds an object (a property can be added there). */
function places(value: unknown, at: (string | number)[] = [], found: { at: (string | number)[]; object: boolean }[] = []) {
  const object = value !== null && typeof value === 'object' && !Array.isArray(value);
  found.push({ at, object });
  if (Array.isArray(value)) for (const [i, item] of value.entries()) places(item, [...at, i], found);
  else if (object) for (const [key, item] of Object.entries(value)) places(item, [...at, key], found);
  return found;
}

const wrongValue = fc.constantFrom<unknown>('', ' ', 'a b', '/opt/a b', 'relative/path', '/', 'UPPER', '-x', 'x'.repeat(70), -1, 1.5, 0, 70000, null, true, {}, [], ['a b']);

it(`the two validators refuse exactly what the published schema refuses (${FUZZ_RUNS} cases)`, () => {
  const all = places(full).filter((p) => p.at.length > 0);
  fc.assert(
    fc.property(fc.nat(all.length - 1), fc.constantFrom('replace', 'add', 'remove'), wrongValue, (index, how, value) => {
      const plan = structuredClone(full) as unknown as Record<string | number, unknown>;
      const place = all[index]!;
      const parent = place.at.slice(0, -1).reduce<any>((node, key) => node[key], plan);
      const key = place.at.at(-1)!;
      if (how === 'add' && place.object) parent[key].extra = value;
      else if (how === 'remove' && !Array.isArray(parent)) delete parent[key];
      else parent[key] = value;
      const expected = !published(plan);
      expect(refused(plan as unknown as Plan), `${how} /${place.at.join('/')} ${JSON.stringify(value)}`).toBe(expected);
      tally.count('plan-validation', `${place.at[0] === 'production' ? 'production' : 'core'} ${expected ? 'refused' : 'kept'}`);
    }),
    fuzzSettings,
  );
  expect(tally.total('plan-validation')).toBe(FUZZ_RUNS);
}, 60_000);
