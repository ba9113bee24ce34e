import { compareRelease, parseSpecifierSet, parseVersion, satisfies } from '../versions/pep440.js';
import { ALL_MINORS, MINOR_BITS } from './wheel-tags.js';

/**
 * The CPython 3 minors (a mask, bit Y for 3.Y; see wheel-tags.ts) for which a PEP 508 marker of a
 * uv.lock may be true in a Linux container: `python_full_version < '3.11'` gives 3.0 to 3.10,
 * `sys_platform == 'win32'` none, `sys_platform == 'linux' and python_version >= '3.12'` 3.12 up.
 * "May be": a minor counts when some patch of it satisfies the marker, a variable the container does
 * not fix (`extra`, `platform_release`) counts as true, and so does a marker that cannot be read;
 * except a conjunction needing two items of one declared conflict set, which no install satisfies
 * (ConflictSets).
 * PEP 508 markers have no `not`, so and/or over such masks never drop a minor wrongly.
 *
 * uv writes these markers simplified against the lock's requires-python
 * (astral-sh/uv crates/uv-resolver/src/lock/mod.rs, `SimplifiedMarkerTree::into_marker`), which
 * only ever leaves out minors requires-python excludes anyway.
 */
export function markerMinors(marker: string, comparisons: PythonComparisons = newPythonComparisons(), conflicts?: ConflictSets): number {
  try {
    const tokens = tokenize(marker);
    if (!tokens) return ALL_MINORS;
    const parser: Parser = { tokens, at: 0, comparisons, conflicts };
    const mask = parseOr(parser);
    return parser.at === tokens.length ? mask : ALL_MINORS;
  } catch {
    return ALL_MINORS;
  }
}

/** What the container's interpreter reports (CPython on Linux, glibc), for either architecture. */
const CONTAINER: Record<string, readonly string[]> = {
  sys_platform: ['linux'],
  platform_system: ['Linux'],
  os_name: ['posix'],
  platform_python_implementation: ['CPython'],
  implementation_name: ['cpython'],
  platform_machine: ['x86_64', 'aarch64'],
};

const TOKEN = /\s*(===|==|!=|<=|>=|~=|<|>|\(|\)|'[^']*'|"[^"]*"|not\s+in\b|[A-Za-z_][A-Za-z0-9_.]*)/y;

function tokenize(marker: string): string[] | undefined {
  // Trimmed, so that the last token ends the text (every token may start with blanks).
  const text = marker.trim();
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    tokens.push(match[1]!.replace(/^not\s+in$/, 'not in'));
  }
  return tokens;
}

interface Parser {
  tokens: string[];
  at: number;
  comparisons: PythonComparisons;
  conflicts?: ConflictSets;
  /** The `extra == '...'` value of the atom just read, when it was one comparison of that kind. */
  extra?: string;
}

/**
 * A lock's declared conflicts (`conflicts = [[...], ...]` at its top): each extra, group or project
 * of a set, as uv writes it into markers (`extra == 'extra-11-pydantic-ai-mcp-tasks'`,
 * `group-11-pydantic-ai-dev`, `project-3-app`: the package name's length, the name, the item;
 * astral-sh/uv crates/uv-resolver/src/universal_marker.rs, `encode_package_extra`,
 * `encode_package_group`, `encode_project`), mapped to the sets it belongs to. Two items of one set
 * are never installed together (uv refuses to install them together: astral-sh/uv
 * docs/concepts/projects/config.md, "Conflicting dependencies"), so a
 * marker conjunction that needs both is false on every Python.
 */
export type ConflictSets = Map<string, number[]>;

/** The marker name uv gives one conflict item (see ConflictSets). */
export function conflictItemName(pkg: string, item: { extra?: string; group?: string }): string {
  const len = new TextEncoder().encode(pkg).length;
  if (item.extra !== undefined) return `extra-${len}-${pkg}-${item.extra}`;
  if (item.group !== undefined) return `group-${len}-${pkg}-${item.group}`;
  return `project-${len}-${pkg}`;
}

/**
 * The Python comparisons (`python_full_version >= '3.11.2'`) of a lock's markers, each worked out
 * once: one costs dozens of version tests (every minor, a few patches), and a hostile lock can hold
 * hundreds of thousands of them. Real locks hold a few dozen distinct ones; past
 * MAX_PYTHON_COMPARISONS, a new one counts as true on every minor, the safe side (the package is
 * taken as needed there), so the work stays bounded whatever the lock holds.
 */
export interface PythonComparisons {
  known: Map<string, number>;
  /** How many were worked out (the test of bounded work counts them). */
  worked: number;
  /** How many of those needed the PEP 440 specifier matcher (versions/pep440.ts), not plain release numbers. */
  bySpecifier: number;
}

export const MAX_PYTHON_COMPARISONS = 1_000;

export function newPythonComparisons(): PythonComparisons {
  return { known: new Map(), worked: 0, bySpecifier: 0 };
}

function parseOr(p: Parser): number {
  let mask = parseAnd(p);
  while (p.tokens[p.at] === 'or') {
    p.at++;
    mask |= parseAnd(p);
  }
  return mask;
}

function parseAnd(p: Parser): number {
  let mask = parseAtom(p);
  // The conflict items this conjunction needs: two of one declared set make it false.
  const needs: string[] = p.extra !== undefined ? [p.extra] : [];
  while (p.tokens[p.at] === 'and') {
    p.at++;
    mask &= parseAtom(p);
    if (p.extra !== undefined) needs.push(p.extra);
  }
  p.extra = undefined;
  return needs.length > 1 && p.conflicts && excludes(p.conflicts, needs) ? 0 : mask;
}

