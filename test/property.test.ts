import fc from 'fast-check';
import { type ParseError, parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../src/analyze/analyze.js';
import { hasErrors } from '../src/diagnostics.js';
import { type PlanOptions, planTargets } from '../src/targets/plan.js';
import { renderTargets } from '../src/targets/render.js';
import type { Plan } from '../src/targets/types.js';
import { MemoryRepo } from './helpers/memory-repo.js';
import { reachedCounter } from './helpers/reached.js';
import { loadSpecValidator } from './helpers/validators.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? (process.env.CI === 'true' ? 1000 : 150));
const specValidator = loadSpecValidator();

// ---- Arbitraries -------------------------------------------------------------------------------

const nameChars = fc.constantFrom('a', 'Z', '0', '-', '_', '.', ' ', 'é', 'ß', '中', '🚀', '$', "'", '"', '\\', '/', ':', ';', '*', '`');
const name = fc.array(nameChars, { minLength: 1, maxLength: 30 }).map((a) => a.join(''));
const tomlString = (s: string) => JSON.stringify(s);

const pyproject = fc.record({
  name: fc.option(name, { nil: undefined }),
  requiresPython: fc.option(fc.constantFrom('>=3.9', '>=3.11', '>=3.10,<3.13', '~=3.12', '==3.13.*', '>=3.15'), { nil: undefined }),
  requiredVersion: fc.option(fc.constantFrom('>=0.5', '>=0.8,<0.9', '==0.10.2', '0.11.3', '>=0.12'), { nil: undefined }),
  managed: fc.option(fc.boolean(), { nil: undefined }),
});

const comment = fc.constantFrom('// keep me', '// owner: platform team', '/* block comment */', '// URLs like https://x/y stay');
const userMount = fc.oneof(
  fc.constant('source=history,target=/commandhistory,type=volume'),
  fc.constant({ source: 'old-uv', target: '/opt/uv', type: 'volume' }),
  fc.constant('type=bind,source=/tmp,target=/host-tmp'),
);
const command = fc.oneof(fc.constant('make setup'), fc.constant(['bash', '-c', 'echo hi']), fc.constant({ docs: 'mkdocs build' }));
const existingConfig = fc.record({
  kind: fc.constantFrom('image', 'dockerfile', 'compose'),
  indent: fc.constantFrom('\t', '  ', '    '),
  comments: fc.array(comment, { maxLength: 3 }),
  extras: fc.record(
    {
      forwardPorts: fc.constant([8000]),
      features: fc.constant({ 'ghcr.io/devcontainers/features/github-cli:1': {} }),
      remoteUser: fc.constantFrom('vscode', 'dev', 'root', 'Bad User'),
      mounts: fc.array(userMount, { maxLength: 2 }),
      containerEnv: fc.dictionary(fc.constantFrom('APP_ENV', 'UV_LINK_MODE', 'UV_CACHE_DIR', 'PIP_INDEX_URL'), fc.constantFrom('x', 'copy', '/home/vscode/.cache/uv')),
      postCreateCommand: command,
      onCreateCommand: command,
      customizations: fc.constant({ vscode: { extensions: ['charliermarsh.ruff'], settings: { 'editor.formatOnSave': true } } }),
    },
    { requiredKeys: [] },
  ),
});

/** Folder names for workspace members and sub-projects: plain, spaced, quoted, accented, dashed. */
const folderName = fc.constantFrom('core', 'api', 'web-ui', 'my pkg', "it's", 'x_y', 'Café', '-P', '$(x)');
const member = fc.record({
  folder: folderName,
  name: fc.option(name, { nil: undefined }),
  requiresPython: fc.option(fc.constantFrom('>=3.10', '<3.13', '>=3.12', '~=3.11'), { nil: undefined }),
});
const subProject = fc.record({ folder: folderName, name: fc.option(name, { nil: undefined }), lock: fc.boolean(), pythonVersion: fc.option(fc.constantFrom('3.12', '3.11'), { nil: undefined }) });

/**
 * The repository's layout (README "Every layout"): one project (the pyproject arbitrary), a uv
 * workspace with members under packages/, a folder of several projects, or no uv markers at all.
 */
const layout = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('single' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('workspace' as const),
      virtualRoot: fc.boolean(),
      members: fc.uniqueArray(member, { maxLength: 3, selector: (m) => m.folder }),
      exclude: fc.option(fc.constantFrom('packages/core', 'packages/[!a]*', 'packages/*i*'), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('projects' as const), projects: fc.uniqueArray(subProject, { minLength: 1, maxLength: 3, selector: (p) => p.folder }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('requirements' as const),
      files: fc.subarray(['requirements.txt', 'requirements-dev.txt', 'requirements_test.txt', 'requirements.in', 'requirements-dev.in']),
      setupPy: fc.boolean(),
      runtimeTxt: fc.option(fc.constantFrom('python-3.12.4', 'python-3.11', 'python3'), { nil: undefined }),
      others: fc.subarray(['Pipfile', 'poetry.lock', 'pdm.lock']),
      toolOnlyPyproject: fc.boolean(),
    }),
  },
);

