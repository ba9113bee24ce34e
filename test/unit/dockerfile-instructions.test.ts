/** The Dockerfile as BuildKit reads it, as far as uv's settings need (src/analyze/dockerfile-instructions.ts). */
import { describe, expect, it } from 'vitest';
import { chainEnv, parseDockerfile, parseWords, runChain } from '../../src/analyze/dockerfile-instructions.js';

/** Every ENV assignment of the stages the container runs, values expanded, with the line of the name. */
function envOf(text: string, target?: string) {
  return chainEnv(parseDockerfile(text), target);
}

describe('ENV, as BuildKit parses it', () => {
  it('reads ENV a=b with several pairs, quotes and escapes', () => {
    expect(envOf('FROM x\nENV A=1 B="two words" C=three\\ words D=\'$NOT\'\n')).toEqual([
      { name: 'A', value: '1', unresolved: false, line: 2 },
      { name: 'B', value: 'two words', unresolved: false, line: 2 },
      { name: 'C', value: 'three words', unresolved: false, line: 2 },
      { name: 'D', value: '$NOT', unresolved: false, line: 2 },
    ]);
  });

  it('reads the legacy ENV a b c: the rest of the line is the value', () => {
    expect(envOf('FROM x\nENV UV_CACHE_DIR /root/.cache/uv\nENV ONE TWO= THREE=world\n').map((e) => [e.name, e.value])).toEqual([
      ['UV_CACHE_DIR', '/root/.cache/uv'],
      ['ONE', 'TWO= THREE=world'],
    ]);
  });

  it('joins continuation lines, skipping comment and blank lines inside them, and gives each name its own line', () => {
    const text = ['FROM x', 'ENV UV_COMPILE_BYTECODE=1 \\', '    # a comment inside', '', '    UV_LINK_MODE=copy \\', '    UV_PROJECT_ENVIRONMENT=/usr/local', 'RUN true'].join('\n');
    expect(envOf(text).map((e) => [e.name, e.value, e.line])).toEqual([
      ['UV_COMPILE_BYTECODE', '1', 2],
      ['UV_LINK_MODE', 'copy', 5],
      ['UV_PROJECT_ENVIRONMENT', '/usr/local', 6],
    ]);
  });

  it('reads CRLF files, a byte order mark, and the backtick escape directive', () => {
    expect(envOf('\uFEFFFROM x\r\nENV A=1 \\\r\n  B=2\r\n').map((e) => [e.name, e.value])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(envOf('# escape=`\nFROM x\nENV A=C:\\tools `\n  B=2\n').map((e) => [e.name, e.value])).toEqual([
      ['A', 'C:\\tools'],
      ['B', '2'],
    ]);
  });

  it('expands $NAME and ${NAME} from earlier ENV and ARG defaults; a variable nobody knows leaves the value unresolved', () => {
    const text = 'ARG ROOT=/opt\nFROM x\nARG ROOT\nENV BASE=$ROOT/uv\nENV UV_CACHE_DIR=${BASE}/cache UV_TOOL_DIR=${MISSING:-/srv/tools}\nENV TMPDIR=$HOME/tmp\n';
    expect(envOf(text).map((e) => [e.name, e.value, e.unresolved])).toEqual([
      ['BASE', '/opt/uv', false],
      ['UV_CACHE_DIR', '/opt/uv/cache', false],
      ['UV_TOOL_DIR', '/srv/tools', false],
      ['TMPDIR', '/tmp', true],
    ]);
  });

  it('takes a here-document as part of its RUN, never as instructions', () => {
    const text = 'FROM x\nRUN <<EOF\nENV UV_CACHE_DIR=/nowhere\npip install uv==0.5.2\nEOF\nENV A=1\n';
    const parsed = parseDockerfile(text);
    expect(parsed.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['RUN', 'ENV']);
    expect(parsed.stages[0]!.instructions[0]!.heredoc).toContain('pip install uv==0.5.2');
  });

  it("leaves gen-devcontainer's own block out", () => {
    const text = 'FROM x\nENV A=1\n# >>> gen-devcontainer: uv layout >>>\nENV PATH=/opt/uv/bin:$PATH\n# <<< gen-devcontainer <<<\n';
    expect(envOf(text).map((e) => e.name)).toEqual(['A']);
  });

  it('splits words as parseWords does: quotes kept, blanks inside them too', () => {
    expect(parseWords(`A="b c" D='e f' G=h\\ i`, '\\')).toEqual(['A="b c"', "D='e f'", 'G=h\\ i']);
  });
});

describe('the stages the container runs', () => {
  const text = [
    'ARG BASE=python:3.12-slim',
    'FROM ${BASE} AS base',
    'ENV UV_PROJECT_ENVIRONMENT=/usr/local',
    'FROM base AS dev',
    'ENV UV_LINK_MODE=copy',
    'FROM debian:trixie AS other',
    'ENV UV_CACHE_DIR=/elsewhere',
    'FROM base AS prod',
    'ENV UV_COMPILE_BYTECODE=1',
  ].join('\n');

  it('the target stage and the stages it starts from; the others are not in the container', () => {
    expect(runChain(parseDockerfile(text), 'dev').map((s) => s.name)).toEqual(['base', 'dev']);
    expect(envOf(text, 'DEV').map((e) => e.name)).toEqual(['UV_PROJECT_ENVIRONMENT', 'UV_LINK_MODE']);
  });

  it('the last stage without a target; FROM lines see global ARGs', () => {
    const parsed = parseDockerfile(text);
    expect(runChain(parsed).map((s) => s.name)).toEqual(['base', 'prod']);
    expect(parsed.stages[0]!.base).toBe('python:3.12-slim');
  });

  it('a target that is no stage runs nothing here; a stage that starts from itself does not loop', () => {
    expect(runChain(parseDockerfile(text), 'nope')).toEqual([]);
    expect(runChain(parseDockerfile('FROM a AS a\nENV X=1\n')).map((s) => s.name)).toEqual(['a']);
  });
});

describe('hostile input', () => {
  it('a large Dockerfile (200,000 lines, 7 MiB) is read in a few seconds at most', () => {
    const lines = ['FROM x'];
    for (let i = 0; i < 100_000; i++) lines.push(`ENV V${i}=value${i} \\`, `    W${i}="${'x'.repeat(20)}"`);
    lines.push('ENV UV_CACHE_DIR=/cache/uv');
    const start = performance.now();
    const found = envOf(lines.join('\n')).filter((e) => e.name === 'UV_CACHE_DIR');
    expect(found).toEqual([{ name: 'UV_CACHE_DIR', value: '/cache/uv', unresolved: false, line: 200_002 }]);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('a heredoc that never ends, a trailing continuation, ${ with no end, and a lone $', () => {
    expect(() => parseDockerfile('FROM x\nRUN <<EOF\nnever ends')).not.toThrow();
    expect(envOf('FROM x\nENV A=1 \\')).toEqual([{ name: 'A', value: '1', unresolved: false, line: 2 }]);
    expect(envOf('FROM x\nENV A=${B C=$ D=${localWorkspaceFolder}').map((e) => [e.name, e.value, e.unresolved])).toEqual([
      ['A', '${B', false],
      ['C', '$', false],
      ['D', '', true],
    ]);
  });
});
