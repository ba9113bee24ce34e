/**
 * Imports among src/ files run one way: no file imports, through any chain, a file that imports
 * it back (type-only imports and re-exports included: they tie the files' meanings together just
 * the same). The layers: cli -> commands -> pipeline -> targets -> analyze, plan, render, write ->
 * the shared leaves (diagnostics, ownership, text). Read from the import lines themselves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative module names of a file's `import ... from`, `export ... from` and `import('...')`. */
function importsOf(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/gm)) names.push(match[1] ?? match[2]!);
  return names;
}

/** Each cycle's files, found by a depth-first walk (one cycle per back edge). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

it('finds a cycle when there is one (the check can fail)', () => {
  expect(importsOf("import type { A } from './a.js';\nexport { b } from '../b.js';\nconst c = await import('./c.js');\nimport x from 'yargs';")).toEqual(['./a.js', '../b.js', './c.js']);
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  expect(cyclesOf(graph)).toEqual([['a', 'b', 'c', 'a']]);
});

it('no src/ file imports, through any chain, a file that imports it', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(100);
  const graph = new Map<string, string[]>();
  let edges = 0;
  for (const file of files) {
    const targets = importsOf(fs.readFileSync(file, 'utf8'))
      .map((name) => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')))
      .filter((target) => target.startsWith(SRC) && fs.existsSync(target));
    edges += targets.length;
    graph.set(
      path.relative(SRC, file),
      targets.map((target) => path.relative(SRC, target)),
    );
  }
  expect(edges).toBeGreaterThan(300);
  expect(cyclesOf(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
});

it('the command line sits on top: no src/ file outside cli/ imports from cli/', () => {
  const upward = sourceFiles(SRC)
    .filter((file) => !path.relative(SRC, file).startsWith(`cli${path.sep}`))
    .flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .filter((name) => path.resolve(path.dirname(file), name).startsWith(path.join(SRC, 'cli') + path.sep))
        .map((name) => `${path.relative(SRC, file)} -> ${name}`),
    );
  expect(upward).toEqual([]);
});

/** The `file -> name` imports of src/ files under `from` that reach into `into` (folders of src/). */
function importsInto(from: readonly string[], into: string): string[] {
  const target = path.join(SRC, into) + path.sep;
  return sourceFiles(SRC)
    .filter((file) => from.some((folder) => path.relative(SRC, file).startsWith(`${folder}${path.sep}`)))
    .flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .filter((name) => path.resolve(path.dirname(file), name).startsWith(target))
        .map((name) => `${path.relative(SRC, file)} -> ${name}`),
    );
}

it('the core stands below the targets: nothing under analyze/, plan/ or render/ imports from targets/', () => {
  // The check can fail: the targets themselves import the core's plan.
  expect(importsInto(['targets'], 'plan').length).toBeGreaterThan(0);
  expect(importsInto(['analyze', 'plan', 'render'], 'targets')).toEqual([]);
});
