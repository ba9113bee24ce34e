/**
 * The plan's JSON schema is generated from its types (src/targets/types.ts) by scripts/plan-schema.mjs.
 * Here: the committed copy users read (schemas/plan.schema.json) is what the types generate now,
 * and the schema means what it should, tried on real plans and on plans that break each rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLAN_SCHEMA_FILE, planSchemaText } from '../../scripts/plan-schema.mjs';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import validatePlan from '../../src/generated/validate-plan.js';
import { CONTAINER_PATH, KEPT_CONTAINER_PATH } from '../../src/plan/names.js';
import type { PlanOptions } from '../../src/plan/options.js';
import type { StepAction } from '../../src/plan/types.js';
import { planTargets } from '../../src/targets/plan.js';
import type { Plan } from '../../src/targets/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// `npm test` builds without rewriting the committed file (scripts/build.mjs says why), so a change
// to the types that was not followed by `npm run build` shows here, in CI too.
it(`${PLAN_SCHEMA_FILE} is what src/targets/types.ts generates`, () => {
  const committed = fs.readFileSync(path.join(root, PLAN_SCHEMA_FILE), 'utf8');
  expect(planSchemaText(root), `${PLAN_SCHEMA_FILE} is out of date with src/targets/types.ts: run \`npm run build\` and commit the file`).toBe(committed);
});

// The planner checks what it keeps from the user with these (names.ts) instead of finding out from
// the schema, as an internal error, after the plan is made: they must be the schema's own rules.
it("the planner's container-path rules are the schema's ContainerPath and KeptContainerPath", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, PLAN_SCHEMA_FILE), 'utf8')) as { definitions: Record<string, { pattern: string }> };
  expect(CONTAINER_PATH.source).toBe(new RegExp(schema.definitions.ContainerPath!.pattern).source);
  expect(KEPT_CONTAINER_PATH.source).toBe(new RegExp(schema.definitions.KeptContainerPath!.pattern).source);
});

/**
 * The schema as the pipeline applies it (the standalone validator the build compiles): every real
 * plan passes, and each kind of wrong plan fails at the place that is wrong. Plans are made with
 * analyze and plan directly, not runPipeline, which throws at the first invalid plan instead of
 * listing what is wrong.
 */
const examplesDir = path.join(root, 'examples');
const examples = fs
  .readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
type Options = Omit<PlanOptions, 'generatorVersion'>;
const variants: [string, Options][] = [
  ['no options', {}],
  ['--shared-cache', { sharedCache: true }],
  ['--read-only', { readOnly: true }],
  ['--base-image python:3.12-slim-trixie', { baseImage: 'python:3.12-slim-trixie' }],
  ['--python-from image', { pythonFrom: 'image' }],
  ['--user dev:1001:1002', { user: 'dev:1001:1002' }],
];

const plans = new Map<string, Plan>();
/** Refusals a variant meets on purpose: --base-image cannot apply to a Dockerfile of the user's (its FROM is theirs); --shared-cache refuses a configuration that runs as root. */
const DELIBERATE_REFUSALS = new Set(['base-image-with-users-dockerfile', 'shared-cache-as-root']);

function realPlan(example: string, options: Options = {}): Plan | 'refused' {
  const key = JSON.stringify([example, options]);
  const known = plans.get(key);
  if (known) return structuredClone(known);
  const analysis = analyzeRepo(openRepo(path.join(examplesDir, example)), example);
  const planned = planTargets(analysis.facts, { generatorVersion: '1.2.3-test', ...options });
  const errors = [...analysis.diagnostics, ...planned.diagnostics].filter((d) => d.level === 'error');
  if (!planned.plan && errors.length > 0 && errors.every((d) => DELIBERATE_REFUSALS.has(d.code))) return 'refused';
  if (!planned.plan) throw new Error(`examples/${example} did not plan: ${JSON.stringify([...analysis.diagnostics, ...planned.diagnostics])}`);
  plans.set(key, planned.plan);
  return structuredClone(planned.plan);
}

function mustPlan(example: string, options: Options = {}): Plan {
  const plan = realPlan(example, options);
  if (plan === 'refused') throw new Error(`examples/${example} was refused with ${JSON.stringify(options)}`);
  return plan;
}

