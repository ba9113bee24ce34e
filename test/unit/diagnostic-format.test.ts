/**
 * Diagnostics as text: every file, message and hint may hold names from the repository (a folder
 * of named configurations, a script, a value), so control characters in them are shown escaped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiagnosticCode, formatDiagnostic } from '../../src/diagnostics.js';
import { makeRepo, runCli } from '../helpers/cli.js';

describe('a diagnostic as text', () => {
  it('a line break or an escape sequence in a name is shown escaped: one diagnostic is one line and its hint', () => {
    const text = formatDiagnostic({ level: 'warning', code: 'x' as DiagnosticCode, message: 'in a\nerror: fake \u001b[2J', file: 'a\rb', hint: 'h\u2028i' });
    expect(text).toBe('a\\rb: warning: in a\\nerror: fake \\u001b[2J [x]\n  hint: h\\u2028i');
  });

  it('a named configuration in a folder whose name holds a line break', async () => {
    const repo = makeRepo({ 'pyproject.toml': '[project]\nname = "x"\nversion = "0"\n' });
    const folder = path.join(repo, '.devcontainer', 'gpu\nerror: all good');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'devcontainer.json'), '{ "image": "debian" }\n');
    const run = await runCli([repo, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[config-would-shadow]');
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error: all good'))).toEqual([]);
    expect(run.stderr).toContain('.devcontainer/gpu\\nerror: all good/devcontainer.json');
  });
});
