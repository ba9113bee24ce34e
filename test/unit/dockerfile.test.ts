/**
 * The one Dockerfile reader (src/analyze/dockerfile.ts): the stage the container runs, its image and
 * USER, the ENV of the chain of stages it runs, as BuildKit reads them.
 */
import { describe, expect, it } from 'vitest';
import { readDockerfile, readDockerfileStage } from '../../src/analyze/dockerfile.js';
import { expand, parseWords } from '../../src/analyze/dockerfile-lexer.js';
import { DOCKERFILE_BLOCK_END as BLOCK_END, DOCKERFILE_BLOCK_START as BLOCK_START } from '../../src/ownership.js';
import { growth, textWork } from '../helpers/work.js';

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
  // Counted, not timed (test/helpers/work.ts): twice the input costs about twice the characters
  // scanned (a quadratic reader: four times), and the answer is right at either size.
  it.each([
    ['a very long line', (n: number) => `FROM python:3.12\nRUN echo ${'a'.repeat(n * 20)}\nUSER ${'$'.repeat(n)}\n`, { image: 'python:3.12' }],
    ['a very long continuation', (n: number) => `FROM python:3.12\nRUN true \\\n${'  && echo x \\\n'.repeat(n)}  && echo done\nUSER app\n`, { user: { value: 'app' } }],
    ['many heredocs', (n: number) => `FROM python:3.12\n${'RUN x <<A\n'.repeat(n)}USER app\n`, { user: { value: 'app' } }],
  ])('%s: twice as long, about twice the work', (_name, make, expected) => {
    const read = (n: number) => {
      const { result, chars } = textWork(() => stage(make(n)));
      expect(result).toMatchObject(expected);
      return chars;
    };
    const { small, ratio } = growth(read, 20_000);
    expect(small).toBeGreaterThan(20_000);
    expect(ratio).toBeLessThan(2.5);
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

/** Every ENV assignment of the stages the container runs, values expanded, with the line of the name. */
function envOf(text: string, target?: string, buildArgs?: Record<string, string | undefined>) {
  return readDockerfile(text, target, buildArgs).env;
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
    const parsed = readDockerfile(text);
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
    expect(readDockerfile(text, 'dev').chain.map((s) => s.name)).toEqual(['base', 'dev']);
    expect(envOf(text, 'DEV').map((e) => e.name)).toEqual(['UV_PROJECT_ENVIRONMENT', 'UV_LINK_MODE']);
  });

  it('the last stage without a target; FROM lines see global ARGs', () => {
    const parsed = readDockerfile(text);
    expect(parsed.chain.map((s) => s.name)).toEqual(['base', 'prod']);
    expect(parsed.stages[0]!.base).toEqual({ value: 'python:3.12-slim' });
  });

  it('a target that is no stage runs nothing here; a stage that starts from itself does not loop', () => {
    expect(readDockerfile(text, 'nope').chain).toEqual([]);
    expect(readDockerfile('FROM a AS a\nENV X=1\n').chain.map((s) => s.name)).toEqual(['a']);
  });
});

describe('hostile input, for the ENV of the chain', () => {
  it('a large Dockerfile (ENV over two lines, many times) costs its length, nothing more', () => {
    const read = (n: number) => {
      const lines = ['FROM x'];
      for (let i = 0; i < n; i++) lines.push(`ENV V${i}=value${i} \\`, `    W${i}="${'x'.repeat(20)}"`);
      lines.push('ENV UV_CACHE_DIR=/cache/uv');
      const text = lines.join('\n');
      const { result, chars } = textWork(() => envOf(text).filter((e) => e.name === 'UV_CACHE_DIR'));
      expect(result).toEqual([{ name: 'UV_CACHE_DIR', value: '/cache/uv', unresolved: false, line: 2 * n + 2 }]);
      return chars;
    };
    const { small, ratio } = growth(read, 10_000);
    expect(small).toBeGreaterThan(10_000);
    expect(ratio).toBeLessThan(2.5);
  });

  it('a heredoc that never ends, a trailing continuation, ${ with no end, and a lone $', () => {
    expect(() => readDockerfile('FROM x\nRUN <<EOF\nnever ends')).not.toThrow();
    expect(envOf('FROM x\nENV A=1 \\')).toEqual([{ name: 'A', value: '1', unresolved: false, line: 2 }]);
    expect(envOf('FROM x\nENV A=${B C=$ D=${localWorkspaceFolder}').map((e) => [e.name, e.value, e.unresolved])).toEqual([
      // BuildKit refuses an unclosed ${: nobody can say what the value is.
      ['A', '', true],
      ['C', '$', false],
      ['D', '', true],
    ]);
  });
});

