import { describe, expect, it } from 'vitest';
import { expand, OWN_BLOCK_END, OWN_BLOCK_START, readDockerfileStage } from '../../src/analyze/dockerfile-stage.js';
import { BLOCK_END, BLOCK_START } from '../../src/render/dockerfile.js';

const stage = (text: string, target?: string, args?: Record<string, string | undefined>) => readDockerfileStage(text, target, args);

describe('the FROM of the stage the container runs', () => {
  it('one stage: its image and line', () => {
    expect(stage('# base\nFROM python:3.12-slim\nRUN echo hi\n')).toMatchObject({
      name: '#1',
      targeted: false,
      image: 'python:3.12-slim',
      from: { line: 2, written: 'FROM python:3.12-slim' },
      chain: ['#1'],
    });
  });

  it('the last stage when there is no target; the target when there is one (names without case)', () => {
    const text = 'FROM python:3.12 AS build\nRUN make\nFROM debian:trixie-slim AS Runtime\n';
    expect(stage(text)).toMatchObject({ name: 'runtime', image: 'debian:trixie-slim' });
    expect(stage(text, 'build')).toMatchObject({ name: 'build', targeted: true, image: 'python:3.12', from: { line: 1 } });
    expect(stage(text, 'RUNTIME')).toMatchObject({ image: 'debian:trixie-slim' });
  });

  it('a target no stage has: undefined (the renderer reports it where the block would go)', () => {
    expect(stage('FROM python:3.12 AS a\n', 'b')).toBeUndefined();
    expect(stage('# only comments\n')).toBeUndefined();
    expect(stage('')).toBeUndefined();
  });

  it('FROM <stage> chains are followed to the image at the bottom', () => {
    const text = 'FROM python:3.11-bookworm AS base\nFROM base AS deps\nFROM deps AS dev\nUSER app\nFROM base AS prod\n';
    expect(stage(text, 'dev')).toMatchObject({ image: 'python:3.11-bookworm', chain: ['dev', 'deps', 'base'], from: { line: 1 } });
    // A stage name only refers to an earlier stage: a later one of that name is an image.
    expect(stage('FROM later AS first\nFROM python:3.12 AS later\n', 'first')).toMatchObject({ image: 'later', chain: ['first'] });
  });

  it('global ARG defaults are substituted in FROM: ${X}, $X, ${X:-word}, ${X:+word}', () => {
    expect(stage('ARG PY=3.12\nARG DISTRO=bookworm\nFROM python:${PY}-slim-$DISTRO\n')!.image).toBe('python:3.12-slim-bookworm');
    expect(stage('ARG PY\nFROM python:${PY:-3.11}\n')!.image).toBe('python:3.11');
    expect(stage('ARG SLIM=1\nFROM python:3.12${SLIM:+-slim}\n')!.image).toBe('python:3.12-slim');
    expect(stage('ARG A=python\nARG B=${A}:3.13\nFROM $B\n')!.image).toBe('python:3.13');
  });

  it('build arguments replace the defaults of the ARGs they name; others are ignored, as BuildKit warns', () => {
    expect(stage('ARG VARIANT=3.10-bullseye\nFROM python:${VARIANT}\n', undefined, { VARIANT: '3.12-bookworm', OTHER: 'x' })!.image).toBe('python:3.12-bookworm');
  });

  it('what cannot be known here: an ARG without a default, a build argument from the environment, an unknown form', () => {
    expect(stage('ARG BASE\nFROM ${BASE}\n')).toMatchObject({ unresolved: 'ARG BASE has no default', from: { image: '${BASE}' } });
    expect(stage('ARG BASE\nFROM ${BASE}\n')).not.toHaveProperty('image');
    expect(stage('ARG V=1\nFROM python:${V}\n', undefined, { V: undefined })!.unresolved).toContain('comes from the environment');
    expect(stage('FROM python:${NOPE}\n')!.unresolved).toContain('nothing before it sets NOPE');
    expect(stage('ARG V=3.12\nFROM python:${V%.*}\n')!.unresolved).toContain('does not follow');
    expect(stage('FROM python:${V\n')!.unresolved).toContain('unclosed');
  });

  it('--platform and other flags before the image are skipped', () => {
    expect(stage('FROM --platform=$BUILDPLATFORM python:3.12 AS build\n')).toMatchObject({ name: 'build', image: 'python:3.12' });
  });

  it('line continuations, comments inside them, an escape directive, CRLF', () => {
    expect(stage('FROM \\\n  # the base\n  python:3.13 \\\n  AS base\n')).toMatchObject({ name: 'base', image: 'python:3.13' });
    expect(stage('# escape=`\r\nFROM `\r\n  python:3.12\r\nUSER app\r\n')).toMatchObject({ image: 'python:3.12', user: { value: 'app', line: 4 } });
  });

  it('heredoc bodies are no instructions; a << that never ends opens nothing', () => {
    const text = 'FROM python:3.12\nRUN <<EOF\nFROM evil:1\nUSER nobody\nEOF\nRUN echo $((1<<2))\nUSER app\n';
    expect(stage(text)).toMatchObject({ image: 'python:3.12', user: { value: 'app', line: 7 } });
    expect(stage('FROM python:3.12\nRUN cat <<-"END" > x\n\tUSER nobody\n\tEND\n')!.user).toBeUndefined();
    expect(stage('FROM python:3.12\nRUN echo "a<<B"\nUSER app\n')!.user).toMatchObject({ value: 'app' });
  });

  it("gen-devcontainer's own block is not the user's: its USER and FROM-looking lines do not count", () => {
    expect([OWN_BLOCK_START, OWN_BLOCK_END]).toEqual([BLOCK_START, BLOCK_END]);
    const text = `FROM python:3.12\nUSER root\n\n${BLOCK_START}: uv layout >>>\nUSER root\nARG USERNAME=vscode\nUSER \${USERNAME}\n${BLOCK_END}\n`;
    expect(stage(text)!.user).toMatchObject({ value: 'root', line: 2 });
  });
});

