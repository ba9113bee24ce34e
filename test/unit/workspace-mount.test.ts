/**
 * A folder uv needs more of than itself (issue 10, items 2 and 3): a workspace member is synced from
 * the workspace's lock with the workspace root mounted, or the run stops with the command to run;
 * path sources outside the folder are mounted with it, or the run stops naming them. Never a sync
 * that writes a new lock. Run end to end through the CLI on real folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/targets/types.js';
import { readTree, runCli } from '../helpers/cli.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { makeRepo } from './support.js';

const PROJECT = (name: string, extra = '') => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n${extra}`;
const WORKSPACE = (members: string[]) => `[tool.uv.workspace]\nmembers = ${JSON.stringify(members)}\n`;
const LOCK = 'version = 1\nrevision = 3\nrequires-python = ">=3.11, <3.13"\n';
const CONFIG = '.devcontainer/devcontainer.json';

async function planOf(dir: string, ...args: string[]): Promise<Plan> {
  const run = await runCli(['plan', '--json', dir, ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Plan;
}

function configOf(dir: string): Record<string, unknown> {
  return parseJsoncStrict(fs.readFileSync(path.join(dir, CONFIG), 'utf8')) as Record<string, unknown>;
}

describe('a folder inside a uv workspace (item 2)', () => {
  const fullStack = { '.git/HEAD': 'x', 'pyproject.toml': WORKSPACE(['backend']), 'uv.lock': LOCK, 'backend/pyproject.toml': PROJECT('app'), 'frontend/package.json': '{}' };

  it('is planned as a member: the repository root mounted, the member opened in it, uv sync --frozen there, within the lock’s requires-python', async () => {
    const root = makeRepo(fullStack, 'full-stack');
    const backend = path.join(root, 'backend');
    const plan = await planOf(backend);
    expect(plan.layout).toMatchObject({ value: 'workspace-member', source: '../pyproject.toml' });
    expect(plan.steps.find((s) => s.step === 'install')?.action).toEqual({ kind: 'uv-sync', args: ['--frozen', '--python', '3.12'] });
    expect(plan.python).toMatchObject({ value: '3.12', source: '../uv.lock' });
    expect(plan.devcontainer.workspaceMount).toMatchObject({
      ancestor: '..',
      mount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository',
      folder: '/workspaces/repository/${localWorkspaceFolderBasename}',
      source: '../pyproject.toml',
    });
    expect(plan.env.find((v) => v.name === 'UV_PROJECT_ENVIRONMENT')?.value).toBe('/opt/uv/envs/app');

    const before = readTree(root);
    const run = await runCli([backend]);
    expect(run.code, run.stderr).toBe(0);
    const written = Object.keys(readTree(root)).filter((file) => before[file] === undefined);
    expect(
      written.every((file) => file.startsWith('backend/.devcontainer/')),
      written.join(', '),
    ).toBe(true);
    expect(configOf(backend)).toMatchObject({ workspaceMount: plan.devcontainer.workspaceMount!.mount, workspaceFolder: '/workspaces/repository/${localWorkspaceFolderBasename}' });
    expect(fs.readFileSync(path.join(backend, '.devcontainer/uv-lifecycle.sh'), 'utf8')).toMatch(/^ {4}uv sync --frozen --python 3\.12$/m);
  });

  it('with no uv.lock at the workspace root: exit 2, the command to run, nothing written', async () => {
    const { 'uv.lock': _lock, ...unlocked } = fullStack;
    const root = makeRepo(unlocked, 'full-stack');
    const backend = path.join(root, 'backend');
    const run = await runCli([backend]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('../pyproject.toml: error: this folder is a member of the uv workspace at .. (../pyproject.toml), which has no uv.lock');
    expect(run.stderr).toContain('[workspace-lock-missing]');
    expect(run.stderr).toContain('hint: lock the workspace once and commit the lock: `(cd .. && uv lock)`, then run again');
    expect(fs.existsSync(path.join(backend, '.devcontainer'))).toBe(false);
  });

  it("a uv.lock in the member (left by a run that saw it alone) is named as one uv never reads; the workspace's is used", async () => {
    const root = makeRepo({ ...fullStack, 'backend/uv.lock': LOCK }, 'full-stack');
    const run = await runCli(['plan', path.join(root, 'backend')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /uv\.lock: warning: uv\.lock here is not read by uv: this folder is a member of the workspace at \.\., which uv locks as a whole in \.\.\/uv\.lock \[member-lock-ignored\]/,
    );
  });

  it('a member deeper than the root, in a repository whose root is above the workspace: the repository root is mounted', async () => {
    const root = makeRepo({ '.git/HEAD': 'x', 'python/pyproject.toml': WORKSPACE(['services/*']), 'python/uv.lock': LOCK, 'python/services/api/pyproject.toml': PROJECT('api') }, 'mono');
    const plan = await planOf(path.join(root, 'python/services/api'));
    expect(plan.devcontainer.workspaceMount).toMatchObject({
      ancestor: '../../..',
      mount: 'type=bind,source=${localWorkspaceFolder}/../../..,target=/workspaces/repository',
      folder: '/workspaces/repository/python/services/${localWorkspaceFolderBasename}',
    });
    expect(plan.devcontainer.workspaceMount!.reason).toContain('the repository root (it holds .git)');
  });

  it('a folder the workspace excludes is a project of its own, as uv has it: no mount, with a note', async () => {
    const root = makeRepo({ '.git/HEAD': 'x', 'pyproject.toml': `${WORKSPACE(['*'])}exclude = ["scripts"]\n`, 'uv.lock': LOCK, 'scripts/pyproject.toml': PROJECT('scripts') }, 'repo');
    const run = await runCli(['plan', '--json', path.join(root, 'scripts')]);
    const plan = JSON.parse(run.stdout) as Plan;
    expect(plan.layout.value).toBe('uv-project');
    expect(plan.devcontainer.workspaceMount).toBeUndefined();
    expect(run.stderr).toContain('[enclosing-workspace-not-member]');
  });
});

describe('path sources outside the folder (item 3)', () => {
  const siblings = {
    '.git/HEAD': 'x',
    'app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nprebuilt = { path = "../prebuilt", editable = true }\n'),
    'app/uv.lock': LOCK,
    'prebuilt/pyproject.toml': PROJECT('prebuilt'),
  };

  it('the folder holding the folder and every source is mounted; uv sync --frozen as for any locked project', async () => {
    const root = makeRepo(siblings, 'tools');
    const plan = await planOf(path.join(root, 'app'));
    expect(plan.layout.value).toBe('uv-project');
    expect(plan.steps.find((s) => s.step === 'install')?.action).toMatchObject({ kind: 'uv-sync', args: ['--frozen', '--python', '3.14'] });
    expect(plan.devcontainer.workspaceMount).toMatchObject({ ancestor: '..', folder: '/workspaces/repository/${localWorkspaceFolderBasename}', source: 'pyproject.toml' });
    expect(plan.devcontainer.workspaceMount!.reason).toContain('the path source prebuilt at ../prebuilt (editable), from pyproject.toml');
  });

  it('without a repository root above, the nearest folder holding them all is mounted', async () => {
    const root = makeRepo({ 'team/app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nlib = { path = "../../shared/lib" }\n'), 'shared/lib/pyproject.toml': PROJECT('lib') }, 'work');
    const plan = await planOf(path.join(root, 'team/app'));
    expect(plan.devcontainer.workspaceMount).toMatchObject({
      ancestor: '../..',
      mount: 'type=bind,source=${localWorkspaceFolder}/../..,target=/workspaces/repository',
      folder: '/workspaces/repository/team/${localWorkspaceFolderBasename}',
    });
    expect(plan.devcontainer.workspaceMount!.reason).toContain('the nearest folder holding all of it (no repository root was found above: no .git)');
  });

  it('a source above the repository root: exit 2, naming the source, its line and what to do instead', async () => {
    const root = makeRepo(
      { 'repo/.git/HEAD': 'x', 'repo/app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nvendored = { path = "../../vendored" }\n'), 'vendored/pyproject.toml': PROJECT('vendored') },
      'home',
    );
    const run = await runCli([path.join(root, 'repo/app')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'pyproject.toml:8: error: uv needs the path source vendored at ../../vendored, from pyproject.toml in the container, but it lies above .., the root of the repository (it holds .git), and a dev container mounts one repository [path-source-outside-repository]',
    );
    expect(run.stderr).toContain('`git submodule add <its repository> vendored`');
    expect(fs.existsSync(path.join(root, 'repo/app/.devcontainer'))).toBe(false);
  });

  it('a folder that is its own repository root cannot mount its parent: refused the same way', async () => {
    const root = makeRepo({ ...siblings, 'app/.git/HEAD': 'x' }, 'tools');
    const run = await runCli(['plan', path.join(root, 'app')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it lies above this folder, the root of its repository (it holds .git)');
  });

  it('an absolute path source and a missing one: warnings, and no mount for the absolute one', async () => {
    const root = makeRepo({ 'app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nwheel = { path = "/opt/wheels/w-1-py3-none-any.whl" }\ngone = { path = "../gone" }\n') }, 'x');
    const run = await runCli(['plan', '--json', path.join(root, 'app')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('[path-source-absolute]');
    expect(run.stderr).toMatch(/pyproject\.toml:9: warning: tool\.uv\.sources\.gone = \.\.\/gone: there is nothing at \.\.\/gone, so uv sync will fail \[path-source-missing\]/);
    expect((JSON.parse(run.stdout) as Plan).devcontainer.workspaceMount?.ancestor).toBe('..');
  });

  it('a folder name that cannot go into a mount string safely stops the run; the folder opened is named by the CLI, and may be called anything', async () => {
    const root = makeRepo({ '.git/HEAD': 'x', 'my dir/app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nlib = { path = "../../lib" }\n'), 'lib/pyproject.toml': PROJECT('lib') }, 'r');
    const run = await runCli(['plan', path.join(root, 'my dir/app')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the folder name "my dir" on the way cannot be written into a mount string safely [workspace-mount-name]');
    const opened = makeRepo({ '.git/HEAD': 'x', 'my app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nlib = { path = "../lib" }\n'), 'lib/pyproject.toml': PROJECT('lib') }, 'r');
    expect((await planOf(path.join(opened, 'my app'))).devcontainer.workspaceMount).toMatchObject({ folder: '/workspaces/repository/${localWorkspaceFolderBasename}' });
  });
});

describe("the user's own configuration", () => {
  const siblings = {
    '.git/HEAD': 'x',
    'app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nprebuilt = { path = "../prebuilt" }\n'),
    'app/uv.lock': LOCK,
    'prebuilt/pyproject.toml': PROJECT('prebuilt'),
  };

  it('a workspaceMount and workspaceFolder of theirs that differ: exit 2 naming both (plan as the default command); --force replaces both', async () => {
    const mine = '{\n  // mine\n  "image": "debian:trixie",\n  "workspaceMount": "type=bind,source=${localWorkspaceFolder}/../..,target=/src",\n  "workspaceFolder": "/src/tools/app"\n}\n';
    const root = makeRepo({ ...siblings, [`app/${CONFIG}`]: mine }, 'tools');
    const app = path.join(root, 'app');
    const refused = await runCli([app]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '.devcontainer/devcontainer.json:4: error: your workspaceFolder "/src/tools/app" and workspaceMount "type=bind,source=${localWorkspaceFolder}/../..,target=/src" contradict the workspace mount uv needs: the plan bind-mounts .. (workspaceMount "type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository") and runs the lifecycle commands in /workspaces/repository/${localWorkspaceFolderBasename} (workspaceFolder)',
    );
    expect(refused.stderr).toContain('[workspace-pair-contradicts]');
    expect(refused.stderr).toContain('hint: remove workspaceFolder and workspaceMount from .devcontainer/devcontainer.json');
    expect(refused.stderr).toContain('or run with --force, which replaces them');
    expect(refused.stderr).not.toContain('[kept-user-value]');
    expect(fs.readFileSync(path.join(app, CONFIG), 'utf8')).toBe(mine);
    const planned = await runCli(['plan', app]);
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain(refused.stderr.split('\n')[0]);

    const forced = await runCli([app, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('workspaceFolder: replaced "/src/tools/app" with "/workspaces/repository/${localWorkspaceFolderBasename}" (--force)');
    expect(configOf(app)).toMatchObject({
      workspaceMount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository',
      workspaceFolder: '/workspaces/repository/${localWorkspaceFolderBasename}',
    });
    expect(fs.readFileSync(path.join(app, CONFIG), 'utf8')).toContain('// mine');
    const again = await runCli([app]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/^(created|updated) /m);
  });

  it('a pair of theirs that mounts the same folder, at a target of theirs, is the plan’s: no message, nothing changed in it', async () => {
    const mine = '{\n  "image": "debian:trixie",\n  "workspaceMount": "type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/tools",\n  "workspaceFolder": "/workspaces/tools/app"\n}\n';
    const root = makeRepo({ ...siblings, [`app/${CONFIG}`]: mine }, 'tools');
    const app = path.join(root, 'app');
    const planned = await runCli(['plan', app]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).not.toMatch(/workspace-pair|kept-user-value|replaced-user-value/);
    const run = await runCli([app]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/workspace-pair|kept-user-value|replaced-user-value/);
    expect(configOf(app)).toMatchObject({ workspaceMount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/tools', workspaceFolder: '/workspaces/tools/app' });
  });

  it('a pair of theirs that says the plan’s in other words is kept as written, with no warning (review finding: the merge compared exactly)', async () => {
    const mine = '{\n  "image": "debian:trixie",\n  "workspaceMount": "source=${localWorkspaceFolder}/..,target=/workspaces/tools/,type=bind",\n  "workspaceFolder": "/workspaces/tools/app/"\n}\n';
    const root = makeRepo({ ...siblings, [`app/${CONFIG}`]: mine }, 'tools');
    const app = path.join(root, 'app');
    const run = await runCli([app]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/workspace-pair|kept-user-value|replaced-user-value/);
    expect(configOf(app)).toMatchObject({ workspaceMount: 'source=${localWorkspaceFolder}/..,target=/workspaces/tools/,type=bind', workspaceFolder: '/workspaces/tools/app/' });
    const check = await runCli([app, '--check']);
    expect(check.code, check.stderr + check.stdout).toBe(0);
  });

  it('only a workspaceFolder of theirs where a mount is needed: the plan’s folder, and a refusal; --force writes the pair and the README agrees', async () => {
    const mono = {
      '.git/HEAD': 'x',
      'pyproject.toml': WORKSPACE(['backend']),
      'uv.lock': LOCK,
      'backend/pyproject.toml': PROJECT('backend'),
      [`backend/${CONFIG}`]: '{\n  "image": "mcr.microsoft.com/devcontainers/base:trixie",\n  "workspaceFolder": "/app"\n}\n',
    };
    const root = makeRepo(mono, 'mono');
    const backend = path.join(root, 'backend');
    const message =
      '.devcontainer/devcontainer.json:3: error: your workspaceFolder "/app" contradicts the workspace mount uv needs: the plan bind-mounts .. (workspaceMount "type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository") and runs the lifecycle commands in /workspaces/repository/${localWorkspaceFolderBasename} (workspaceFolder); with yours they would run in /app instead, not in this folder inside the mount, where the project and .devcontainer/uv-lifecycle.sh are [workspace-pair-contradicts]\n  hint: remove workspaceFolder from .devcontainer/devcontainer.json (the plan writes both; `gen-devcontainer plan` shows why under "Workspace mount"), or run with --force, which replaces it';
    for (const command of [[], ['plan'], ['explain'], ['plan', '--json']]) {
      const run = await runCli([...command, backend]);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    // The plan shown holds one folder: the mount's, never /app.
    const plan = JSON.parse((await runCli(['plan', '--json', backend])).stdout) as Plan;
    expect(plan.devcontainer.workspaceFolder).toMatchObject({ value: '/workspaces/repository/${localWorkspaceFolderBasename}', source: '../pyproject.toml' });
    expect(plan.devcontainer.workspaceMount).toMatchObject({ folder: '/workspaces/repository/${localWorkspaceFolderBasename}', replaces: [{ key: 'workspaceFolder', value: '/app', line: 3 }] });
    const text = (await runCli(['plan', backend])).stdout;
    expect(text).toMatch(/^Workspace folder {2}\/workspaces\/repository\/\$\{localWorkspaceFolderBasename\} {2}\(\.\.\/pyproject\.toml\)$/m);
    expect(text).not.toContain('/app');
    expect(fs.existsSync(path.join(backend, '.devcontainer/Dockerfile'))).toBe(false);

    const forced = await runCli([backend, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(configOf(backend)).toMatchObject({
      workspaceMount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository',
      workspaceFolder: '/workspaces/repository/${localWorkspaceFolderBasename}',
    });
    const readme = fs.readFileSync(path.join(backend, '.devcontainer/README.md'), 'utf8');
    expect(readme).toContain('/workspaces/repository/…');
    expect(readme).not.toContain('/app');
    expect((await runCli(['plan', backend])).code).toBe(0);
  });

  it('a workspaceFolder of theirs where no mount is needed stays theirs', async () => {
    const root = makeRepo({ '.git/HEAD': 'x', 'pyproject.toml': PROJECT('app'), 'uv.lock': LOCK, [CONFIG]: '{ "image": "debian:trixie", "workspaceFolder": "/code" }\n' }, 'tools');
    const run = await runCli([root]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('workspace-pair');
    const config = configOf(root);
    expect(config.workspaceFolder).toBe('/code');
    expect(config).not.toHaveProperty('workspaceMount');
    expect((JSON.parse((await runCli(['plan', '--json', root])).stdout) as Plan).devcontainer.workspaceFolder).toMatchObject({ value: '/code', source: CONFIG });
  });

  it('values a run wrote go when no longer needed (the path source removed); they stay while the user keeps an edited one', async () => {
    const root = makeRepo(siblings, 'tools');
    const app = path.join(root, 'app');
    expect((await runCli([app])).code).toBe(0);
    const text = fs.readFileSync(path.join(app, CONFIG), 'utf8');
    // The user edits the file (it is theirs from now on) and drops the path source.
    fs.writeFileSync(path.join(app, CONFIG), text.replace('{', '{\n  // my note'));
    fs.writeFileSync(path.join(app, 'pyproject.toml'), PROJECT('app'));
    const run = await runCli([app]);
    expect(run.code, run.stderr).toBe(0);
    const config = configOf(app);
    expect(config).not.toHaveProperty('workspaceMount');
    expect(config).not.toHaveProperty('workspaceFolder');
    expect(fs.readFileSync(path.join(app, CONFIG), 'utf8')).toContain('// my note');
  });

  it('the pair stays whole: one value the user changed keeps the other, which a run wrote, when the plan no longer needs them', async () => {
    const root = makeRepo(siblings, 'tools');
    const app = path.join(root, 'app');
    expect((await runCli([app])).code).toBe(0);
    const text = fs.readFileSync(path.join(app, CONFIG), 'utf8');
    fs.writeFileSync(path.join(app, CONFIG), text.replace('"/workspaces/repository/${localWorkspaceFolderBasename}"', '"/workspaces/repository/app/src"'));
    fs.writeFileSync(path.join(app, 'pyproject.toml'), PROJECT('app'));
    for (const args of [[], ['--force']]) {
      const run = await runCli([app, ...args]);
      expect(run.code, run.stderr).toBe(0);
      expect(configOf(app)).toMatchObject({ workspaceMount: 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/repository', workspaceFolder: '/workspaces/repository/app/src' });
    }
  });
});

describe('a member inside a Docker Compose configuration (the compose file mounts the workspace; gen-devcontainer does not change it)', () => {
  const mono = (compose: string, config: string) =>
    makeRepo(
      {
        '.git/HEAD': 'x',
        'pyproject.toml': WORKSPACE(['backend']),
        'uv.lock': LOCK,
        'backend/pyproject.toml': PROJECT('backend'),
        'backend/.devcontainer/compose.yaml': `services:\n  dev:\n    image: debian:trixie\n    volumes:\n${compose}`,
        [`backend/${CONFIG}`]: config,
      },
      'mono',
    );
  const CONFIG_WITH = (extra: string) => `{ "dockerComposeFile": "compose.yaml", "service": "dev"${extra} }\n`;

  it('the service mounts the workspace root and workspaceFolder is the member inside it: quiet, with the reason in the plan', async () => {
    const backend = path.join(mono('      - ../..:/workspace\n', CONFIG_WITH(', "workspaceFolder": "/workspace/backend"')), 'backend');
    const run = await runCli(['plan', '--json', backend]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/workspace-mount-compose|workspace-folder-compose|uv sync --frozen fails/);
    const plan = JSON.parse(run.stdout) as Plan;
    expect(plan.devcontainer.workspaceMount).toBeUndefined();
    expect(plan.devcontainer.workspaceFolder).toMatchObject({ value: '/workspace/backend', source: CONFIG });
    expect(plan.devcontainer.workspaceFolder.reason).toContain(
      "It is this folder inside the service's bind mount of .. (../..:/workspace, .devcontainer/compose.yaml line 5), which holds what uv needs: the workspace root ..",
    );
    expect(plan.steps.find((s) => s.step === 'install')?.action).toMatchObject({ kind: 'uv-sync', args: ['--frozen', '--python', '3.12'] });
    const written = await runCli([backend]);
    expect(written.code, written.stderr).toBe(0);
    expect(configOf(backend)).not.toHaveProperty('workspaceMount');
  });

  it('without a workspaceFolder, the one read from that bind (…/${localWorkspaceFolderBasename}) is the member inside it: quiet', async () => {
    const backend = path.join(mono('      - ../..:/workspace:cached\n', CONFIG_WITH('')), 'backend');
    const plan = await planOf(backend);
    expect(plan.devcontainer.workspaceFolder.value).toBe('/workspace/${localWorkspaceFolderBasename}');
    expect(plan.devcontainer.workspaceFolder.reason).toContain("inside the service's bind mount of ..");
  });

  it('the service mounts only the member: exit 2 naming the compose file and the bind to add (plan as the default command)', async () => {
    const backend = path.join(mono('      - ..:/workspace\n', CONFIG_WITH(', "workspaceFolder": "/workspace"')), 'backend');
    const message =
      '.devcontainer/compose.yaml:5: error: uv needs the workspace root .. (this folder is the member backend of ../pyproject.toml, and uv reads ../uv.lock) in the container, and the service "dev" mounts only this folder (..:/workspace): uv sync --frozen would fail there. gen-devcontainer does not change your compose file [workspace-mount-compose]\n  hint: add "- ../..:/workspaces/repository" under volumes: of the service "dev" in .devcontainer/compose.yaml (a path relative to .devcontainer/, where Compose resolves every file\'s paths), and set "workspaceFolder": "/workspaces/repository/${localWorkspaceFolderBasename}" in .devcontainer/devcontainer.json; then run again';
    for (const command of [[], ['plan'], ['env']]) {
      const run = await runCli([...command, backend]);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(fs.existsSync(path.join(backend, '.devcontainer/Dockerfile'))).toBe(false);
  });

  it('the service mounts the workspace root but workspaceFolder is elsewhere: exit 2, with the folder to set', async () => {
    const backend = path.join(mono('      - ../..:/workspace\n', '{\n  "dockerComposeFile": "compose.yaml",\n  "service": "dev",\n  "workspaceFolder": "/workspace"\n}\n'), 'backend');
    const run = await runCli(['plan', backend]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '.devcontainer/devcontainer.json:4: error: uv needs the workspace root .. (this folder is the member backend of ../pyproject.toml, and uv reads ../uv.lock) in the container. The service "dev" mounts .. (../..:/workspace, .devcontainer/compose.yaml line 5), but workspaceFolder is /workspace (.devcontainer/devcontainer.json), not this folder inside that mount',
    );
    expect(run.stderr).toContain('[workspace-folder-compose]');
    expect(run.stderr).toContain('hint: set "workspaceFolder": "/workspace/backend" in .devcontainer/devcontainer.json; then run again');
  });

  it('path sources outside the folder: a bind that holds them all is enough; the sync stays --frozen', async () => {
    const root = makeRepo(
      {
        '.git/HEAD': 'x',
        'app/pyproject.toml': PROJECT('app', '\n[tool.uv.sources]\nprebuilt = { path = "../prebuilt" }\n'),
        'app/uv.lock': LOCK,
        'prebuilt/pyproject.toml': PROJECT('prebuilt'),
        'app/.devcontainer/compose.yaml': 'services:\n  dev:\n    image: debian:trixie\n    volumes:\n      - type: bind\n        source: ../..\n        target: /src\n',
        [`app/${CONFIG}`]: '{ "dockerComposeFile": "compose.yaml", "service": "dev", "workspaceFolder": "/src/app/" }\n',
      },
      'tools',
    );
    const run = await runCli(['plan', '--json', path.join(root, 'app')]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as Plan;
    expect(plan.devcontainer.workspaceFolder.reason).toContain('the path source prebuilt at ../prebuilt');
    expect(plan.steps.find((s) => s.step === 'install')?.action).toMatchObject({ args: ['--frozen', '--python', '3.14'] });
  });
});

describe('a pair of yours that says what the plan says, written another way (review finding)', () => {
  it.each([
    ['workspaceFolder', '/workspaces/r/packages/a/', '/workspaces/r/packages/a', true],
    ['workspaceFolder', '/workspaces/r/./packages/a', '/workspaces/r/packages/a', true],
    ['workspaceFolder', '/workspaces/r/packages/b', '/workspaces/r/packages/a', false],
    ['workspaceMount', 'source=${localWorkspaceFolder}/../..,target=/workspaces/r,type=bind,consistency=cached', 'type=bind,source=${localWorkspaceFolder}/../..,target=/workspaces/r', true],
    ['workspaceMount', 'type=bind,src=${localWorkspaceFolder}/../../,dst=/workspaces/r/', 'type=bind,source=${localWorkspaceFolder}/../..,target=/workspaces/r', true],
    ['workspaceMount', 'type=bind,source=${localWorkspaceFolder}/..,target=/workspaces/r', 'type=bind,source=${localWorkspaceFolder}/../..,target=/workspaces/r', false],
    ['workspaceMount', 'type=volume,source=${localWorkspaceFolder}/../..,target=/workspaces/r', 'type=bind,source=${localWorkspaceFolder}/../..,target=/workspaces/r', false],
  ] as const)('%s %j ~ %j: %s', async (key, theirs, ours, same) => {
    const { sameWorkspaceValue } = await import('../../src/targets/devcontainer/workspace-mount.js');
    expect(sameWorkspaceValue(key, theirs, ours)).toBe(same);
  });
});
