import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { type ParseError, parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { indentBlock } from '../../src/commands/generate.js';
import { DOCKERFILE_BLOCK_END as BLOCK_END, DOCKERFILE_BLOCK_START as BLOCK_START, sha256 } from '../../src/ownership.js';
import { type Json, renderJsonc } from '../../src/render/jsonc.js';
import { dotenvValue, shellCommand, shellWord } from '../../src/render/quote.js';
import { renderDockerfile, renderDockerfileBlock, upsertDockerfileBlock } from '../../src/targets/devcontainer/dockerfile.js';
import { renderEnv } from '../../src/targets/env/render.js';
import { renderTargets } from '../../src/targets/render.js';
import type { Plan } from '../../src/targets/types.js';
import { assertValidPlan } from '../../src/targets/validate.js';
import { baseFacts, makeRepo, planOk, tempDir } from './support.js';

const HOSTILE = [
  '',
  'plain',
  'two words',
  "it's",
  '"double"',
  '$(touch /tmp/pwned-gdc)',
  '`id`',
  '$HOME',
  '${PATH}',
  'a\nb',
  'trail\n',
  '\ttab',
  'back\\slash',
  "'",
  "''",
  '*',
  '~',
  '#hash',
  'semi;colon',
  'a|b&c',
  '<in>',
  '!bang',
  '-n',
  '--',
  'é中🚀',
  "x'$(id)'y",
];

const sh = (script: string, env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin' }) => execFileSync('sh', ['-c', script], { encoding: 'utf8', env });

function parseStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false });
  expect(errors).toEqual([]);
  return value;
}

/** A plan whose project name is `name`, as a pyproject.toml could state it. */
const planNamed = (name: string): Plan => planOk(baseFacts({ pyproject: { ...baseFacts().pyproject!, name: { value: name, file: 'pyproject.toml' } } })).plan;

describe('shell quoting', () => {
  it.each(HOSTILE)('shellWord(%j) survives a real sh', (value) => {
    expect(sh(`printf "%s\\n" ${shellWord(value)}`)).toBe(`${value}\n`);
  });

  it('shellCommand gives the words joined by spaces, each quoted as shellWord quotes it', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (words) => {
        expect(shellCommand(words)).toBe(words.map(shellWord).join(' '));
      }),
    );
  });

  it('shellCommand keeps every word a separate argument', () => {
    const words = HOSTILE.filter((w) => !w.includes('\n'));
    expect(sh(`printf "%s\\n" ${shellCommand(words)}`)).toBe(words.map((w) => `${w}\n`).join(''));
    const out = sh(`for a in ${shellCommand(HOSTILE)}; do printf "%s\\0" "$a"; done`);
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it.each([
    ['abc', 'abc'],
    ['/opt/uv/bin', '/opt/uv/bin'],
    ['a=b:c,d@e%f+g', 'a=b:c,d@e%f+g'],
  ])('safe word %j stays bare', (value, expected) => {
    expect(shellWord(value)).toBe(expected);
  });
});

describe('dotenvValue', () => {
  it.each(['a\nb', 'a\rb', '\n', 'x\r\n'])('rejects a line break in %j', (value) => {
    expect(() => dotenvValue(value)).toThrow(/line break/);
  });
  it.each([
    ['/opt/uv', '/opt/uv'],
    ['', ''],
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['#x', '"#x"'],
  ])('%j -> %s', (value, expected) => {
    expect(dotenvValue(value)).toBe(expected);
  });
});

