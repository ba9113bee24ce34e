/**
 * The one table of diagnostic codes (src/diagnostic-codes.ts): README.md's list is written from it,
 * and every code in it is pushed somewhere in src (the compiler checks the other way: a code pushed
 * that is not in the table does not compile).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { END, README_FILE, readmeWithDiagnosticCodes, START } from '../../scripts/diagnostic-codes.mjs';
import { DIAGNOSTIC_CODES } from '../../src/diagnostic-codes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// `npm test` builds without rewriting README.md (scripts/build.mjs), so a table changed without
// `npm run build` shows here, in CI too.
it(`${README_FILE}'s section "Diagnostic codes" is the table in src/diagnostic-codes.ts`, () => {
  const readme = fs.readFileSync(path.join(root, README_FILE), 'utf8');
  expect(readme).toContain(START);
  expect(readme).toContain(END);
  expect(readmeWithDiagnosticCodes(readme, DIAGNOSTIC_CODES), `${README_FILE}'s diagnostic codes are out of date with src/diagnostic-codes.ts: run \`npm run build\` and commit README.md`).toBe(
    readme,
  );
});

it('the table is in alphabetical order, and each entry says a level, a meaning and a fix', () => {
  const codes = Object.keys(DIAGNOSTIC_CODES);
  expect(codes).toEqual([...codes].sort());
  for (const [code, { levels, meaning, fix }] of Object.entries(DIAGNOSTIC_CODES)) {
    expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(levels.length, code).toBeGreaterThan(0);
    expect(meaning, code).toMatch(/^\S.*[.]$/);
    expect(fix, code).toMatch(/^\S.*[.]$/);
  }
});

/** Every .ts file under src but the table itself and what the build generates. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(file);
    return entry.name.endsWith('.ts') && entry.name !== 'diagnostic-codes.ts' ? [fs.readFileSync(file, 'utf8')] : [];
  });
}

it('every code in the table is used in src (no dead codes)', () => {
  const text = sources(path.join(root, 'src')).join('\n');
  // readToml(reader, file, 'pyproject') pushes `pyproject-unreadable` and `pyproject-invalid-toml`.
  const tomlFiles = new Set([...text.matchAll(/readToml\([^;]*?'([a-z0-9-]+)'/g)].map((m) => m[1]));
  const used = (code: string) => {
    const toml = /^(.*)-(unreadable|invalid-toml)$/.exec(code);
    return text.includes(`'${code}'`) || (toml !== null && tomlFiles.has(toml[1]!));
  };
  expect(tomlFiles.size).toBeGreaterThan(0);
  expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => !used(code))).toEqual([]);
});

it("the codes a production run leaves out (diagnostic-scope.ts) are the table's scope 'devcontainer' entries", async () => {
  const { DEVCONTAINER_SCOPE } = await import('../../src/diagnostic-scope.js');
  const scoped = Object.entries(DIAGNOSTIC_CODES)
    .filter(([, info]) => (info as { scope?: string }).scope === 'devcontainer')
    .map(([code]) => code)
    .sort();
  expect([...DEVCONTAINER_SCOPE].sort()).toEqual(scoped);
  expect(scoped.length).toBeGreaterThan(0);
});