type ArbitraryValue<A> = A extends fc.Arbitrary<infer T> ? T : never;

interface Case {
  folder: string;
  layout: ArbitraryValue<typeof layout>;
  pyproject: ArbitraryValue<typeof pyproject>;
  pythonVersion?: string;
  lock: boolean;
  config?: ArbitraryValue<typeof existingConfig>;
  force: boolean;
  options: Partial<PlanOptions>;
}

const repoCase: fc.Arbitrary<Case> = fc.record({
  folder: name,
  layout,
  pyproject,
  pythonVersion: fc.option(fc.constantFrom('3.12', '3.13.1', 'pypy@3.10', '3.11'), { nil: undefined }),
  lock: fc.boolean(),
  config: fc.option(existingConfig, { nil: undefined }),
  force: fc.boolean(),
  options: fc.record(
    {
      mountTarget: fc.constantFrom('/opt/uv', '/uv', '/srv/uv-data'),
      volume: fc.constantFrom('uv-x', 'shared.uv'),
      baseImage: fc.constantFrom('python:3.12-slim', 'docker.io/library/python:3.13', 'debian:trixie-slim'),
      readOnly: fc.boolean(),
      sharedCache: fc.boolean(),
      pythonFrom: fc.constantFrom('uv-managed' as const, 'image' as const),
      // Older pins read fewer variables and have fewer Pythons (src/plan/uv-capabilities.ts).
      uvVersion: fc.constantFrom('0.4.30', '0.8.24', '0.11.25', '0.99.0'),
    },
    { requiredKeys: [] },
  ),
});

const LOCK = 'version = 1\nrevision = 3\nrequires-python = ">=3.9"\n';

/** A `[project]` table. */
const projectTable = (projectName: string | undefined, requiresPython: string | undefined) => [
  '[project]',
  ...(projectName !== undefined ? [`name = ${tomlString(projectName)}`] : []),
  ...(requiresPython ? [`requires-python = ${tomlString(requiresPython)}`] : []),
];

/** Writes a case's layout as repository files: the root pyproject.toml (if any) and what goes beside or below it. */
function layoutFiles(c: Case): Record<string, string> {
  const p = c.pyproject;
  const uvTable = ['[tool.uv]', ...(p.requiredVersion ? [`required-version = ${tomlString(p.requiredVersion)}`] : []), ...(p.managed !== undefined ? [`managed = ${p.managed}`] : [])];
  const l = c.layout;
  switch (l.kind) {
    case 'single':
      return { 'pyproject.toml': [...projectTable(p.name, p.requiresPython), ...uvTable, ''].join('\n'), ...(c.lock ? { 'uv.lock': LOCK } : {}) };
    case 'workspace': {
      const files: Record<string, string> = {
        'pyproject.toml': [
          ...(l.virtualRoot ? [] : projectTable(p.name, p.requiresPython)),
          ...uvTable,
          '[tool.uv.workspace]',
          'members = ["packages/*"]',
          ...(l.exclude ? [`exclude = [${tomlString(l.exclude)}]`] : []),
          '',
        ].join('\n'),
        ...(c.lock ? { 'uv.lock': LOCK } : {}),
      };
      for (const m of l.members) files[`packages/${m.folder}/pyproject.toml`] = [...projectTable(m.name, m.requiresPython), ''].join('\n');
      return files;
    }
    case 'projects': {
      const files: Record<string, string> = {};
      for (const sub of l.projects) {
        files[`${sub.folder}/pyproject.toml`] = [...projectTable(sub.name, undefined), ''].join('\n');
        if (sub.lock) files[`${sub.folder}/uv.lock`] = LOCK;
        if (sub.pythonVersion) files[`${sub.folder}/.python-version`] = `${sub.pythonVersion}\n`;
      }
      return files;
    }
    case 'requirements': {
      const files: Record<string, string> = {};
      for (const f of [...l.files, ...l.others]) files[f] = '';
      for (const f of l.files) files[f] = 'httpx>=0.27\n';
      if (l.setupPy) files['setup.py'] = 'from setuptools import setup\nsetup()\n';
      if (l.runtimeTxt) files['runtime.txt'] = `${l.runtimeTxt}\n`;
      if (l.toolOnlyPyproject) files['pyproject.toml'] = '[tool.ruff]\nline-length = 100\n';
      return files;
    }
  }
}

