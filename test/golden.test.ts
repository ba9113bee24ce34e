/**
 * Golden tests. Every folder in examples/ is a repository as a user has it (some with a
 * .devcontainer of their own). The generator runs on a copy; every file it creates or changes is
 * compared with test/golden/<case>/files/, and the plan and env output with test/golden/<case>/.
 * After an intended change: `npm run test:update-goldens`, then read the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Plan } from '../src/targets/types.js';
import { readTree, runCli, tempDir } from './helpers/cli.js';
import { dockerfileProblems, type JsonValidator, loadSpecValidator, parseJsoncStrict } from './helpers/validators.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(repoRoot, 'examples');
const goldenDir = path.join(repoRoot, 'test', 'golden');
const update = process.env.UPDATE_GOLDENS === '1';
/**
 * A case per example, run with no options; and a case per test/golden/<name>/case.json, which
 * runs an example with options (layouts that an option chooses: --shared-cache, --read-only), or
 * in a folder of it (`folder`: a workspace member, a project beside its path sources), where what
 * is above the folder decides. A case.json named after its own example replaces that example's
 * run with no options: an example the generator refuses without an option (`refusedWithout`: the
 * codes the refusal must carry, with exit 2 and nothing written) is run with it.
 */
interface GoldenCase {
  name: string;
  example: string;
  args: string[];
  /** The folder of the example the tool runs in; golden paths stay relative to the example. */
  folder?: string;
  /** The copy is the root of a repository, as a checkout is (an empty `.git` folder marks it). */
  git?: boolean;
  refusedWithout?: string[];
}
const optionCases: GoldenCase[] = fs
  .readdirSync(goldenDir)
  .filter((name) => fs.existsSync(path.join(goldenDir, name, 'case.json')))
  .map((name) => ({ name, ...(JSON.parse(fs.readFileSync(path.join(goldenDir, name, 'case.json'), 'utf8')) as Omit<GoldenCase, 'name'>) }));
const exampleCases: GoldenCase[] = fs
  .readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !optionCases.some((c) => c.name === e.name))
  .map((e) => ({ name: e.name, example: e.name, args: [] }));
const cases = [...exampleCases, ...optionCases].sort((a, b) => a.name.localeCompare(b.name));

let specValidator: JsonValidator | undefined;
beforeAll(() => {
  specValidator = loadSpecValidator();
});

function expectGolden(file: string, actual: string): void {
  if (update) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(fs.existsSync(file), `${path.relative(repoRoot, file)} is missing; run npm run test:update-goldens`).toBe(true);
  expect(actual, path.relative(repoRoot, file)).toBe(fs.readFileSync(file, 'utf8'));
}

/** A copy of the example under a folder of the same name (the name can reach the output); links stay as written (a template's `template/.devcontainer -> ../.devcontainer`). */
function copyExample(name: string): string {
  const target = path.join(tempDir(), name);
  fs.cpSync(path.join(examplesDir, name), target, { recursive: true, verbatimSymlinks: true });
  return target;
}

/** The files a run created or changed, relative path -> content. */
function changedFiles(before: Record<string, string>, after: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(after).filter(([file, content]) => before[file] !== content));
}

it('ships the cases the README promises', () => {
  expect(cases.map((c) => c.name)).toEqual(
    expect.arrayContaining([
      'uv-app',
      'uv-library',
      'uv-required-version',
      'plain-pep621',
      'existing-dockerfile',
      'existing-image',
      'existing-compose',
      'uv-workspace',
      'pip-requirements',
      'many-projects',
      'shared-cache',
      'read-only-root',
      'fastapi-fullstack-backend',
      'path-source-sibling-app',
      'compose-app-mount',
      'dockerfile-root',
      'devcontainers-python-image',
      'ubuntu-noble',
      'shared-cache-volume',
      'editor-venv-pip',
      'copier-template',
    ]),
  );
});

