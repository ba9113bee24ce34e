/**
 * A Dockerfile read as BuildKit reads it, as far as uv's settings need: logical instructions
 * (continuation lines joined, comment and blank lines inside them dropped, here-documents kept
 * with their instruction), the stages, and the chain of stages the container runs. What BuildKit
 * does is in moby/buildkit `frontend/dockerfile/parser/parser.go` (continuations, directives,
 * heredocs) and `line_parsers.go` (`parseWords`, `parseNameVal`: `ENV a=b c=d` and the legacy
 * `ENV a b c`, whose value is the rest of the line).
 */

/** One instruction, continuations joined, with the physical lines it came from (1-based). */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined (the escape character and line break removed). */
  args: string;
  line: number;
  /** Each physical line's text as it went into `args`, for the line of a word inside it. */
  parts: { line: number; text: string }[];
  /** The bodies of its here-documents (`RUN <<EOF`), joined. */
  heredoc?: string;
}

export interface Stage {
  /** `FROM x AS name`, lower-case (stage names are case-insensitive). */
  name?: string;
  /** The image or stage it starts from, as written (ARGs expanded where their defaults tell). */
  base: string;
  line: number;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  escapeToken: string;
  /** ARGs before the first FROM, with their defaults: only FROM lines (and stages that re-declare them) see them. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
}

/** The markers of the block gen-devcontainer writes (render/dockerfile.ts): lines inside are the tool's, not the user's. */
const OWN_BLOCK_START = /^# >>> gen-devcontainer/;
const OWN_BLOCK_END = /^# <<< gen-devcontainer <<</;

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const escapeToken = escapeDirective(lines);
  const instructions: Instruction[] = [];
  let inOwnBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (OWN_BLOCK_START.test(raw)) inOwnBlock = true;
    if (inOwnBlock) {
      if (OWN_BLOCK_END.test(raw)) inOwnBlock = false;
      continue;
    }
    if (raw.trim() === '' || /^\s*#/.test(raw)) continue;
    const parts: { line: number; text: string }[] = [];
    let current = raw;
    let lineNo = i + 1;
    for (;;) {
      const open = continues(current, escapeToken);
      parts.push({ line: lineNo, text: open ? stripContinuation(current, escapeToken) : current });
      if (!open) break;
      // The next line that is neither blank nor a comment continues the instruction.
      let next = i + 1;
      while (next < lines.length && (lines[next]!.trim() === '' || /^\s*#/.test(lines[next]!))) next++;
      if (next >= lines.length) {
        i = lines.length;
        break;
      }
      i = next;
      current = lines[i]!;
      lineNo = i + 1;
    }
    const joined = parts
      .map((p) => p.text)
      .join('')
      .trimStart();
    const keyword = /^\S+/.exec(joined)?.[0] ?? '';
    const instruction: Instruction = { keyword: keyword.toUpperCase(), args: joined.slice(keyword.length).trimStart(), line: parts[0]!.line, parts };
    // Here-documents: the lines up to each delimiter belong to the instruction, not to the Dockerfile.
    if (/^(RUN|COPY|ADD)$/.test(instruction.keyword)) {
      const bodies: string[] = [];
      for (const doc of instruction.args.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
        const body: string[] = [];
        while (i + 1 < lines.length) {
          i++;
          const line = doc[1] === '-' ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
          if (line === doc[3]) break;
          body.push(lines[i]!);
        }
        bodies.push(body.join('\n'));
      }
      if (bodies.length > 0) instruction.heredoc = bodies.join('\n');
    }
    instructions.push(instruction);
  }

  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = expand(words[0] ?? '', (name) => globalArgs.get(name), escapeToken).value;
      const name = words.length >= 3 && words[1]!.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
      stages.push({ base, line: instruction.line, instructions: [], ...(name ? { name } : {}) });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') for (const [name, value] of argDeclarations(instruction.args, escapeToken, (n) => globalArgs.get(n))) globalArgs.set(name, value);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { escapeToken, globalArgs, stages };
}

/**
 * The stages the container runs, from the first to the one it runs: the `target` stage (or the
 * last), and each stage it starts `FROM` before it. ENV set in any of them is in the container.
 */
export function runChain(parsed: ParsedDockerfile, target?: string): Stage[] {
  const { stages } = parsed;
  let index = target === undefined ? stages.length - 1 : stages.findIndex((s) => s.name === target.toLowerCase());
  const chain: Stage[] = [];
  const seen = new Set<number>();
  while (index >= 0 && !seen.has(index)) {
    seen.add(index);
    const stage = stages[index]!;
    chain.unshift(stage);
    const base = stage.base.toLowerCase();
    // A base names an earlier stage, or it is an image.
    let parent = -1;
    for (let i = index - 1; i >= 0 && parent === -1; i--) if (stages[i]!.name === base) parent = i;
    index = parent;
  }
  return chain;
}

/** One ENV assignment in the stages the container runs, expanded as far as the Dockerfile tells. */
export interface EnvAssignment {
  name: string;
  value: string;
  unresolved: boolean;
  /** The line the name is on. */
  line: number;
}

/**
 * Every ENV assignment of the stages the container runs, in order, each expanded with the ENV set
 * before it and the stage's ARGs (their defaults; a global ARG only where the stage declares it
 * again). A variable of the base image or a build argument without a default leaves it unresolved.
 */
export function chainEnv(parsed: ParsedDockerfile, target?: string): EnvAssignment[] {
  const env = new Map<string, string>();
  const args = new Map<string, string | undefined>();
  const lookup = (name: string) => env.get(name) ?? args.get(name);
  const out: EnvAssignment[] = [];
  for (const stage of runChain(parsed, target)) {
    // ARGs are per stage; ENV carries over from the stage a stage starts from.
    args.clear();
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'ARG') {
        for (const [name, value] of argDeclarations(instruction.args, parsed.escapeToken, (n) => parsed.globalArgs.get(n))) args.set(name, value);
      } else if (instruction.keyword === 'ENV') {
        for (const { name, raw } of envAssignments(instruction.args, parsed.escapeToken)) {
          const { value, unresolved } = expand(raw, lookup, parsed.escapeToken);
          if (unresolved) env.delete(name);
          else env.set(name, value);
          out.push({ name, value, unresolved, line: lineOf(instruction, `${name}`) });
        }
      }
    }
  }
  return out;
}

