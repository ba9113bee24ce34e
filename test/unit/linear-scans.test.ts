/**
 * Every reader of the repository's text scans it in time linear in its size (issue 18, item 2: a
 * 200 KB pyproject.toml line took 156 s in lineOfKey, a .gitignore line 57 s, 60,000 blank lines
 * of runtime.txt 12 s, a 60 KB env_file line 9 s).
 *
 * Counted work, not a clock: the runs happen in a child Node whose regular-expression engine counts
 * its own backtracks (--no-regexp-optimization keeps the counter on every loop), and hands any
 * single match that passes BACKTRACK_BUDGET to its linear engine, saying so on stderr
 * (--trace-experimental-regexp-engine). With inputs of SIZE characters a linear scan backtracks at
 * most a few SIZE times; a quadratic one about SIZE²/2 = 2·10^8 times, far past the budget. So a
 * line "Experimental execution" is a scan that went quadratic, and the test also finishes quickly
 * on code that has one (the linear engine takes over). A lookbehind (which the linear engine cannot
 * run) is not seen this way: none is left in the readers (src/text.ts says why).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { makeRepo, tempDir } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SIZE = 20_000;
const BACKTRACK_BUDGET = 1_000_000;
const blanks = ' '.repeat(SIZE);
const PYPROJECT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const DEVCONTAINER_COMPOSE = '{"dockerComposeFile": "compose.yaml", "service": "app", "workspaceFolder": "/w"}';

let harness: string;

beforeAll(() => {
  // The readers as one script (the child needs no TypeScript loader): the whole plan command, and
  // the helpers a plan does not reach with every input.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-scans-'));
  fs.writeFileSync(
    path.join(dir, 'entry.ts'),
    `import * as fs from 'node:fs';
import { main } from ${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))};
import { lineOfKey } from ${JSON.stringify(path.join(ROOT, 'src/analyze/toml.ts'))};
import { parseIgnoreRules } from ${JSON.stringify(path.join(ROOT, 'src/analyze/ignore.ts'))};
import { indentBlock } from ${JSON.stringify(path.join(ROOT, 'src/commands/generate.ts'))};
const [what, arg] = process.argv.slice(2);
const text = () => fs.readFileSync(arg, 'utf8');
if (what === 'selftest') / +$/.test('a' + ' '.repeat(Number(arg)) + 'b');
else if (what === 'lineOfKey') for (let i = 0; i < 100; i++) lineOfKey(text(), 'project.k' + i);
else if (what === 'gitignore') {
  // Searching is counted too (a glob's \`[\` looked for its \`]\` from every \`[\` of \`[[[[...\`): each character indexOf passes.
  const indexOf = String.prototype.indexOf;
  let passed = 0;
  String.prototype.indexOf = function (this: string, needle: string, from?: number) {
    const at = indexOf.call(this, needle, from);
    passed += (at === -1 ? this.length : at) - Math.max(0, from ?? 0);
    return at;
  };
  parseIgnoreRules(text()).ignoresFolder('a/b/c');
  String.prototype.indexOf = indexOf;
  if (passed > 10 * text().length) console.error('Experimental execution: indexOf passed ' + passed + ' characters');
}
else if (what === 'indentBlock') indentBlock(text());
else void main(['plan', arg], { stdout: () => {}, stderr: (s) => process.stderr.write(s), cwd: process.cwd(), env: {} });
`,
  );
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  harness = path.join(dir, 'harness.mjs');
  buildSync({
    entryPoints: [path.join(dir, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: harness,
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
});

/** Runs one reader in the counting child: its stderr, and how many matches passed the budget. */
function countQuadraticMatches(what: string, arg: string): { over: number; stderr: string } {
  const run = spawnSync(
    process.execPath,
    [
      '--no-regexp-optimization',
      '--enable-experimental-regexp-engine-on-excessive-backtracks',
      `--regexp-backtracks-before-fallback=${BACKTRACK_BUDGET}`,
      '--trace-experimental-regexp-engine',
      harness,
      what,
      arg,
    ],
    { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } },
  );
  // A Node without these flags stops with "bad option": that must fail the test, not pass it.
  expect(run.status, run.stderr).toBe(0);
  const lines = `${run.stdout}${run.stderr}`.split('\n');
  return { over: lines.filter((l) => l.startsWith('Experimental execution')).length, stderr: run.stderr };
}

