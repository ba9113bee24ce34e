/**
 * Repository text quoted in what the CLI prints (issue 18, item 13): a script's line in the pip
 * warning, a folder's name in the unreadable-project warning, names and commands in plan/explain.
 * Control characters reach the terminal escaped, never raw; --json stays the same JSON.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiagnosticCode, formatDiagnostic, printableLines } from '../../src/diagnostics.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from './support.js';

/** Anything a terminal would act on: C0 but line feed, DEL, C1, the separators, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b';

describe('control characters from the repository are printed escaped', () => {
  it('a script line quoted in the pip warning', async () => {
    const root = makeRepo({
      'pyproject.toml': '[project]\nname = "app"\nversion = "0"\n',
      '.devcontainer/devcontainer.json': '{"image": "python:3.12", "postCreateCommand": "bash setup.sh"}',
      'setup.sh': `pip install ${ESC}]0;pwned\u0007${ESC}[31mred\u202ex\u009b2J\n`,
    });
    const run = await runCli(['plan', root]);
    expect(run.stderr).toMatch(/pip-outside-environment/);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('\\u001b]0');
  });

  it("a folder's name in the unreadable-project warning", async () => {
    const root = makeRepo({ 'c/pyproject.toml': '[project]\nname = "c"\nversion = "0"\n' });
    const evil = path.join(root, `a${ESC}[2Jb\u202e`);
    fs.mkdirSync(evil);
    execFileSync('mkfifo', [path.join(evil, 'pyproject.toml')]);
    for (const command of ['plan', 'explain']) {
      const run = await runCli([command, root]);
      expect(run.stderr).toMatch(/subproject-pyproject-unreadable/);
      expect(run.stderr).not.toMatch(RAW_CONTROL);
      expect(run.stderr).toContain('a\\u001b[2Jb\\u202e');
    }
  });

  it('plan and explain text, and plan --json (parsed back the same)', async () => {
    // Two projects, one in a folder whose name holds controls: the plan names its folder.
    const odd = `p${ESC}[31m\u009b\u202e\r`;
    const root = makeRepo({ [`${odd}/pyproject.toml`]: '[project]\nname = "p"\nversion = "0"\n', 'q/pyproject.toml': '[project]\nname = "q"\nversion = "0"\n' });
    for (const command of ['plan', 'explain']) {
      const run = await runCli([command, root]);
      expect(run.stdout).not.toMatch(RAW_CONTROL);
    }
    const json = await runCli(['plan', '--json', root]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(odd).slice(1, -1));
  });
});

describe('formatDiagnostic and printableLines', () => {
  it('keep the lines of the format itself and nothing else raw', () => {
    const text = formatDiagnostic({ level: 'warning', code: `c${ESC}` as DiagnosticCode, message: `m\nfake: error\r${ESC}[1A`, file: `f\u202e`, line: 3, hint: `h\u2028\u0085` });
    expect(text.split('\n')).toHaveLength(2);
    expect(text).not.toMatch(RAW_CONTROL);
    const value = { a: `x${ESC}\u0085\u202e\u2028\n`, 'k\u2066': [1, '\u009b'] };
    expect(JSON.parse(printableLines(JSON.stringify(value, null, 2)))).toEqual(value);
  });
});

describe('--dry-run and --diff show file contents escaped', () => {
  it("a comment of the user's in devcontainer.json, edited in place", async () => {
    const root = makeRepo({
      'pyproject.toml': '[project]\nname = "app"\nversion = "0"\n',
      '.devcontainer/devcontainer.json': `{\n  // hi ${ESC}[31mred${ESC}]0;title\u0007 \u202e\u009b2J\r\n  "image": "python:3.12"\n}\n`,
    });
    for (const flag of ['--dry-run', '--diff']) {
      const run = await runCli([root, flag]);
      expect(run.stdout).toContain('// hi \\u001b[31mred');
      expect(run.stdout.replaceAll('\t', '')).not.toMatch(RAW_CONTROL);
    }
  });
});