describe('renderJsonc', () => {
  const data: { [key: string]: Json } = {
    name: 'demo "quoted" \\ name',
    build: { dockerfile: 'Dockerfile' },
    containerEnv: { UV_CACHE_DIR: '/opt/uv/cache', TMPDIR: '/opt/uv/tmp', 'weird key "x"': '*/ /*' },
    list: [1, 'two', null, true, { nested: [] }],
    empty: {},
    long: Array.from({ length: 30 }, (_, i) => `item-${i}`),
  };
  const comments = new Map([
    ['build', 'how the image is built'],
    ['containerEnv.TMPDIR', 'on the volume'],
    ['containerEnv.UV_CACHE_DIR', 'a */ comment /* that tries to close itself */'],
    ['list', 'line one\nline two\r\n"}, "injected": 1, //'],
  ]);

  it('parses back, with jsonc-parser, to the same data', () => {
    const text = renderJsonc(data, { header: ['Generated', '', 'by a test */'], comments });
    expect(parseStrict(text)).toEqual(data);
    expect(JSON.parse(JSON.stringify(parseStrict(renderJsonc(data))))).toEqual(data);
  });

  it.each([...comments.entries()])('the comment for %s sits right above its key', (key, comment) => {
    const lines = renderJsonc(data, { comments }).split('\n');
    const leaf = key.split('.').at(-1)!;
    const at = lines.findIndex((l) => l.trimStart().startsWith(`${JSON.stringify(leaf)}:`));
    expect(at).toBeGreaterThan(0);
    const above: string[] = [];
    for (let i = at - 1; i >= 0 && lines[i]!.trimStart().startsWith('//'); i--) above.unshift(lines[i]!.trimStart().slice(3));
    expect(above.join(' ')).toBe(comment.split(/\s+/).filter(Boolean).join(' '));
  });

  it('a long comment is wrapped into lines that each stay a comment', () => {
    const text = renderJsonc({ a: 1 }, { comments: new Map([['a', 'word '.repeat(100)]]) });
    const commentLines = text.split('\n').filter((l) => l.includes('word'));
    expect(commentLines.length).toBeGreaterThan(1);
    for (const line of commentLines) expect(line).toMatch(/^\s*\/\/ /);
    expect(parseStrict(text)).toEqual({ a: 1 });
  });

  // Regression (was a bug, fixed): src/render/jsonc.ts:20 writes each header line as `// ${line}` without splitting it,
  // so a header line holding a line break leaves its second half outside the comment.
  it('a header line with a newline cannot break the output', () => {
    const text = renderJsonc({ a: 1 }, { header: ['first\n"b": 2, "c": 3 }{'] });
    expect(parseStrict(text)).toEqual({ a: 1 });
  });
});

describe('renderEnv', () => {
  const plan = planOk(baseFacts(), { mountTarget: '/srv/uv-cache' }).plan;

  function sourced(text: string): Record<string, string> {
    const file = path.join(tempDir(), 'env.sh');
    fs.writeFileSync(file, text);
    const entries = sh(`. ${shellWord(file)}; env -0`)
      .split('\0')
      .slice(0, -1);
    return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  }
  it("'sh': sourcing it sets exactly the plan's variables and prefixes PATH", () => {
    const baseline = Object.keys(sourced(''));
    const env = sourced(renderEnv(plan, 'sh'));
    const expected = Object.fromEntries(plan.env.map((v) => [v.name, v.value]));
    for (const [name, value] of Object.entries(expected)) expect(env[name], name).toBe(value);
    expect(env.PATH).toBe(`${plan.pathPrepend.value.join(':')}:/usr/bin:/bin`);
    const extra = Object.keys(env).filter((k) => !(k in expected) && !baseline.includes(k));
    expect(extra).toEqual([]);
  });

  // Regression (was a bug, fixed): src/targets/env/render.ts:16 (and :23 for dotenv) puts plan.project.name.value, which comes
  // straight from pyproject.toml or the folder name, into a `#` comment line unescaped. A name
  // holding a newline ends the comment and its next line runs when the file is sourced.
  it("'sh': a project name with a newline cannot add commands", () => {
    // Reachable from a real repository through the folder's name, which names a project without a
    // [project].name (such a name is refused now, as uv refuses it: pyproject-name-invalid).
    const root = makeRepo({ 'pyproject.toml': '[project]\nversion = "0"\n' });
    const analysis = analyzeRepo(openRepo(root), 'demo\nexport GDC_INJECTED=1 #');
    expect(analysis.diagnostics).toEqual([]);
    const env = sourced(renderEnv(planOk(analysis.facts).plan, 'sh'));
    expect(env.GDC_INJECTED).toBeUndefined();
  });

  const dotenvLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

  it("'dotenv': every line is a comment or KEY=VALUE with the plan's value", () => {
    const parsed = dotenvLines(renderEnv(plan, 'dotenv')).map((line) => {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      return [m![1]!, m![2]!.startsWith('"') ? (JSON.parse(m![2]!) as string) : m![2]!];
    });
    expect(Object.fromEntries(parsed)).toEqual(Object.fromEntries(plan.env.map((v) => [v.name, v.value])));
  });

  // Regression (was a bug, fixed): same as above, for the dotenv header comment (src/targets/env/render.ts:23).
  it("'dotenv': a project name with a newline cannot add variables", () => {
    const lines = dotenvLines(renderEnv(planNamed('demo\nGDC_INJECTED=1'), 'dotenv'));
    expect(lines.map((l) => l.slice(0, l.indexOf('=')))).toEqual(plan.env.map((v) => v.name));
  });

  it("'json': valid JSON holding the plan's variables and PATH prefix", () => {
    expect(JSON.parse(renderEnv(plan, 'json'))).toEqual({
      env: Object.fromEntries(plan.env.map((v) => [v.name, v.value])),
      pathPrepend: plan.pathPrepend.value,
    });
  });
});

