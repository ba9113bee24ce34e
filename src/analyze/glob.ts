/**
 * Globs over `/`-separated paths, matched without regular expressions: a repository's
 * `.gitignore` and `[tool.uv.workspace]` globs are untrusted text, and a pattern such as
 * `*a*a*a*a*a*a*a*a*b` turned into a backtracking regular expression takes seconds to minutes on
 * one folder name. Here a pattern is a list of tokens run as a set of states over the path, one
 * character at a time: time grows with pattern length × path length, never faster.
 *
 * `*` and `?` stay within one folder; `**` crosses folders; `**` + `/` (with `gitignore`) also
 * matches no folder at all; `[abc]`, `[a-z]`, `[!a]` / `[^a]` match one character, never `/` (a
 * range written backwards matches nothing); with `escapes`, `\x` is the character x.
 */
type Token =
  | { kind: 'char'; c: string }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'globstar' }
  /** `**` + `/`: any run of folders, none included. */
  | { kind: 'folders' }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] };

export interface GlobOptions {
  /** `\` escapes the next character (gitignore); otherwise it is a plain character. */
  escapes?: boolean;
  /** `**` followed by `/` may match no folder (gitignore's `a/**` + `/b` matches `a/b`). */
  optionalFolders?: boolean;
}

export interface Glob {
  matches(path: string): boolean;
}

export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  const tokens = tokenize(pattern, options);
  return { matches: (path) => run(tokens, path) };
}

function tokenize(pattern: string, { escapes = false, optionalFolders = false }: GlobOptions): Token[] {
  const tokens: Token[] = [];
  // A `[` with no `]` after it is a plain character; knowing where the last `]` is saves looking for one from every `[` of `[[[[...`.
  const lastClose = pattern.lastIndexOf(']');
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escapes && c === '\\' && i + 1 < pattern.length) {
      tokens.push({ kind: 'char', c: pattern[++i]! });
    } else if (c === '*' && pattern[i + 1] === '*') {
      while (pattern[i + 1] === '*') i++;
      if (optionalFolders && pattern[i + 1] === '/') {
        tokens.push({ kind: 'folders' });
        i++;
      } else tokens.push({ kind: 'globstar' });
    } else if (c === '*') {
      tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'one' });
    } else if (c === '[') {
      const end = i + 2 > lastClose ? -1 : pattern.indexOf(']', i + 2);
      if (end === -1) {
        tokens.push({ kind: 'char', c });
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        const from = escapes && body[j] === '\\' && j + 1 < body.length ? body[++j]! : body[j]!;
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([from, body[j + 2]!]);
          j += 2;
        } else ranges.push([from, from]);
      }
      tokens.push({ kind: 'class', negated, ranges });
      i = end;
    } else {
      tokens.push({ kind: 'char', c });
    }
  }
  return tokens;
}

/** The states reachable from `states` without reading a character. */
function close(tokens: Token[], states: Set<number>): Set<number> {
  const stack = [...states];
  while (stack.length > 0) {
    const p = stack.pop()!;
    const token = tokens[p];
    if (token && (token.kind === 'star' || token.kind === 'globstar' || token.kind === 'folders') && !states.has(p + 1)) {
      states.add(p + 1);
      stack.push(p + 1);
    }
  }
  return states;
}

function run(tokens: Token[], path: string): boolean {
  let states = close(tokens, new Set([0]));
  for (const c of path) {
    const next = new Set<number>();
    for (const p of states) {
      const token = tokens[p];
      if (!token) continue;
      switch (token.kind) {
        case 'char':
          if (token.c === c) next.add(p + 1);
          break;
        case 'one':
          if (c !== '/') next.add(p + 1);
          break;
        case 'star':
          if (c !== '/') next.add(p);
          break;
        case 'globstar':
          next.add(p);
          break;
        case 'folders':
          // Inside the run of folders; a `/` may also end it.
          next.add(p);
          if (c === '/') next.add(p + 1);
          break;
        case 'class': {
          const inside = token.ranges.some(([from, to]) => from <= c && c <= to);
          if (c !== '/' && inside !== token.negated) next.add(p + 1);
          break;
        }
      }
    }
    if (next.size === 0) return false;
    states = close(tokens, next);
  }
  return states.has(tokens.length);
}
