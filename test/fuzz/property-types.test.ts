/**
 * The fuzz class of wrong-typed values (issue 18, item 7): every devcontainer.json property the
 * tool reads or writes (src/analyze/config-types.ts), and the members it reads inside them, with
 * values of every JSON type. Each case ends in a run (exit 0) or a refusal (exit 2), never an
 * internal error; and a run never writes a configuration that lacks the uv volume's mount or a
 * variable the plan sets, unless a warning says the user's value was kept.
 */
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { COMPOSE_SERVICE_TYPES, CONFIG_PROPERTY_TYPES } from '../../src/analyze/config-types.js';
import type { Json } from '../../src/render/jsonc.js';
import { desiredConfig } from '../../src/targets/devcontainer/devcontainer-json.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { reachedCounter } from '../helpers/reached.js';
import { outcomeOf, renderInMemory as run } from '../helpers/render-in-memory.js';

const { count } = fuzzTally();
const CONFIG = '.devcontainer/devcontainer.json';

const scalar = fc.constantFrom<Json>(null, true, false, 0, 1.5, '', 's', 'type=volume,source=x,target=/x');
/** A value of any JSON type: a scalar, an array of one type, an object of one type, or anything nested. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'k', 'UV_LINK_MODE', 'target'), scalar, { maxKeys: 3 }),
  fc.array(fc.oneof(fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'target', 'type'), scalar, { maxKeys: 2 })), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'k'), fc.oneof(fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('b'), scalar, { maxKeys: 2 })), { maxKeys: 2 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** Where the value goes: a property of the table, or a member the tool reads inside one. */
const PATHS: string[][] = [
  ...Object.keys(CONFIG_PROPERTY_TYPES).map((k) => [k]),
  ['build', 'dockerfile'],
  ['build', 'target'],
  ['build', 'args'],
  ['customizations', 'vscode'],
  ['customizations', 'vscode', 'extensions'],
  ['customizations', 'vscode', 'settings'],
  ['postCreateCommand', 'a'],
  ['mounts', '0'],
];

function put(config: Record<string, Json>, path: string[], value: Json): Record<string, Json> {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...config, [head!]: value };
  const inner = config[head!];
  if (head === 'mounts') return { ...config, mounts: [value] };
  return { ...config, [head!]: put(inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : {}, rest, value) };
}

describe('fuzz: devcontainer.json properties with values of every JSON type', { timeout: 600_000 }, () => {
  it('exit 0 or 2, never 3; exit 0 only with the volume mounted and every variable the plan sets (or a warning that says why not)', () => {
    const cases = reachedCounter('property types, written');
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), anyValue, fc.boolean(), (path, value, withBuild) => {
        const start: Record<string, Json> = withBuild ? { build: { dockerfile: 'Dockerfile' } } : { image: 'debian:trixie' };
        const config = put(start, path, value);
        const files = { 'pyproject.toml': '[project]\nname = "fuzz-types"\nversion = "0"\n', [CONFIG]: JSON.stringify(config, null, 2), '.devcontainer/Dockerfile': 'FROM debian:trixie\n' };
        const result = run(files);
        count('property types', outcomeOf(result));
        cases.tried();
        if (result.outcome === 'refused') {
          // A refusal names the file and line.
          for (const d of result.diagnostics.filter((d) => d.level === 'error' && d.code === 'devcontainer-property-type')) expect(d.line).toBeGreaterThan(0);
          return;
        }
        cases.reached();
        const written = parseJsonc(result.rendered[CONFIG]!) as Record<string, Json>;
        const desired = desiredConfig(result.plan).config;
        if (!result.plan.devcontainer.outputs.compose) {
          const mounts = written.mounts;
          expect(Array.isArray(mounts), result.rendered[CONFIG]!).toBe(true);
          for (const mount of desired.mounts as Json[]) expect(mounts as Json[]).toContainEqual(mount);
        }
        const kept = new Set(result.diagnostics.filter((d) => d.code === 'kept-user-value').map((d) => d.message.split(' ')[0]));
        const env = written.containerEnv as Record<string, Json>;
        for (const [name, v] of Object.entries(desired.containerEnv as Record<string, Json>)) {
          if (kept.has(`containerEnv.${name}`)) continue;
          expect(env?.[name], `containerEnv.${name}\n${result.rendered[CONFIG]!}`).toBe(v);
        }
      }),
      fuzzSettings,
    );
    // Most values are of a wrong type and refused (at the default seed 14% are written): some must be.
    cases.expectAtLeast(0.05);
  });

  it('Compose service keys the tool reads, with values of every JSON type: exit 0 or 2, never 3; exit 0 only with the volume in the override', () => {
    const keys = Object.keys(COMPOSE_SERVICE_TYPES);
    const cases = reachedCounter('compose service types, written');
    fc.assert(
      fc.property(fc.constantFrom(...keys), anyValue, (key, value) => {
        // JSON is YAML: the value goes in as written, beside a bind of the repository.
        const service: Record<string, Json> = { image: 'debian:trixie', volumes: ['..:/w'], [key]: value };
        const files = {
          'pyproject.toml': '[project]\nname = "fuzz-types"\nversion = "0"\n',
          [CONFIG]: JSON.stringify({ dockerComposeFile: 'compose.yaml', service: 'app', workspaceFolder: '/w' }),
          '.devcontainer/compose.yaml': JSON.stringify({ services: { app: service } }),
        };
        const result = run(files);
        count('compose service types', outcomeOf(result));
        cases.tried();
        if (result.outcome !== 'written') return;
        cases.reached();
        const override = result.plan.devcontainer.outputs.compose ? result.rendered[result.plan.devcontainer.outputs.compose.file] : undefined;
        expect(override, JSON.stringify(service)).toContain(result.plan.volume.target.value);
      }),
      fuzzSettings,
    );
    // At the default seed 26% are written.
    cases.expectAtLeast(0.1);
  });
});
