/** No tracked file keeps a merge's conflict markers (one reached the README once). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('no tracked text file has a line starting <<<<<<<, ======= alone, or >>>>>>>', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const file of files) {
    const full = path.join(root, file);
    if (!fs.existsSync(full) || fs.lstatSync(full).isSymbolicLink() || fs.statSync(full).size > 4 * 1024 * 1024) continue;
    const text = fs.readFileSync(full, 'utf8');
    text.split('\n').forEach((line, i) => {
      if (/^(<{7}|>{7})( |$)|^={7}$/.test(line)) found.push(`${file}:${i + 1}: ${line}`);
    });
  }
  expect(found).toEqual([]);
});
