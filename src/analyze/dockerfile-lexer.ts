/**
 * A Dockerfile's text as BuildKit splits it into instructions and words, before any meaning:
 * parser directives (`# escape=`), line continuations, comment and blank lines inside them,
 * heredocs (a whole word `<<WORD` of RUN, COPY or ADD), and the word rules of `line_parsers.go`.
 * What the instructions mean (stages, ARG and ENV, the chain the container runs) is
 * analyze/dockerfile.ts; the sources it follows are listed there.
 */
import { trimEndBlanks } from '../text.js';
/** One instruction, continuations joined, with the physical lines it came from (1-based). */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined (the escape character and line break removed). */
  args: string;
  line: number;
  /** Each physical line's text as it went into `args`, for the line of a word inside it. */
  parts: { line: number; text: string }[];
  /** The bodies of its heredocs (`RUN <<EOF`), joined. */
  heredoc?: string;
}

/** The escape character: `\`, or what an `# escape=` parser directive at the top sets. */
export function dockerfileEscapeToken(lines: readonly string[]): string {
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) return directive[2];
  }
  return '\\';
}

const isCommentOrBlank = (line: string) => /^\s*(#|$)/.test(line);

/** Instructions with their continuation lines joined, comments and heredoc bodies left out. */
export function instructions(lines: readonly string[], escapeToken: string): Instruction[] {
  const out: Instruction[] = [];
  const index = new LineIndex(lines);
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    if (isCommentOrBlank(first)) {
      i++;
      continue;
    }
    // Each physical line is looked at once, so a continuation thousands of lines long stays linear.
    const parts: { line: number; text: string }[] = [];
    for (let current = first.trimStart(); ; ) {
      const open = continues(current, escapeToken);
      parts.push({ line: i + 1, text: open ? stripContinuation(current, escapeToken) : current });
      i++;
      if (!open) break;
      while (i < lines.length && isCommentOrBlank(lines[i]!)) i++;
      if (i >= lines.length) break;
      current = lines[i]!;
    }
    const joined = parts.map((p) => p.text).join('');
    const keyword = /^\S+/.exec(joined)?.[0] ?? '';
    const instruction: Instruction = { keyword: keyword.toUpperCase(), args: joined.slice(keyword.length).trimStart(), line: parts[0]!.line, parts };
    if (mayHoldHeredoc(instruction) && instruction.args.includes('<<')) {
      const bodies: string[] = [];
      let at = i;
      for (const { name, chomp } of heredocWords(instruction.args)) {
        const end = index.next(name, chomp, at);
        if (end === undefined) {
          // BuildKit refuses a heredoc that never ends; reading on keeps the rest of the file instructions.
          bodies.length = 0;
          at = i;
          break;
        }
        bodies.push(lines.slice(at, end).join('\n'));
        at = end + 1;
      }
      i = at;
      if (bodies.length > 0) instruction.heredoc = bodies.join('\n');
    }
    out.push(instruction);
  }
  return out;
}

