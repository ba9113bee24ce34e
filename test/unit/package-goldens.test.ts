/**
 * Goldens of the packages: the feature folder (`gen-devcontainer feature uv-one-volume`) and the
 * template folder (`gen-devcontainer template uv-one-volume-template`), file by file, in
 * test/golden-packages/. After an intended change: `npm run test:update-goldens`, then read the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const goldenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../golden-packages');
const update = process.env.UPDATE_GOLDENS === '1';

function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(folder, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe.each([
  ['feature', 'uv-one-volume'],
  ['template', 'uv-one-volume-template'],
])('gen-devcontainer %s', (command, name) => {
  it(`writes what test/golden-packages/${name}/ holds`, async () => {
    const out = path.join(tempDir('gdc-package-golden-'), name);
    const run = await runCli([command, out]);
    expect(run.code, run.stderr).toBe(0);
    const actual = tree(out);
    const golden = path.join(goldenDir, name);
    if (update) {
      fs.rmSync(golden, { recursive: true, force: true });
      for (const [file, text] of Object.entries(actual)) {
        fs.mkdirSync(path.dirname(path.join(golden, file)), { recursive: true });
        fs.writeFileSync(path.join(golden, file), text);
      }
      return;
    }
    expect(fs.existsSync(golden), `${golden} is missing; run npm run test:update-goldens`).toBe(true);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(tree(golden)).sort());
    for (const [file, text] of Object.entries(tree(golden))) expect(actual[file], `${name}/${file}`).toBe(text);
  });
});
