import type { Node } from 'jsonc-parser';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { jsonc } from '../lazy.js';

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
  build: { object: { dockerfile: 'string', context: 'string', target: 'string', args: { map: 'string' }, options: { array: 'string' } } },
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
  // Never written, but read for the user's uv commands and commands only root runs (kept-settings.ts).
  postStartCommand: COMMAND,
  postAttachCommand: COMMAND,
  customizations: { object: { vscode: { object: { extensions: { array: 'string' }, settings: 'object' } } } },
  // Never written, but read for a feature that installs a uv of its own (kept-settings.ts).
  features: 'object',
};

/**
 * The keys of a Compose service that gen-devcontainer reads (analyze/compose-service.ts and
 * devcontainer.ts), with the types of the Compose specification (compose-spec/compose-spec
 * schema/compose-spec.json: `user` and `image` strings, `environment` list_or_dict, `env_file`,
 * `tmpfs` string_or_list, `volumes`, `build`). Compose itself refuses another type (docker/compose
 * issue 8453: "services.x.user contains an invalid type, it should be a string"); read as absent,
 * such a value would hide a bind or a uv variable from the plan.
 */
const COMPOSE_SCALAR: Shape = { anyOf: ['string', 'number', 'boolean', 'null'] };
export const COMPOSE_SERVICE_TYPES: Readonly<Record<string, Shape>> = {
  image: 'string',
  user: 'string',
  build: { anyOf: ['string', { object: { context: 'string', dockerfile: 'string', target: 'string', args: { anyOf: [{ map: COMPOSE_SCALAR }, { array: 'string' }] } } }] },
  volumes: { array: { anyOf: ['string', { object: { type: 'string', source: 'string', target: 'string' } }] } },
  environment: { anyOf: [{ map: COMPOSE_SCALAR }, { array: 'string' }] },
  env_file: { anyOf: ['string', { array: { anyOf: ['string', { object: { path: 'string' } }] } }] },
  tmpfs: { anyOf: ['string', { array: 'string' }] },
};

/** Where a value first departs from its property's shape: the path to it, and the shape it should have there. */
export interface TypeMismatch {
  path: (string | number)[];
  shape: Shape;
  value: unknown;
}

/** The first property of `object` (devcontainer.json, or a Compose service) whose value does not have its type in `table`. */
export function firstMismatch(object: Record<string, unknown>, table: Readonly<Record<string, Shape>>): TypeMismatch | undefined {
  for (const [key, shape] of Object.entries(table)) {
    if (!Object.hasOwn(object, key)) continue;
    const wrong = mismatch(object[key], shape, [key]);
    if (wrong) return wrong;
  }
  return undefined;
}

/**
 * The first property of the configuration whose value does not have its type, as an error that
 * names it, its line and the type it needs; undefined when every one has its type.
 */
export function propertyTypeError(file: string, root: Node, lineOf: (offset: number) => number): Diagnostic | undefined {
  const wrong = firstMismatch(jsonc().getNodeValue(root) as Record<string, unknown>, CONFIG_PROPERTY_TYPES);
  if (!wrong) return undefined;
  const node = jsonc().findNodeAtLocation(root, wrong.path);
  return typeError(file, node ? lineOf(node.offset) : undefined, wrong, 'the type the Dev Container spec gives it');
}

/** The error for a value of the wrong type: the property by its path, what it is, what it must be. */
export function typeError(file: string, line: number | undefined, wrong: TypeMismatch, whose: string, code: DiagnosticCode = 'devcontainer-property-type'): Diagnostic {
  const where = wrong.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const expected = describe(wrong.shape);
  return {
    level: 'error',
    code,
    message: `${where} is ${describeValue(wrong.value)}; it must be ${expected}, ${whose}`,
    file,
    ...(line ? { line } : {}),
    hint: `write ${where} as ${expected} (or remove it), then run again; nothing was changed`,
  };
}

/** Where in `value` it first departs from `shape`, with the shape it should have had there. */
function mismatch(value: unknown, shape: Shape, path: (string | number)[]): TypeMismatch | undefined {
  if (typeof shape === 'string') return typeOf(value) === shape ? undefined : { value, shape, path };
  if ('anyOf' in shape) {
    // The alternative of the same JSON type says best what is wrong inside it; none such: the whole value.
    const sameType = shape.anyOf.filter((s) => typeOf(value) === topType(s));
    for (const s of sameType) if (!mismatch(value, s, path)) return undefined;
    return sameType.length === 1 ? mismatch(value, sameType[0]!, path) : { value, shape, path };
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return { value, shape, path };
    for (const [i, item] of value.entries()) {
      const wrong = mismatch(item, shape.array, [...path, i]);
      if (wrong) return wrong;
    }
    return undefined;
  }
  if (typeOf(value) !== 'object') return { value, shape, path };
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const inner = 'map' in shape ? shape.map : Object.hasOwn(shape.object, key) ? shape.object[key] : undefined;
    const wrong = inner && mismatch(member, inner, [...path, key]);
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

/** A value's JSON type, as the table names types. */
function typeOf(value: unknown): ReturnType<typeof topType> | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'other';
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

function describeValue(value: unknown): string {
  const type = typeOf(value);
  if (type === 'null') return 'null';
  if (type === 'array') return 'an array';
  if (type === 'object') return 'an object';
  if (type === 'other') return `a ${typeof value}`;
  const text = JSON.stringify(value);
  return `the ${type} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
