import type { Node } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics.js';

/**
 * The type of a JSON value, as this table states it: a scalar type, a list or a map of one shape,
 * an object whose named members have their shapes (others are not looked at), or one of several.
 */
export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'object'
  | { readonly array: Shape }
  | { readonly map: Shape }
  | { readonly object: Readonly<Record<string, Shape>> }
  | { readonly anyOf: readonly Shape[] };

/** A lifecycle command: a shell line, an argument list, or an object of either, run in parallel. */
const COMMAND: Shape = { anyOf: ['string', { array: 'string' }, { map: { anyOf: ['string', { array: 'string' }] } }] };

/**
 * Every devcontainer.json property gen-devcontainer reads or writes, with the type the Dev
 * Container spec gives it (devContainer.base.schema.json of devcontainers/spec; a test checks the
 * table against that schema where it is at hand, and CI makes it mandatory). A value of another
 * type would be read as absent (a `"mounts": {}` that the volume never joins, a `"containerEnv":
 * null` that loses every variable) or rewritten on every run: such a file is refused before
 * anything is planned, with the property's line and the type it needs.
 */
export const CONFIG_PROPERTY_TYPES: Readonly<Record<string, Shape>> = {
  name: 'string',
  image: 'string',
  dockerFile: 'string',
  context: 'string',
  build: { object: { dockerfile: 'string', context: 'string', target: 'string', args: { map: 'string' } } },
  dockerComposeFile: { anyOf: ['string', { array: 'string' }] },
  service: 'string',
  workspaceFolder: 'string',
  workspaceMount: 'string',
  remoteUser: 'string',
  containerUser: 'string',
  containerEnv: { map: 'string' },
  remoteEnv: { map: { anyOf: ['string', 'null'] } },
  mounts: { array: { anyOf: ['string', { object: { type: 'string', source: 'string', target: 'string' } }] } },
  runArgs: { array: 'string' },
  onCreateCommand: COMMAND,
  updateContentCommand: COMMAND,
  postCreateCommand: COMMAND,
  customizations: { object: { vscode: { object: { extensions: { array: 'string' }, settings: 'object' } } } },
};

/**
 * The first property of the configuration whose value does not have its type, as an error that
 * names it, its line and the type it needs; undefined when every one has its type.
 */
export function propertyTypeError(file: string, root: Node, lineOf: (offset: number) => number): Diagnostic | undefined {
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (typeof key?.value !== 'string' || !value || !Object.hasOwn(CONFIG_PROPERTY_TYPES, key.value)) continue;
    const wrong = mismatch(value, CONFIG_PROPERTY_TYPES[key.value]!, [key.value]);
    if (!wrong) continue;
    const where = wrong.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    const expected = describe(wrong.shape);
    return {
      level: 'error',
      code: 'devcontainer-property-type',
      message: `${where} is ${describeNode(wrong.node)}; it must be ${expected}, the type the Dev Container spec gives it`,
      file,
      line: lineOf(wrong.node.offset),
      hint: `write ${where} as ${expected} (or remove it), then run again; nothing was changed`,
    };
  }
  return undefined;
}

/** Where in `node` the value first departs from `shape`, with the shape it should have had there. */
function mismatch(node: Node, shape: Shape, path: (string | number)[]): { node: Node; shape: Shape; path: (string | number)[] } | undefined {
  if (typeof shape === 'string') return matchesType(node, shape) ? undefined : { node, shape, path };
  if ('anyOf' in shape) {
    // The alternative of the same JSON type says best what is wrong inside it; none such: the whole value.
    const sameType = shape.anyOf.filter((s) => matchesType(node, topType(s)));
    for (const s of sameType) if (!mismatch(node, s, path)) return undefined;
    return sameType.length === 1 ? mismatch(node, sameType[0]!, path) : { node, shape, path };
  }
  if ('array' in shape) {
    if (node.type !== 'array') return { node, shape, path };
    for (const [i, item] of (node.children ?? []).entries()) {
      const wrong = mismatch(item, shape.array, [...path, i]);
      if (wrong) return wrong;
    }
    return undefined;
  }
  if (node.type !== 'object') return { node, shape, path };
  for (const member of node.children ?? []) {
    const [key, value] = member.children ?? [];
    if (typeof key?.value !== 'string' || !value) continue;
    const inner = 'map' in shape ? shape.map : Object.hasOwn(shape.object, key.value) ? shape.object[key.value] : undefined;
    const wrong = inner && mismatch(value, inner, [...path, key.value]);
    if (wrong) return wrong;
  }
  return undefined;
}

function topType(shape: Shape): 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' {
  if (typeof shape === 'string') return shape;
  if ('array' in shape) return 'array';
  if ('anyOf' in shape) throw new Error('anyOf inside anyOf: flatten it in the table');
  return 'object';
}

function matchesType(node: Node, type: ReturnType<typeof topType>): boolean {
  return node.type === type;
}

/** The shape in words: "a string", "an array of strings", "an object of strings". */
export function describe(shape: Shape, plural = false): string {
  const one = (singular: string, many: string) => (plural ? many : singular);
  if (typeof shape === 'string') {
    if (shape === 'null') return 'null';
    return one(`${shape === 'object' ? 'an' : 'a'} ${shape}`, `${shape}s`);
  }
  if ('anyOf' in shape) return shape.anyOf.map((s) => describe(s, plural)).join(' or ');
  if ('array' in shape) return one(`an array of ${describe(shape.array, true)}`, `arrays of ${describe(shape.array, true)}`);
  if ('map' in shape) return one(`an object of ${describe(shape.map, true)}`, `objects of ${describe(shape.map, true)}`);
  return one('an object', 'objects');
}

function describeNode(node: Node): string {
  if (node.type === 'null') return 'null';
  if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') return `${node.type === 'string' ? 'the string' : `the ${node.type}`} ${JSON.stringify(node.value)}`.slice(0, 80);
  return node.type === 'array' ? 'an array' : 'an object';
}