describe('renderDockerfile', () => {
  const ENTITY = /&(?:[a-z]+|#x?[0-9a-f]+);/i;

  it('a real plan renders with no template syntax left, and with its values', () => {
    const { plan } = planOk(baseFacts(), { user: 'dev:1001:1002', mountTarget: '/opt/x', baseImage: 'debian:trixie-slim' });
    const text = renderDockerfile(plan);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).not.toMatch(ENTITY);
    expect(text).toContain('ARG BASE_IMAGE=debian:trixie-slim\nFROM ${BASE_IMAGE}\n');
    expect(text).toContain(`COPY --from=${plan.uv.image} /uv /uvx /usr/local/lib/gen-devcontainer/bin/\n`);
    expect(text).toContain('ARG USERNAME=dev\nARG USER_UID=1001\nARG USER_GID=1002\n');
    expect(text).toContain('chown -R "$USERNAME:$(id -g "$USERNAME")" /opt/x\n');
    expect(text).toContain(`ENV PATH=${plan.uv.bin.value}:${plan.pathPrepend.value.join(':')}:$PATH\n`);
    for (const d of plan.directories.filter((x) => x.role !== 'environment')) expect(text).toContain(` ${d.path}`);
  });

  it('a generated Dockerfile is the header, ARG BASE_IMAGE / FROM, then the managed block, once, at the end', () => {
    const { plan } = planOk(baseFacts());
    const text = renderDockerfile(plan);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# Generated by gen-devcontainer 9\.9\.9-test\./);
    expect(lines.filter((l) => l.startsWith(BLOCK_START))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith(BLOCK_END))).toHaveLength(1);
    expect(lines.findIndex((l) => l.startsWith('FROM '))).toBeLessThan(lines.findIndex((l) => l.startsWith(BLOCK_START)));
    expect(text.endsWith(`${BLOCK_END}\n`)).toBe(true);
    expect(text).toContain(renderDockerfileBlock(plan).trimEnd());
    // The block is what the Dockerfile holds: updating a generated file's block changes nothing.
    expect(upsertDockerfileBlock(text, renderDockerfileBlock(plan), '.devcontainer/Dockerfile')).toEqual({ text });
  });

  it('characters like & \' < > " = ` reach the file as they are, never as HTML entities', () => {
    const { plan } = planOk(baseFacts(), { python: '3.12' });
    const odd = 'a&b\'c<d>e"f=g`h';
    const mutated: Plan = {
      ...plan,
      baseImage: { ...plan.baseImage, value: `img:${odd}` },
      uv: { ...plan.uv, image: `uv:${odd}` },
      user: { ...plan.user, name: { ...plan.user.name, value: odd } },
      generator: { ...plan.generator, version: odd },
      options: ['--python', odd],
    };
    const text = renderDockerfile(mutated);
    expect(text).not.toMatch(ENTITY);
    expect(text).not.toContain('{{');
    expect(text).toContain(`ARG BASE_IMAGE=img:${odd}\n`);
    expect(text).toContain(`COPY --from=uv:${odd} /uv /uvx /usr/local/lib/gen-devcontainer/bin/\n`);
    expect(text).toContain(`ARG USERNAME=${shellWord(odd)}\n`);
  });

  it('renderFiles gives the five generated files and the manifest, and devcontainer.json parses to the plan', () => {
    const { plan } = planOk(baseFacts());
    const { files, diagnostics } = renderTargets(plan, undefined, false);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => [f.path, f.owner])).toEqual([
      ['.devcontainer/devcontainer.json', 'generated'],
      ['.devcontainer/Dockerfile', 'generated'],
      ['.devcontainer/check-uv-layout.sh', 'generated'],
      ['.devcontainer/uv-lifecycle.sh', 'generated'],
      ['.devcontainer/README.md', 'generated'],
      ['.devcontainer/gen-devcontainer.manifest.json', 'record'],
    ]);
    const config = parseStrict(files[0]!.content) as Record<string, unknown>;
    expect(config).toMatchObject({
      name: plan.project.name.value,
      build: { dockerfile: 'Dockerfile' },
      mounts: [{ type: 'volume', source: plan.volume.name.value, target: plan.volume.target.value }],
      containerEnv: Object.fromEntries(plan.env.map((v) => [v.name, v.value])),
      remoteUser: plan.user.name.value,
    });
    // Each lifecycle property runs one step of the lifecycle script, in order.
    expect(config).toMatchObject({
      onCreateCommand: ['sh', '.devcontainer/uv-lifecycle.sh', 'prepare'],
      updateContentCommand: ['sh', '.devcontainer/uv-lifecycle.sh', 'install'],
      postCreateCommand: ['sh', '.devcontainer/uv-lifecycle.sh', 'check'],
    });
    // PATH is set in the image (ENV PATH in the Dockerfile), for every process. No remoteEnv.PATH:
    // the Dev Container CLI keeps PATH in login shells itself (it patches /etc/profile), and a
    // remoteEnv PATH would drop what ~/.profile adds (~/.local/bin).
    expect(config).not.toHaveProperty('remoteEnv');
    expect(files[1]!.content).toContain(`ENV PATH=${plan.uv.bin.value}:${plan.pathPrepend.value.join(':')}:$PATH\n`);
  });

  it('the manifest records the sha256 of exactly the files generated whole', () => {
    const { files } = renderTargets(planOk(baseFacts()).plan, undefined, false);
    const manifest = JSON.parse(files.find((f) => f.owner === 'record')!.content) as { generator: string; files: Record<string, string> };
    expect(manifest.generator).toBe('gen-devcontainer 9.9.9-test');
    expect(manifest.files).toEqual(Object.fromEntries(files.filter((f) => f.owner === 'generated').map((f) => [f.path, sha256(f.content)])));
  });

  it('a plan that breaks the schema is an internal error, found where every command passes (the pipeline)', () => {
    const { plan } = planOk(baseFacts());
    expect(() => assertValidPlan({ ...plan, environment: { ...plan.environment, path: '/opt/uv dir' } })).toThrow(
      /internal error: the plan does not match schemas\/plan.schema.json: \/environment\/path/,
    );
    expect(() => assertValidPlan(plan)).not.toThrow();
    expect(fs.readFileSync(path.resolve('src/pipeline.ts'), 'utf8')).toMatch(/assertValidPlan\(planned\.plan\)/);
  });
});

