/**
 * Work counted, never timed: a test that bounds how much a reader does counts the operations at a
 * boundary it does not own, so the reader's insides can change freely and a slow CI machine cannot
 * make the test fail (nor a fast one hide a quadratic loop).
 */
import type { RepoReader } from '../../src/analyze/repo-reader.js';

/** The reader, with every call to it counted in `calls`, and by method in `byMethod`. */
export function countingReader<R extends RepoReader>(reader: R): { reader: R; readonly calls: number; byMethod: Record<string, number> } {
  let calls = 0;
  const byMethod: Record<string, number> = {};
  const counting = new Proxy(reader, {
    get: (target, key) => {
      const value = target[key as keyof R];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        byMethod[String(key)] = (byMethod[String(key)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    reader: counting,
    get calls() {
      return calls;
    },
    byMethod,
  };
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The characters that string and regular-expression operations touch while `run` runs: a search
 * from a position counts from there to where it stopped (so a scan that walks a text with
 * indexOf(x, from) or a sticky/global expression counts each character once), a copy counts what
 * it copies (a join counts the string it makes), anything else counts the string it is called on. Quadratic work shows as 4 times the
 * count for twice the input, linear work as 2 times; the constant does not matter, only the ratio.
 * Indexing a string (`s[i]`) is not seen; every reader here goes through these methods for its scans.
 */
export function textWork<T>(run: () => T): { result: T; chars: number } {
  let chars = 0;
  const len = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const saved: [object, string, Method][] = [];
  const wrap = (proto: object, name: string, cost: (self: unknown, args: unknown[], out: unknown, before: number) => number) => {
    const original = (proto as Record<string, Method>)[name]!;
    saved.push([proto, name, original]);
    (proto as Record<string, Method>)[name] = function (this: unknown, ...args: unknown[]) {
      const before = this instanceof RegExp ? this.lastIndex : 0;
      const out = original.apply(this, args);
      chars += cost(this, args, out, before);
      return out;
    };
  };
  const self = (s: unknown) => len(String(s));
  const searched = (s: unknown, args: unknown[], out: unknown) => {
    const from = typeof args[1] === 'number' ? Math.max(0, args[1]) : 0;
    return (typeof out === 'number' && out >= 0 ? out : self(s)) - from;
  };
  for (const name of ['indexOf']) wrap(String.prototype, name, searched);
  for (const name of ['slice', 'substring', 'substr']) wrap(String.prototype, name, (_s, _a, out) => len(out));
  wrap(String.prototype, 'concat', (_s, _a, out) => len(out));
  wrap(Array.prototype, 'join', (_s, _a, out) => len(out));
  for (const name of [
    'lastIndexOf',
    'includes',
    'startsWith',
    'endsWith',
    'split',
    'replace',
    'replaceAll',
    'match',
    'matchAll',
    'search',
    'trim',
    'trimStart',
    'trimEnd',
    'toLowerCase',
    'toUpperCase',
    'repeat',
    'padStart',
    'padEnd',
  ]) {
    wrap(String.prototype, name, (s, _a, out) => Math.max(self(s), len(out)));
  }
  // A global expression searches from its lastIndex to the end of its match (where lastIndex is
  // now), or to the end of the input when there is none; any other, the whole input.
  const regexp = (re: unknown, args: unknown[], out: unknown, before: number) => {
    const { global, sticky, lastIndex } = re as RegExp;
    const input = len(String(args[0]));
    if (!global && !sticky) return input;
    // A sticky one tries one position only (split(/re/) tries each position so).
    return Math.max(1, (out ? lastIndex : sticky ? before + 1 : input) - before);
  };
  wrap(RegExp.prototype, 'exec', regexp);
  wrap(RegExp.prototype, 'test', regexp);
  try {
    return { result: run(), chars };
  } finally {
    for (const [proto, name, original] of saved.reverse()) (proto as Record<string, Method>)[name] = original;
  }
}

/** The work for an input of size n and of size 2n, and their ratio (about 2 when linear, 4 when quadratic). */
export function growth(work: (n: number) => number, n: number): { small: number; large: number; ratio: number } {
  const small = work(n);
  const large = work(2 * n);
  return { small, large, ratio: large / Math.max(1, small) };
}
