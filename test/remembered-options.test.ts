/**
 * The options of a run are remembered in the manifest, as copier keeps its answers: a later run
 * without options (and `--check`, `--diff`, `plan`, `explain`, `env`) uses them, an option given
 * replaces its value, a boolean's negation turns it off, and `--forget NAME` drops one. For every
 * option of the table (src/plan/options.ts): run with it, then a plain run changes nothing and a
 * plain `--check` passes. Through the CLI, on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_OPTION_KEYS, PLAN_OPTIONS, type PlanOptionKey } from '../src/plan/options.js';
import { shellCommand } from '../src/render/quote.js';
import type { Plan } from '../src/targets/types.js';
import { makeRepo, readTree, runCli } from './helpers/cli.js';

const PYPROJECT = `[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.11"

[project.optional-dependencies]
dev = ["pytest"]
docs = ["mkdocs"]

[dependency-groups]
dev = ["ruff"]
lint = ["ruff"]
`;
const MANIFEST = '.devcontainer/gen-devcontainer.manifest.json';

/** A value of every plan option, as a user would give it: the compiler asks for one when an option is added. */
const VALUES: Record<PlanOptionKey, string[]> = {
  python: ['3.12'],
  uvVersion: ['0.8.24'],
  user: ['dev:1001'],
  baseImage: ['mcr.microsoft.com/devcontainers/base:bookworm'],
  volume: ['my-uv'],
  mountTarget: ['/opt/cache'],
  sharedCache: [],
  readOnly: [],
  pythonFrom: ['uv-managed'],
  extra: ['dev', '--extra', 'docs'],
  allExtras: [],
  group: ['lint'],
  allGroups: [],
  caBundle: ['${localEnv:SSL_CERT_FILE}'],
  noDev: [],
  noEditorTools: [],
};

