// The plan's JSON schema, generated from its TypeScript types (src/targets/types.ts: the core
// plan's src/plan/types.ts and each target's section), the one source of the plan's shape. scripts/build.mjs compiles the validator from it and writes it to
// schemas/plan.schema.json; test/unit/plan-schema.test.ts checks that the committed file is this text.
import { createRequire } from 'node:module';
import { join } from 'node:path';

// require, not import: an ESM import of these CommonJS packages first scans TypeScript's 9 MB for
// its export names, which cost about as much again as the whole generation (0.4 s of CPU).
const require = createRequire(import.meta.url);
const ts = require('typescript');
const { createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator } = require('ts-json-schema-generator');

export const PLAN_SCHEMA_FILE = 'schemas/plan.schema.json';
const PLAN_SCHEMA_ID = 'https://github.com/gen-devcontainer/gen-devcontainer/schemas/plan.schema.json';

/** The schema as the text to commit (two-space JSON, a final newline). */
export function planSchemaText(root) {
  const file = join(root, 'src', 'targets', 'types.ts');
  // A program of the plan's type files alone (targets/types.ts and what it imports), with the
  // smallest library that has the utility types (Record, Partial...) and without tsconfig.json's `types: ["node"]`: the plan is JSON data, and parsing
  // Node's types would add a second to every build. skipTypeCheck: the build runs tsc right after.
  const tsProgram = ts.createProgram([file], { noEmit: true, strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es5.d.ts'], types: [] });
  const config = {
    ...DEFAULT_CONFIG,
    path: file,
    type: 'Plan',
    schemaId: PLAN_SCHEMA_ID,
    // The root is the Plan object itself (with its title and description), not a $ref to it.
    topRef: false,
    skipTypeCheck: true,
    // Every object closed (`additionalProperties: false`); JSDoc tags become keywords, comments descriptions.
    additionalProperties: false,
    jsDoc: 'extended',
  };
  // Put together as createGenerator would, but on this program: createGenerator of the 2.4 line
  // (the newest whose engines take Node 20) makes a program of its own, from the whole tsconfig
  // with Node's types, four times the work.
  const generator = new SchemaGenerator(tsProgram, createParser(tsProgram, config), createFormatter(config), config);
  return `${JSON.stringify(requiredInOrder(generator.createSchema('Plan')), null, 2)}\n`;
}

/**
 * The root's `required` in the order of its `properties`: the generator sorts the list of an
 * interface that extends another (Plan extends CorePlan), and the order the types declare is the
 * order the plan is printed in (the core's keys, then each target's section).
 */
function requiredInOrder(schema) {
  const order = Object.keys(schema.properties);
  return { ...schema, required: [...schema.required].sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
}

/**
 * The schemas the program validates its plans against at run time, from the published one (which
 * stays whole): the plan without its production section, which every run checks, and the production
 * section alone (ProductionPlan), which only a production run checks (src/targets/validate.ts). The
 * validator compiled from a schema is code that every run loading it reads and compiles, so the
 * production part is a file of its own that the bundle loads on first use (scripts/bundle.mjs,
 * DEFERRED). Each keeps only the definitions it reaches. The split leaves nothing out: the main
 * schema's `production` is only "an object", and the production schema checks all of it.
 */
export function runtimePlanSchemas(schemaText) {
  const schema = JSON.parse(schemaText);
  const { production, ...properties } = schema.properties;
  if (production?.$ref !== '#/definitions/ProductionPlan') throw new Error('plan schema: `production` is no longer a $ref to ProductionPlan; update runtimePlanSchemas');
  const main = { ...schema, properties: { ...properties, production: { type: 'object' } } };
  const section = { $id: schema.$id.replace(/plan\.schema\.json$/, 'production.schema.json'), $schema: schema.$schema, $ref: '#/definitions/ProductionPlan' };
  return {
    plan: withReachedDefinitions(main, schema.definitions),
    production: withReachedDefinitions(section, schema.definitions),
  };
}

/** The schema with the definitions its $refs reach, and no others. */
function withReachedDefinitions(schema, definitions) {
  const { definitions: _, ...rest } = schema;
  const reached = new Set();
  const todo = [rest];
  while (todo.length > 0) {
    for (const name of refsIn(todo.pop())) {
      if (reached.has(name)) continue;
      if (!(name in definitions)) throw new Error(`plan schema: no definition ${name}`);
      reached.add(name);
      todo.push(definitions[name]);
    }
  }
  return {
    ...rest,
    definitions: Object.fromEntries(
      Object.keys(definitions)
        .filter((name) => reached.has(name))
        .map((name) => [name, definitions[name]]),
    ),
  };
}

function refsIn(value, found = []) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/definitions/')) found.push(decodeURIComponent(item.slice('#/definitions/'.length)));
      else refsIn(item, found);
    }
  return found;
}
