/**
 * The Dev Container CLI reads every generated devcontainer.json as written. This check needs
 * nothing beside the repository (the spec's JSON schema, test/helpers/validators.ts, lives in
 * ../shared, so a fresh clone has no schema check without it): `devcontainer read-configuration`
 * of @devcontainers/cli, a devDependency, parses each golden configuration with the real parser and
 * substitutes its variables, offline, given a `docker` that only exits 0 (it runs `docker ps`).
 * Each value must come back as written, or with the variables the tool wrote substituted.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTree, tempDir } from '../helpers/cli.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GOLDEN = path.join(ROOT, 'test', 'golden');
const CLI = path.join(ROOT, 'node_modules', '@devcontainers', 'cli', 'devcontainer.js');

interface Case {
  name: string;
  example: string;
  config: string;
}
const cases: Case[] = fs.readdirSync(GOLDEN).flatMap((name) => {
  const caseFile = path.join(GOLDEN, name, 'case.json');
  const example = fs.existsSync(caseFile) ? (JSON.parse(fs.readFileSync(caseFile, 'utf8')) as { example: string }).example : name;
  const files = Object.keys(readTree(path.join(GOLDEN, name, 'files')));
  return files.filter((f) => f.endsWith('.devcontainer/devcontainer.json')).map((config) => ({ name, example, config }));
});

/** What the CLI read, per case; all read at once (each CLI start waits more than it computes). */
const read = new Map<string, { configuration?: Record<string, unknown>; error?: string }>();

beforeAll(async () => {
  const work = tempDir();
  const docker = path.join(work, 'docker');
  fs.writeFileSync(docker, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  await Promise.all(
    cases.map(async ({ name, example, config }) => {
      const repo = path.join(work, name, example);
      fs.cpSync(path.join(ROOT, 'examples', example), repo, { recursive: true, verbatimSymlinks: true });
      fs.cpSync(path.join(GOLDEN, name, 'files'), repo, { recursive: true });
      const folder = path.join(repo, path.dirname(path.dirname(config)));
      const args = [CLI, 'read-configuration', '--workspace-folder', folder, '--docker-path', docker, '--docker-compose-path', docker];
      try {
        const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '' } });
        read.set(`${name}:${config}`, { configuration: (JSON.parse(stdout) as { configuration: Record<string, unknown> }).configuration });
      } catch (err) {
        read.set(`${name}:${config}`, { error: String(err) });
      }
    }),
  );
}, 120_000);

/**
 * Where `written` and `cliRead` differ: a string with `${...}` comes back with each replaced by a
 * value (the rest as written) or untouched, any other value the same.
 */
function differences(written: unknown, cliRead: unknown, at = ''): string[] {
  if (typeof written === 'string' && written.includes('${')) {
    const pattern = new RegExp(
      `^${written
        .split(/\$\{[^}]*\}/)
        .map((part) => part.replace(/[.*+?^$()[\]{}|\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    // Substituted, or left for later as written (${devcontainerId} when the container is made, ${workspaceFolder} by the editor).
    return typeof cliRead === 'string' && pattern.test(cliRead) ? [] : [`${at}: ${JSON.stringify(written)} read as ${JSON.stringify(cliRead)}`];
  }
  if (written && typeof written === 'object') {
    if (!cliRead || typeof cliRead !== 'object' || Array.isArray(written) !== Array.isArray(cliRead)) return [`${at}: read as ${JSON.stringify(cliRead)}`];
    const keys = new Set([...Object.keys(written), ...Object.keys(cliRead)]);
    // The CLI adds where it read the file from.
    if (at === '') keys.delete('configFilePath');
    return [...keys].flatMap((key) => differences((written as Record<string, unknown>)[key], (cliRead as Record<string, unknown>)[key], `${at}/${key}`));
  }
  return Object.is(written, cliRead) ? [] : [`${at}: ${JSON.stringify(written)} read as ${JSON.stringify(cliRead)}`];
}

describe('the Dev Container CLI reads each generated devcontainer.json', () => {
  it('finds them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [`${c.name}: ${c.config}`, c] as const))('%s', (_label, { name, config }) => {
    const result = read.get(`${name}:${config}`);
    expect(result?.error).toBeUndefined();
    const written = parseJsoncStrict(fs.readFileSync(path.join(GOLDEN, name, 'files', config), 'utf8'));
    expect(differences(written, result?.configuration)).toEqual([]);
  });

  it('the comparison sees a value the CLI changes, and a variable it leaves', () => {
    expect(differences({ a: 'x', b: '/w/${localWorkspaceFolderBasename}' }, { a: 'y', b: '/w/repo' })).toEqual(['/a: "x" read as "y"']);
    expect(differences({ b: '/w/${localEnv:X}' }, { b: '/v/' })).toHaveLength(1);
    expect(differences({ a: [1] }, { a: [1], extra: true })).toEqual(['/extra: undefined read as true']);
  });
});