async function planOf(repo: string, ...args: string[]): Promise<Plan> {
  const run = await runCli(['plan', '--json', repo, ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Plan;
}

describe('every option is remembered: after a run with it, a plain run changes nothing and a plain --check passes', () => {
  it.each(PLAN_OPTION_KEYS)('%s', async (key) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    const words = [`--${PLAN_OPTIONS[key].flag}`, ...VALUES[key]];
    const first = await runCli([repo, ...words]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Options: ${shellCommand(words)} (recorded in ${MANIFEST}`);
    const written = readTree(repo);
    const plain = await runCli([repo]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toMatch(/^(created|updated) /m);
    expect(plain.stderr).toContain(`options remembered from the last run (${MANIFEST}): ${words.join(' ')}`);
    expect(readTree(repo)).toEqual(written);
    const check = await runCli([repo, '--check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect((await runCli([repo, '--diff'])).code).toBe(0);
    expect((await planOf(repo)).options).toEqual(words);
    // The header says how to regenerate, options included, whether or not they are remembered.
    expect(written['.devcontainer/Dockerfile']).toContain(`# Regenerate: npx gen-devcontainer@`);
    expect(
      written['.devcontainer/Dockerfile']!.split('\n')
        .find((l) => l.startsWith('# Regenerate:'))
        ?.endsWith(` ${shellCommand(words)}`),
    ).toBe(true);
  });
});

describe('how a remembered option changes', () => {
  it('an option given replaces its recorded value (a list whole); the run records the new one', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo, '--extra', 'dev', '--read-only'])).code).toBe(0);
    expect((await planOf(repo, '--extra', 'docs')).options).toEqual(['--read-only', '--extra', 'docs']);
    expect((await runCli([repo, '--extra', 'docs'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(repo, MANIFEST), 'utf8')).options).toEqual({ 'read-only': true, extra: ['docs'] });
  });

  it("--no-editor-tools is remembered: a plain run leaves the tools' extensions out, --editor-tools brings them back", async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await planOf(repo)).devcontainer.editor.extensions).toContain('charliermarsh.ruff');
    expect((await runCli([repo, '--no-editor-tools'])).code).toBe(0);
    const remembered = await planOf(repo);
    expect(remembered.options).toEqual(['--no-editor-tools']);
    expect(remembered.devcontainer.editor).not.toHaveProperty('tools');
    expect(remembered.devcontainer.editor.extensions).toEqual(['ms-python.python']);
    const back = await planOf(repo, '--editor-tools');
    expect(back.options).toEqual([]);
    expect(back.devcontainer.editor.tools?.map((t) => t.tool)).toEqual(['ruff', 'pytest']);
  });

  it('--no-read-only (and --dev for --no-dev) turns a remembered flag off; --forget drops one, --forget all every one', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo, '--read-only', '--no-dev', '--extra', 'dev', '--volume', 'my-uv'])).code).toBe(0);
    expect((await planOf(repo, '--no-read-only')).options).toEqual(['--volume', 'my-uv', '--extra', 'dev', '--no-dev']);
    expect((await planOf(repo, '--dev')).options).toEqual(['--volume', 'my-uv', '--read-only', '--extra', 'dev']);
    expect((await planOf(repo, '--forget', 'extra', '--forget', 'volume')).options).toEqual(['--read-only', '--no-dev']);
    expect((await planOf(repo, '--forget', 'all')).options).toEqual([]);
    expect((await planOf(repo, '--forget', 'all', '--group', 'lint')).options).toEqual(['--group', 'lint']);
    const run = await runCli([repo, '--no-read-only']);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(path.join(repo, '.devcontainer/devcontainer.json'), 'utf8')).not.toContain('--read-only');
    expect((await runCli([repo, '--check'])).code).toBe(0);
    const both = await runCli([repo, '--read-only', '--no-read-only']);
    expect(both.code).toBe(2);
    const unknown = await runCli([repo, '--forget', 'colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--forget "colour": no such option');
  });

  it('a recorded option the planner refuses: exit 2, naming the manifest, its line and how to drop it', async () => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo, '--python', '3.12'])).code).toBe(0);
    const file = path.join(repo, MANIFEST);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"python": "3.12"', '"python": "banana"'));
    const run = await runCli([repo, '--check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\.devcontainer\/gen-devcontainer\.manifest\.json:5: error: --python "banana"/m);
    expect(run.stderr).toContain('--python is remembered from an earlier run (.devcontainer/gen-devcontainer.manifest.json): give it anew to replace it, or --forget python to drop it');
    // Given anew, it replaces the bad value; forgotten, the default applies.
    expect((await runCli(['plan', repo, '--python', '3.12'])).code).toBe(0);
    expect((await runCli(['plan', repo, '--forget', 'python'])).code).toBe(0);
  });

  it.each([
    ['"options": 7', '"options" as 7, not an object of options', 4],
    ['"options": { "colour": "red" }', 'the option "colour", which gen-devcontainer does not have', 4],
    ['"options": { "read-only": "yes" }', '--read-only as "yes": a flag is recorded as true', 4],
    ['"options": { "extra": "dev" }', '--extra as "dev": it takes a list of names', 4],
    ['"options": { "python-from": "conda" }', '--python-from "conda", not one of uv-managed, image', 4],
    ['"options": { "python": ["3.12"] }', '--python as ["3.12"]: it takes one value', 4],
  ])('a recorded %s: exit 2 naming the manifest and the value', async (options, problem, line) => {
    const repo = makeRepo({ 'pyproject.toml': PYPROJECT });
    expect((await runCli([repo])).code).toBe(0);
    const file = path.join(repo, MANIFEST);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"files": {', `${options},\n  "files": {`));
    for (const command of [[], ['--check'], ['plan'], ['env']]) {
      const run = await runCli([...command, repo]);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stderr).toContain(`${MANIFEST}:${line}: error: ${MANIFEST} records ${problem}`);
      expect(run.stderr).toContain('[manifest-option-invalid]');
    }
  });
});
