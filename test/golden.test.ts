/**
 * Golden tests: every folder in examples/ is a small repository whose committed .devcontainer/ is
 * the expected output, and test/golden/<case>/ holds the expected plan and env output.
 * After an intended change: `npm run test:update-goldens`, then read the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyExample, readTree, runCli } from './helpers/cli.js';
import { dockerfileProblems, loadSpecValidator, parseJsoncStrict, type JsonValidator } from './helpers/validators.js';
import type { Plan } from '../src/plan/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(repoRoot, 'examples');
const goldenDir = path.join(repoRoot, 'test', 'golden');
const update = process.env.UPDATE_GOLDENS === '1';
const cases = fs.readdirSync(examplesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

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
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

it('ships at least the four cases the README promises', () => {
  expect(cases).toEqual(expect.arrayContaining(['uv-app', 'uv-library', 'uv-required-version', 'plain-pep621']));
});

describe.each(cases)('example %s', (name) => {
  const example = path.join(examplesDir, name);

  it('generates the committed .devcontainer, and a second run changes nothing', async () => {
    const repo = copyExample(example);
    const first = await runCli([repo]);
    expect(first.stderr).not.toMatch(/error:/);
    expect(first.code).toBe(0);
    const generated = readTree(path.join(repo, '.devcontainer'));
    expect(Object.keys(generated).sort()).toEqual(['Dockerfile', 'check-uv-layout.sh', 'devcontainer.json']);
    for (const [file, content] of Object.entries(generated)) expectGolden(path.join(example, '.devcontainer', file), content);

    const mtimes = Object.keys(generated).map((f) => fs.statSync(path.join(repo, '.devcontainer', f)).mtimeMs);
    const second = await runCli([repo]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/unchanged \.devcontainer\/devcontainer\.json/);
    expect(readTree(path.join(repo, '.devcontainer'))).toEqual(generated);
    expect(Object.keys(generated).map((f) => fs.statSync(path.join(repo, '.devcontainer', f)).mtimeMs)).toEqual(mtimes);

    expect((await runCli([repo, '--check'])).code).toBe(0);
    fs.appendFileSync(path.join(repo, '.devcontainer', 'Dockerfile'), '# a local edit\n');
    const drift = await runCli([repo, '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/\.devcontainer\/Dockerfile: differs/);
  });

  it('matches the committed plan and env output', async () => {
    const repo = copyExample(example);
    const plan = await runCli(['plan', repo, '--json']);
    expect(plan.code).toBe(0);
    expectGolden(path.join(goldenDir, name, 'plan.json'), plan.stdout);
    const env = await runCli(['env', repo, '--format', 'sh']);
    expect(env.code).toBe(0);
    expectGolden(path.join(goldenDir, name, 'env.sh'), env.stdout);
  });

  it('writes a devcontainer.json that is valid JSONC and valid against the spec schema', () => {
    const text = fs.readFileSync(path.join(example, '.devcontainer', 'devcontainer.json'), 'utf8');
    const config = parseJsoncStrict(text);
    if (specValidator) expect(specValidator(config)).toEqual([]);
  });

  it('writes a Dockerfile that a real Dockerfile parser accepts', () => {
    const text = fs.readFileSync(path.join(example, '.devcontainer', 'Dockerfile'), 'utf8');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  it('puts every directory uv writes under the one mount target', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(goldenDir, name, 'plan.json'), 'utf8')) as Plan;
    const target = plan.volume.target.value;
    const config = parseJsoncStrict(fs.readFileSync(path.join(example, '.devcontainer', 'devcontainer.json'), 'utf8')) as {
      mounts: { target: string; type: string }[];
      containerEnv: Record<string, string>;
    };
    expect(config.mounts.filter((m) => m.type === 'volume').map((m) => m.target)).toEqual([target]);
    for (const variable of ['UV_CACHE_DIR', 'UV_PROJECT_ENVIRONMENT', 'UV_PYTHON_INSTALL_DIR', 'UV_PYTHON_CACHE_DIR', 'UV_PYTHON_BIN_DIR', 'UV_TOOL_DIR', 'UV_TOOL_BIN_DIR', 'TMPDIR', 'VIRTUAL_ENV']) {
      expect(config.containerEnv[variable], variable).toMatch(new RegExp(`^${target}/`));
    }
  });
});
