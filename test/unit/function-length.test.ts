/**
 * No function of src/ is over 80 lines, outside plan/ (whose decisions are being cut into steps)
 * and generated/: a longer one does several things, and each wants a name. Counted from the first
 * line of the function to its closing brace, with the TypeScript parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
const MAX_LINES = 80;
const EXEMPT = ['generated'];

function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > MAX_LINES) found.push(`${file}:${first + 1} ${(node as ts.FunctionDeclaration).name?.getText() ?? '(anonymous)'}: ${last - first + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it('finds a long function (the check can fail)', () => {
  expect(longFunctions('x.ts', `function f() {\n${'  g();\n'.repeat(MAX_LINES)}}\n`)).toEqual([`x.ts:1 f: ${MAX_LINES + 2} lines`]);
});

it(`no function of src/ outside ${EXEMPT.join('/ and ')}/ is over ${MAX_LINES} lines`, () => {
  const files = (fs.readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !EXEMPT.includes(f.split(path.sep)[0]!));
  expect(files.length).toBeGreaterThan(60);
  expect(files.flatMap((f) => longFunctions(f, fs.readFileSync(path.join(SRC, f), 'utf8')))).toEqual([]);
});
