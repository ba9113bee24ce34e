/**
 * Fuzz class: the production target's outputs for generated repositories (a project's name, its
 * console scripts, --image, --port, --command, --with-uv, the mount target). The properties, for
 * every case that is not refused with a production diagnostic: kubernetes.yaml mounts one volume
 * once, never with subPath, and always sets readOnlyRootFilesystem; every name there is an RFC 1123
 * label (and the Service's an RFC 1035 one); the image is a valid reference and reads back as given;
 * compose.yaml is read-only with the one volume; the Dockerfile parses, with the command as given
 * in an exec-form CMD; the plan keeps its schema. One real repository is analyzed once; each case
 * varies its facts and options in memory, so 1,000 cases take seconds.
 */

import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { openRepo } from '../../src/analyze/repo-reader.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { type PipelineOk, planRepository } from '../../src/pipeline.js';
import { slugify } from '../../src/plan/names.js';
import type { Plan } from '../../src/plan/types.js';
import { assertValidPlan } from '../../src/plan/validate.js';
import { renderProductionDockerfile } from '../../src/targets/production/dockerfile.js';
import { renderCompose, renderKubernetes } from '../../src/targets/production/manifests.js';
import { planProduction } from '../../src/targets/production/plan.js';
import { makeRepo } from '../helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const tally = fuzzTally();
let base: PipelineOk;

beforeAll(() => {
  const dir = makeRepo({
    'pyproject.toml': '[project]\nname = "base"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = []\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    'uv.lock': 'version = 1\n',
    '.python-version': '3.12\n',
  });
  const result = planRepository(openRepo(dir), { given: { generatorVersion: '0.0.0-fuzz' }, forget: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  base = result;
});

/** RFC 1123 label: what every name in a pod spec must be; RFC 1035 (a letter first) for a Service. */
const RFC1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,90}$/),
  fc.constantFrom('no', 'yes', 'on', 'off', 'null', '1e3', '0x1F', '8000:8000', '-', '9lives', 'a'.repeat(70), 'Ünïcødé', 'x\ny', '${HOME}', "it's"),
);
const image = fc.option(
  fc.oneof({ arbitrary: fc.string({ maxLength: 40 }), weight: 1 }, { arbitrary: fc.stringMatching(/^([a-z0-9.-]+(:[0-9]{1,5})?\/)?[a-z0-9]+([._-][a-z0-9]+)*(:[\w][\w.-]{0,20})?$/), weight: 4 }),
  { nil: undefined, freq: 2 },
);
const port = fc.option(
  fc.oneof({ arbitrary: fc.integer({ min: 1, max: 65535 }).map(String), weight: 4 }, { arbitrary: fc.oneof(fc.integer({ min: -5, max: 70000 }).map(String), fc.string({ maxLength: 6 })), weight: 1 }),
  { nil: undefined, freq: 2 },
);
const command = fc.option(fc.oneof(fc.string({ maxLength: 30 }), hostile), { nil: undefined });

it(`production outputs: one volume once, no subPath, read-only root, valid names and images (${FUZZ_RUNS} cases)`, () => {
  fc.assert(
    fc.property(hostile, fc.array(hostile, { maxLength: 3 }), image, port, command, fc.boolean(), fc.constantFrom('/opt/uv', '/var/lib/app'), (name, scripts, img, prt, cmd, withUv, target) => {
      const plan: Plan = structuredClone(base.plan);
      const facts = structuredClone(base.facts);
      const slug = slugify(name.toLowerCase().replace(/[-_.]+/g, '-')) || 'project';
      plan.project = { name: { value: name.trim() || 'x', source: 'pyproject.toml', reason: 'fuzz' }, slug };
      plan.volume.target = { value: target, source: 'fuzz', reason: 'fuzz' };
      facts.pyproject!.scripts = scripts;
      const diagnostics: Diagnostic[] = [];
      const section = planProduction({ plan, facts, projectPath: '.' }, { image: img, port: prt, command: cmd, withUv }, diagnostics);
      if (!section) {
        const errors = diagnostics.filter((d) => d.level === 'error');
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e.code).toMatch(/^production-/);
        tally.count('production', `exit 2 (${errors[0]!.code})`);
        return;
      }
      const full: Plan = { ...plan, production: section };
      assertValidPlan(full);
      checkKubernetes(renderKubernetes(full), full);
      checkCompose(renderCompose(full), full);
      checkDockerfile(renderProductionDockerfile(full), full);
      tally.count('production', 'written');
    }),
    fuzzSettings,
  );
  expect(tally.total('production')).toBe(FUZZ_RUNS);
}, 60_000);

