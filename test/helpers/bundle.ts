import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BUNDLE = path.join(ROOT, 'dist', 'bundle');

/** Runs the bundle in a fresh Node: main(argv), then which files it loaded and what became of their caches. */
export function loadedBy(argv: string[]): { file: string; cached: boolean; rejected: boolean }[] {
  const script = `const b = require(${JSON.stringify(path.join(BUNDLE, 'run.cjs'))});
b.main(${JSON.stringify(argv)}, { stdout() {}, stderr() {}, cwd: ${JSON.stringify(ROOT)}, env: {} }).then(() => console.log(JSON.stringify(b.codeCacheStatus())));`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}
