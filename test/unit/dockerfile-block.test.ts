/** The block in a user's Dockerfile: open continuations, CRLF files, and a build target that changed. */
import { describe, expect, it } from 'vitest';
import { upsertDockerfileBlock } from '../../src/targets/devcontainer/dockerfile.js';

const FILE = '.devcontainer/Dockerfile';
const BLOCK = '# >>> gen-devcontainer: uv layout >>>\nUSER root\n# <<< gen-devcontainer <<<\n';

describe('a Dockerfile whose last instruction is left open by a line continuation is refused', () => {
  it.each([
    ['a trailing backslash', 'FROM debian\nRUN echo hi \\\n', 2],
    ['a backslash, then blank and comment lines (Docker skips them and goes on)', 'FROM debian\nRUN echo hi \\\n\n# later\n', 2],
    ['the escape directive set to a backtick', '# escape=`\nFROM debian\nRUN echo hi `\n', 3],
    ['at the end of the target stage', 'FROM debian AS dev\nRUN apt-get update \\\n\nFROM debian AS prod\nRUN true\n', 2],
  ])('%s', (_label, text, line) => {
    const result = upsertDockerfileBlock(text, BLOCK, FILE, text.includes(' AS dev') ? 'dev' : undefined);
    expect(result.text).toBeUndefined();
    expect(result.diagnostic).toMatchObject({ level: 'error', code: 'dockerfile-open-continuation', file: FILE, line });
    expect(result.diagnostic!.hint).toMatch(new RegExp(`line ${line}`));
  });

  it('a backslash inside a finished instruction is fine', () => {
    expect(upsertDockerfileBlock('FROM debian\nRUN echo a \\\n    b\n', BLOCK, FILE).text).toBe(`FROM debian\nRUN echo a \\\n    b\n\n${BLOCK}`);
  });
});

it('a CRLF Dockerfile gets a CRLF block, and stays CRLF when updated', () => {
  const first = upsertDockerfileBlock('FROM debian\r\nRUN true\r\n', BLOCK, FILE).text!;
  expect(first).toBe(`FROM debian\r\nRUN true\r\n\r\n${BLOCK.replace(/\n/g, '\r\n')}`);
  expect(first.replace(/\r\n/g, '')).not.toContain('\n');
  expect(upsertDockerfileBlock(first, BLOCK, FILE).text).toBe(first);
});

describe('the build target changed: the block moves to the new target stage', () => {
  const text = 'FROM debian AS dev\nRUN echo dev\n\nFROM debian AS ci\nRUN echo ci\n';
  it('from dev to ci, and back', () => {
    const inDev = upsertDockerfileBlock(text, BLOCK, FILE, 'dev').text!;
    expect(inDev).toBe(`FROM debian AS dev\nRUN echo dev\n\n${BLOCK}\nFROM debian AS ci\nRUN echo ci\n`);
    const inCi = upsertDockerfileBlock(inDev, BLOCK, FILE, 'ci').text!;
    expect(inCi).toBe(`FROM debian AS dev\nRUN echo dev\n\nFROM debian AS ci\nRUN echo ci\n\n${BLOCK}`);
    expect(upsertDockerfileBlock(inCi, BLOCK, FILE, 'ci').text).toBe(inCi);
    expect(upsertDockerfileBlock(inCi, BLOCK, FILE, 'dev').text).toBe(inDev);
  });
});

describe('stages found as the analyzer reads them (one Dockerfile reader)', () => {
  it('a FROM line inside a heredoc is no stage: the block goes at the end of the real target stage', () => {
    const text = 'FROM debian AS dev\nRUN cat > /etc/note <<EOF\nFROM nowhere AS fake\nEOF\nRUN echo dev\n\nFROM debian AS prod\nRUN true\n';
    expect(upsertDockerfileBlock(text, BLOCK, FILE, 'dev').text).toBe(
      `FROM debian AS dev\nRUN cat > /etc/note <<EOF\nFROM nowhere AS fake\nEOF\nRUN echo dev\n\n${BLOCK}\nFROM debian AS prod\nRUN true\n`,
    );
    expect(upsertDockerfileBlock(text, BLOCK, FILE, 'fake').diagnostic).toMatchObject({ code: 'dockerfile-target-missing' });
  });

  it('a FROM split over continuation lines names its stage', () => {
    const text = 'FROM --platform=linux/amd64 \\\n    debian AS dev\nRUN echo dev\n\nFROM debian AS prod\nRUN true\n';
    expect(upsertDockerfileBlock(text, BLOCK, FILE, 'dev').text).toBe(`FROM --platform=linux/amd64 \\\n    debian AS dev\nRUN echo dev\n\n${BLOCK}\nFROM debian AS prod\nRUN true\n`);
  });
});

describe('a continued line that starts with "from" is not a swallowed stage (review of the stage finder)', () => {
  it.each([
    ['python -c with an import', 'FROM python:3.12-slim AS base\nRUN python -c "\\\nfrom pathlib import Path; \\\nprint(Path.cwd())"\n\nFROM base AS dev\nRUN echo dev\n'],
    ['a LABEL in a later stage', 'FROM debian AS dev\nRUN echo dev\n\nFROM debian AS prod\nLABEL description="built \\\nfrom the same sources"\n'],
    ['SQL in a RUN', 'FROM debian AS dev\nRUN psql -c "SELECT 1 \\\nFROM pg_stat_activity"\n\nFROM debian AS prod\nRUN true\n'],
  ])('%s: the block goes at the end of dev', (_label, text) => {
    const result = upsertDockerfileBlock(text, BLOCK, FILE, 'dev');
    expect(result.diagnostic).toBeUndefined();
    expect(result.text).toContain(BLOCK);
  });

  it('a FROM reached past a blank line is refused, naming both lines', () => {
    const result = upsertDockerfileBlock('FROM debian AS dev\nRUN apt-get update \\\n\n# next stage\nFROM debian AS prod\nRUN true\n', BLOCK, FILE, 'dev');
    expect(result.diagnostic).toMatchObject({ code: 'dockerfile-open-continuation', line: 2 });
    expect(result.diagnostic!.message).toMatch(/into line 5/);
  });
});

it('a Dockerfile whose escape directive is a backtick gets the block with backtick continuations, and keeps it on a second run', async () => {
  const { renderDockerfileBlock } = await import('../../src/targets/devcontainer/dockerfile.js');
  const { DockerfileParser } = await import('dockerfile-ast');
  const { analyzeFiles, OPTIONS, planOk } = await import('./support.js');
  const block = renderDockerfileBlock(planOk(analyzeFiles({ 'pyproject.toml': '[project]\nname = "w"\nversion = "0"\n' }).facts, OPTIONS).plan);
  const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN echo a `\r\n    b\r\n';
  const first = upsertDockerfileBlock(text, block, FILE).text!;
  const added = first.slice(text.length).split('\r\n');
  expect(added.filter((l) => /\\$/.test(l))).toEqual([]);
  expect(added.filter((l) => /`$/.test(l)).length).toBeGreaterThan(3);
  // A real parser reads the block's RUN as one instruction each: no instruction starts inside a shell script.
  const keywords = DockerfileParser.parse(first)
    .getInstructions()
    .map((i) => i.getKeyword());
  expect(keywords.every((k) => ['FROM', 'RUN', 'USER', 'COPY', 'ARG', 'ENV'].includes(k))).toBe(true);
  expect(upsertDockerfileBlock(first, block, FILE).text).toBe(first);
});
