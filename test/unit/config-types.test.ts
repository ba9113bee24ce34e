/**
 * The table of devcontainer.json property types (src/analyze/config-types.ts) against the Dev
 * Container spec's own schema: for every property and every shape of JSON value, the table refuses
 * a value only when the spec does too, and accepts what the spec accepts. The schema is read from
 * ../shared (mandatory under CI, where loadSpecValidator fails without it; elsewhere the check is
 * skipped with a notice). The tool itself never loads the schema: the table is in its source.
 */
import { parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { CONFIG_PROPERTY_TYPES, propertyTypeError } from '../../src/analyze/config-types.js';
import { makeRepo, runCli } from '../helpers/cli.js';
import { loadSpecValidator } from '../helpers/validators.js';

const validate = loadSpecValidator();

/** A value of every JSON type, and arrays and objects of each. */
const SCALARS: unknown[] = [null, true, 1, 's'];
const SAMPLES: unknown[] = [...SCALARS, [], {}, ...SCALARS.map((v) => [v]), ...SCALARS.map((v) => ({ k: v })), [[]], [{}], { k: [] }, { k: {} }, { k: ['s'] }, [{ k: 's' }]];

/** A configuration that the spec accepts without the property, into which the property goes. */
function base(key: string): Record<string, unknown> {
  if (key === 'dockerComposeFile' || key === 'service') return { dockerComposeFile: 'compose.yaml', service: 'app', workspaceFolder: '/w' };
  if (key === 'image') return {};
  if (key === 'dockerFile' || key === 'context') return { dockerFile: 'Dockerfile' };
  return { image: 'debian' };
}

/** The table's verdict on one configuration. */
const tableAccepts = (config: Record<string, unknown>) => propertyTypeError('devcontainer.json', parseTree(JSON.stringify(config))!, () => 1) === undefined;

/**
 * Where the table accepts more than the spec, on purpose: what the spec also requires beside the
 * type (build.dockerfile, a mount's type and target) is not a type, and the tool copes without it;
 * customizations.vscode is VS Code's, not the spec's (the spec says only "object").
 */
function specOnlyRule(key: string, value: unknown): boolean {
  if (key === 'build') return true;
  if (key === 'mounts' && Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return true;
  return false;
}

describe('the property type table agrees with the Dev Container spec', () => {
  it.skipIf(!validate)('every property, every shape of value', () => {
    let compared = 0;
    for (const key of Object.keys(CONFIG_PROPERTY_TYPES)) {
      for (const value of SAMPLES) {
        const config = { ...base(key), [key]: value };
        const spec = validate!(config).length === 0;
        const table = tableAccepts(config);
        compared++;
        if (spec) expect(table, `${key}: ${JSON.stringify(value)} is valid to the spec, refused by the table`).toBe(true);
        else if (!specOnlyRule(key, value)) expect(table, `${key}: ${JSON.stringify(value)} is refused by the spec, accepted by the table`).toBe(false);
      }
    }
    expect(compared).toBe(Object.keys(CONFIG_PROPERTY_TYPES).length * SAMPLES.length);
  });

  it.skipIf(!validate)('build: the members the tool reads, every shape of value', () => {
    for (const member of ['dockerfile', 'context', 'target', 'args', 'options']) {
      for (const value of SAMPLES) {
        const config = { build: { dockerfile: 'Dockerfile', [member]: value } };
        const spec = validate!(config).length === 0;
        expect(tableAccepts(config), `build.${member}: ${JSON.stringify(value)}`).toBe(spec);
      }
    }
  });
});

describe('a property of the wrong type: exit 2 naming it, its line and its type; nothing planned from it', () => {
  const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\n';
  it.each([
    ['mounts an object', '"mounts": {}', /:3: error: mounts is an object; it must be an array of strings or objects/],
    ['mounts a string', '"mounts": "type=volume,source=x,target=/x"', /:3: error: mounts is the string "type=volume,source=x,target=\/x"; it must be an array/],
    ['containerEnv null', '"containerEnv": null', /:3: error: containerEnv is null; it must be an object of strings/],
    ['an object of objects as a lifecycle command', '"postCreateCommand": {\n    "a": { "b": "c" }\n  }', /:4: error: postCreateCommand\.a is an object; it must be a string or an array of strings/],
    ['an array holding an object as a lifecycle command', '"onCreateCommand": ["echo", {}]', /:3: error: onCreateCommand\[1\] is an object; it must be a string/],
    // Read too (build.options for its --build-arg, the two later lifecycle commands for uv and root commands): typed too.
    [
      'build.options a string',
      '"build": { "dockerfile": "Dockerfile", "options": "--build-arg UV_VERSION=0.5.0" }',
      /:3: error: build\.options is the string "--build-arg UV_VERSION=0\.5\.0"; it must be an array of strings/,
    ],
    ['postStartCommand an object of numbers', '"postStartCommand": { "a": 1 }', /:3: error: postStartCommand\.a is the number 1; it must be a string or an array of strings/],
    ['postAttachCommand a number', '"postAttachCommand": 5', /:3: error: postAttachCommand is the number 5; it must be a string/],
    // Read for a feature that installs a uv of its own: a list would hide it.
    ['features an array', '"features": ["ghcr.io/devcontainers-extra/features/uv:1"]', /:3: error: features is an array[^;]*; it must be an object/],
  ])('%s', async (_label, member, message) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': `{\n  "image": "debian",\n  ${member}\n}\n` });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('[devcontainer-property-type]');
  });
});

describe('a Compose service key of the wrong type: exit 2 naming the file, the line, the key and its type', () => {
  const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\n';
  const CONFIG = '{ "dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w" }';
  it.each([
    ['volumes a mapping', '    volumes: {}\n', /compose\.yaml:5: error: services\.app\.volumes is an object; it must be an array of strings or objects/],
    [
      'environment a number',
      '    environment: 5\n',
      /compose\.yaml:5: error: services\.app\.environment is the number 5; it must be an object of strings or numbers or booleans or null or an array of strings/,
    ],
    ['a numeric user', '    user: 1000\n', /compose\.yaml:5: error: services\.app\.user is the number 1000; it must be a string/],
    ['an env_file entry that is a list', '    env_file:\n      - [a]\n', /compose\.yaml:6: error: services\.app\.env_file\[0\] is an array; it must be a string or an object/],
  ])('%s', async (_label, key, message) => {
    const compose = `services:\n  app:\n    image: debian\n    # the key\n${key}`;
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': CONFIG, '.devcontainer/compose.yaml': compose });
    const run = await runCli([repo, '--dry-run']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('[compose-property-type]');
  });
});