function schemaErrors(plan: unknown): { instancePath: string; message?: string }[] {
  return validatePlan(plan) ? [] : [...(validatePlan.errors ?? [])];
}

describe.each(examples)('the real plan of examples/%s', (example) => {
  it.each(variants)('with %s passes the schema (or is refused on purpose)', (_, options) => {
    const plan = realPlan(example, options);
    if (plan !== 'refused') expect(schemaErrors(plan)).toEqual([]);
  });
});

/** A plan with most optional parts: a Compose configuration whose service gets a build, on a read-only root. */
const rich = { example: 'existing-compose', options: { readOnly: true } };
const stepOf = (plan: Plan, kind: StepAction['kind']): number => plan.steps.findIndex((s) => s.action.kind === kind);

/** Each change breaks one rule; `mutate` changes the plan and returns where the schema must object (a JSON pointer). */
const wrong: { what: string; example?: string; options?: Options; mutate: (plan: any) => string }[] = [
  // Container paths: absolute, `/`-separated names of letters, digits, `.`, `_`, `-`.
  { what: 'a container path with a space', mutate: (p) => ((p.environment.path = '/opt/uv dir'), '/environment/path') },
  { what: 'a relative container path', mutate: (p) => ((p.environment.interpreter = 'opt/uv/bin/python'), '/environment/interpreter') },
  { what: 'a container path ending in /', mutate: (p) => ((p.directories[0].path += '/'), '/directories/0/path') },
  { what: 'the root folder as a PATH entry', mutate: (p) => ((p.pathPrepend.value[0] = '/'), '/pathPrepend/value/0') },
  { what: 'a relative tmpfs mount', mutate: (p) => ((p.devcontainer.readOnlyRoot.tmpfs[0] = 'tmp'), '/devcontainer/readOnlyRoot/tmpfs/0') },
  { what: "a bare command as the editor's interpreter", mutate: (p) => ((p.devcontainer.editor.interpreterPath = 'python3'), '/devcontainer/editor/interpreterPath') },
  // Paths in the repository: relative, not climbing out, no NUL.
  { what: 'an absolute output file', mutate: (p) => ((p.devcontainer.outputs.config.file = '/etc/devcontainer.json'), '/devcontainer/outputs/config/file') },
  { what: 'an output file above the repository', mutate: (p) => ((p.devcontainer.outputs.dockerfile.file = '../Dockerfile'), '/devcontainer/outputs/dockerfile/file') },
  { what: 'an output file with a NUL', mutate: (p) => ((p.devcontainer.outputs.manifest.file = 'a\u0000b'), '/devcontainer/outputs/manifest/file') },
  { what: 'an empty output file name', mutate: (p) => ((p.devcontainer.outputs.readme.file = ''), '/devcontainer/outputs/readme/file') },
  { what: 'an absolute compose file', mutate: (p) => ((p.devcontainer.outputs.compose.file = '/compose.yaml'), '/devcontainer/outputs/compose/file') },
  // Names: environment variables, the project slug.
  { what: 'a lower-case variable name', mutate: (p) => ((p.env[0].name = 'uv_cache_dir'), '/env/0/name') },
  { what: 'a variable name starting with a digit', mutate: (p) => ((p.env[0].name = '1UV'), '/env/0/name') },
  { what: "a folder's variable with a dash", mutate: (p) => ((p.directories[0].variables[0] = 'UV-CACHE'), '/directories/0/variables/0') },
  { what: 'a slug with capitals and a space', mutate: (p) => ((p.project.slug = 'My App'), '/project/slug') },
  { what: 'a slug starting with a dash', mutate: (p) => ((p.project.slug = '-app'), '/project/slug') },
  // The container user: never root, whole numbers.
  { what: 'a negative uid', mutate: (p) => ((p.user.uid = -1), '/user/uid') },
  { what: 'a fractional gid', mutate: (p) => ((p.user.gid = 1000.5), '/user/gid') },
  { what: 'a negative uid', mutate: (p) => ((p.user.uid = -1000), '/user/uid') },
  { what: 'a fractional uid', mutate: (p) => ((p.user.uid = 1000.5), '/user/uid') },
  { what: 'a uid as a string', mutate: (p) => ((p.user.uid = '1000'), '/user/uid') },
  // Constants and closed sets.
  { what: 'schema version 2', mutate: (p) => ((p.schemaVersion = 2), '/schemaVersion') },
  { what: 'another generator', mutate: (p) => ((p.generator.name = 'other'), '/generator/name') },
  { what: 'an unknown Python provider', mutate: (p) => ((p.python.provider.value = 'system'), '/python/provider/value') },
  { what: 'an unknown folder role', mutate: (p) => ((p.directories[0].role = 'home'), '/directories/0/role') },
  { what: 'an unknown environment mode', mutate: (p) => ((p.environment.mode = 'both'), '/environment/mode') },
  { what: 'an unknown lifecycle property', mutate: (p) => ((p.devcontainer.lifecycle[0].property = 'postStartCommand'), '/devcontainer/lifecycle/0/property') },
  { what: 'an unknown lifecycle step', mutate: (p) => ((p.devcontainer.lifecycle[0].step = 'run'), '/devcontainer/lifecycle/0/step') },
  { what: 'an unknown config mode', mutate: (p) => ((p.devcontainer.outputs.config.mode = 'merge'), '/devcontainer/outputs/config/mode') },
  { what: 'an unknown Dockerfile mode', mutate: (p) => ((p.devcontainer.outputs.dockerfile.mode = 'edit'), '/devcontainer/outputs/dockerfile/mode') },
  { what: 'an unknown projects strategy', example: 'many-projects', options: {}, mutate: (p) => ((p.projects.strategy = 'in-place'), '/projects/strategy') },
  { what: 'an unknown action kind', mutate: (p) => ((p.steps[0].action = { kind: 'shell', command: 'true' }), '/steps/0/action') },
  // Text the plan shows (names, sources, reasons) has a visible character.
  { what: 'a blank project name', mutate: (p) => ((p.project.name.value = ' '), '/project/name/value') },
  { what: 'an empty reason', mutate: (p) => ((p.layout.reason = ''), '/layout/reason') },
  { what: 'a blank source', mutate: (p) => ((p.python.source = '\t'), '/python/source') },
  { what: 'a blank volume target', mutate: (p) => ((p.volume.target.value = ' '), '/volume/target/value') },
  { what: 'an empty generator version', mutate: (p) => ((p.generator.version = ''), '/generator/version') },
  { what: 'an empty uv image', mutate: (p) => ((p.uv.image = ''), '/uv/image') },
  { what: 'an empty editor extension', mutate: (p) => ((p.devcontainer.editor.extensions[0] = ''), '/devcontainer/editor/extensions/0') },
  { what: "a blank step's reason", mutate: (p) => ((p.steps[0].reason = ' '), '/steps/0/reason') },
  { what: "a blank folder's reason", mutate: (p) => ((p.directories[0].reason = ''), '/directories/0/reason') },
  { what: "a blank variable's reason", mutate: (p) => ((p.env[0].reason = ''), '/env/0/reason') },
  { what: 'an empty compose service', mutate: (p) => ((p.devcontainer.outputs.compose.service = ''), '/devcontainer/outputs/compose/service') },
  { what: 'an empty image for a compose build', mutate: (p) => ((p.devcontainer.outputs.compose.build.image = ''), '/devcontainer/outputs/compose/build/image') },
  { what: 'blank tmpfs options', mutate: (p) => ((p.devcontainer.readOnlyRoot.tmpfsOptions.value = ' '), '/devcontainer/readOnlyRoot/tmpfsOptions/value') },
  {
    what: 'an empty image to replace',
    example: 'existing-image',
    options: {},
    mutate: (p) => ((p.devcontainer.outputs.config.replaceImage.image = ''), '/devcontainer/outputs/config/replaceImage/image'),
  },
  { what: 'a blank workspace reason', example: 'uv-workspace', options: {}, mutate: (p) => ((p.workspace.reason = ' '), '/workspace/reason') },
  // Properties the type does not have, anywhere.
  { what: 'an extra property at the top', mutate: (p) => ((p.extra = true), '') },
  { what: 'an extra property in the dev container section', mutate: (p) => ((p.devcontainer.extra = true), '/devcontainer') },
  { what: 'an extra property in a decision', mutate: (p) => ((p.volume.target.note = 'x'), '/volume/target') },
  { what: 'an extra property in the python decision', mutate: (p) => ((p.python.note = 'x'), '/python') },
  { what: 'an extra property in a folder', mutate: (p) => ((p.directories[0].mode = '0755'), '/directories/0') },
  { what: 'an extra property in a check action', mutate: (p) => ((p.steps[stepOf(p, 'check')].action.args = []), `/steps/${stepOf(p, 'check')}/action`) },
  { what: 'an extra property in a compose build', mutate: (p) => ((p.devcontainer.outputs.compose.build.target = 'dev'), '/devcontainer/outputs/compose/build') },
  { what: 'an extra output', mutate: (p) => ((p.devcontainer.outputs.gitignore = { file: '.gitignore' }), '/devcontainer/outputs') },
  {
    what: 'an extra property in keepsBuild',
    example: 'existing-dockerfile',
    options: {},
    mutate: (p) => ((p.devcontainer.outputs.config.keepsBuild.image = 'x'), '/devcontainer/outputs/config/keepsBuild'),
  },
  { what: 'an extra property in the workspace', example: 'uv-workspace', options: {}, mutate: (p) => ((p.workspace.root = '.'), '/workspace') },
  // What is required is there.
  { what: 'no outputs', mutate: (p) => (delete p.devcontainer.outputs, '/devcontainer') },
  { what: 'no dev container section', mutate: (p) => (delete p.devcontainer, '') },
  { what: 'no steps', mutate: (p) => (delete p.steps, '') },
  { what: 'no gid', mutate: (p) => (delete p.user.gid, '/user') },
  { what: 'no tmpfs options', mutate: (p) => (delete p.devcontainer.readOnlyRoot.tmpfsOptions, '/devcontainer/readOnlyRoot') },
  {
    what: 'a uv-sync-each action without folders',
    example: 'many-projects',
    options: {},
    mutate: (p) => (delete p.steps[stepOf(p, 'uv-sync-each')].action.paths, `/steps/${stepOf(p, 'uv-sync-each')}/action`),
  },
  // Types of values.
  { what: 'an option that is not a word', mutate: (p) => ((p.options = [1]), '/options/0') },
  { what: "a variable's value as a number", mutate: (p) => ((p.env[0].value = 1), '/env/0/value') },
  { what: 'PATH entries as one string', mutate: (p) => ((p.pathPrepend.value = '/a:/b'), '/pathPrepend/value') },
];

