/**
 * Fuzz class: marker minors under a lock's declared conflicts (lock-markers.ts) never drop a
 * minor on which some install could need the package. Each case draws a marker over
 * `python_version` comparisons and `extra == '<item>'` atoms, and conflict sets over the items;
 * the brute force tries every assignment of the items that the sets allow (no two of one set) on
 * every minor. Sound: the mask holds every minor the brute force finds. Exact for the shape uv
 * writes (an `or` of conjunctions of atoms): the mask is then exactly the brute force's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConflictSets, markerMinors } from '../../src/analyze/lock-markers.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';

const ITEMS = ['extra-1-a-x', 'extra-1-a-y', 'group-1-a-dev', 'project-1-b'];
const MINORS = 16;

type Atom = { kind: 'py'; op: '<' | '>=' | '=='; minor: number } | { kind: 'extra'; item: number };
type Node = Atom | { kind: 'and' | 'or'; left: Node; right: Node };

const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.record({ kind: fc.constant('py' as const), op: fc.constantFrom('<' as const, '>=' as const, '==' as const), minor: fc.integer({ min: 0, max: MINORS - 1 }) }),
  fc.record({ kind: fc.constant('extra' as const), item: fc.integer({ min: 0, max: ITEMS.length - 1 }) }),
);
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, atom, fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') })),
})).node;
/** uv's shape: an `or` of conjunctions of atoms. */
const dnf: fc.Arbitrary<Node> = fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((terms) =>
  join(
    'or',
    terms.map((t) => join('and', t)),
  ),
);

function join(kind: 'and' | 'or', nodes: readonly Node[]): Node {
  return nodes.slice(1).reduce<Node>((left, right) => ({ kind, left, right }), nodes[0]!);
}
const sets = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: ITEMS.length - 1 }), { minLength: 2, maxLength: 3 }), { maxLength: 3 });

function print(n: Node): string {
  if (n.kind === 'py') return `python_version ${n.op} '3.${n.minor}'`;
  if (n.kind === 'extra') return `extra == '${ITEMS[n.item]}'`;
  const side = (c: Node) => (n.kind === 'and' && c.kind === 'or' ? `(${print(c)})` : print(c));
  return `${side(n.left)} ${n.kind} ${side(n.right)}`;
}

function holds(n: Node, minor: number, on: boolean[]): boolean {
  if (n.kind === 'py') return n.op === '<' ? minor < n.minor : n.op === '>=' ? minor >= n.minor : minor === n.minor;
  if (n.kind === 'extra') return on[n.item]!;
  return n.kind === 'and' ? holds(n.left, minor, on) && holds(n.right, minor, on) : holds(n.left, minor, on) || holds(n.right, minor, on);
}

function bruteForce(n: Node, declared: number[][]): number {
  let mask = 0;
  for (let bits = 0; bits < 2 ** ITEMS.length; bits++) {
    const on = ITEMS.map((_, i) => (bits & (2 ** i)) !== 0);
    if (declared.some((set) => set.filter((i) => on[i]).length > 1)) continue;
    for (let minor = 0; minor < MINORS; minor++) if (holds(n, minor, on)) mask |= 2 ** minor;
  }
  return mask;
}

function conflictSets(declared: number[][]): ConflictSets {
  const map: ConflictSets = new Map();
  declared.forEach((set, index) => {
    for (const i of set) map.set(ITEMS[i]!, [...(map.get(ITEMS[i]!) ?? []), index]);
  });
  return map;
}

const LOW = 2 ** MINORS - 1;
const tally = fuzzTally();

describe('fuzz: lock markers under declared conflicts', () => {
  it('never drop a minor an allowed install may need', () => {
    fc.assert(
      fc.property(tree, sets, (node, declared) => {
        const got = markerMinors(print(node), undefined, conflictSets(declared)) & LOW;
        const want = bruteForce(node, declared);
        tally.count('conflict-markers-sound', got === want ? 'exact' : 'over');
        expect(got & want).toBe(want);
      }),
      fuzzSettings,
    );
  });

  it("are exact for uv's shape (an or of conjunctions)", () => {
    fc.assert(
      fc.property(dnf, sets, (node, declared) => {
        const got = markerMinors(print(node), undefined, conflictSets(declared)) & LOW;
        const want = bruteForce(node, declared);
        tally.count('conflict-markers-dnf', want === 0 ? 'never' : 'some');
        expect(got).toBe(want);
      }),
      fuzzSettings,
    );
  });
});