describe('upsertDockerfileBlock', () => {
  const FILE = '.devcontainer/Dockerfile';
  const plan = planOk(baseFacts()).plan;
  const block = renderDockerfileBlock(plan);
  const newer = renderDockerfileBlock(planOk(baseFacts(), { uvVersion: '0.11.33', user: 'dev:1001' }).plan);
  const USER = 'FROM python:3.12-slim AS base\nRUN apt-get update\n\nFROM base\nCOPY . /app\n';
  const count = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix)).length;

  it('the block is marked at both ends and holds the uv set-up', () => {
    const lines = block.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${BLOCK_START.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(lines.at(-1)).toBe(BLOCK_END);
    expect(block).toContain(`COPY --from=${plan.uv.image} /uv /uvx /usr/local/lib/gen-devcontainer/bin/`);
    expect(block).toContain(`ENV PATH=${plan.uv.bin.value}:${plan.pathPrepend.value.join(':')}:$PATH`);
    expect(block).not.toMatch(/^FROM /m);
  });

  it("is appended once, after the user's last stage, with their lines untouched", () => {
    const { text, diagnostic } = upsertDockerfileBlock(USER, block, FILE);
    expect(diagnostic).toBeUndefined();
    expect(text).toBe(`${USER}\n${block.trimEnd()}\n`);
    expect(count(text!, BLOCK_START)).toBe(1);
    expect(count(text!, BLOCK_END)).toBe(1);
    // A second run finds the block and changes nothing.
    expect(upsertDockerfileBlock(text!, block, FILE)).toEqual({ text });
  });

  it.each([
    ['no final newline', 'FROM x', 'FROM x\n\n'],
    ['several final newlines', 'FROM x\n\n\n\n', 'FROM x\n\n'],
    ['an empty file', '', ''],
  ])('%s: one blank line before the block, one newline after it', (_label, user, prefix) => {
    const { text } = upsertDockerfileBlock(user, block, FILE);
    expect(text).toBe(`${prefix}${block.trimEnd()}\n`);
    expect(upsertDockerfileBlock(text!, block, FILE)).toEqual({ text });
  });

  it('is updated in place on a later run: lines before and after it stay where they are', () => {
    const first = upsertDockerfileBlock(USER, block, FILE).text!;
    const edited = `# my comment on top\n${first}RUN echo "after the block"\n`;
    const { text, diagnostic } = upsertDockerfileBlock(edited, newer, FILE);
    expect(diagnostic).toBeUndefined();
    expect(text).toBe(`# my comment on top\n${USER}\n${newer.trimEnd()}\nRUN echo "after the block"\n`);
    expect(text).toContain('COPY --from=ghcr.io/astral-sh/uv:0.11.33 ');
    expect(text).not.toContain(plan.uv.image);
    expect(count(text!, BLOCK_START)).toBe(1);
    expect(upsertDockerfileBlock(text!, newer, FILE)).toEqual({ text });
    // And back: the user's lines survive any number of updates.
    expect(upsertDockerfileBlock(text!, block, FILE).text).toBe(edited);
  });

  it('edits inside the block are overwritten; the markers delimit what is ours', () => {
    const first = upsertDockerfileBlock(USER, block, FILE).text!;
    const tampered = first.replace('USER root\n', 'USER root\nRUN echo "inside the block"\n');
    expect(tampered).not.toBe(first);
    expect(upsertDockerfileBlock(tampered, block, FILE)).toEqual({ text: first });
  });

  it.each([
    ['only the start marker', `${USER}${BLOCK_START} >>>\nUSER root\n`],
    ['only the end marker', `${USER}USER root\n${BLOCK_END}\n`],
    ['the end marker before the start marker', `${USER}${BLOCK_END}\nRUN x\n${BLOCK_START} >>>\n`],
  ])('%s: an error naming the file, and no text', (_label, user) => {
    const result = upsertDockerfileBlock(user, block, FILE);
    expect(result.text).toBeUndefined();
    expect(result.diagnostic).toMatchObject({ level: 'error', code: 'dockerfile-block-unbalanced', file: FILE });
    expect(result.diagnostic!.message).toContain(FILE);
    expect(result.diagnostic!.hint).toContain(BLOCK_START);
  });
});

