/**
 * The fuzz tier: hostile input by class, FUZZ_RUNS cases each (1,000 under CI, 200 otherwise),
 * through the same stages the CLI runs. For every case: no internal error (nothing thrown, exit
 * never 3), no comment of the user's lost, nothing written outside the files the tool owns, no
 * unbounded walk, and a second run changes nothing. Each class prints how many cases ran and how
 * they ended, for the record (see the closing note of issue 11).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { type ParseError, parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../src/analyze/analyze.js';
import { CONFIG_PROPERTY_TYPES, firstMismatch } from '../src/analyze/config-types.js';
import { type Diagnostic, hasErrors } from '../src/diagnostics.js';
import { OUTPUT_FOLDER } from '../src/outputs.js';
import { DOCKERFILE_BLOCK_END as BLOCK_END, DOCKERFILE_BLOCK_START as BLOCK_START } from '../src/ownership.js';
import { substituteDevcontainerId } from '../src/plan/names.js';
import { upsertDockerfileBlock } from '../src/targets/devcontainer/dockerfile.js';
import { planTargets } from '../src/targets/plan.js';
import { renderTargets } from '../src/targets/render.js';
import { runCli } from './helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from './helpers/fuzz.js';
import { MemoryRepo } from './helpers/memory-repo.js';
import { reachedCounter } from './helpers/reached.js';

const RUNS = FUZZ_RUNS;
const settings = fuzzSettings;
const { count } = fuzzTally();

// ---- Hostile text ---------------------------------------------------------------------------------

const HOSTILE = [
  '${localEnv:GH_TOKEN}',
  '${containerEnv:PATH}',
  '${localWorkspaceFolder}',
  '$(touch /tmp/pwned)',
  '`id`',
  "it's",
  'a"b',
  'back\\slash',
  'new\nline',
  'car\rriage',
  'tab\there',
  'nul\u0000byte',
  '\u001b[31mred',
  '\uFEFFbom',
  '-',
  '--',
  '-P',
  '.',
  '..',
  ' spaced ',
  'Café',
  '中文',
  '🚀',
  'x'.repeat(300),
  '%s%n',
  '*',
  '?',
  '[a]',
  ';rm -rf ~',
  '|| true',
];
const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 20 }),
  fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 3 }).map((a) => a.join('')),
);
/** A name usable as a folder in the in-memory repository (no "/" and not empty). */
const folder = hostile.map((s) => s.replace(/\//g, '_')).filter((s) => s.length > 0 && s !== '.' && s !== '..');
const toml = (s: string) => JSON.stringify(s);

/** Every string anywhere in a parsed JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, strings(k, out));
  return out;
}

function parseStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false });
  if (errors.length) throw new Error(`invalid JSONC: ${JSON.stringify(errors)}`);
  return value;
}

/** analyze -> plan -> render in memory, as the CLI does; throws only on an internal error. */
function pipeline(files: Record<string, string>, folderName = 'repo', options: Record<string, unknown> = {}) {
  const analysis = analyzeRepo(new MemoryRepo(files), folderName);
  if (hasErrors(analysis.diagnostics)) return { outcome: 'refused' as const, diagnostics: analysis.diagnostics };
  const planned = planTargets(analysis.facts, { generatorVersion: '0.0.0-fuzz', ...options });
  if (!planned.plan || hasErrors(planned.diagnostics)) return { outcome: 'refused' as const, diagnostics: planned.diagnostics };
  const rendering = renderTargets(planned.plan, analysis.facts.devcontainer, false);
  if (hasErrors(rendering.diagnostics)) return { outcome: 'refused' as const, diagnostics: rendering.diagnostics };
  const next = { ...files };
  for (const f of rendering.files) next[f.path] = f.content;
  return { outcome: 'written' as const, files: next, rendered: rendering.files.map((f) => f.path), diagnostics: rendering.diagnostics };
}

function expectGoodDiagnostics(diagnostics: Diagnostic[]) {
  for (const d of diagnostics) {
    expect(['error', 'warning', 'info']).toContain(d.level);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

// The share of cases a class that returns on a refusal must get past it with (REACHED_PRINT=1 prints each).
const MIN_WRITTEN = 0.25;

describe(`fuzz tier (${RUNS} cases per class)`, { timeout: 600_000 }, () => {
  it('names in every position: no internal error; no "${" in a devcontainer.json string; a lifecycle script sh can parse', () => {
    let shChecks = 0;
    const cases = reachedCounter('names, written');
    fc.assert(
      fc.property(
        fc.record({
          layout: fc.constantFrom('single', 'workspace', 'projects', 'requirements'),
          projectName: hostile,
          repoFolder: hostile,
          members: fc.uniqueArray(folder, { minLength: 1, maxLength: 3 }),
          python: fc.option(hostile, { nil: undefined }),
          requiredVersion: fc.option(hostile, { nil: undefined }),
          service: fc.option(hostile, { nil: undefined }),
          dockerfile: fc.option(hostile, { nil: undefined }),
        }),
        (c) => {
          const files: Record<string, string> = {};
          const project = `[project]\nname = ${toml(c.projectName)}\nversion = "0"\n${c.requiredVersion ? `[tool.uv]\nrequired-version = ${toml(c.requiredVersion)}\n` : ''}`;
          if (c.layout === 'single') files['pyproject.toml'] = project;
          if (c.layout === 'workspace') {
            files['pyproject.toml'] = `${project}\n[tool.uv.workspace]\nmembers = ["packages/*"]\n`;
            for (const m of c.members) files[`packages/${m}/pyproject.toml`] = `[project]\nname = ${toml(m)}\nversion = "0"\n`;
          }
          if (c.layout === 'projects') for (const m of c.members) files[`${m}/pyproject.toml`] = `[project]\nname = ${toml(m)}\nversion = "0"\n`;
          if (c.layout === 'requirements') files['requirements.txt'] = `${c.members.join('\n')}\n`;
          if (c.python !== undefined) files['.python-version'] = `${c.python}\n`;
          if (c.service !== undefined) {
            files['.devcontainer/devcontainer.json'] = JSON.stringify({ dockerComposeFile: 'compose.yaml', service: c.service, workspaceFolder: '/w' });
            files['.devcontainer/compose.yaml'] = `services:\n  ${JSON.stringify(c.service)}:\n    image: debian\n`;
          } else if (c.dockerfile !== undefined) {
            files['.devcontainer/devcontainer.json'] = JSON.stringify({ build: { dockerfile: c.dockerfile } });
          }
          const result = pipeline(files, c.repoFolder);
          expectGoodDiagnostics(result.diagnostics);
          count('names', result.outcome === 'refused' ? `refused (${[...new Set(result.diagnostics.filter((d) => d.level === 'error').map((d) => d.code))].sort().join(' ')})` : result.outcome);
          cases.tried();
          if (result.outcome !== 'written') return;
          cases.reached();
          const config = parseStrict(result.files['.devcontainer/devcontainer.json']!);
          // The user's own values may hold variables (they wrote them); nothing the tool adds may.
          const theirs = new Set(files['.devcontainer/devcontainer.json'] ? strings(JSON.parse(files['.devcontainer/devcontainer.json'])) : []);
          // Except the volume's `${devcontainerId}` and, as the name of a project without one, `${localWorkspaceFolderBasename}`,
          // which the tool writes on purpose (plan/names.ts).
          const own = (config as { name?: unknown }).name === '${localWorkspaceFolderBasename}' ? ['${localWorkspaceFolderBasename}'] : [];
          for (const s of strings(config))
            if (!theirs.has(s) && !own.includes(s)) expect(substituteDevcontainerId(s, ''), `a devcontainer.json string holds "\${": ${JSON.stringify(s)}`).not.toContain('${');
          const script = result.files['.devcontainer/uv-lifecycle.sh']!;
          // Parsing costs a process: every tenth case, still hundreds under CI.
          if (shChecks++ % 10 === 0) {
            const sh = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
            expect(sh.status, sh.stderr).toBe(0);
          }
        },
      ),
      settings,
    );
    cases.expectAtLeast(MIN_WRITTEN);
  });

  it("comments in every position of the user's devcontainer.json: none lost, a second run changes nothing", () => {
    const value = fc.oneof(fc.constantFrom('x', 'copy', '/home/vscode/.cache/uv', 8000, true, null), fc.constant(['a', 'b']), fc.constant({ k: 'v' }));
    // Values of the type each property must have (others stop the run before anything is written: test/fuzz/property-types.test.ts).
    const member = fc
      .tuple(fc.constantFrom('image', 'name', 'containerEnv', 'runArgs', 'forwardPorts', 'postCreateCommand', 'onCreateCommand', 'mounts', 'remoteUser', 'features', 'customizations'), value)
      .filter(([k, v]) => firstMismatch({ [k]: v }, CONFIG_PROPERTY_TYPES) === undefined);
    const cases = reachedCounter('comments, written');
    fc.assert(
      fc.property(fc.uniqueArray(member, { minLength: 1, maxLength: 8, selector: (m) => m[0] }), fc.array(fc.nat(4), { minLength: 40, maxLength: 40 }), fc.boolean(), (members, spots, crlf) => {
        let n = 0;
        // A line comment always ends its line, or it would swallow what follows.
        const comment = (k: number) => (k === 0 ? '' : k === 1 ? ` // c${n++}\n  ` : k === 2 ? ` /* c${n++} */` : k === 3 ? `\n  // c${n++}\n ` : '');
        let spot = 0;
        const next = () => comment(spots[spot++ % spots.length]!);
        const withImage = members.some(([k]) => k === 'image') ? members : [...members, ['image', 'debian:trixie'] as [string, unknown]];
        const body = withImage
          .map(([k, v], i) => {
            const json = k === 'image' ? '"debian:trixie"' : k === 'containerEnv' ? `{${next()} "APP": "1"${next()}\n  }` : JSON.stringify(v);
            return `${next()}\n  ${JSON.stringify(k)}:${next()} ${json}${i < withImage.length - 1 ? ',' : ''}${next()}`;
          })
          .join('');
        let text = `${next()}\n{${body}\n${next()}}\n${next()}\n`;
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const before = (text.match(/c\d+/g) ?? []).sort();
        const files = { 'pyproject.toml': '[project]\nname = "fuzz-comments"\nversion = "0"\n', '.devcontainer/devcontainer.json': text };
        const first = pipeline(files);
        count('comments', first.outcome === 'refused' ? `refused (${[...new Set(first.diagnostics.filter((d) => d.level === 'error').map((d) => d.code))].join(' ')})` : first.outcome);
        cases.tried();
        if (first.outcome !== 'written') return;
        cases.reached();
        const after = first.files['.devcontainer/devcontainer.json']!;
        expect((after.match(/c\d+/g) ?? []).sort(), after).toEqual(before);
        parseStrict(after);
        const second = pipeline(first.files);
        expect(second.outcome).toBe('written');
        if (second.outcome === 'written') expect(second.files['.devcontainer/devcontainer.json']).toBe(after);
      }),
      settings,
    );
    cases.expectAtLeast(MIN_WRITTEN);
  });

  it('manifests: any JSON, any nesting, any paths: no internal error', () => {
    const manifest = fc.oneof(
      fc.json({ depthSize: 'large' }),
      fc
        .record({
          files: fc.dictionary(
            fc.oneof(fc.constantFrom('../x', '/etc/passwd', '.devcontainer/Dockerfile', '.git/config', 'a\u0000b'), fc.string()),
            fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.anything()),
          ),
          managedValues: fc.dictionary(fc.oneof(fc.constant('["containerEnv","X"]'), fc.string()), fc.anything()),
        })
        .map((m) => JSON.stringify(m)),
      fc.string(),
    );
    fc.assert(
      fc.property(manifest, fc.boolean(), (text, withConfig) => {
        const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "fuzz-manifest"\nversion = "0"\n', '.devcontainer/gen-devcontainer.manifest.json': text };
        if (withConfig) files['.devcontainer/devcontainer.json'] = '{ "image": "debian" }';
        const result = pipeline(files);
        count('manifests', result.outcome);
        if (result.outcome === 'written') expect(result.rendered.every((p) => p.startsWith(`${OUTPUT_FOLDER}/`))).toBe(true);
      }),
      settings,
    );
  });

  it('Compose files: any YAML, anchors and aliases, any service shape: no internal error', () => {
    const yamlValue = fc.oneof(
      fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.constantFrom('&a [*a]', '&a {x: *a}', '!!binary aGk=', '? [a]\n: b', '<<: *nope', 'x: !!python/object {}', '~', '[[[[[[[[[['),
    );
    fc.assert(
      fc.property(yamlValue, yamlValue, fc.constantFrom('app', 'web', 'a b'), (serviceBody, extra, service) => {
        const compose = `x-base: &base\n  image: debian\nservices:\n  app:\n    <<: *base\n    build: ${serviceBody}\n  other: ${extra}\n`;
        const files = {
          'pyproject.toml': '[project]\nname = "fuzz-compose"\nversion = "0"\n',
          '.devcontainer/devcontainer.json': JSON.stringify({ dockerComposeFile: 'compose.yaml', service, workspaceFolder: '/w' }),
          '.devcontainer/compose.yaml': compose,
        };
        const result = pipeline(files);
        count('compose', result.outcome === 'refused' ? `refused (${[...new Set(result.diagnostics.filter((d) => d.level === 'error').map((d) => d.code))].sort().join(' ')})` : result.outcome);
      }),
      settings,
    );
  });

  it('Dockerfiles: any lines, continuations, markers, CRLF, stages: no internal error; one block; idempotent', () => {
    const line = fc.constantFrom(
      'FROM debian',
      'FROM debian AS dev',
      'FROM debian AS prod',
      'RUN echo hi',
      'RUN echo a \\',
      '    b',
      '# comment',
      '',
      '# escape=`',
      'RUN x `',
      BLOCK_START,
      BLOCK_END,
      'USER root',
      'ARG X=1',
      '\t',
      'RUN echo "${X}"',
    );
    const block = `${BLOCK_START}: uv layout >>>\nUSER root\n${BLOCK_END}\n`;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.option(fc.constantFrom('dev', 'prod', 'missing'), { nil: undefined }), (lines, crlf, target) => {
        const text = lines.join(crlf ? '\r\n' : '\n');
        const result = upsertDockerfileBlock(text, block, '.devcontainer/Dockerfile', target);
        count('dockerfiles', result.text !== undefined ? 'written' : 'refused');
        if (result.text === undefined) {
          expect(result.diagnostic?.level).toBe('error');
          return;
        }
        expect(result.text.split(BLOCK_START).length - 1).toBe(1);
        expect(result.text.split(BLOCK_END).length - 1).toBe(1);
        expect(upsertDockerfileBlock(result.text, block, '.devcontainer/Dockerfile', target).text).toBe(result.text);
        if (crlf && text.includes('\r\n')) expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
      }),
      settings,
    );
  });

  it('repository text that becomes patterns and settings (.gitignore lines, member globs, uv variables in every place, Dockerfile ENV and heredocs): no internal error', () => {
    const glob = fc.oneof(hostile, fc.constantFrom('*', '**', '**/x', 'a/**/b', '[z-a]', '[!', '\\', '*a*a*a*a*a*a*a*a*b', 'libs/*', '/out/', '!keep', '#c', 'a?b'));
    const name = fc.constantFrom('UV_CACHE_DIR', 'UV_PROJECT_ENVIRONMENT', 'VIRTUAL_ENV', 'UV_PYTHON_INSTALL_DIR', 'UV_LINK_MODE', 'UV_SYSTEM_PYTHON', 'TMPDIR', 'UV_TOOL_DIR', 'PATH', 'UV_');
    const value = fc.oneof(hostile, fc.constantFrom('/cache/uv', '/cache/${localWorkspaceFolderBasename}/venv', '/usr/local', 'copy', '1', '/cache/venv+py3.12', '$${localEnv:X}', '/cache//x', ''));
    const envLine = fc
      .tuple(name, value, fc.constantFrom('ENV %N=%V', 'ENV %N %V', 'ENV %N="%V" B=1', 'RUN cat <<EOF\nENV %N=%V\nEOF', "RUN sed 's/<<OLD/%V/'", 'FROM base AS dev', 'ARG %N=%V'))
      .map(([n, v, t]) => t.replace('%N', n).replace('%V', v.replace(/\n/g, ' ')));
    const tree = fc.array(fc.tuple(fc.array(folder, { minLength: 1, maxLength: 5 }), fc.boolean()), { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(glob, { maxLength: 6 }),
        fc.array(glob, { maxLength: 3 }),
        tree,
        fc.dictionary(name, value, { maxKeys: 4 }),
        fc.dictionary(name, value, { maxKeys: 3 }),
        fc.array(envLine, { maxLength: 6 }),
        fc.constantFrom('monorepo', 'workspace', 'settings'),
        (ignoreLines, memberGlobs, folders, containerEnv, remoteEnv, dockerLines, shape) => {
          const files: Record<string, string> = { '.gitignore': ignoreLines.join('\n') };
          for (const [segments, isProject] of folders) files[`${segments.join('/')}/${isProject ? 'pyproject.toml' : 'README.md'}`] = `[project]\nname = ${toml(segments.at(-1)!)}\nversion = "0"\n`;
          if (shape === 'workspace') files['pyproject.toml'] = `[tool.uv.workspace]\nmembers = ${JSON.stringify(memberGlobs)}\nexclude = ${JSON.stringify(ignoreLines.slice(0, 2))}\n`;
          if (shape === 'settings') {
            files['pyproject.toml'] = '[project]\nname = "fuzz-settings"\nversion = "0"\n';
            files['.devcontainer/Dockerfile'] = ['FROM debian AS base', ...dockerLines].join('\n');
            files['.devcontainer/devcontainer.json'] = JSON.stringify({
              build: { dockerfile: 'Dockerfile', target: 'dev' },
              containerEnv,
              remoteEnv,
              mounts: [{ type: 'volume', source: 'cache', target: '/cache' }],
            });
          }
          const result = pipeline(files);
          expectGoodDiagnostics(result.diagnostics);
          count(`patterns-and-settings (${shape})`, result.outcome);
        },
      ),
      settings,
    );
  });

  it("file-system tricks on disk (links out, loops, FIFOs, folders where files go): exit 0, 1 or 2; nothing written outside the tool's files", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-fuzz-outside-'));
    fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM outside\n');
    fs.writeFileSync(path.join(outside, 'devcontainer.json'), '{ "image": "outside" }');
    const outsideBefore = snapshot(outside);
    const tricks = [
      'devcontainer-dir-link-out',
      'devcontainer-json-link-out',
      'dockerfile-link-out',
      'dockerfile-dangling',
      'fifo-config',
      'config-is-dir',
      'readme-is-dir',
      'pyproject-link-out',
      'self-loop',
      'manifest-link-out',
      'git-dockerfile',
      'lock-file-left',
    ] as const;
    const runs = Math.max(RUNS, 1);
    const cases = fc.sample(fc.record({ tricks: fc.subarray([...tricks], { minLength: 1, maxLength: 3 }), args: fc.constantFrom([], ['--dry-run'], ['--force'], ['--check'], ['--diff']) }), {
      numRuns: runs,
      seed: settings.seed,
    });
    const allowed = new Set([
      '.devcontainer/devcontainer.json',
      '.devcontainer/Dockerfile',
      '.devcontainer/uv.Dockerfile',
      '.devcontainer/check-uv-layout.sh',
      '.devcontainer/uv-lifecycle.sh',
      '.devcontainer/README.md',
      '.devcontainer/UV-LAYOUT.md',
      '.devcontainer/gen-devcontainer.manifest.json',
      '.devcontainer/compose.gen-devcontainer.yaml',
    ]);
    for (const c of cases) {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-fuzz-'));
      try {
        fs.writeFileSync(path.join(repo, 'pyproject.toml'), '[project]\nname = "fuzz-fs"\nversion = "0"\n');
        fs.mkdirSync(path.join(repo, '.git'));
        fs.writeFileSync(path.join(repo, '.git', 'config'), '[core]\n');
        for (const trick of c.tricks) applyTrick(repo, outside, trick);
        const before = snapshot(repo);
        const run = await runCli([repo, ...c.args]);
        count('file-system', `exit ${run.code}`);
        expect([0, 1, 2], run.stderr).toContain(run.code);
        expect(run.stderr).not.toMatch(/internal error/);
        const after = snapshot(repo);
        for (const [file, content] of Object.entries(after)) {
          if (allowed.has(file) || /^\.devcontainer\/[^/]+\.bak(\.\d+)?$/.test(file)) continue;
          expect(content, `${file} was written (tricks ${c.tricks.join(', ')})`).toBe(before[file]);
        }
        // A lock left by a dead run is taken over and removed; nothing else may go.
        for (const file of Object.keys(before)) if (file !== '.devcontainer/.gen-devcontainer.lock') expect(after, `${file} was removed`).toHaveProperty([file]);
        expect(snapshot(outside)).toEqual(outsideBefore);
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
    }
    fs.rmSync(outside, { recursive: true, force: true });
  });
});

function applyTrick(repo: string, outside: string, trick: string): void {
  const dc = path.join(repo, '.devcontainer');
  const ensure = () => fs.existsSync(dc) || fs.lstatSync(dc, { throwIfNoEntry: false }) || fs.mkdirSync(dc);
  switch (trick) {
    case 'devcontainer-dir-link-out':
      if (!fs.lstatSync(dc, { throwIfNoEntry: false })) fs.symlinkSync(outside, dc);
      return;
    case 'devcontainer-json-link-out':
      ensure();
      if (fs.statSync(dc).isDirectory() && fs.realpathSync(dc).startsWith(repo)) tryLink(path.join(outside, 'devcontainer.json'), path.join(dc, 'devcontainer.json'));
      return;
    case 'dockerfile-link-out':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo)) tryLink(path.join(outside, 'Dockerfile'), path.join(dc, 'Dockerfile'));
      return;
    case 'dockerfile-dangling':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo)) tryLink(path.join(repo, 'nowhere'), path.join(dc, 'Dockerfile'));
      return;
    case 'fifo-config':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo) && !fs.existsSync(path.join(dc, 'devcontainer.json'))) spawnSync('mkfifo', [path.join(dc, 'devcontainer.json')]);
      return;
    case 'config-is-dir':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo) && !fs.lstatSync(path.join(dc, 'devcontainer.json'), { throwIfNoEntry: false })) fs.mkdirSync(path.join(dc, 'devcontainer.json'));
      return;
    case 'readme-is-dir':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo)) fs.mkdirSync(path.join(dc, 'README.md'), { recursive: true });
      return;
    case 'pyproject-link-out':
      fs.rmSync(path.join(repo, 'pyproject.toml'));
      fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(repo, 'pyproject.toml'));
      return;
    case 'self-loop':
      tryLink('loop', path.join(repo, 'loop'));
      return;
    case 'manifest-link-out':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo)) tryLink(path.join(outside, 'devcontainer.json'), path.join(dc, 'gen-devcontainer.manifest.json'));
      return;
    case 'git-dockerfile':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo) && !fs.lstatSync(path.join(dc, 'devcontainer.json'), { throwIfNoEntry: false }))
        fs.writeFileSync(path.join(dc, 'devcontainer.json'), '{ "build": { "dockerfile": "../.git/config" } }');
      return;
    case 'lock-file-left':
      ensure();
      if (fs.realpathSync(dc).startsWith(repo)) fs.writeFileSync(path.join(dc, '.gen-devcontainer.lock'), '999999\n');
      return;
  }
}

function tryLink(target: string, link: string): void {
  if (!fs.lstatSync(link, { throwIfNoEntry: false })) fs.symlinkSync(target, link);
}

/** Every regular file below `dir` (links not followed), with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
      else if (entry.isSymbolicLink()) out[child] = `-> ${fs.readlinkSync(path.join(dir, child))}`;
    }
  };
  walk('');
  return out;
}