describe('the one reading: heredocs, build arguments and continuations as BuildKit has them', () => {
  it('a heredoc is a whole word <<WORD, <<-WORD or <<"WORD" of RUN, COPY or ADD; a << inside a word opens none', () => {
    const sed = "FROM python:3.12 AS base\nENV UV_CACHE_DIR=/cache/uv\nRUN sed -i 's/<<OLD/new/' file\nFROM base AS dev\nENV UV_CACHE_DIR=/somewhere-else/uv\n";
    const read = readDockerfile(sed);
    expect(read.chain.map((s) => s.name)).toEqual(['base', 'dev']);
    expect(read.env.map((e) => [e.value, e.line])).toEqual([
      ['/cache/uv', 2],
      ['/somewhere-else/uv', 5],
    ]);
    expect(read.running).toMatchObject({ name: 'dev', chain: ['dev', 'base'] });
    for (const run of ['RUN x=a<<B', 'RUN echo "<<B"', 'RUN echo $((1<<B))', 'RUN cat <<B<C', 'ENV X=<<B', 'RUN ["cat", "<<B"]']) {
      expect(
        readDockerfile(`FROM x\n${run}\nENV A=1\nB\n`).env.map((e) => e.name),
        run,
      ).toContain('A');
    }
    for (const run of ['RUN <<B', 'RUN cat <<-B', 'RUN cat <<"B"', "COPY <<'B' /x", 'ADD 3<<B /x', 'ONBUILD RUN <<B']) {
      expect(
        readDockerfile(`FROM x\n${run}\nENV A=1\nB\nENV C=2\n`).env.map((e) => e.name),
        run,
      ).toEqual(['C']);
    }
  });

  it('build arguments choose the stage FROM ${ARG} builds on, and so the ENV of the chain', () => {
    const text = 'ARG FLAVOUR=cpu\nFROM python:3.12 AS cpu\nENV UV_CACHE_DIR=/cpu\nFROM python:3.12 AS gpu\nENV UV_CACHE_DIR=/gpu\nFROM ${FLAVOUR}\n';
    expect(readDockerfile(text).env.map((e) => e.value)).toEqual(['/cpu']);
    const gpu = readDockerfile(text, undefined, { FLAVOUR: 'gpu' });
    expect(gpu.env.map((e) => e.value)).toEqual(['/gpu']);
    expect(gpu.running).toMatchObject({ chain: ['#3', 'gpu'], image: 'python:3.12' });
    // A stage's ARG takes a build argument too, and ENV built from it follows.
    expect(readDockerfile('FROM x\nARG ROOT=/opt\nENV UV_CACHE_DIR=$ROOT/uv\n', undefined, { ROOT: '/srv' }).env[0]).toMatchObject({ value: '/srv/uv', unresolved: false });
    expect(readDockerfile('FROM x\nARG ROOT=/opt\nENV UV_CACHE_DIR=$ROOT/uv\n', undefined, { ROOT: undefined }).env[0]).toMatchObject({ unresolved: true });
  });

  it('continuation lines are joined with nothing between them (BuildKit), only the first line losing its leading blanks', () => {
    expect(readDockerfile('FROM x\nENV UV_CACHE_DIR=/cache\\\n/uv\n').env).toEqual([{ name: 'UV_CACHE_DIR', value: '/cache/uv', unresolved: false, line: 2 }]);
    expect(readDockerfile('FROM x\nENV A=1\\\n  B=2\n').env.map((e) => [e.name, e.value])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(readDockerfile('FROM x\nUSER ap\\\n# a comment\np\n').running!.user).toMatchObject({ value: 'app', line: 2 });
    expect(readDockerfile('FROM python:3.12 \\\n  AS\\\n base\n').running).toMatchObject({ name: 'base', image: 'python:3.12' });
  });

  it('the values of one ENV are expanded with what was set before it', () => {
    expect(readDockerfile('FROM x\nENV A=hello\nENV A=bye B=$A\nENV C=$A\n').env.map((e) => [e.name, e.value])).toEqual([
      ['A', 'hello'],
      ['A', 'bye'],
      ['B', 'hello'],
      ['C', 'bye'],
    ]);
  });
});