/** Writes a case as repository files, with the user's JSONC rendered with comments and their indentation. */
function filesOf(c: Case): Record<string, string> {
  const files = layoutFiles(c);
  if (c.pythonVersion) files['.python-version'] = `${c.pythonVersion}\n`;
  if (c.config) {
    const { kind, indent, comments, extras } = c.config;
    const body: Record<string, unknown> = { ...extras };
    if (kind === 'image') body.image = 'mcr.microsoft.com/devcontainers/base:trixie';
    if (kind === 'dockerfile') {
      body.build = { dockerfile: 'Dockerfile' };
      files['.devcontainer/Dockerfile'] = '# Ours.\nFROM debian:trixie\nRUN echo team\n';
    }
    if (kind === 'compose') {
      body.dockerComposeFile = 'compose.yaml';
      body.service = 'app';
      body.workspaceFolder = '/workspace';
      delete body.mounts;
      files['.devcontainer/compose.yaml'] = '# Stack.\nservices:\n  app:\n    image: debian:trixie # base\n    volumes:\n      - ..:/workspace:cached\n';
    }
    const json = JSON.stringify(body, null, indent);
    // A comment on its own line after the opening brace, one per comment.
    files['.devcontainer/devcontainer.json'] = json.replace('{', `{\n${comments.map((k: string) => `${indent}${k}`).join('\n')}`);
  }
  return files;
}

interface Run {
  plan?: Plan;
  files: Record<string, string>;
  errors: boolean;
}

/** analyze -> plan -> render over the in-memory repository; the result applied as a new file map. */
function run(files: Record<string, string>, c: Case): Run {
  const reader = new MemoryRepo(files);
  const analysis = analyzeRepo(reader, c.folder);
  if (hasErrors(analysis.diagnostics)) return { files, errors: true };
  const planned = planTargets(analysis.facts, { generatorVersion: '0.0.0-test', ...c.options });
  // The planner may return a plan beside an error (poetry-metadata, pyproject-no-project); the CLI stops there.
  if (!planned.plan || hasErrors(planned.diagnostics)) return { files, errors: true };
  const rendering = renderTargets(planned.plan, analysis.facts.devcontainer, c.force);
  if (hasErrors(rendering.diagnostics)) return { plan: planned.plan, files, errors: true };
  const next = { ...files };
  for (const f of rendering.files) next[f.path] = f.content;
  return { plan: planned.plan, files: next, errors: false };
}

function parseStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false });
  if (errors.length) throw new Error(`invalid JSONC: ${JSON.stringify(errors)}`);
  return value;
}

const settings = { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261121) };
// The share of cases that must get past a refusal to the assertions (about 29% do at seed 20261121:
// most generated repositories are refused); REACHED_PRINT=1 prints each count.
const MIN_REACHED = 0.15;