describe('renderFiles over an existing configuration', () => {
  const PYPROJECT = '[project]\nname = "demo"\n';
  const render = (files: Record<string, string>, force = false) => {
    const analysis = analyzeRepo(openRepo(makeRepo(files)), 'repo');
    expect(analysis.diagnostics).toEqual([]);
    const { plan } = planOk(analysis.facts);
    return { plan, ...renderTargets(plan, analysis.facts.devcontainer, force) };
  };
  const byPath = (files: readonly { path: string; content: string; owner: string }[]) => Object.fromEntries(files.map((f) => [f.path, f]));

  it("a user's Dockerfile gets the block appended, is the user's, and is left out of the manifest", () => {
    const userDockerfile = 'FROM python:3.12\nRUN echo hi\n';
    const userConfig = '// mine\n{ "build": { "dockerfile": "Dockerfile" }, "forwardPorts": [8000] }\n';
    const first = render({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': userConfig, '.devcontainer/Dockerfile': userDockerfile });
    expect(first.plan.devcontainer.outputs.dockerfile).toMatchObject({ file: '.devcontainer/Dockerfile', mode: 'block' });
    expect(first.plan.devcontainer.outputs.config).toMatchObject({ mode: 'edit' });
    const files = byPath(first.files);
    expect(files['.devcontainer/Dockerfile']).toMatchObject({ owner: 'user', content: `${userDockerfile}\n${renderDockerfileBlock(first.plan).trimEnd()}\n` });
    expect(files['.devcontainer/devcontainer.json']!.owner).toBe('user');
    expect(files['.devcontainer/devcontainer.json']!.content).toMatch(/^\/\/ mine\n/);
    expect(parseStrict(files['.devcontainer/devcontainer.json']!.content)).toMatchObject({ build: { dockerfile: 'Dockerfile' }, forwardPorts: [8000] });
    const manifest = JSON.parse(files['.devcontainer/gen-devcontainer.manifest.json']!.content) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(['.devcontainer/check-uv-layout.sh', '.devcontainer/uv-lifecycle.sh', '.devcontainer/README.md']);

    // Rendering again over what the first rendering produced gives the same files.
    const second = render({ 'pyproject.toml': PYPROJECT, ...Object.fromEntries(first.files.map((f) => [f.path, f.content])) });
    expect(second.files).toEqual(first.files);
  });

  it('an unbalanced block is an error diagnostic, and the Dockerfile is not rendered', () => {
    const { files, diagnostics } = render({
      'pyproject.toml': PYPROJECT,
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }\n',
      '.devcontainer/Dockerfile': `FROM python:3.12\n${BLOCK_START} >>>\nRUN x\n`,
    });
    expect(diagnostics).toMatchObject([{ level: 'error', code: 'dockerfile-block-unbalanced', file: '.devcontainer/Dockerfile' }]);
    expect(files.map((f) => f.path)).not.toContain('.devcontainer/Dockerfile');
  });
});

describe('indentBlock (--dry-run output)', () => {
  it('gives what the two regular expressions give, for any text, line terminators of every kind included', () => {
    const byRegex = (text: string) => `${text.replace(/^/gm, '    ').replace(/ +$/gm, '')}\n`;
    const text = fc.array(fc.constantFrom('a', ' ', '  ', '\n', '\r', '\r\n', '\u2028', '\u2029', '\t', 'x y'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(indentBlock(t)).toBe(byRegex(t));
      }),
      { numRuns: 3000 },
    );
  });
});
