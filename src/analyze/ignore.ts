import { compileGlob, type Glob } from './glob.js';

/**
 * Folders the repository's own searches (for projects, for links to .devcontainer) never enter,
 * whatever .gitignore says: installed or vendored packages, environments, build output and caches
 * hold pyproject.toml files and links that are not the repository's. Names starting with "."
 * (.git, .venv, .tox) are skipped by the searches too.
 */
export const NOT_SEARCHED: ReadonlySet<string> = new Set([
  'node_modules',
  '__pycache__',
  'build',
  'dist',
  'target',
  'venv',
  'site-packages',
  '_vendor',
  'vendor',
  'vendored',
  'third_party',
  'third-party',
]);

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
  /** Whether `rel` (a folder, repository-relative, `/`-separated) is ignored. */
  ignoresFolder(rel: string): boolean;
  /**
   * The line of the pattern that ignores the file `rel` (itself, or a folder it is in), or
   * undefined: a file git does not carry is not in a clone, whatever is on this disk.
   */
  lineIgnoringFile(rel: string): number | undefined;
}

const MAX_PATTERN_CHARS = 4096;

export function parseIgnoreRules(text: string): IgnoreRules {
  const matchers: { glob: Glob; line: number; foldersOnly: boolean }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    // Trailing blanks go, unless escaped ("\ " keeps one): what /(?<!\\)\s+$/ does, without its quadratic backtracking.
    const trimmed = raw.trimEnd();
    const line = trimmed.length < raw.length && trimmed.endsWith('\\') ? raw.slice(0, trimmed.length + 1) : trimmed;
    // No path is longer than PATH_MAX; a longer pattern is left out, and its folder searched (the safe side, as with `!`).
    if (line.length > MAX_PATTERN_CHARS) return;
    if (!line || line.startsWith('#') || line.startsWith('!')) return;
    const glob = toMatcher(line);
    if (glob) matchers.push({ glob, line: index + 1, foldersOnly: line.endsWith('/') });
  });
  const matching = (rel: string, file: boolean) => matchers.find((m) => !(file && m.foldersOnly) && m.glob.matches(rel))?.line;
  // What is inside an ignored folder is ignored too.
  const inIgnoredFolder = (rel: string) => {
    for (let end = rel.indexOf('/'); end !== -1; end = rel.indexOf('/', end + 1)) {
      const line = matching(rel.slice(0, end), false);
      if (line !== undefined) return line;
    }
    return undefined;
  };
  return {
    ignoresFolder: (rel) => (inIgnoredFolder(rel) ?? matching(rel, false)) !== undefined,
    lineIgnoringFile: (rel) => inIgnoredFolder(rel) ?? matching(rel, true),
  };
}

/** One pattern as a matcher of a path; undefined when it cannot match one. */
function toMatcher(pattern: string): Glob | undefined {
  let body = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  if (!body) return undefined;
  // A pattern with no `/` but a trailing one matches at any depth: as if it began with `**/`.
  return compileGlob(anchored ? body : `**/${body}`, { escapes: true, optionalFolders: true });
}