const file = (content: string) => {
  const at = path.join(tempDir('gdc-scan-file-'), 'text');
  fs.writeFileSync(at, content);
  return at;
};

describe('every reader scans linearly (regex backtracks counted in a child)', () => {
  it('the counter itself: a quadratic / +$/ on "a<blanks>b" is seen', () => {
    expect(countQuadraticMatches('selftest', String(SIZE)).over).toBe(1);
  });

  const repos: [string, () => string][] = [
    ['runtime.txt: 20,000 blank lines', () => makeRepo({ 'pyproject.toml': PYPROJECT, 'runtime.txt': '\n'.repeat(SIZE) })],
    [
      'a Compose env_file line of blanks, and one with a late #',
      () =>
        makeRepo({
          'pyproject.toml': PYPROJECT,
          '.devcontainer/devcontainer.json': DEVCONTAINER_COMPOSE,
          '.devcontainer/compose.yaml': 'services:\n  app:\n    image: python:3.12\n    env_file: app.env\n    volumes:\n      - ..:/w\n',
          '.devcontainer/app.env': `UV_PYTHON=a${blanks}b\nUV_INDEX=a${blanks}#\nUV_X=${'\t'.repeat(SIZE)}x\n`,
        }),
    ],
    [
      'a Dockerfile line "a<blanks>b" continued',
      () =>
        makeRepo({
          'pyproject.toml': PYPROJECT,
          '.devcontainer/devcontainer.json': '{"build": {"dockerfile": "Dockerfile"}}',
          '.devcontainer/Dockerfile': `FROM python:3.12\nRUN echo a${blanks}b \\\n  c${blanks}\\ \nENV A=b${blanks}c\n`,
        }),
    ],
  ];
  it.each(repos)('plan on %s', (_, make) => {
    const { over, stderr } = countQuadraticMatches('plan', make());
    expect(over, stderr.slice(0, 2000)).toBe(0);
    expect(stderr).not.toMatch(/internal error/);
  });

  it.each([
    ['lineOfKey', `${PYPROJECT}x = """\n[a${blanks}b\nk${blanks}v = 1\n"""\n`],
    ['gitignore', `a${blanks}b\n${'['.repeat(SIZE)}\n/${'*'.repeat(100)}\n`],
    ['indentBlock', `a${' '.repeat(SIZE)}b \n\ra${' '.repeat(SIZE)}b\r\n`],
  ])('%s on a pathological text', (what, content) => {
    const { over, stderr } = countQuadraticMatches(what, file(content));
    expect(over, stderr.slice(0, 2000)).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('work that grows with the input, counted in-process', () => {
  /** Characters String.prototype.includes passed over while `run` ran (the searches a loop of lookups makes). */
  function includesWork(run: () => void): number {
    const includes = String.prototype.includes;
    let passed = 0;
    String.prototype.includes = function (this: string, needle: string, from?: number) {
      passed += this.length - Math.max(0, from ?? 0);
      return includes.call(this, needle, from);
    };
    try {
      run();
    } finally {
      String.prototype.includes = includes;
    }
    return passed;
  }

  it('a RUN of thousands of `uv==…` words: doubling the words at most doubles the searching (it was 60,000 searches of the whole line: 23 s)', () => {
    const work = (n: number) => {
      const dockerfile = `FROM python:3.12\nRUN pip install ${Array.from({ length: n }, (_, i) => `uv==0.${i}.0`).join(' ')}\n`;
      const root = makeRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{"build": {"dockerfile": "Dockerfile"}}', '.devcontainer/Dockerfile': dockerfile });
      return includesWork(() => analyzeRepo(openRepo(root), 'repo'));
    };
    const small = work(1000);
    expect(work(2000)).toBeLessThanOrEqual(2.5 * small);
  });
});
