// README.md's section "Diagnostic codes", written from the one table of codes (src/diagnostic-codes.ts)
// by scripts/build.mjs; test/unit/diagnostic-codes.test.ts checks that the committed README holds it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export const README_FILE = 'README.md';
export const START = '<!-- diagnostic-codes:start (written by `npm run build` from src/diagnostic-codes.ts; do not edit) -->';
export const END = '<!-- diagnostic-codes:end -->';

/** The table itself: the TypeScript module has no imports at run time, so its transpiled text is all there is. */
export async function loadDiagnosticCodes(root) {
  const ts = require('typescript');
  const source = readFileSync(join(root, 'src', 'diagnostic-codes.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
  return module.DIAGNOSTIC_CODES;
}

const cell = (text) => text.replaceAll('|', '\\|');

/** The section's body between the markers: one row per code, in the table's order. */
export function diagnosticCodesSection(table) {
  const rows = Object.entries(table).map(([code, { levels, meaning, fix }]) => `| \`${code}\` | ${levels.join(', ')} | ${cell(meaning)} | ${cell(fix)} |`);
  return ['| Code | Level | Meaning | Fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with the section between the markers replaced; an error when the markers are not there once each, in order. */
export function readmeWithDiagnosticCodes(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start || readme.indexOf(START, start + 1) >= 0 || readme.indexOf(END, end + 1) >= 0) {
    throw new Error(`${README_FILE} must hold the markers ${START} and ${END} once each, in that order`);
  }
  return `${readme.slice(0, start + START.length)}\n${diagnosticCodesSection(table)}\n${readme.slice(end)}`;
}