describe('the USER the stage ends with', () => {
  it('none: the image decides (absent)', () => {
    expect(stage('FROM python:3.12\nRUN id\n')!.user).toBeUndefined();
  });

  it('the last USER of the stage, else of the stage it builds on; ARG (with the global default) and ENV substituted', () => {
    const text = 'ARG NAME=app\nFROM python:3.12 AS base\nARG NAME\nUSER ${NAME}\nFROM base AS dev\nRUN id\n';
    expect(stage(text)!.user).toMatchObject({ value: 'app', written: '${NAME}', line: 4 });
    expect(stage('FROM python:3.12\nENV ME=dev\nUSER $ME:$ME\n')!.user).toMatchObject({ value: 'dev:dev' });
    expect(stage('FROM python:3.12 AS a\nENV ME=dev\nFROM a\nUSER $ME\n')!.user).toMatchObject({ value: 'dev' });
    // An ARG does not cross into a later stage; ENV does.
    expect(stage('FROM python:3.12 AS a\nARG ME=dev\nFROM a\nUSER $ME\n')!.user).toMatchObject({ unresolved: 'nothing before it sets ME' });
    expect(stage('FROM python:3.12\nUSER app\nUSER root\n')!.user).toMatchObject({ value: 'root', line: 3 });
  });

  it('a global ARG is not in scope in a stage without being declared there', () => {
    expect(stage('ARG NAME=app\nFROM python:3.12\nUSER $NAME\n')!.user).toMatchObject({ unresolved: 'nothing before it sets NAME' });
  });

  it('ARG and ENV values in quotes, several per line, and the old ENV NAME value form', () => {
    expect(stage('FROM x\nARG A="my app" B=two\nENV C "some value"\nUSER $B\n')!.user).toMatchObject({ value: 'two' });
    expect(stage('FROM x\nENV HOME_USER dev\nUSER ${HOME_USER}\n')!.user).toMatchObject({ value: 'dev' });
  });
});

describe('hostile input', () => {
  it('a very long line and a very long continuation cost their length, nothing more', () => {
    const long = `FROM python:3.12\nRUN echo ${'a'.repeat(2_000_000)}\nUSER ${'$'.repeat(100_000)}\n`;
    const started = Date.now();
    expect(stage(long)!.image).toBe('python:3.12');
    const continued = `FROM python:3.12\nRUN true \\\n${'  && echo x \\\n'.repeat(100_000)}  && echo done\nUSER app\n`;
    expect(stage(continued)!.user).toMatchObject({ value: 'app' });
    const heredocs = `FROM python:3.12\n${'RUN x <<A\n'.repeat(50_000)}USER app\n`;
    expect(stage(heredocs)!.user).toMatchObject({ value: 'app' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('what is written is clipped for the plan and messages', () => {
    const text = `FROM ${'x'.repeat(10_000)}\nUSER ${'u'.repeat(10_000)}\n`;
    const facts = stage(text)!;
    expect(facts.from.written.length).toBeLessThanOrEqual(200);
    expect(facts.from.image.length).toBeLessThanOrEqual(200);
    expect(facts.user!.written.length).toBeLessThanOrEqual(200);
  });

  it('${...} with control characters, nesting or no name never throws', () => {
    for (const text of ['${${A}}', '${}', '${:-x}', '$', '$$', '${A:-${B}}', '\u0000${A}', '${A\u0007}']) {
      expect(() => expand(text, new Map())).not.toThrow();
    }
    expect(expand('a\\$b', new Map())).toEqual({ value: 'a$b' });
    expect(expand('${A:-${B}}', new Map())).toMatchObject({ unknown: expect.any(String) });
  });
});
