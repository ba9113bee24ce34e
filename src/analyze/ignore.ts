/**
 * The repository's root `.gitignore`, as far as a search for projects needs it: which folders
 * git ignores, so that generated, vendored or downloaded trees are not taken for projects.
 *
 * Follows gitignore(5) for what appears in practice: blank lines and `#` comments; a trailing `/`
 * (folders only); a pattern with no other `/` matches a name at any depth, one with a `/` is
 * anchored at the root; `*` and `?` stay within one path segment, `**` spans segments; `\` escapes.
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
  const matchers: RegExp[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const regex = toRegex(line);
    if (!regex) continue;
    patterns.push(line);
    matchers.push(regex);
  }
  return { patterns, ignoresFolder: (rel) => matchers.some((m) => m.test(rel)) };
}

/** One pattern as a regular expression over a folder's repository-relative path; undefined when it cannot match a folder. */
function toRegex(pattern: string): RegExp | undefined {
  let body = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  if (!body) return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      out += literal(body[++i]!);
    } else if (c === '*' && body[i + 1] === '*') {
      // `**/` any leading folders, `/**` everything inside, `a/**/b` zero or more folders between.
      const slashAfter = body[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = body.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const set = body
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${set}]`;
        i = end;
      }
    } else {
      out += literal(c);
    }
  }
  try {
    // A folder that matches is ignored, and so is everything inside it.
    return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${out}(?:/.*)?$`);
  } catch {
    return undefined;
  }
}

function literal(c: string): string {
  return /[.+^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
