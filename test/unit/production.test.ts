/**
 * `gen-devcontainer production`: each decision and refusal of the production target
 * (src/targets/production/), run in-process on copies of the examples and on small repositories;
 * the Dockerfile read with the real parser (dockerfile-ast), the manifests with `yaml`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { copyExample, makeRepo, readTree, runCli, withoutHostCa } from '../helpers/cli.js';
import { dockerfileProblems } from '../helpers/validators.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const env = withoutHostCa();
const run = (argv: string[]) => runCli(argv, process.cwd(), env);

const APP = {
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = []\n\n[project.scripts]\nshop = "shop:main"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
  'uv.lock': 'version = 1\nrequires-python = ">=3.12"\n',
  '.python-version': '3.12\n',
  'src/shop/__init__.py': 'def main():\n    print("hi")\n',
};

function stages(text: string) {
  const dockerfile = DockerfileParser.parse(text);
  return { dockerfile, froms: dockerfile.getFROMs(), instructions: dockerfile.getInstructions() };
}

describe('production writes deploy/ for a uv project', () => {
  it('writes the four files and a manifest of its own, and a second run changes nothing (--check exit 0)', async () => {
    const dir = makeRepo(APP, 'shop');
    const first = await run(['production', dir, '--port', '8000']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = Object.keys(readTree(path.join(dir, 'deploy'))).sort();
    expect(files).toEqual(['Dockerfile', 'Dockerfile.dockerignore', 'compose.yaml', 'gen-devcontainer.manifest.json', 'kubernetes.yaml']);
    expect(fs.existsSync(path.join(dir, '.devcontainer'))).toBe(false);
    expect((await run(['production', dir, '--port', '8000', '--check'])).code).toBe(0);
  });

  it('the Dockerfile: two stages from one PYTHON_IMAGE, pinned uv, dependencies first with bind mounts, a non-root fixed uid, the one command', async () => {
    const dir = makeRepo(APP, 'shop');
    const { code, stdout } = await run(['production', dir, '--dry-run']);
    expect(code).toBe(0);
    const text = fs.existsSync(path.join(dir, 'deploy')) ? '' : unindent(stdout, 'deploy/Dockerfile');
    expect(dockerfileProblems(text)).toEqual([]);
    const { froms, instructions } = stages(text);
    expect(froms.map((f) => f.getArgumentsContent())).toEqual(['${UV_IMAGE} AS uv', '${PYTHON_IMAGE} AS builder', '${PYTHON_IMAGE}']);
    expect(text).toMatch(/^ARG PYTHON_IMAGE=python:3\.12-slim-bookworm$/m);
    expect(text).toMatch(/^ARG UV_IMAGE=ghcr\.io\/astral-sh\/uv:\d+\.\d+\.\d+$/m);
    // Each RUN as the parser delimits it (its lines, continuations included).
    const lines = text.split('\n');
    const runs = instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => lines.slice(i.getRange().start.line, i.getRange().end.line + 1).join('\n'));
    expect(runs[0]).toContain('--mount=type=cache,target=/root/.cache/uv');
    expect(runs[0]).toContain('--mount=type=bind,source=uv.lock,target=/app/uv.lock');
    expect(runs[0]).toContain('--mount=type=bind,source=pyproject.toml,target=/app/pyproject.toml');
    expect(runs[0]).toMatch(/uv sync --locked --no-dev --no-install-local --no-editable$/);
    expect(runs[1]).toMatch(/uv sync --locked --no-dev --no-editable$/);
    expect(text).toMatch(/UV_LINK_MODE=copy/);
    expect(text).toMatch(/UV_COMPILE_BYTECODE=1/);
    // The final stage: no uv, the user by number, the command.
    const final = text.slice(text.lastIndexOf('FROM ${PYTHON_IMAGE}'));
    expect(final).not.toMatch(/COPY --from=uv/);
    expect(final).toMatch(/^USER 10001:10001$/m);
    expect(final).toMatch(/^CMD \["shop"\]$/m);
    expect(final).not.toMatch(/^EXPOSE/m);
    expect(final).toMatch(/PATH="\/app\/\.venv\/bin:\$PATH"/);
    expect(final).toMatch(/TMPDIR=\/opt\/uv\/tmp/);
    // uv's cache and tools are on the volume even without --with-uv: for a uv the application brings itself.
    expect(final).toMatch(/UV_CACHE_DIR=\/opt\/uv\/cache/);
    expect(final).toMatch(/UV_TOOL_DIR=\/opt\/uv\/tools/);
    expect(final).not.toMatch(/UV_NO_SYNC/);
  });

  it('kubernetes.yaml meets "restricted" and mounts one emptyDir once, never by subPath; compose.yaml runs it read-only', async () => {
    const dir = makeRepo(APP, 'shop');
    expect((await run(['production', dir, '--port', '8000', '--image', 'registry.example.com/shop:1.0'])).code).toBe(0);
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, 'deploy/kubernetes.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service']);
    const pod = docs[0].spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.image).toBe('registry.example.com/shop:1.0');
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toEqual([{ name: 'writable', emptyDir: { sizeLimit: '512Mi' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'writable', mountPath: '/opt/uv' }]);
    expect(docs[1].spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 'http' }]);
    const compose = parse(fs.readFileSync(path.join(dir, 'deploy/compose.yaml'), 'utf8'));
    expect(compose.services.shop).toMatchObject({
      read_only: true,
      user: '10001:10001',
      volumes: ['writable:/opt/uv'],
      ports: ['8000:8000'],
      build: { context: '..', dockerfile: 'deploy/Dockerfile' },
    });
    expect(compose.volumes).toEqual({ writable: {} });
  });

  it('--with-uv: uv in the final image, uv run never syncs or locks, uvx tools on the volume', async () => {
    const dir = makeRepo(APP, 'shop');
    const { code, stdout } = await run(['production', dir, '--with-uv', '--dry-run']);
    expect(code).toBe(0);
    const text = unindent(stdout, 'deploy/Dockerfile');
    const final = text.slice(text.lastIndexOf('FROM ${PYTHON_IMAGE}'));
    expect(final).toMatch(/^COPY --from=uv \/uv \/uvx \/bin\/$/m);
    for (const setting of ['UV_NO_SYNC=1', 'UV_FROZEN=1', 'UV_CACHE_DIR=/opt/uv/cache', 'UV_TOOL_DIR=/opt/uv/tools', 'UV_TOOL_BIN_DIR=/opt/uv/bin', 'UV_PYTHON_DOWNLOADS=never'])
      expect(final).toContain(setting);
  });

  it("says nothing about the dev container's own configuration, which the image never reads", async () => {
    const dir = path.join(makeRepo({}, 'x'), 'weather-station');
    fs.cpSync(path.join(examples, 'weather-station'), dir, { recursive: true });
    const plain = await run([dir, '--dry-run']);
    expect(plain.stderr).toContain('other-devcontainer-configs');
    const production = await run(['production', dir, '--command', 'python -m weatherstation', '--dry-run']);
    expect(production.code).toBe(0);
    expect(production.stderr).not.toContain('.devcontainer');
    // Its setup.py imports its own package: built without isolation, setuptools installed first, as the dev container does.
    expect(production.stdout).toContain('uv pip install --python /app/.venv/bin/python -r requirements.txt setuptools');
    expect(production.stdout).toContain('uv pip install --python /app/.venv/bin/python --no-build-isolation -r requirements.txt .');
    const extra = await run(['production', dir, '--command', 'x', '--extra', 'gpu', '--dry-run']);
    expect(extra.stdout).toContain("uv pip install --python /app/.venv/bin/python --no-build-isolation -r requirements.txt '.[gpu]'");
  });

  it('the default command writes no deploy/ file', async () => {
    const dir = makeRepo(APP, 'shop');
    expect((await run([dir])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'deploy'))).toBe(false);
  });
});

describe('the command to run', () => {
  it('several [project.scripts]: exit 2 naming them; --command chooses', async () => {
    const dir = makeRepo({ ...APP, 'pyproject.toml': APP['pyproject.toml'].replace('shop = "shop:main"', 'shop = "shop:main"\nshop-admin = "shop:admin"') }, 'shop');
    const refused = await run(['production', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('production-several-commands');
    expect(refused.stderr).toContain('shop, shop-admin');
    expect(fs.existsSync(path.join(dir, 'deploy'))).toBe(false);
    const chosen = await run(['production', dir, '--command', 'shop-admin', '--dry-run']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('CMD ["shop-admin"]');
  });

  it('none (uv-app: no scripts, not packaged): exit 2 with the --command hint; a command line is split into words', async () => {
    const dir = copyExample(path.join(examples, 'uv-app'));
    const refused = await run(['production', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('production-no-command');
    expect(refused.stderr).toContain('--command');
    const given = await run(['production', dir, '--command', `python -c 'print("a b")'`, '--dry-run']);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('CMD ["python","-c","print(\\"a b\\")"]');
  });

  it('an unclosed quote in --command is exit 2', async () => {
    const { code, stderr } = await run(['production', makeRepo(APP, 'shop'), '--command', "python -c 'x"]);
    expect(code).toBe(2);
    expect(stderr).toContain('production-command-invalid');
  });

  it.each([[''], ['  ']])('a blank --command %j is exit 2, even where a script has that name (it was exit 3: a blank value in the plan)', async (command) => {
    const dir = makeRepo({ ...APP, 'pyproject.toml': APP['pyproject.toml'].replace('shop = "shop:main"', `shop = "shop:main"\n"${command}" = "shop:x"`) }, 'shop');
    const { code, stderr } = await run(['production', dir, '--command', command]);
    expect(code).toBe(2);
    expect(stderr).toContain('production-command-invalid');
  });
});

describe('refusals', () => {
  it('no uv.lock: exit 2 naming uv lock', async () => {
    const { 'uv.lock': _, ...unlocked } = APP;
    const { code, stderr } = await run(['production', makeRepo(unlocked, 'shop')]);
    expect(code).toBe(2);
    expect(stderr).toContain('production-lock-missing');
    expect(stderr).toContain('uv lock');
  });

  it('a folder of several projects: exit 2 listing them; --project picks one, and the build context keeps its path sources', async () => {
    const dir = copyExample(path.join(examples, 'path-source-sibling'));
    const refused = await run(['production', dir, '--command', 'x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('production-several-projects');
    expect(refused.stderr).toContain('--project app');
    const chosen = await run(['production', dir, '--project', 'app', '--command', 'x', '--dry-run']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('--mount=type=bind,source=prebuilt,target=/app/prebuilt,rw');
    expect(chosen.stdout).toContain('WORKDIR /app/app');
    // A refusal about the chosen project names its files from here.
    fs.rmSync(path.join(dir, 'app', 'uv.lock'));
    const unlocked = await run(['production', dir, '--project', 'app', '--command', 'x']);
    expect(unlocked.code).toBe(2);
    expect(unlocked.stderr).toMatch(/^app\/pyproject\.toml: error: .*\[production-lock-missing\]/m);
    const inside = await run(['production', path.join(dir, 'app'), '--command', 'x']);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('production-path-source-outside');
  });

  it('a workspace: every member by default, --package one of them, an unknown --package exit 2 naming the members', async () => {
    const dir = copyExample(path.join(examples, 'uv-workspace'));
    const all = await run(['production', dir, '--command', 'x', '--dry-run']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('uv sync --locked --no-dev --all-packages --no-install-local --no-editable');
    expect(all.stdout).toContain('source=packages/api/pyproject.toml');
    const one = await run(['production', dir, '--command', 'x', '--package', 'acme-api', '--dry-run']);
    expect(one.stdout).toContain('uv sync --locked --no-dev --package acme-api --no-editable');
    // uv syncs at the workspace root; the member's command runs in its own folder.
    expect(one.stdout.match(/^ {4}WORKDIR .*$/gm)).toEqual(['    WORKDIR /app', '    WORKDIR /app/packages/api']);
    const unknown = await run(['production', dir, '--command', 'x', '--package', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('production-package-invalid');
    expect(unknown.stderr).toContain('acme-api');
    const member = await run(['production', path.join(dir, 'packages', 'api'), '--command', 'x']);
    expect(member.code).toBe(2);
    expect(member.stderr).toContain('production-workspace-member');
  });

  it('requirements only: uv venv, then uv pip install of the runtime requirements (not the dev ones)', async () => {
    const dir = copyExample(path.join(examples, 'pip-requirements'));
    const { code, stdout } = await run(['production', dir, '--command', 'python app.py', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('uv pip install --python /app/.venv/bin/python -r requirements.txt');
    expect(stdout).not.toContain('requirements-dev.txt');
  });

  it('requirements that include others bind those too; one that names a local path installs after the copy', async () => {
    const included = makeRepo({ 'requirements.txt': '-r requirements/base.txt\n-c constraints.txt\nflask\n', 'requirements/base.txt': 'requests\n', 'constraints.txt': '', 'app.py': '' }, 'site');
    const bound = await run(['production', included, '--command', 'python app.py', '--dry-run']);
    expect(bound.code).toBe(0);
    for (const file of ['requirements.txt', 'requirements/base.txt', 'constraints.txt']) expect(bound.stdout).toContain(`--mount=type=bind,source=${file},target=/app/${file} `);
    const local = makeRepo({ 'requirements.txt': 'flask\n-e ./libs/shared  # ours\n', 'libs/shared/setup.py': '', 'app.py': '' }, 'site');
    const after = await run(['production', local, '--command', 'python app.py', '--dry-run']);
    expect(after.code).toBe(0);
    const text = unindent(after.stdout, 'deploy/Dockerfile');
    expect(text).not.toContain('--mount=type=bind');
    expect(text.indexOf('uv pip install --python /app/.venv/bin/python -r requirements.txt')).toBeGreaterThan(text.indexOf('COPY . /app'));
  });

  it.each([
    ['--image', 'Not An Image', 'production-image-invalid'],
    ['--port', '70000', 'production-port-invalid'],
    ['--port', '80a', 'production-port-invalid'],
  ])('%s %s: exit 2 (%s)', async (flag, value, code) => {
    const result = await run(['production', makeRepo(APP, 'shop'), flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(code);
  });
});

describe('ownership', () => {
  it("a user's own deploy/Dockerfile is theirs: exit 2 naming it and --force; --force keeps it as .bak; --check finds an edit", async () => {
    const dir = makeRepo({ ...APP, 'deploy/Dockerfile': 'FROM scratch\n' }, 'shop');
    const refused = await run(['production', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('deploy/Dockerfile');
    expect(refused.stderr).toContain('--force');
    expect(fs.readFileSync(path.join(dir, 'deploy/Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    const forced = await run(['production', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'deploy/Dockerfile.bak'), 'utf8')).toBe('FROM scratch\n');
    fs.appendFileSync(path.join(dir, 'deploy/kubernetes.yaml'), '# mine\n');
    const check = await run(['production', dir, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('deploy/kubernetes.yaml: differs');
  });
});

describe('what the pinned uv has', () => {
  it('before uv 0.8.14 the dependencies layer leaves out the project with --no-install-project (--no-install-workspace in a workspace); before 0.4.11 it is refused', async () => {
    const project = await run(['production', makeRepo(APP, 'shop'), '--uv-version', '0.8.13', '--dry-run']);
    expect(project.code).toBe(0);
    expect(project.stdout).toContain('uv sync --locked --no-dev --no-install-project --no-editable');
    const workspace = await run(['production', copyExample(path.join(examples, 'uv-workspace')), '--uv-version', '0.8.13', '--command', 'x', '--dry-run']);
    expect(workspace.code).toBe(0);
    expect(workspace.stdout).toContain('uv sync --locked --no-dev --all-packages --no-install-workspace --no-editable');
    const old = await run(['production', makeRepo(APP, 'shop'), '--uv-version', '0.4.10']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('production-uv-too-old');
  });

  it('--with-uv sets only what the pinned uv reads: UV_NO_SYNC from 0.4.18, UV_FROZEN from 0.4.25', async () => {
    const { code, stdout } = await run(['production', makeRepo(APP, 'shop'), '--with-uv', '--uv-version', '0.4.20', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('UV_NO_SYNC=1');
    expect(stdout).not.toContain('UV_FROZEN=1');
  });
});

describe('remembered options', () => {
  it("deploy/'s manifest records the options: --check without them compares the same files; --forget drops one; a bad record is exit 2 naming the file", async () => {
    const dir = copyExample(path.join(examples, 'uv-app'));
    expect((await run(['production', dir, '--command', 'python x.py', '--with-uv', '--python', '3.13'])).code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'deploy/gen-devcontainer.manifest.json'), 'utf8'));
    expect(manifest.options).toEqual({ python: '3.13' });
    expect(manifest.production).toEqual({ command: 'python x.py', 'with-uv': true });
    const check = await run(['production', dir, '--check']);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('--with-uv');
    const forgotten = await run(['production', dir, '--check', '--forget', 'with-uv']);
    expect(forgotten.code).toBe(1);
    expect(forgotten.stdout).toContain('deploy/Dockerfile: differs');
    // The dev container's manifest is not production's: a dev container run never sees these options.
    expect(fs.existsSync(path.join(dir, '.devcontainer', 'gen-devcontainer.manifest.json'))).toBe(false);
    manifest.production = { command: ['not', 'a', 'string'] };
    fs.writeFileSync(path.join(dir, 'deploy/gen-devcontainer.manifest.json'), JSON.stringify(manifest));
    const bad = await run(['production', dir, '--check']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('deploy/gen-devcontainer.manifest.json');
    expect(bad.stderr).toContain('manifest-option-invalid');
  });
});

describe('plan --production', () => {
  it('prints the production section with sources and reasons, as JSON too', async () => {
    const dir = makeRepo(APP, 'shop');
    const { code, stdout } = await run(['plan', dir, '--production', '--json']);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.production.command).toMatchObject({ value: ['shop'], source: 'pyproject.toml' });
    expect(plan.production.user).toMatchObject({ uid: 10001, gid: 10001 });
    expect(plan.production.pythonImage.value).toBe('python:3.12-slim-bookworm');
    const text = await run(['explain', dir, '--port', '8000']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Production');
    expect(text.stdout).toContain('emptyDir');
    // The production container's picture, not the dev container's.
    expect(text.stdout).toMatch(/^├── \/opt\/uv {2}══ the one writable volume/m);
    expect(text.stdout).not.toContain('bind mount of the host folder');
  });
});

/** The text of one file in --dry-run output (each line indented four spaces under "would create FILE"). */
function unindent(stdout: string, file: string): string {
  const start = stdout.indexOf(`would create ${file}\n`);
  if (start < 0) throw new Error(`${file} not in the output`);
  const lines = stdout.slice(start).split('\n').slice(1);
  const end = lines.findIndex((l) => l !== '' && !l.startsWith('    '));
  return `${lines
    .slice(0, end < 0 ? undefined : end)
    .map((l) => l.slice(4))
    .join('\n')
    .trimEnd()}\n`;
}