describe('a plan that breaks a rule is rejected where it breaks it', () => {
  it.each(wrong)('$what', ({ example, options, mutate }) => {
    const plan = example ? mustPlan(example, options) : mustPlan(rich.example, rich.options);
    expect(schemaErrors(plan)).toEqual([]);
    const at = mutate(plan);
    const errors = schemaErrors(plan);
    expect(
      errors.map((e) => e.instancePath),
      JSON.stringify(errors),
    ).toContain(at);
  });
});

/** What the schema leaves open on purpose: optional parts may be absent, a variable's value may be empty. */
const stillValid: { what: string; mutate: (plan: any) => void }[] = [
  { what: 'no interpreter (one environment per project)', mutate: (p) => delete p.environment.interpreter },
  { what: "no editor's interpreter", mutate: (p) => delete p.devcontainer.editor.interpreterPath },
  { what: 'no compose output', mutate: (p) => delete p.devcontainer.outputs.compose },
  { what: 'no compose build', mutate: (p) => delete p.devcontainer.outputs.compose.build },
  { what: 'no read-only root', mutate: (p) => delete p.devcontainer.readOnlyRoot },
  { what: 'a variable set to the empty string', mutate: (p) => (p.env[0].value = '') },
  { what: 'no options given', mutate: (p) => (p.options = []) },
];

describe('a plan without the optional parts is valid', () => {
  it.each(stillValid)('$what', ({ mutate }) => {
    const plan = mustPlan(rich.example, rich.options);
    mutate(plan);
    expect(schemaErrors(plan)).toEqual([]);
  });
});