function checkKubernetes(text: string, plan: Plan): void {
  const docs = parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
  const p = plan.production!;
  for (const doc of docs) {
    expect(doc.metadata.name).toMatch(doc.kind === 'Service' ? RFC1035 : RFC1123);
    expect(doc.metadata.name.length).toBeLessThanOrEqual(63);
    for (const value of Object.values(doc.metadata.labels as Record<string, string>)) expect(value).toMatch(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/);
  }
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  expect(pod.volumes).toHaveLength(1);
  expect(pod.securityContext.runAsNonRoot).toBe(true);
  for (const container of pod.containers) {
    expect(container.name).toMatch(RFC1123);
    expect(container.image).toBe(p.image.value);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.volumeMounts).toHaveLength(1);
    for (const mount of container.volumeMounts) {
      expect(mount).not.toHaveProperty('subPath');
      expect(mount).not.toHaveProperty('subPathExpr');
      expect(mount.name).toBe(pod.volumes[0].name);
    }
  }
  expect(docs.some((d) => d.kind === 'Service')).toBe(p.port !== undefined);
}

function checkCompose(text: string, plan: Plan): void {
  const compose = parse(text);
  const services = Object.values(compose.services) as Record<string, unknown>[];
  expect(services).toHaveLength(1);
  expect(services[0]).toMatchObject({ read_only: true, user: '10001:10001', image: plan.production!.image.value, volumes: [`writable:${plan.production!.volume.target.value}`] });
  expect(Object.keys(compose.volumes)).toEqual(['writable']);
}

function checkDockerfile(text: string, plan: Plan): void {
  const dockerfile = DockerfileParser.parse(text);
  expect(dockerfile.getFROMs()).toHaveLength(3);
  const cmd = dockerfile.getCMDs().at(-1)!;
  expect(JSON.parse(cmd.getRawArgumentsContent()!)).toEqual(plan.production!.command.value);
  expect(
    dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'USER')
      .map((i) => i.getRawArgumentsContent()),
  ).toEqual(['10001:10001']);
}

/** A folder name as repositories have them, hostile ones included: spaces, commas, `=`, quotes, dots, unicode. */
const folderName = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[A-Za-z0-9 ,=.'"$\u00e9_-]{1,12}$/), weight: 1 });
/** A PEP 508 name for a member (uv refuses others; the analyzer says so). */
const packageName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

it(`production of generated workspaces: every bind mount names a file or folder of the repository, never by subPath (${FUZZ_RUNS} cases)`, () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(folderName, packageName, fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { maxLength: 2 })), {
        minLength: 1,
        maxLength: 4,
        selector: ([folder]) => folder.toLowerCase(),
      }),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      (members, virtualRoot, pick) => {
        const files: Record<string, string> = {
          'pyproject.toml': `${virtualRoot ? '' : '[project]\nname = "root-app"\nversion = "1"\nrequires-python = ">=3.12"\n\n'}[tool.uv.workspace]\nmembers = ${JSON.stringify(members.map(([folder]) => `m/${folder}`))}\n`,
          'uv.lock': 'version = 1\n',
          '.python-version': '3.12\n',
        };
        for (const [folder, name, scripts] of members) {
          const table = scripts.length > 0 ? `\n[project.scripts]\n${scripts.map((s, i) => `${JSON.stringify(s)} = "m${i}:main"`).join('\n')}\n` : '';
          files[`m/${folder}/pyproject.toml`] =
            `[project]\nname = "${name}"\nversion = "1"\nrequires-python = ">=3.12"\n${table}\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`;
        }
        const pkg = pick === undefined ? undefined : members[pick % members.length]![1];
        const core = planRepository(new MemoryRepo(files, '/memory/ws'), { given: { generatorVersion: '0.0.0-fuzz' }, forget: [] });
        if (!core.ok) {
          tally.count('workspaces', `core refused (${core.diagnostics.find((d) => d.level === 'error')?.code})`);
          return;
        }
        const diagnostics: Diagnostic[] = [];
        const section = planProduction({ plan: core.plan, facts: core.facts, projectPath: '.' }, { command: 'serve', ...(pkg ? { package: pkg } : {}) }, diagnostics);
        if (!section) {
          const errors = diagnostics.filter((d) => d.level === 'error');
          expect(errors.length).toBeGreaterThan(0);
          tally.count('workspaces', `exit 2 (${errors[0]!.code})`);
          return;
        }
        const full: Plan = { ...core.plan, production: section };
        assertValidPlan(full);
        const text = renderProductionDockerfile(full);
        // Every --mount flag is key=value pairs of BuildKit's own keys, and a bind's source is in the repository.
        for (const flag of text.match(/--mount=\S+/g) ?? []) {
          const pairs = flag.slice('--mount='.length).split(',');
          for (const pair of pairs) expect(pair).toMatch(/^(type=(cache|bind)|target=\/[A-Za-z0-9._/-]+|source=[A-Za-z0-9._/-]+|rw)$/);
          const source = pairs.find((p) => p.startsWith('source='))?.slice('source='.length);
          if (source !== undefined) expect(source in files || Object.keys(files).some((f) => f.startsWith(`${source}/`))).toBe(true);
        }
        checkKubernetes(renderKubernetes(full), full);
        tally.count('workspaces', pkg ? 'written (--package)' : 'written (every member)');
      },
    ),
    fuzzSettings,
  );
  expect(tally.total('workspaces')).toBe(FUZZ_RUNS);
}, 120_000);