describe("the dev container's own advice stays out of a production run", () => {
  it('a workspace whose .gitignore ignores .devcontainer and uv.lock: the dev container run says so, production does not (its own refusal names the lock)', async () => {
    const root = copyExample(path.join(examples, 'uv-workspace'));
    fs.writeFileSync(path.join(root, '.gitignore'), '.devcontainer\n');
    const dev = await run([root, '--dry-run']);
    expect(dev.stderr).toContain('[devcontainer-gitignored]');
    const prod = await run(['production', root, '--dry-run']);
    expect(prod.stderr).not.toContain('[devcontainer-gitignored]');
    expect(prod.stderr).not.toContain('[workspace-plain-sync]');
    fs.writeFileSync(path.join(root, '.gitignore'), 'uv.lock\n');
    const noLock = await run(['production', root, '--dry-run']);
    expect(noLock.stderr).toContain('[production-lock-missing]');
    expect(noLock.stderr).not.toContain('[uv-lock-gitignored]');
  });
});

describe('--package names what the image runs', () => {
  it("the member's name, not the workspace's (a virtual root's is `project`), names the Deployment, its container and the default image", async () => {
    const root = copyExample(path.join(examples, 'uv-workspace'));
    const out = await run(['production', root, '--package', 'acme-api', '--command', 'python -m acme_api']);
    expect(out.code, out.stderr).toBe(0);
    const docs = parseAllDocuments(fs.readFileSync(path.join(root, 'deploy', 'kubernetes.yaml'), 'utf8')).map((d) => d.toJS());
    const deployment = docs.find((d) => d.kind === 'Deployment');
    expect(deployment.metadata.name).toBe('acme-api');
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'acme-api', image: 'acme-api:latest' });
    expect(parse(fs.readFileSync(path.join(root, 'deploy', 'compose.yaml'), 'utf8')).services['acme-api'].image).toBe('acme-api:latest');
  });
});