/** RUN, COPY and ADD (also after ONBUILD), not in their JSON form (parser.go, `canContainHeredoc`). */
function mayHoldHeredoc(instruction: Instruction): boolean {
  const [keyword, args] = instruction.keyword === 'ONBUILD' ? [/^\S*/.exec(instruction.args)![0].toUpperCase(), instruction.args.replace(/^\S*\s*/, '')] : [instruction.keyword, instruction.args];
  return (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') && !args.trimStart().startsWith('[');
}

/**
 * The heredocs an instruction opens, in order: each whole word of it that is `[N]<<[-]WORD` with no
 * other `<` (parser.go, `reHeredoc`), WORD unquoted. Words are split with `\` as the escape, as
 * BuildKit's `heredocsFromLine` splits them.
 */
function heredocWords(args: string): { name: string; chomp: boolean }[] {
  const out: { name: string; chomp: boolean }[] = [];
  for (const word of parseWords(args, '\\')) {
    const match = /^\d*<<(-?)([^<]*)$/.exec(word);
    if (!match || match[2] === '') continue;
    const name = expand(match[2]!, new Map(), '\\').value;
    if (name !== '' && !/\s/.test(name)) out.push({ name, chomp: match[1] === '-' });
  }
  return out;
}

/** Where each line text occurs, built once: finding a heredoc's end never scans the file again. */
class LineIndex {
  private exact?: Map<string, number[]>;
  private untabbed?: Map<string, number[]>;

  constructor(private readonly lines: readonly string[]) {}

  /** The first line at or after `from` that is `word` (after leading tabs, for `<<-`). */
  next(word: string, tabs: boolean, from: number): number | undefined {
    const map = tabs ? (this.untabbed ??= this.build((l) => l.replace(/^\t+/, ''))) : (this.exact ??= this.build((l) => l));
    const at = map.get(word);
    if (!at) return undefined;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return at[lo];
  }

  private build(key: (line: string) => string): Map<string, number[]> {
    const map = new Map<string, number[]>();
    this.lines.forEach((line, i) => {
      const k = key(line);
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    });
    return map;
  }
}

/** BuildKit's continuation (`lineContinuationRegex`): the escape character, then only blanks, at the end of the line. */
function continues(line: string, escapeToken: string): boolean {
  return trimEndBlanks(line).endsWith(escapeToken);
}

function stripContinuation(line: string, escapeToken: string): string {
  const trimmed = trimEndBlanks(line);
  return trimmed.slice(0, trimmed.length - escapeToken.length);
}

/** `NAME=value` pairs of an ENV instruction, values as written: both `ENV a=b c=d` and the legacy `ENV a b c`. */
export function envAssignments(args: string, escapeToken: string): { name: string; raw: string }[] {
  const words = parseWords(args, escapeToken);
  if (words.length === 0) return [];
  if (!words[0]!.includes('=')) {
    // Legacy form: the first word is the name, the rest of the line (spaces and all) its value.
    const match = /^(\S+)\s+([\s\S]*)$/.exec(args.trim());
    return match ? [{ name: match[1]!, raw: match[2]! }] : [];
  }
  const pairs: { name: string; raw: string }[] = [];
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) return pairs; // BuildKit refuses the line; take what came before
    pairs.push({ name: word.slice(0, at), raw: word.slice(at + 1) });
  }
  return pairs;
}

/** `ARG a=b c`: names with their defaults as written (undefined: none). */
export function argDeclarations(args: string, escapeToken: string): [string, string | undefined][] {
  return parseWords(args, escapeToken).flatMap((word): [string, string | undefined][] => {
    const at = word.indexOf('=');
    const name = at === -1 ? word : word.slice(0, at);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? [[name, at === -1 ? undefined : word.slice(at + 1)]] : [];
  });
}

