/**
 * The volume's `${devcontainerId}`, shown with the real Dev Container CLI of devDependencies: the
 * generated devcontainer.json, read back by `devcontainer read-configuration`, mounts a volume whose
 * name the CLI has filled in with this checkout's id, which test/helpers/devcontainer-id.ts
 * computes as the spec says. No Docker: the CLI only asks `docker ps` and `docker inspect` for the
 * container of this folder, and a stand-in answers with one carrying the two labels the CLI puts on
 * the containers it creates. (Without a container, read-configuration leaves `${devcontainerId}` as
 * it is; `devcontainer up` computes the id from the same two labels before it creates one:
 * devcontainers/cli src/spec-node/configContainer.ts, findContainerAndIdLabels then
 * beforeContainerSubstitute.)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { copyExample, runCli, tempDir } from './helpers/cli.js';
import { devcontainerId } from './helpers/devcontainer-id.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEVCONTAINER_CLI = path.join(repoRoot, 'node_modules/@devcontainers/cli/devcontainer.js');

/** A `docker` that knows one container, labelled as the Dev Container CLI labels the one it makes for `folder`. */
function dockerStandIn(folder: string): string {
  const labels = { 'devcontainer.local_folder': folder, 'devcontainer.config_file': path.join(folder, '.devcontainer', 'devcontainer.json') };
  const container = [
    {
      Id: 'standin',
      Created: '2026-01-01T00:00:00Z',
      Name: '/standin',
      State: { Status: 'running', StartedAt: '2026-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' },
      Config: { Image: 'standin', User: '', Env: [], Labels: labels },
      Mounts: [],
      NetworkSettings: { Ports: {} },
      Ports: [],
    },
  ];
  const file = path.join(tempDir('gdc-docker-'), 'docker');
  fs.writeFileSync(file, `#!/bin/sh\ncase "$1" in\n  ps) echo standin ;;\n  inspect) cat <<'JSON'\n${JSON.stringify(container)}\nJSON\n  ;;\nesac\nexit 0\n`, { mode: 0o755 });
  return file;
}

function readConfiguration(folder: string, docker: string): { mounts: { type: string; source: string; target: string }[] } {
  const run = spawnSync(process.execPath, [DEVCONTAINER_CLI, 'read-configuration', '--workspace-folder', folder, '--docker-path', docker], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { configuration: { mounts: { type: string; source: string; target: string }[] } }).configuration;
}

it('the Dev Container CLI names the volume uv-<project>-<this checkout\'s id>: two checkouts of projects called "app" get two volumes', { timeout: 120_000 }, async () => {
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules/@devcontainers/cli/package.json'), 'utf8')).version as string;
  const volumes: string[] = [];
  for (let i = 0; i < 2; i++) {
    const folder = fs.realpathSync(copyExample(path.join(repoRoot, 'examples/uv-app')));
    fs.writeFileSync(path.join(folder, 'pyproject.toml'), fs.readFileSync(path.join(folder, 'pyproject.toml'), 'utf8').replace(/^name = .*$/m, 'name = "app"'));
    expect((await runCli([folder])).code).toBe(0);
    const config = readConfiguration(folder, dockerStandIn(folder));
    const id = devcontainerId(folder);
    expect(config.mounts).toEqual([{ type: 'volume', source: `uv-app-${id}`, target: '/opt/uv' }]);
    volumes.push(config.mounts[0]!.source);
    // Without a container there is no id yet: the variable is left for `devcontainer up`.
    expect(readConfiguration(folder, '/bin/true').mounts[0]!.source).toBe('uv-app-${devcontainerId}');
  }
  expect(volumes[0]).not.toBe(volumes[1]);
  console.log(`@devcontainers/cli ${version}: ${volumes.join(', ')}`);
});
