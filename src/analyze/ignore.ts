import { compileGlob, type Glob } from './glob.js';

/**
 * The repository's root `.gitignore`, as far as a search for projects needs it: which folders
 * git ignores, so that generated, vendored or downloaded trees are not taken for projects.
 *
 * Follows gitignore(5) for what appears in practice: blank lines and `#` comments; a trailing `/`
 * (folders only); a pattern with no other `/` matches a name at any depth, one with a `/` is
 * anchored at the root; `*` and `?` stay within one path segment, `**` spans segments; `\`
 * escapes. Matched by analyze/glob.ts, never as a regular expression: the patterns are the
 * repository's text.
 * Not followed, on purpose: `!` re-inclusions (a folder is then searched anyway, the safe side) and
 * `.gitignore` files below the root (the search would have to read one per folder).
 */
export interface IgnoreRules {
  /** The patterns kept, as written, for messages. */
  patterns: string[];
  /** Whether `rel` (a folder, repository-relative, `/`-separated) is ignored. */
  ignoresFolder(rel: string): boolean;
}

export function parseIgnoreRules(text: string): IgnoreRules {
  const patterns: string[] = [];
  const matchers: Glob[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const matcher = toMatcher(line);
    if (!matcher) continue;
    patterns.push(line);
    matchers.push(matcher);
  }
  // A folder inside an ignored one is ignored too.
  const ignored = (rel: string) => matchers.some((m) => m.matches(rel));
  return {
    patterns,
    ignoresFolder: (rel) => {
      for (let end = rel.indexOf('/'); end !== -1; end = rel.indexOf('/', end + 1)) if (ignored(rel.slice(0, end))) return true;
      return ignored(rel);
    },
  };
}

/** One pattern as a matcher of a folder's path; undefined when it cannot match a folder. */
function toMatcher(pattern: string): Glob | undefined {
  let body = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  if (!body) return undefined;
  // A pattern with no `/` but a trailing one matches at any depth: as if it began with `**/`.
  return compileGlob(anchored ? body : `**/${body}`, { escapes: true, optionalFolders: true });
}