/** Words as BuildKit's `parseWords` splits them: on blanks outside quotes, quotes and escapes kept (expand() removes them). */
export function parseWords(rest: string, escapeToken: string): string[] {
  // Most words have no quote or escape: a plain split gives the same words, much faster.
  if (!/["']/.test(rest) && !rest.includes(escapeToken)) return rest.split(/\s+/).filter((w) => w !== '');
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote) {
      if (ch === escapeToken && quote !== "'" && i + 1 < rest.length) {
        word += ch + rest[++i];
        continue;
      }
      if (ch === quote) quote = undefined;
      word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === escapeToken && i + 1 < rest.length) {
      word += ch + rest[++i];
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    word += ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** The physical line of an instruction on which `needle` first appears (the instruction's first line if none). */
export function lineOf(instruction: Instruction, needle: string): number {
  return instruction.parts.find((p) => p.text.includes(needle))?.line ?? instruction.line;
}

/**
 * A variable's value in scope. `unset`: declared without one (an ARG without a default), which
 * `${NAME:-word}` replaces; `unknown`: it has one that cannot be known here (from the environment).
 * Each says why.
 */
export type Value = { value: string } | { unset: string } | { unknown: string };

/** The variables in scope where a word is expanded. */
export interface Scope {
  get(name: string): Value | undefined;
}

/** A word expanded: its text as far as it can be known, and why not entirely, when it cannot. */
export interface Expanded {
  value: string;
  unknown?: string;
}

/**
 * How much a Dockerfile's variables may expand to: each value, and all of one read together. 40 lines
 * of `ARG X=${X}${X}` double a value 40 times (2^40 characters); past these, a value is unknown,
 * with the reason, as for anything else this reader cannot know.
 */
export const MAX_VALUE_CHARS = 64 * 1024;
export const MAX_EXPANDED_CHARS = 4 * 1024 * 1024;

/** What expansions have left to spend; one per Dockerfile read (expand() makes its own when given none). */
export interface ExpansionBudget {
  left: number;
}

/** Deeper `${A:-${B:-…}}` than any Dockerfile writes: past it, the value is unknown (and nothing recurses without bound). */
const MAX_NESTING = 8;

/**
 * A word as BuildKit's shell lexer gives it: quotes removed; the escape character keeps the next
 * character (in double quotes only before `"`, `$` and itself); `$NAME`, `${NAME}`, `${NAME:-word}`,
 * `${NAME:+word}` (and `-`/`+` without the colon) substituted from `scope`. A name nothing in scope
 * sets is unset: `${NAME:-word}` gives the word, `$NAME` is unknown (the base image may set it).
 * Anything this cannot know makes the value unknown, with the reason; `value` is then what could be known.
 */
export function expand(word: string, scope: Scope, escapeToken = '\\', depth = 0, budget: ExpansionBudget = { left: MAX_EXPANDED_CHARS }): Expanded {
  if (!/["'$]/.test(word) && !word.includes(escapeToken)) return { value: word };
  let out = '';
  let unknown: string | undefined;
  const because = (why: string) => {
    unknown ??= why;
  };
  /** A variable's value added, unless it takes the value or the read past its size. */
  const substitute = (name: string, value: string) => {
    if (out.length + value.length > MAX_VALUE_CHARS || value.length > budget.left) {
      because(
        `${name} expands past ${out.length + value.length > MAX_VALUE_CHARS ? `${MAX_VALUE_CHARS / 1024} KiB in one value` : `${MAX_EXPANDED_CHARS / 1024 / 1024} MiB in the whole Dockerfile`} (a variable that doubles itself line after line)`,
      );
      return;
    }
    budget.left -= value.length;
    out += value;
  };
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
      continue;
    }
    if (ch === escapeToken && i + 1 < word.length) {
      const next = word[i + 1]!;
      if (quote === '"' && next !== '"' && next !== '$' && next !== escapeToken) out += ch;
      else i++;
      out += word[i]!;
      continue;
    }
    if (ch === '"' || (ch === "'" && quote === undefined)) {
      quote = quote === '"' ? undefined : ch;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      continue;
    }
    if (word[i + 1] === '{') {
      const close = closingBrace(word, i + 2);
      if (close === -1) return { value: out, unknown: `an unclosed \${ in ${short(word)}` };
      const inner = word.slice(i + 2, close);
      i = close;
      substituteBraced(inner, scope, escapeToken, depth, budget, substitute, because);
      continue;
    }
    const name = variableName(word, i + 1);
    if (name === '') {
      out += '$';
      continue;
    }
    const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
    if ('value' in found) substitute(name, found.value);
    else because('unset' in found ? found.unset : found.unknown);
    i += name.length;
  }
  return unknown === undefined ? { value: out } : { value: out, unknown };
}

/** `${NAME}`, `${NAME:-word}` or `${NAME:+word}` (`inner` is what the braces hold) substituted, or the reason it cannot be. */
function substituteBraced(
  inner: string,
  scope: Scope,
  escapeToken: string,
  depth: number,
  budget: ExpansionBudget,
  substitute: (name: string, value: string) => void,
  because: (why: string) => void,
): void {
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner)?.[0];
  if (!name) {
    because(`\${${short(inner)}} is no variable`);
    return;
  }
  const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
  const modifier = inner.slice(name.length);
  if (modifier === '') {
    if ('value' in found) substitute(name, found.value);
    else because('unset' in found ? found.unset : found.unknown);
    return;
  }
  const match = /^(:?)([-+])([\s\S]*)$/.exec(modifier);
  if (!match || depth >= MAX_NESTING) {
    because(`\${${short(inner)}} uses a form of substitution this reader does not follow`);
    return;
  }
  if ('unknown' in found) {
    because(found.unknown);
    return;
  }
  const [, colon, kind, alternative] = match;
  const set = 'value' in found && (colon === '' || found.value !== '');
  if (kind === '-' && set) substitute(name, (found as { value: string }).value);
  else if ((kind === '-') !== set) {
    const inside = expand(alternative!, scope, escapeToken, depth + 1, budget);
    substitute(name, inside.value);
    if (inside.unknown !== undefined) because(inside.unknown);
  }
}

/** The `}` that closes a `${` whose inside starts at `from`, nested `${…}` skipped; -1 when none does. */
function closingBrace(word: string, from: number): number {
  let depth = 0;
  for (let i = from; i < word.length; i++) {
    if (word[i] === '$' && word[i + 1] === '{') {
      depth++;
      i++;
    } else if (word[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The variable name starting at `from` (letters, digits, `_`, not a digit first), or ''. */
function variableName(word: string, from: number): string {
  let end = from;
  while (end < word.length && /[A-Za-z0-9_]/.test(word[end]!) && !(end === from && /[0-9]/.test(word[end]!))) end++;
  return word.slice(from, end);
}

/** A piece of text short enough for a message. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
