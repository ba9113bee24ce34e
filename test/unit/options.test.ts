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
  const { flag, type } = PLAN_OPTIONS[key];
  expect(README).toMatch(new RegExp(`^\\| \`--${flag}[ \`]`, 'm'));
  const help = await runCli(['--help']);
  expect(help.stdout).toContain(`--${flag}`);
  const choices = (PLAN_OPTIONS[key] as { choices?: readonly string[] }).choices;
  const value = choices ? choices[0]! : type === 'boolean' ? true : 'x';
  expect(optionWords({ generatorVersion: '0', [key]: value })).toEqual(value === true ? [`--${flag}`] : [`--${flag}`, value]);
});

it('every option the command line parses reaches the plan', async () => {
  const repo = makeRepo({ 'pyproject.toml': '[project]\nname = "o"\nversion = "0"\nrequires-python = ">=3.12"\n' });
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
  ];
  const run = await runCli(['plan', '--json', repo, ...args]);
  expect(run.code, run.stderr).toBe(0);
  // --volume wins over --shared-cache's name; every option is recorded, in the table's order.
  expect(JSON.parse(run.stdout).options).toEqual(args);
  expect(new Set(args.filter((a) => a.startsWith('--')).map((a) => a.slice(2)))).toEqual(new Set(PLAN_OPTION_KEYS.map((k) => PLAN_OPTIONS[k].flag)));
});