function excludes(conflicts: ConflictSets, needs: readonly string[]): boolean {
  const seen = new Set<number>();
  for (const name of new Set(needs)) {
    for (const set of conflicts.get(name) ?? []) {
      if (seen.has(set)) return true;
      seen.add(set);
    }
  }
  return false;
}

function parseAtom(p: Parser): number {
  p.extra = undefined;
  if (p.tokens[p.at] === '(') {
    p.at++;
    const mask = parseOr(p);
    if (p.tokens[p.at++] !== ')') throw new Error('unbalanced');
    p.extra = undefined;
    return mask;
  }
  const [left, op, right] = [p.tokens[p.at], p.tokens[p.at + 1], p.tokens[p.at + 2]];
  if (left === undefined || op === undefined || right === undefined) throw new Error('short');
  p.at += 3;
  const quoted = (t: string) => /^['"]/.test(t);
  if (op === '==' && left === 'extra' && quoted(right)) p.extra = right.slice(1, -1);
  else if (op === '==' && right === 'extra' && quoted(left)) p.extra = left.slice(1, -1);
  if (quoted(left) === quoted(right)) return ALL_MINORS;
  return quoted(right) ? compare(p.comparisons, left, op, right.slice(1, -1)) : compare(p.comparisons, right, FLIPPED[op] ?? '', left.slice(1, -1));
}

/** `'3.11' > python_version` is `python_version < '3.11'`. */
const FLIPPED: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

function compare(comparisons: PythonComparisons, variable: string, op: string, value: string): number {
  if (variable === 'python_version' || variable === 'python_full_version') {
    const key = `${variable} ${op} ${value}`;
    let mask = comparisons.known.get(key);
    if (mask === undefined) {
      if (comparisons.worked >= MAX_PYTHON_COMPARISONS) return ALL_MINORS;
      comparisons.worked++;
      mask = releaseMinors(variable, op, value);
      if (mask === undefined) {
        comparisons.bySpecifier++;
        mask = pythonMinors(variable, op, value);
      }
      comparisons.known.set(key, mask);
    }
    return mask;
  }
  const values = CONTAINER[variable];
  if (!values) return ALL_MINORS;
  const holds = (actual: string): boolean | undefined => {
    switch (op) {
      case '==':
        return actual === value;
      case '!=':
        return actual !== value;
      case 'in':
        return value.includes(actual);
      case 'not in':
        return !value.includes(actual);
      default:
        return undefined;
    }
  };
  const results = values.map(holds);
  if (results.includes(undefined)) return ALL_MINORS;
  return results.includes(true) ? ALL_MINORS : 0;
}

/**
 * The Pythons each minor stands for (pythonMinors says why these): 3.Y for python_version, and for
 * python_full_version the patches 0 and 99, and the patch the comparison names with its neighbours.
 */
function patchesTried(variable: string, minor: number, named: readonly number[]): number[][] {
  if (variable === 'python_version') return [[3, minor]];
  const patches = named[0] === 3 && named[1] === minor && named[2] !== undefined ? [0, named[2] - 1, named[2], named[2] + 1, 99] : [0, 99];
  return patches.filter((patch) => patch >= 0).map((patch) => [3, minor, patch]);
}

/** Plain release numbers (`3.11`, `3.11.2`): what uv writes in a lock's markers. */
const PLAIN_RELEASE = /^\d+(?:\.\d+)*$/;

/** How each ordered operator reads the comparison of a final release with a plain one (-1, 0, 1). */
const RELEASE_OPERATORS: Readonly<Record<string, (cmp: number) => boolean>> = {
  '==': (cmp) => cmp === 0,
  '!=': (cmp) => cmp !== 0,
  '<': (cmp) => cmp < 0,
  '<=': (cmp) => cmp <= 0,
  '>': (cmp) => cmp > 0,
  '>=': (cmp) => cmp >= 0,
};

/**
 * The comparison of uv's markers (`python_full_version >= '3.11.2'`: an ordered operator and a
 * plain release) as release numbers compared zero-padded, which is what PEP 440 makes of it for a
 * final release such as every Python tried here: no pre-, post- or dev-release and no local label on
 * either side, so the rules about those in `<`, `>` and `==` never apply. Gives the same mask as
 * pythonMinors (test/fuzz/lock-markers.test.ts checks both on random comparisons) without parsing
 * the value as a specifier and 60 candidates as versions; undefined for anything else (a wildcard,
 * `~=`, `===`, a pre-release), which pythonMinors reads.
 */
function releaseMinors(variable: string, op: string, value: string): number | undefined {
  const holds = RELEASE_OPERATORS[op];
  if (!holds || !PLAIN_RELEASE.test(value)) return undefined;
  const named = value.split('.').map(Number);
  let mask = 0;
  for (let minor = 0; minor < MINOR_BITS; minor++) {
    if (patchesTried(variable, minor, named).some((release) => holds(compareRelease(release, named)))) mask |= 2 ** minor;
  }
  return mask;
}

function pythonMinors(variable: string, op: string, value: string): number {
  if (!['==', '!=', '<', '<=', '>', '>=', '~=', '==='].includes(op)) return ALL_MINORS;
  const parsed = parseSpecifierSet(`${op}${value}`);
  if (!parsed.ok) return ALL_MINORS;
  // One comparison splits a minor's patches at most at the patch it names: 0, that patch and its
  // neighbours, and a high one stand for them all (cheaper than every patch of every minor).
  const named = parseVersion(value)?.release ?? [];
  let mask = 0;
  for (let minor = 0; minor < MINOR_BITS; minor++) {
    if (patchesTried(variable, minor, named).some((release) => satisfies(release.join('.'), parsed.specifiers))) mask |= 2 ** minor;
  }
  return mask;
}
