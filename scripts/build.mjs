// Build: precompile templates, generate the plan's JSON schema and compile the schema validators,
// compile TypeScript, then bundle what the bin runs.
// Precompiling keeps the Handlebars compiler and Ajv out of the CLI's start-up path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDiagnosticCodes, README_FILE, readmeWithDiagnosticCodes } from './diagnostic-codes.mjs';
import { PLAN_SCHEMA_FILE, planSchemaText, runtimePlanSchemas } from './plan-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'src', 'generated');
const require = createRequire(import.meta.url);
rmSync(generated, { recursive: true, force: true });
mkdirSync(generated, { recursive: true });
const banner = '// Written by scripts/build.mjs; do not edit.\n';

// Templates: strict (a missing value is an error) and no HTML escaping (wrong for Dockerfiles).
const Handlebars = require('handlebars');
const templates = readdirSync(join(root, 'templates'))
  .filter((f) => f.endsWith('.hbs'))
  .sort();
const names = templates.map((f) => basename(f, '.hbs'));
const specs = templates.map((file, i) => {
  const source = readFileSync(join(root, 'templates', file), 'utf8');
  return `  ${JSON.stringify(names[i])}: ${Handlebars.precompile(source, { strict: true, noEscape: true })},`;
});
writeFileSync(
  join(generated, 'templates.ts'),
  `${banner}// @ts-nocheck\nimport type { TemplateSpecification } from 'handlebars';\n` +
    `export type TemplateName = ${names.map((n) => JSON.stringify(n)).join(' | ')};\n` +
    `export const templateSpecs: Record<TemplateName, TemplateSpecification> = {\n${specs.join('\n')}\n};\n`,
);

// Shell scripts shipped into generated setups, as strings for the (pure) renderers.
const scripts = readdirSync(join(root, 'templates'))
  .filter((f) => f.endsWith('.sh'))
  .sort();
writeFileSync(
  join(generated, 'scripts.ts'),
  `${banner}export const scripts = {\n${scripts.map((f) => `  ${JSON.stringify(f)}: ${JSON.stringify(readFileSync(join(root, 'templates', f), 'utf8'))},`).join('\n')}\n} as const;\n`,
);

// The version, so the CLI does not read package.json at start-up.
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(generated, 'version.ts'), `${banner}export const VERSION = ${JSON.stringify(version)};\n`);

// The plan's JSON schema, generated from its types (src/targets/types.ts). With --write-schema
// (`npm run build`) it replaces the committed schemas/plan.schema.json when that differs. Without
// it (`npm test`, `prepare`, so CI too) the committed file is left as it is, for
// test/unit/plan-schema.test.ts to report a stale one; the validator is compiled from the types either way.
const planSchema = planSchemaText(root);
const planSchemaPath = join(root, PLAN_SCHEMA_FILE);
const committedPlanSchema = existsSync(planSchemaPath) ? readFileSync(planSchemaPath, 'utf8') : undefined;
if (committedPlanSchema !== planSchema) {
  if (process.argv.includes('--write-schema')) {
    writeFileSync(planSchemaPath, planSchema);
    console.log(`build: wrote ${PLAN_SCHEMA_FILE} from src/targets/types.ts`);
  } else {
    console.warn(`build: ${PLAN_SCHEMA_FILE} differs from what src/targets/types.ts generates; run \`npm run build\` to rewrite it`);
  }
}

// README.md's list of diagnostic codes, from src/diagnostic-codes.ts: written the same way, with
// --write-schema only; test/unit/diagnostic-codes.test.ts reports a stale one.
const readmePath = join(root, README_FILE);
const readme = readFileSync(readmePath, 'utf8');
const wantedReadme = readmeWithDiagnosticCodes(readme, await loadDiagnosticCodes(root));
if (wantedReadme !== readme) {
  if (process.argv.includes('--write-schema')) {
    writeFileSync(readmePath, wantedReadme);
    console.log(`build: wrote the diagnostic codes in ${README_FILE} from src/diagnostic-codes.ts`);
  } else {
    console.warn(`build: ${README_FILE}'s diagnostic codes differ from src/diagnostic-codes.ts; run \`npm run build\` to rewrite them`);
  }
}

// Schema validators as standalone code. The plan's are two (scripts/plan-schema.mjs,
// runtimePlanSchemas): the plan without its production section, which every run checks, and that
// section alone, which only a production run loads (src/targets/validate.ts).
const Ajv = require('ajv').default;
const standalone = require('ajv/dist/standalone').default;
const schemas = new Map(
  readdirSync(join(root, 'schemas'))
    .filter((f) => f.endsWith('.schema.json') && f !== basename(PLAN_SCHEMA_FILE))
    .map((f) => [basename(f, '.schema.json'), JSON.parse(readFileSync(join(root, 'schemas', f), 'utf8'))]),
);
for (const [name, schema] of Object.entries(runtimePlanSchemas(planSchema))) schemas.set(name, schema);
// Ajv's options that shrink the code (allErrors: false, inlineRefs: false, code.optimize, the
// schema without its descriptions: 224 KB to 172 KB) made a --dry-run no cheaper in instructions
// (all four: 313 M against 308 M, medians of 5; README, start-up figures), so the validators keep
// every error, for the message.
for (const name of [...schemas.keys()].sort()) {
  const ajv = new Ajv({ code: { source: true, esm: true }, allErrors: true, strict: true });
  const code = standalone(ajv, ajv.compile(schemas.get(name)));
  if (/\brequire\(|from "ajv/.test(code)) throw new Error(`${name}: the validator needs Ajv at run time; avoid keywords that pull in its runtime`);
  writeFileSync(join(generated, `validate-${name}.js`), `${banner}${code}\n`);
  writeFileSync(
    join(generated, `validate-${name}.d.ts`),
    `${banner}declare const validate: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };\nexport default validate;\n`,
  );
}

if (!process.argv.includes('--generate-only')) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  // With declarations: the library's (src/index.ts) are copied from them into dist/types (scripts/bundle.mjs).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--declaration'], { stdio: 'inherit' });
  // tsc copies no .js files; the standalone validators go next to the code that imports them.
  mkdirSync(join(root, 'dist', 'generated'), { recursive: true });
  for (const file of readdirSync(generated).filter((f) => f.endsWith('.js'))) {
    writeFileSync(join(root, 'dist', 'generated', file), readFileSync(join(generated, file)));
  }
  // What the bin runs: dist/bundle, a chunk per command with V8 code caches (scripts/bundle.mjs
  // says why). dist/ module by module stays for the tests that import it.
  await (await import('./bundle.mjs')).bundle(root);
}
