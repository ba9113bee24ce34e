/** One table of plan options (src/plan/options.ts): the command line, the planner and the README follow it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { optionWords, PLAN_OPTION_KEYS, PLAN_OPTIONS } from '../../src/plan/options.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const README = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

it.each(PLAN_OPTION_KEYS)('%s: in --help, in the README option table, and recorded in plan.options', async (key) => {
  const { flag, type, choices, repeatable } = PLAN_OPTIONS[key] as { flag: string; type: string; choices?: readonly string[]; repeatable?: true };
  expect(README).toMatch(new RegExp(`^\\| \`--${flag}[ \`]`, 'm'));
  const help = await runCli(['--help']);
  expect(help.stdout).toContain(`--${flag}`);
  const value = choices ? choices[0]! : type === 'boolean' ? true : repeatable ? ['x', 'y'] : 'x';
  const words = value === true ? [`--${flag}`] : Array.isArray(value) ? [`--${flag}`, 'x', `--${flag}`, 'y'] : [`--${flag}`, value];
  expect(optionWords({ generatorVersion: '0', [key]: value })).toEqual(words);
});

it('a repeatable option is a list however often it is given, and never takes the folder after it', async () => {
  const repo = makeRepo({ 'pyproject.toml': '[project]\nname = "o"\nversion = "0"\n[project.optional-dependencies]\ndocs = []\ncli = []\n' });
  const once = await runCli(['plan', '--json', '--extra', 'docs', repo]);
  expect(once.code, once.stderr).toBe(0);
  expect(JSON.parse(once.stdout).options).toEqual(['--extra', 'docs']);
  const twice = await runCli(['plan', '--json', '--extra', 'docs', repo, '--extra', 'cli']);
  expect(JSON.parse(twice.stdout).options).toEqual(['--extra', 'docs', '--extra', 'cli']);
  // Not yargs' `--no-X` negation: --no-dev is uv's flag; a boolean's negation is an option of its own
  // (--no-read-only, --dev), which turns a remembered one off (test/remembered-options.test.ts).
  expect(JSON.parse((await runCli(['plan', '--json', '--no-dev', repo])).stdout).options).toEqual(['--no-dev']);
  expect(JSON.parse((await runCli(['plan', '--json', '--no-read-only', repo])).stdout).options).toEqual([]);
  expect((await runCli(['plan', '--no-python', repo])).code).toBe(2);
});

it('every option the command line parses reaches the plan', async () => {
  const repo = makeRepo({
    'pyproject.toml': '[project]\nname = "o"\nversion = "0"\nrequires-python = ">=3.12"\n[project.optional-dependencies]\ndocs = []\n[dependency-groups]\nlint = []\n',
  });
  // Pairs uv refuses (--extra with --all-extras, --group with --all-groups) take a second run.
  const second = ['--all-extras', '--all-groups'];
  const secondRun = await runCli(['plan', '--json', repo, ...second]);
  expect(secondRun.code, secondRun.stderr).toBe(0);
  expect(JSON.parse(secondRun.stdout).options).toEqual(second);
  const args = [
    '--python',
    '3.12',
    '--uv-version',
    '0.13.9',
    '--user',
    'dev:1001',
    '--base-image',
    'debian:trixie',
    '--volume',
    'vol-o',
    '--mount-target',
    '/opt/uvx',
    '--shared-cache',
    '--read-only',
    '--python-from',
    'uv-managed',
    '--extra',
    'docs',
    '--group',
    'lint',
    '--ca-bundle',
    '/etc/ssl/certs/corp-bundle.pem',
    '--no-dev',
    '--no-editor-tools',
  ];
  const run = await runCli(['plan', '--json', repo, ...args]);
  expect(run.code, run.stderr).toBe(0);
  // --volume wins over --shared-cache's name; every option is recorded, in the table's order.
  expect(JSON.parse(run.stdout).options).toEqual(args);
  expect(new Set([...args, ...second].filter((a) => a.startsWith('--')).map((a) => a.slice(2)))).toEqual(new Set(PLAN_OPTION_KEYS.map((k) => PLAN_OPTIONS[k].flag)));
});