// Thousands of cases take longer than vitest's default 5 s per test.
describe(`properties (${RUNS} cases each)`, { timeout: 300_000 }, () => {
  it('no unhandled exception, for any repository and configuration', () => {
    fc.assert(
      fc.property(repoCase, (c) => void run(filesOf(c), c)),
      settings,
    );
  });

  it('devcontainer.json is always valid JSONC and valid against the spec schema', () => {
    const cases = reachedCounter('valid devcontainer.json');
    fc.assert(
      fc.property(repoCase, (c) => {
        cases.tried();
        const result = run(filesOf(c), c);
        if (result.errors) return;
        cases.reached();
        const config = parseStrict(result.files['.devcontainer/devcontainer.json']!);
        if (specValidator) expect(specValidator(config)).toEqual([]);
      }),
      settings,
    );
    cases.expectAtLeast(MIN_REACHED);
  });

  it('cache, environment and every uv folder are under the one mount target', () => {
    const planned = new Set<string>();
    const cases = reachedCounter('one mount target');
    fc.assert(
      fc.property(repoCase, (c) => {
        cases.tried();
        const { plan, errors } = run(filesOf(c), c);
        if (errors || !plan) return;
        cases.reached();
        planned.add(c.layout.kind);
        const target = plan.volume.target.value;
        for (const d of plan.directories) expect(d.path.startsWith(`${target}/`)).toBe(true);
        for (const v of plan.env) if (v.value.startsWith('/')) expect(v.value.startsWith(`${target}/`)).toBe(true);
        // No tmpfs of a read-only root may hide the volume or hold it.
        for (const tmpfs of plan.devcontainer.readOnlyRoot?.tmpfs ?? []) expect(target === tmpfs || target.startsWith(`${tmpfs}/`) || tmpfs.startsWith(`${target}/`)).toBe(false);
        const env = Object.fromEntries(plan.env.map((v) => [v.name, v.value]));
        if (c.layout.kind === 'projects') {
          // uv keeps each project's environment inside its cache: the same mount by construction.
          expect(plan.environment.mode).toBe('per-project');
          expect(env.UV_PROJECT_ENVIRONMENT).toBeUndefined();
          expect(env.VIRTUAL_ENV).toBeUndefined();
          expect(plan.environment.path.startsWith(`${env.UV_CACHE_DIR}/`)).toBe(true);
        } else {
          expect(env.UV_PROJECT_ENVIRONMENT).toBe(plan.environment.path);
          expect(env.VIRTUAL_ENV).toBe(plan.environment.path);
        }
      }),
      settings,
    );
    cases.expectAtLeast(MIN_REACHED);
    // Every layout reached a plan in some case, so none of the properties is empty for it.
    expect([...planned].sort()).toEqual(['projects', 'requirements', 'single', 'workspace']);
  });

  it("the user's keys and comments survive", () => {
    const cases = reachedCounter("the user's keys and comments");
    fc.assert(
      fc.property(
        repoCase.filter((c) => c.config !== undefined),
        (c) => {
          cases.tried();
          const before = filesOf(c);
          const result = run(before, c);
          if (result.errors) return;
          cases.reached();
          for (const file of ['.devcontainer/devcontainer.json', '.devcontainer/compose.yaml', '.devcontainer/Dockerfile']) {
            const original = before[file];
            if (original === undefined) continue;
            const after = result.files[file]!;
            for (const comment of original.match(/(\/\/[^\n]*|\/\*.*?\*\/|#[^\n]*)/g) ?? []) expect(after).toContain(comment.replace(/^#\s*/, '').trim());
          }
          const userKeys = Object.keys(JSON.parse(before['.devcontainer/devcontainer.json']!.replace(/\/\/[^\n]*|\/\*.*?\*\//g, '')) as object).filter((k) => k !== 'image');
          expect(Object.keys(parseStrict(result.files['.devcontainer/devcontainer.json']!) as object)).toEqual(expect.arrayContaining(userKeys));
        },
      ),
      settings,
    );
    cases.expectAtLeast(MIN_REACHED);
  });

  it('running twice equals running once, byte for byte', () => {
    const cases = reachedCounter('running twice');
    fc.assert(
      fc.property(repoCase, (c) => {
        cases.tried();
        const once = run(filesOf(c), c);
        if (once.errors) return;
        cases.reached();
        const twice = run(once.files, c);
        expect(twice.errors).toBe(false);
        expect(twice.files).toEqual(once.files);
      }),
      settings,
    );
    cases.expectAtLeast(MIN_REACHED);
  });
});
