/**
 * The plan's type (src/plan/types.ts) and its JSON schema (schemas/plan.schema.json) must describe
 * the same shape: every object has the same properties in both, the same ones required, through
 * arrays and unions. Read from the TypeScript compiler and from the schema, so a field added to
 * one and forgotten in the other fails here, in CI, instead of as exit 3 at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Shape = { object: Record<string, { optional: boolean; shape: Shape }> } | { array: Shape } | { union: Shape[] } | 'leaf';

function fromType(checker: ts.TypeChecker, type: ts.Type, depth = 0): Shape {
  if (depth > 12) return 'leaf';
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    const objects = members.filter((t) => t.flags & ts.TypeFlags.Object);
    if (objects.length > 1) return { union: objects.map((t) => fromType(checker, t, depth + 1)) };
    if (objects.length === 1) return fromType(checker, objects[0]!, depth + 1);
    return 'leaf';
  }
  if (checker.isArrayType(type)) return { array: fromType(checker, checker.getTypeArguments(type as ts.TypeReference)[0]!, depth + 1) };
  if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return 'leaf';
  const object: Record<string, { optional: boolean; shape: Shape }> = {};
  for (const symbol of checker.getPropertiesOfType(type)) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const propertyType = checker.getTypeOfSymbolAtLocation(symbol, declaration!);
    object[symbol.name] = { optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0, shape: fromType(checker, propertyType, depth + 1) };
  }
  return { object };
}

function fromSchema(schema: Record<string, any>, node: Record<string, any>): Shape {
  if (node.$ref) return fromSchema(schema, schema.definitions[node.$ref.split('/').at(-1)]);
  if (node.oneOf) return { union: node.oneOf.map((n: Record<string, any>) => fromSchema(schema, n)) };
  if (node.type === 'array') return { array: fromSchema(schema, node.items ?? {}) };
  if (node.type === 'object' || node.properties) {
    const required = new Set<string>(node.required ?? []);
    return { object: Object.fromEntries(Object.entries(node.properties ?? {}).map(([k, v]) => [k, { optional: !required.has(k), shape: fromSchema(schema, v as Record<string, any>) }])) };
  }
  return 'leaf';
}

/** Where two shapes differ, as paths. */
function differences(a: Shape, b: Shape, at = 'Plan'): string[] {
  if (a === 'leaf' || b === 'leaf') return a === b ? [] : [`${at}: ${a === 'leaf' ? 'a value in the type' : 'a value in the schema'}, a structure in the other`];
  if ('array' in a && 'array' in b) return differences(a.array, b.array, `${at}[]`);
  if ('union' in a && 'union' in b) {
    if (a.union.length !== b.union.length) return [`${at}: ${a.union.length} kinds in the type, ${b.union.length} in the schema`];
    return a.union.flatMap((m, i) => differences(m, b.union[i]!, `${at}|${i}`));
  }
  if ('object' in a && 'object' in b) {
    const out: string[] = [];
    for (const key of new Set([...Object.keys(a.object), ...Object.keys(b.object)])) {
      const x = a.object[key];
      const y = b.object[key];
      if (!x) out.push(`${at}.${key}: in the schema only`);
      else if (!y) out.push(`${at}.${key}: in the type only`);
      else {
        if (x.optional !== y.optional) out.push(`${at}.${key}: ${x.optional ? 'optional' : 'required'} in the type, ${y.optional ? 'optional' : 'required'} in the schema`);
        out.push(...differences(x.shape, y.shape, `${at}.${key}`));
      }
    }
    return out;
  }
  return [`${at}: different kinds of structure`];
}

it('schemas/plan.schema.json and the Plan type have the same properties, the same required, everywhere', () => {
  const file = path.join(root, 'src/plan/types.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const plan = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Plan')!;
  const typeShape = fromType(checker, checker.getTypeAtLocation(plan.name));
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/plan.schema.json'), 'utf8'));
  expect(differences(typeShape, fromSchema(schema, schema))).toEqual([]);
});
