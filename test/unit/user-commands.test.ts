/**
 * What the user's own configuration says through its commands and settings (issue 17):
 * - item 4: a configuration that shows it runs as root (root-only commands in its lifecycle
 *   commands or scripts, PIP_ROOT_USER_ACTION, paths in /root) keeps root on an image gen-devcontainer
 *   does not know (plan/root-evidence.ts);
 * - item 8: uv commands of the user's that write uv.lock or change the environment are named, with
 *   the line, what goes wrong and the option to use (plan/uv-commands.ts);
 * - item 9: in a workspace, plain `uv sync` is the wrong command, and the plan says so.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';
import { find } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n[project.optional-dependencies]\nbuild = ["uv_build"]\n';
const CONFIG = '.devcontainer/devcontainer.json';
const LOCK = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n';

function run(files: Record<string, string>, options: { user?: string; extra?: string[]; readOnly?: boolean } = {}) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': LOCK, ...files }), 'demo');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
  const rendering = planned.plan ? renderTargets(planned.plan, analysis.facts.devcontainer, false) : undefined;
  return { plan: planned.plan, diagnostics: [...analysis.diagnostics, ...planned.diagnostics, ...(rendering?.diagnostics ?? [])], files: rendering?.files ?? [] };
}

const uvWarnings = (files: Record<string, string>, options: { extra?: string[] } = {}) => run(files, options).diagnostics.filter((d) => d.code === 'uv-command-in-lifecycle');

describe('item 4: a configuration that runs as root keeps root, whatever shows it', () => {
  const image = '{\n  "image": "ghcr.io/example/sdk-dev:2",\n';

  it('PIP_ROOT_USER_ACTION in containerEnv and apt-get in the post-create script: root, with file:line in the reason, no remoteUser written', () => {
    const { plan, diagnostics, files } = run({
      [CONFIG]: `${image}  "containerEnv": { "PIP_ROOT_USER_ACTION": "ignore" },\n  "postCreateCommand": "bash .devcontainer/post-create.sh"\n}\n`,
      '.devcontainer/post-create.sh': '#!/bin/bash\nset -e\napt-get update && apt-get install -y graphviz\n',
    });
    expect(plan!.user.name.value).toBe('root');
    expect(plan!.user.uid).toBe(0);
    expect(plan!.user.name.source).toBe(`${CONFIG}:3`);
    expect(plan!.user.name.reason).toContain(`containerEnv sets PIP_ROOT_USER_ACTION, which only quiets pip when it runs as root (${CONFIG}:3)`);
    // Two commands on that line (apt-get update && apt-get install), one place.
    expect(plan!.user.name.reason.match(/post-create\.sh:3/g)).toHaveLength(1);
    expect(find(diagnostics, 'image-user-unknown')).toBeUndefined();
    expect(find(diagnostics, 'root-kept')).toMatchObject({ file: CONFIG, line: 3 });
    const config = parseJsoncStrict(files.find((f) => f.path === CONFIG)!.content) as Record<string, unknown>;
    expect(config.remoteUser).toBeUndefined();
  });

  it.each([
    ['apt-get in a string command', '"postCreateCommand": "apt-get update && apt-get install -y jq"', 'apt-get update without sudo'],
    ['apk add in an array', '"onCreateCommand": ["apk", "add", "git"]', 'apk add without sudo'],
    ['dnf in an object', '"postCreateCommand": { "deps": "dnf install -y make", "py": "uv sync --frozen" }', 'dnf install without sudo'],
    ['a write into /etc', '"postStartCommand": "echo export A=1 > /etc/profile.d/a.sh"', 'a write into /etc/profile.d/a.sh'],
    ['a copy into /usr/local/bin', '"postCreateCommand": "cp tools/lint /usr/local/bin/"', 'cp into /usr/local/bin/'],
    ['a path in /root', '"postCreateCommand": "ln -sf /root/.cache/uv ~/uvcache"', "a path in root's home"],
    ['HOME=/root in remoteEnv', '"remoteEnv": { "HOME": "/root" }', 'remoteEnv sets HOME=/root'],
    ['a mount in /root', '"mounts": ["type=volume,source=uvcache,target=/root/.cache/uv"]', 'a mount at /root/.cache/uv'],
    ['apt-get behind env and its variables', '"postCreateCommand": "env DEBIAN_FRONTEND=noninteractive apt-get install -y jq"', 'apt-get install without sudo'],
    ['apt-get behind env -u NAME', '"postCreateCommand": "env -u LANG -i PATH=/usr/bin apt-get install -y jq"', 'apt-get install without sudo'],
  ])('%s: root', (_, property, why) => {
    const { plan } = run({ [CONFIG]: `${image}  ${property}\n}\n` });
    expect(plan!.user.name.value).toBe('root');
    expect(plan!.user.name.reason).toContain(why);
  });

  it('the Dockerfile (ENV into /root) and Compose (a volume in /root) are channels too', () => {
    const dockerfile = run({
      [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" } }\n',
      '.devcontainer/Dockerfile': 'FROM ghcr.io/example/sdk-dev:2\nRUN curl -LsSf https://astral.sh/uv/install.sh | sh\nENV PATH="/root/.local/bin:$PATH"\n',
    });
    expect(dockerfile.plan!.user.name.value).toBe('root');
    expect(dockerfile.plan!.user.name.source).toBe('.devcontainer/Dockerfile:3');
    const compose = run({
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "dev", "workspaceFolder": "/work" }\n',
      '.devcontainer/compose.yaml': 'services:\n  dev:\n    image: ghcr.io/example/sdk-dev:2\n    volumes:\n      - ..:/work\n      - pipcache:/root/.cache/pip\nvolumes:\n  pipcache:\n',
    });
    expect(compose.plan!.user.name.value).toBe('root');
    expect(compose.plan!.user.name.source).toBe('.devcontainer/compose.yaml:6');
    const environment = run({
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "dev", "workspaceFolder": "/work" }\n',
      '.devcontainer/compose.yaml': 'services:\n  dev:\n    image: ghcr.io/example/sdk-dev:2\n    environment:\n      PIP_ROOT_USER_ACTION: ignore\n    volumes:\n      - ..:/work\n',
    });
    expect(environment.plan!.user.name.value).toBe('root');
    expect(environment.plan!.user.name.reason).toContain("the Compose service's environment sets PIP_ROOT_USER_ACTION");
  });

  it("the tool's own --read-only tmpfs at /root (recorded in the manifest) is not the user's evidence: once the user's own is gone, the next run is not root", () => {
    const config = `${image}  "postCreateCommand": "apt-get install -y jq"\n}\n`;
    const first = run({ [CONFIG]: config }, { readOnly: true });
    expect(first.plan!.user.name.value).toBe('root');
    const written = Object.fromEntries(first.files.map((f) => [f.path, f.content]));
    expect(written[CONFIG]).toContain('"--tmpfs=/root:exec"');
    // The user now writes sudo in the command: nothing of theirs shows root any more.
    const edited = written[CONFIG]!.replace('"apt-get install -y jq"', '"sudo apt-get install -y jq"');
    const second = run({ ...written, [CONFIG]: edited }, { readOnly: true });
    expect(second.plan!.user.name.value, second.plan!.user.name.reason).toBe('vscode');
  });

  it('controls: sudo in the command, or nothing of root, keeps the plain default (vscode); --user wins over the evidence; a named user wins', () => {
    expect(run({ [CONFIG]: `${image}  "postCreateCommand": "sudo apt-get install -y jq && cp x ~/.local/bin/"\n}\n` }).plan!.user.name.value).toBe('vscode');
    expect(run({ [CONFIG]: `${image}  "postCreateCommand": "cat /etc/os-release && cp /usr/share/x ."\n}\n` }).plan!.user.name.value).toBe('vscode');
    const evidence = `${image}  "postCreateCommand": "apt-get install -y jq"\n`;
    expect(run({ [CONFIG]: `${evidence}}\n` }, { user: 'dev' }).plan!.user.name.value).toBe('dev');
    expect(run({ [CONFIG]: `${evidence}, "remoteUser": "builder"\n}\n` }).plan!.user.name.value).toBe('builder');
  });
});

describe("item 8: the user's own uv commands that write the lock or change the environment", () => {
  it('uv sync without --frozen in the post-create script: the line, what goes wrong, --frozen; the check ran before it', () => {
    const warnings = uvWarnings({
      [CONFIG]: '{\n  "image": "python:3.12",\n  "postCreateCommand": "bash scripts/setup.sh"\n}\n',
      'scripts/setup.sh': '#!/bin/sh\n# sync\nuv sync --extra build\n',
    });
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning).toMatchObject({ file: 'scripts/setup.sh', line: 3 });
    expect(warning!.message).toContain('postCreateCommand runs `uv sync --extra build`, every time the container is created');
    expect(warning!.message).toContain('rewrites uv.lock');
    expect(warning!.message).toContain('revision = 3 into 5');
    expect(warning!.message).toContain('each removes what the other installed');
    expect(warning!.message).toContain('the in-container check runs before it');
    expect(warning!.hint).toContain('add --frozen');
    expect(warning!.hint).toContain('pass --extra build to gen-devcontainer instead');
  });

  it('with --extra build given to gen-devcontainer and --frozen in theirs, nothing is left to say', () => {
    expect(uvWarnings({ [CONFIG]: '{ "image": "python:3.12", "postCreateCommand": "uv sync --frozen --extra build" }' }, { extra: ['build'] })).toEqual([]);
  });

  it.each([
    ['a string', '"postStartCommand": "uv lock && uv run pytest -q"', ['uv lock', 'uv run pytest -q']],
    ['an array', '"updateContentCommand": ["uv", "add", "httpx"]', ['uv add httpx']],
    ['an object', '"postAttachCommand": { "a": "uv pip install rich", "b": ["sudo", "uv", "--directory", ".", "sync"] }', ['uv pip install rich', 'sudo uv --directory . sync']],
    ['our wrapper around theirs', '"postCreateCommand": ["sh", ".devcontainer/uv-lifecycle.sh", "check", "--", "uv", "run", "python", "-V"]', ['uv run python -V']],
    ['behind env', '"postCreateCommand": "env UV_NO_PROGRESS=1 uv sync"', ['env UV_NO_PROGRESS=1 uv sync']],
  ])('%s: every uv command that writes or changes is named', (_, property, commands) => {
    const warnings = uvWarnings({ [CONFIG]: `{\n  "image": "python:3.12",\n  ${property}\n}\n` });
    expect(warnings.map((w) => /runs `([^`]*)`/.exec(w.message)![1])).toEqual(commands);
    for (const w of warnings) expect(w).toMatchObject({ file: CONFIG, line: 3 });
  });

  it('commands that change nothing tracked are left alone: --frozen runs, lock --check, tools, other pythons', () => {
    const config =
      '{ "image": "python:3.12", "postCreateCommand": "uv run --frozen pytest && uv lock --check && uv tool install ruff && uvx pre-commit install && uv pip install --system cowsay && uv sync --frozen && uv run --no-sync python -V" }';
    expect(uvWarnings({ [CONFIG]: config })).toEqual([]);
  });

  it('a switch the command sets for itself is its flag: UV_FROZEN=1 uv sync is uv sync --frozen (env and sudo too), UV_SYSTEM_PYTHON=1 uv pip install is --system; UV_FROZEN=0 is not', () => {
    const config = (line: string) => ({ [CONFIG]: `{ "image": "python:3.12", "postCreateCommand": ${JSON.stringify(line)} }` });
    expect(
      uvWarnings(config('UV_FROZEN=1 uv sync && env UV_NO_SYNC=true uv run pytest && sudo UV_LOCKED=1 uv lock && UV_FROZEN="1" uv run python -V && UV_SYSTEM_PYTHON=1 uv pip install cowsay')),
    ).toEqual([]);
    const warned = uvWarnings(config('UV_FROZEN=0 uv sync'));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toContain('without --frozen it locks first');
  });

  it("the pip warning's own fix, uv pip install, says the next exact sync undoes it in a uv project", () => {
    const pip = find(run({ [CONFIG]: '{ "image": "python:3.12", "postCreateCommand": "pip install rich" }' }).diagnostics, 'pip-outside-environment')!;
    expect(pip.hint).toContain('until the next exact `uv sync` (the install step on a rebuild) removes it again');
    expect(pip.hint).toContain('declare it once with `uv add NAME`');
  });

  it('UV_FROZEN=1 in containerEnv: a plain uv sync rewrites no lock (only the selection matters then)', () => {
    expect(uvWarnings({ [CONFIG]: '{ "image": "python:3.12", "containerEnv": { "UV_FROZEN": "1" }, "postCreateCommand": "uv sync && uv run pytest" }' })).toEqual([]);
  });
});

describe('item 9: a workspace, where a plain uv sync uninstalls the members', () => {
  const workspace = {
    'pyproject.toml': '[project]\nname = "root"\nversion = "0"\nrequires-python = ">=3.12"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    'packages/alpha/pyproject.toml': '[project]\nname = "alpha"\nversion = "0"\n',
    'uv.lock': LOCK,
  };

  it('the plan, the run and the generated README say which sync to type, and why no setting can do it', () => {
    const analysis = analyzeRepo(new MemoryRepo(workspace), 'ws');
    const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
    expect(planned.plan!.workspace!.plainSync!.value).toBe('uv sync --frozen --all-packages --python 3.14');
    expect(planned.plan!.workspace!.plainSync!.reason).toMatch(/uninstalls every member .* uv has no variable or \[tool\.uv\] setting that means --all-packages/);
    expect(find(planned.diagnostics, 'workspace-plain-sync')).toMatchObject({ level: 'info', file: 'pyproject.toml' });
    const readme = renderTargets(planned.plan!, analysis.facts.devcontainer, false).files.find((f) => f.path === '.devcontainer/README.md')!.content;
    expect(readme).toContain('Run `uv sync --frozen --all-packages --python 3.14`, not a plain `uv sync`');
  });

  it("a user's plain uv sync at the root is named: it uninstalls every member", () => {
    const analysis = analyzeRepo(new MemoryRepo({ ...workspace, [CONFIG]: '{ "image": "python:3.12", "postCreateCommand": "uv sync --frozen" }' }), 'ws');
    const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
    const warning = find(planned.diagnostics, 'uv-command-in-lifecycle')!;
    expect(warning.message).toContain('without --all-packages it uninstalls every workspace member');
    expect(warning.hint).toContain('--all-packages');
  });
});

describe('item 5: the pinned uv is the uv that runs', () => {
  it('the block copies it into a folder of its own, first on the image PATH, ahead of an installer script’s ~/.local/bin; the check compares the version', () => {
    const { plan, files } = run({
      [CONFIG]: '{ "build": { "dockerfile": "Dockerfile" }, "remoteUser": "root" }\n',
      '.devcontainer/Dockerfile': 'FROM ghcr.io/example/sdk-dev:2\nRUN curl -LsSf https://astral.sh/uv/install.sh | sh\nENV PATH="/root/.local/bin:$PATH"\n',
    });
    const dockerfile = files.find((f) => f.path === '.devcontainer/Dockerfile')!.content;
    expect(dockerfile).toContain(`COPY --from=${plan!.uv.image} /uv /uvx /usr/local/lib/gen-devcontainer/bin/\n`);
    expect(dockerfile).toMatch(/^ENV PATH=\/usr\/local\/lib\/gen-devcontainer\/bin:\/opt\/uv\/envs\/demo\/bin:\/opt\/uv\/bin:\$PATH$/m);
    // The block comes after the user's ENV PATH, so its PATH is the one in effect.
    expect(dockerfile.indexOf('ENV PATH="/root/.local/bin:$PATH"')).toBeLessThan(dockerfile.indexOf('ENV PATH=/usr/local/lib'));
    const script = files.find((f) => f.path === '.devcontainer/uv-lifecycle.sh')!.content;
    expect(script).toContain(`check-uv-layout.sh --uv-version ${plan!.uv.version.value}`);
  });

  it('a PATH in containerEnv, remoteEnv or Compose that puts another folder first, and a uv feature: each named with its line', () => {
    const { diagnostics } = run({
      [CONFIG]: [
        '{',
        '  "image": "python:3.12",',
        '  "remoteEnv": { "PATH": "/root/.local/bin:${containerEnv:PATH}" },',
        '  "features": { "ghcr.io/va-h/devcontainers-features/uv:1": { "version": "0.5.0" } }',
        '}',
      ].join('\n'),
    });
    const path = find(diagnostics, 'path-before-pinned-uv')!;
    expect(path).toMatchObject({ file: CONFIG, line: 3 });
    expect(path.message).toContain('/root/.local/bin come before the image');
    expect(path.hint).toContain('start that PATH with /usr/local/lib/gen-devcontainer/bin');
    expect(find(diagnostics, 'uv-feature')).toMatchObject({ file: CONFIG, line: 4 });
    const replaced = run({ [CONFIG]: '{ "image": "python:3.12", "containerEnv": { "PATH": "/usr/bin:/bin" } }' }).diagnostics;
    expect(find(replaced, 'path-before-pinned-uv')!.message).toContain("replaces the image's PATH");
    // Controls: the image's PATH first, or the plan's folders before it, say nothing.
    for (const value of ['${containerEnv:PATH}:/extra/bin', '/opt/uv/envs/demo/bin:${containerEnv:PATH}']) {
      expect(find(run({ [CONFIG]: `{ "image": "python:3.12", "remoteEnv": { "PATH": "${value}" } }` }).diagnostics, 'path-before-pinned-uv')).toBeUndefined();
    }
  });
});
