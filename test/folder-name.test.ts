/**
 * The checkout folder's name is no part of the generated files (README, "Things to know"): on disk,
 * through the CLI, every example generated in a folder called one thing checks clean (`--check`,
 * exit 0) in a copy called another. What the files leave to the folder's name they leave to the
 * Dev Container CLI's own variables, which the real CLI of devDependencies fills in
 * (`devcontainer read-configuration`, offline: with no container, `--docker-path` is a program that
 * exits 0). The CLI substitutes them in every string of devcontainer.json
 * (devcontainers/cli src/spec-common/variableSubstitution.ts, `substitute` walks the whole
 * configuration), and nowhere else: a Dockerfile, the lifecycle script and a Compose file get none.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeRepo, readTree, runCli, tempDir } from './helpers/cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(repoRoot, 'examples');
/** The Dev Container CLI's variables (a Dockerfile's own `${BASE_IMAGE}` is Docker's). */
const CLI_VARIABLE = /\$\{(localWorkspaceFolder|localWorkspaceFolderBasename|containerWorkspaceFolder|containerWorkspaceFolderBasename|devcontainerId|localEnv:|containerEnv:)/;
const DEVCONTAINER_CLI = path.join(repoRoot, 'node_modules/@devcontainers/cli/devcontainer.js');

/** `source` copied to a sibling folder called `name`, links as written. */
function copyAs(source: string, name: string): string {
  const target = path.join(path.dirname(source), name);
  fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  return target;
}

/** The examples, and the folder of each the generator runs in ('' for the example itself). */
const RUNS = [
  ...fs
    .readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ example: e.name, folder: '' })),
  { example: 'fastapi-fullstack', folder: 'backend' },
  { example: 'path-source-sibling', folder: 'app' },
];

describe('generated in a checkout called A, a copy called B checks clean', () => {
  it.each(RUNS)('$example $folder', async ({ example, folder }) => {
    const a = path.join(tempDir(), 'checkout-a');
    fs.cpSync(path.join(examplesDir, example), a, { recursive: true, verbatimSymlinks: true });
    fs.mkdirSync(path.join(a, '.git'));
    const first = await runCli([path.join(a, folder), '--force']);
    expect(first.code, first.stderr).toBe(0);
    const b = copyAs(a, 'B clone');
    // --force: copier-template is refused without it (its linked .devcontainer), in both folders alike.
    const check = await runCli([path.join(b, folder), '--check', '--force']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(readTree(b)).toEqual(readTree(a));
  });
});

function readConfiguration(folder: string): { configuration: Record<string, unknown>; workspace?: Record<string, unknown> } {
  const run = spawnSync(process.execPath, [DEVCONTAINER_CLI, 'read-configuration', '--workspace-folder', folder, '--docker-path', '/bin/true'], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('the Dev Container CLI fills in what the files leave to the folder', () => {
  it('a repository without [project] name: the container is named after the folder, by the CLI', { timeout: 120_000 }, async () => {
    const repo = makeRepo({ 'requirements.txt': 'flask\n' }, 'my-service');
    expect((await runCli([repo])).code).toBe(0);
    expect(readConfiguration(repo).configuration.name).toBe('my-service');
    // Nothing the CLI does not substitute holds one of its variables.
    for (const file of ['Dockerfile', 'uv-lifecycle.sh', 'check-uv-layout.sh']) expect(fs.readFileSync(path.join(repo, '.devcontainer', file), 'utf8')).not.toMatch(CLI_VARIABLE);
  });

  it('a workspace member: the repository mounted at /workspaces/repository, the member opened in it', { timeout: 120_000 }, async () => {
    const root = makeRepo(
      { '.git/HEAD': 'x', 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["backend"]\n', 'uv.lock': 'version = 1\n', 'backend/pyproject.toml': '[project]\nname = "backend"\nversion = "0"\n' },
      'any-name',
    );
    const backend = path.join(root, 'backend');
    expect((await runCli([backend])).code).toBe(0);
    const { configuration } = readConfiguration(fs.realpathSync(backend));
    expect(configuration.workspaceFolder).toBe('/workspaces/repository/backend');
    expect(configuration.workspaceMount).toBe(`type=bind,source=${fs.realpathSync(backend)}/..,target=/workspaces/repository`);
    expect(fs.readFileSync(path.join(backend, '.devcontainer/Dockerfile'), 'utf8')).not.toMatch(CLI_VARIABLE);
  });
});
