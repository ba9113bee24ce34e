/**
 * Golden files of `gen-devcontainer production`: for each case, the example is copied, the command
 * runs with the case's options, and every file it writes under deploy/ is compared with
 * test/golden/<case>/expected-production/. After an intended change: `npm run test:update-goldens`
 * (UPDATE_GOLDENS=1), then read the diff. Each Dockerfile is also read by the real parser, each
 * YAML file by `yaml`, and a second run must change nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { copyExample, readTree, runCli, withoutHostCa } from './helpers/cli.js';
import { dockerfileProblems } from './helpers/validators.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const update = process.env.UPDATE_GOLDENS === '1';

/** A case: the golden folder it writes to, the example, and the options (every example here needs --command or has one script). */
const CASES: { golden: string; example: string; args: string[] }[] = [
  { golden: 'uv-app', example: 'uv-app', args: ['--command', 'python src/uv_app/__init__.py', '--port', '8000'] },
  { golden: 'uv-workspace', example: 'uv-workspace', args: ['--package', 'acme-api', '--command', 'fastapi run', '--image', 'registry.example.com/acme/api:1.0'] },
  { golden: 'fastapi-fullstack', example: 'fastapi-fullstack', args: ['--command', 'fastapi run app/main.py', '--port', '8000', '--with-uv'] },
  { golden: 'pip-requirements', example: 'pip-requirements', args: ['--command', 'python app.py'] },
  { golden: 'path-source-sibling', example: 'path-source-sibling', args: ['--project', 'app', '--command', 'python -m report_app'] },
];

describe.each(CASES)('production golden: $golden', ({ golden, example, args }) => {
  it('writes what test/golden/<case>/expected-production holds, valid, and a second run changes nothing', async () => {
    const dir = copyExample(path.join(repoRoot, 'examples', example));
    const env = withoutHostCa();
    const first = await runCli(['production', dir, ...args], process.cwd(), env);
    expect(first.stderr.split('\n').filter((l) => l.includes('error'))).toEqual([]);
    expect(first.code).toBe(0);
    const written = readTree(path.join(dir, 'deploy'));
    const expectedDir = path.join(repoRoot, 'test', 'golden', golden, 'expected-production');
    for (const [file, content] of Object.entries(written)) {
      const expectedFile = path.join(expectedDir, file);
      if (update) {
        fs.mkdirSync(path.dirname(expectedFile), { recursive: true });
        fs.writeFileSync(expectedFile, content);
      } else expect(content, path.relative(repoRoot, expectedFile)).toBe(fs.readFileSync(expectedFile, 'utf8'));
    }
    if (!update) expect(Object.keys(written).sort()).toEqual(fs.readdirSync(expectedDir).sort());
    expect(dockerfileProblems(written.Dockerfile!)).toEqual([]);
    for (const file of ['kubernetes.yaml', 'compose.yaml']) for (const doc of parseAllDocuments(written[file]!)) expect(doc.errors).toEqual([]);
    const again = await runCli(['production', dir, ...args, '--check'], process.cwd(), env);
    expect(again.code).toBe(0);
  });
});