describe.each(cases)('example $name', ({ name, example, args, folder, git, refusedWithout }) => {
  const golden = path.join(goldenDir, name);
  const copyOf = (example: string) => {
    const repo = copyExample(example);
    if (git) fs.mkdirSync(path.join(repo, '.git'));
    return repo;
  };
  /** Where the tool runs in a copy of the example, and its files' prefix in the golden tree. */
  const inFolder = (repo: string) => (folder ? path.join(repo, folder) : repo);
  const prefix = folder ? `${folder}/` : '';

  if (refusedWithout)
    it('is refused without its options: exit 2, the codes named, nothing written', async () => {
      const repo = copyOf(example);
      const before = readTree(repo);
      const run = await runCli([inFolder(repo)]);
      expect(run.code).toBe(2);
      for (const code of refusedWithout) expect(run.stderr).toContain(`[${code}]`);
      expect(readTree(repo)).toEqual(before);
    });

  it('writes the golden files; a second run changes nothing; --check and --diff see drift', async () => {
    const repo = copyOf(example);
    const dir = inFolder(repo);
    const before = readTree(repo);
    const first = await runCli([dir, ...args]);
    expect(first.stderr).not.toMatch(/error:/);
    expect(first.code).toBe(0);
    const after = readTree(repo);
    const written = changedFiles(before, after);
    // Run in a folder, the tool reads above it and writes only inside it.
    for (const file of Object.keys(written)) expect(file.startsWith(prefix), file).toBe(true);
    if (update) fs.rmSync(path.join(golden, 'files'), { recursive: true, force: true });
    else expect(Object.keys(written).sort()).toEqual(Object.keys(readTree(path.join(golden, 'files'))).sort());
    for (const [file, content] of Object.entries(written)) expectGolden(path.join(golden, 'files', file), content);

    const second = await runCli([dir, ...args]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/^(created|updated|replaced) /m);
    expect(readTree(repo)).toEqual(after);
    expect((await runCli([dir, '--check', ...args])).code).toBe(0);
    const noDiff = await runCli([dir, '--diff', ...args]);
    expect([noDiff.code, noDiff.stdout]).toEqual([0, '']);

    fs.appendFileSync(path.join(dir, '.devcontainer', 'check-uv-layout.sh'), '# a local edit\n');
    const drift = await runCli([dir, '--check', ...args]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/\.devcontainer\/check-uv-layout\.sh: differs/);
    const diff = await runCli([dir, '--diff', ...args]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^-# a local edit$/m);
  });

  it('matches the committed plan and env output', async () => {
    const dir = inFolder(copyOf(example));
    const plan = await runCli(['plan', dir, '--json', ...args]);
    expect(plan.code).toBe(0);
    expectGolden(path.join(golden, 'plan.json'), plan.stdout);
    const env = await runCli(['env', dir, '--format', 'sh', ...args]);
    expect(env.code).toBe(0);
    expectGolden(path.join(golden, 'env.sh'), env.stdout);
  });

  it('every written file is valid: spec schema, Dockerfile parser, YAML', () => {
    const files = readTree(path.join(golden, 'files'));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const [file, text] of Object.entries(files)) {
      if (file.endsWith('devcontainer.json')) {
        const config = parseJsoncStrict(text);
        if (specValidator) expect(specValidator(config), file).toEqual([]);
      } else if (/Dockerfile$/.test(file)) {
        expect(dockerfileProblems(text), file).toEqual([]);
      } else if (/\.ya?ml$/.test(file)) {
        expect(parseDocument(text).errors, file).toEqual([]);
      }
    }
  });

  it('puts every directory uv writes under the one mount target, and mounts it once', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(golden, 'plan.json'), 'utf8')) as Plan;
    const target = plan.volume.target.value;
    for (const dir of plan.directories) expect(dir.path.startsWith(`${target}/`), dir.path).toBe(true);
    const final = { ...readTree(path.join(examplesDir, example)), ...readTree(path.join(golden, 'files')) };
    const config = parseJsoncStrict(final[`${prefix}.devcontainer/devcontainer.json`]!) as { mounts?: unknown[]; containerEnv: Record<string, string> };
    const mountsHere = JSON.stringify(config.mounts ?? []).split(`"target":"${target}"`).length - 1;
    const mountsInCompose = plan.devcontainer.outputs.compose ? (final[`${prefix}${plan.devcontainer.outputs.compose.file}`]!.match(new RegExp(`:${target}\\b`, 'g')) ?? []).length : 0;
    expect(mountsHere + mountsInCompose).toBe(1);
    for (const variable of ['UV_CACHE_DIR', 'UV_PROJECT_ENVIRONMENT', 'UV_PYTHON_INSTALL_DIR', 'UV_TOOL_DIR', 'TMPDIR', 'VIRTUAL_ENV']) {
      const value = config.containerEnv[variable];
      // A value the user set is kept (and reported); every value the plan sets is under the target.
      // (A folder of projects sets no UV_PROJECT_ENVIRONMENT or VIRTUAL_ENV: uv keeps one per project.)
      if (value !== undefined && value === plan.env.find((v) => v.name === variable)?.value) expect(value, variable).toMatch(new RegExp(`^${target}/`));
    }
  });

  it("keeps the user's own files: every comment and top-level key survives", () => {
    const original = readTree(path.join(examplesDir, example));
    const written = readTree(path.join(goldenDir, name, 'files'));
    for (const [file, before] of Object.entries(original)) {
      const after = written[file];
      if (after === undefined) continue;
      for (const comment of before
        .split('\n')
        .map((l) => l.match(/(\/\/|#) ?(.*)$/)?.[2]?.trim())
        .filter(Boolean)) {
        expect(after, `${file} lost a comment`).toContain(comment);
      }
      if (file.endsWith('.json')) {
        const keysBefore = Object.keys(parseJsoncStrict(before) as object).filter((k) => k !== 'image');
        expect(Object.keys(parseJsoncStrict(after) as object), file).toEqual(expect.arrayContaining(keysBefore));
      }
    }
  });
});