/** `NAME=value` pairs of an ENV instruction, values unquoted: both `ENV a=b c=d` and the legacy `ENV a b c`. */
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

/** `ARG a=b c`: names with their defaults (undefined: no default, or a global one that a lookup gives). */
export function argDeclarations(args: string, escapeToken: string, lookup: (name: string) => string | undefined): [string, string | undefined][] {
  return parseWords(args, escapeToken).map((word) => {
    const at = word.indexOf('=');
    if (at === -1) return [word, lookup(word)];
    return [word.slice(0, at), expand(word.slice(at + 1), lookup, escapeToken).value];
  });
}

/**
 * Words as BuildKit's `parseWords` splits them: on blanks outside quotes, quotes kept (they are
 * removed when the word is expanded).
 */
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

/**
 * A word as the Dockerfile's shell lexer gives it: quotes removed, escapes applied, `$NAME`,
 * `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` expanded with `lookup`. A variable the lookup
 * does not know (a variable of the base image, a build argument without a default) leaves the
 * value `unresolved`: nobody can say from the Dockerfile alone what it will be.
 */
export function expand(word: string, lookup: (name: string) => string | undefined, escapeToken = '\\'): { value: string; unresolved: boolean } {
  if (!/["'$]/.test(word) && !word.includes(escapeToken)) return { value: word, unresolved: false };
  let out = '';
  let unresolved = false;
  let quote: string | undefined;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
      continue;
    }
    if (ch === escapeToken && i + 1 < word.length) {
      out += word[++i];
      continue;
    }
    if (ch === '"' && quote === '"') {
      quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && quote === undefined) {
      quote = ch;
      continue;
    }
    if (ch === '$') {
      const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}/.exec(word.slice(i));
      const plain = braced ? undefined : /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(word.slice(i));
      const match = braced ?? plain;
      if (!match) {
        out += ch;
        continue;
      }
      const known = lookup(match[1]!);
      const operator = braced?.[2];
      if (operator === ':-' || operator === '-') {
        out += known !== undefined && (operator === '-' || known !== '') ? known : expand(braced![3]!, lookup, escapeToken).value;
      } else if (operator === ':+' || operator === '+') {
        if (known !== undefined && (operator === '+' || known !== '')) out += expand(braced![3]!, lookup, escapeToken).value;
        else if (known === undefined) unresolved = true;
      } else if (known === undefined) unresolved = true;
      else out += known;
      i += match[0].length - 1;
      continue;
    }
    out += ch;
  }
  return { value: out, unresolved };
}

/** The physical line of an instruction on which `needle` first appears (the instruction's first line if none). */
export function lineOf(instruction: Instruction, needle: string): number {
  return instruction.parts.find((p) => p.text.includes(needle))?.line ?? instruction.line;
}

/** The line-continuation character: `\`, or what an `# escape=` parser directive at the top sets. */
function escapeDirective(lines: readonly string[]): string {
  for (const line of lines) {
    const directive = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) return directive[2];
  }
  return '\\';
}

/** BuildKit's continuation (`lineContinuationRegex`): the escape character, then only blanks, at the end of the line. */
function continues(line: string, escapeToken: string): boolean {
  return line.replace(/[ \t]+$/, '').endsWith(escapeToken);
}

function stripContinuation(line: string, escapeToken: string): string {
  const trimmed = line.replace(/[ \t]+$/, '');
  return trimmed.slice(0, trimmed.length - escapeToken.length);
}
