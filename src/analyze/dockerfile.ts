/**
 * A Dockerfile read once, as BuildKit reads it, for everything the analyzer needs from one: the
 * stages, the chain the container runs, the image at its bottom, the ENV and USER in effect, and
 * the instructions (with their lines) a uv could be installed by. What BuildKit does is in
 * moby/buildkit `frontend/dockerfile/parser/parser.go` (directives, continuations, heredocs),
 * `line_parsers.go` (`parseWords`, `parseNameVal`), `shell/lex.go` (quotes, escapes, variables) and
 * the Dockerfile reference (docs.docker.com/reference/dockerfile/):
 *
 * - parser directives first (`# escape=`); a line ending with the escape character (blanks after it
 *   allowed) continues on the next, joined with nothing between them; comment and blank lines
 *   inside a continuation are dropped; only the first line loses its leading blanks;
 * - a heredoc is a whole word `<<WORD`, `<<-WORD`, `<<"WORD"` of a RUN, COPY or ADD (parser.go,
 *   `heredocsFromLine`: the line split into words, each matched against `^(\d*)<<(-?)\s*([^<]*)$`),
 *   ended by that word alone on a line; `sed 's/<<OLD/new/'` and `$((1<<2))` open none. BuildKit
 *   refuses a heredoc that never ends; here it opens nothing, so the lines after it stay instructions;
 * - FROM sees the ARGs before the first FROM; a stage's ARG without a value takes that global
 *   default; a build argument replaces the default of an ARG it names ("Understand how ARG and FROM
 *   interact"); `FROM <stage>` builds on an earlier stage (names without case): ENV carries into it,
 *   ARG does not; the values of one ARG or ENV instruction are expanded with what was set before it.
 *
 * Everything is linear in the size of the text (no backtracking pattern runs over a whole line): a
 * hostile Dockerfile with very long lines costs its length, nothing more.
 */
import { DOCKERFILE_BLOCK_END, DOCKERFILE_BLOCK_START } from '../ownership.js';

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

/** One ENV assignment, expanded with what was set before it. */
export interface EnvAssignment {
  name: string;
  value: string;
  unresolved: boolean;
  /** The line the name is on. */
  line: number;
}

/** The USER a stage sets, substituted. */
export interface StageUser {
  value?: string;
  unresolved?: string;
  written: string;
  line: number;
}

export interface Stage {
  index: number;
  /** `FROM x AS name`, lower-case (stage names are case-insensitive). */
  name?: string;
  /** The FROM operand, expanded with the global ARGs and build arguments. */
  base: Expanded;
  /** The FROM line as written, its image operand as written, and its line. */
  from: { written: string; image: string; line: number };
  /** The earlier stage it builds on, when its FROM names one. */
  parent?: number;
  instructions: Instruction[];
  /** Its ENV assignments, in order (ENV of the stage it builds on is in scope for them). */
  env: EnvAssignment[];
  /** Its last USER. */
  user?: StageUser;
  /** COPY and ADD instructions with `--from=`, the stage or image it names expanded where they stand. */
  copies: { instruction: Instruction; from: Expanded }[];
}

/** The stage the container runs, as the facts keep it (analyze/facts.ts ExistingDockerfile.stage). */
export interface DockerfileStage {
  /** The stage the container runs: build.target's, else the last one (`#N` when it has no name). */
  name: string;
  /** True when build.target chose it. */
  targeted: boolean;
  /** The image the chain of stages starts from, variables substituted; absent when it cannot be known here. */
  image?: string;
  /** Why the image cannot be known here (an ARG without a default, a build argument from the environment). */
  unresolved?: string;
  /** The FROM line that names that image, as written, the image operand as written, and its line (1-based). */
  from: { written: string; image: string; line: number };
  /** The stages followed from the chosen one down to that FROM (`dev`, then `base`), chosen one first. */
  chain: string[];
  /** The last USER of the chain, substituted; absent when no stage of the chain sets one (the image's user runs). */
  user?: StageUser;
}

export interface DockerfileRead {
  escapeToken: string;
  stages: Stage[];
  /** The stages the container runs, from the bottom one (FROM an image) up to the one it runs; empty when none. */
  chain: Stage[];
  /** Every ENV assignment of the chain, in order. */
  env: EnvAssignment[];
  /** The stage the container runs, summed up; undefined when the text has no FROM or `target` names no stage. */
  running?: DockerfileStage;
}

/** Build arguments the configuration passes (devcontainer.json or Compose `build.args`); undefined: not known here. */
export type BuildArgs = Readonly<Record<string, string | undefined>>;

/**
 * The Dockerfile read for the stage `target` (else the last), with the build arguments the
 * configuration passes. The one reader of Dockerfiles: the stage facts and the uv settings both
 * come from it, so they always follow the same chain.
 */
export function readDockerfile(text: string, target?: string, buildArgs: BuildArgs = {}): DockerfileRead {
  const lines = withoutOwnBlock(text.replace(/^\uFEFF/, '').split(/\r?\n/));
  const escapeToken = dockerfileEscapeToken(lines);
  const stages = evaluate(instructions(lines, escapeToken), escapeToken, buildArgs);
  const top = target === undefined ? stages.at(-1) : stages.find((s) => s.name === target.toLowerCase());
  const chain: Stage[] = [];
  for (let at = top; at; at = at.parent === undefined ? undefined : stages[at.parent]) chain.unshift(at);
  return { escapeToken, stages, chain, env: chain.flatMap((s) => s.env), ...(top ? { running: summary(chain, target) } : {}) };
}

/** The stage the container runs, or undefined (no FROM, or `target` names no stage: the renderer reports that one). */
export function readDockerfileStage(text: string, target: string | undefined, buildArgs: BuildArgs = {}): DockerfileStage | undefined {
  return readDockerfile(text, target, buildArgs).running;
}

function summary(chain: Stage[], target: string | undefined): DockerfileStage {
  const bottom = chain[0]!;
  const user = [...chain].reverse().find((s) => s.user !== undefined)?.user;
  const base = bottom.base;
  return {
    name: stageName(chain.at(-1)!),
    targeted: target !== undefined,
    ...(base.unknown === undefined && base.value !== '' ? { image: base.value } : { unresolved: base.unknown ?? 'FROM names no image' }),
    from: bottom.from,
    chain: chain.map(stageName).reverse(),
    ...(user ? { user } : {}),
  };
}

function stageName(stage: Stage): string {
  return stage.name ?? `#${stage.index + 1}`;
}

/** The stages, each instruction's variables substituted as BuildKit substitutes them where it stands. */
function evaluate(all: Instruction[], escapeToken: string, buildArgs: BuildArgs): Stage[] {
  const globals = new Map<string, Value>();
  const stages: Stage[] = [];
  // The ENV in scope in each stage (by index), for the stages built on it.
  const envOf = new Map<number, Map<string, Value>>();
  let env = new Map<string, Value>();
  let args = new Map<string, Value>();
  const argValue = (name: string, fallback: Value | undefined): Value => {
    if (Object.hasOwn(buildArgs, name)) {
      const given = buildArgs[name];
      return given === undefined ? { unknown: `the build argument ${name} comes from the environment` } : { value: given };
    }
    return fallback ?? { unset: `ARG ${name} has no default` };
  };
  // ENV over ARG, as BuildKit looks a name up inside a stage. Each instruction's values are all
  // expanded before any is set, so they see what was set before it (and nothing is copied per line).
  const scope: Scope = { get: (name) => env.get(name) ?? args.get(name) };
  for (const instruction of all) {
    const stage = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const operands = instruction.args.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
      const image = operands[0] ?? '';
      const name = operands.length >= 3 && operands[1]!.toLowerCase() === 'as' ? operands[2]!.toLowerCase() : undefined;
      const base = expand(image, globals, escapeToken);
      const reference = base.unknown === undefined ? base.value.toLowerCase() : undefined;
      const parent = reference === undefined ? undefined : lastNamed(stages, reference);
      stages.push({
        index: stages.length,
        ...(name ? { name } : {}),
        base,
        from: { written: clip(`FROM ${instruction.args.trim()}`), image: clip(image), line: instruction.line },
        ...(parent ? { parent: parent.index } : {}),
        instructions: [],
        env: [],
        copies: [],
      });
      env = new Map(parent ? envOf.get(parent.index) : []);
      envOf.set(stages.length - 1, env);
      args = new Map();
      continue;
    }
    if (!stage) {
      if (instruction.keyword === 'ARG') {
        const declared = argDeclarations(instruction.args, escapeToken).map(
          ([name, written]) => [name, argValue(name, written === undefined ? undefined : toValue(expand(written, globals, escapeToken)))] as const,
        );
        for (const [name, value] of declared) globals.set(name, value);
      }
      continue;
    }
    stage.instructions.push(instruction);
    switch (instruction.keyword) {
      case 'ARG': {
        // Without a value, a stage's ARG takes the global default ("Understand how ARG and FROM interact").
        const declared = argDeclarations(instruction.args, escapeToken).map(
          ([name, written]) => [name, argValue(name, written === undefined ? globals.get(name) : toValue(expand(written, scope, escapeToken)))] as const,
        );
        for (const [name, value] of declared) args.set(name, value);
        break;
      }
      case 'ENV': {
        const assigned = envAssignments(instruction.args, escapeToken).map(({ name, raw }) => ({ name, value: expand(raw, scope, escapeToken) }));
        for (const { name, value } of assigned) {
          env.set(name, toValue(value));
          stage.env.push({ name, value: value.value, unresolved: value.unknown !== undefined, line: lineOf(instruction, name) });
        }
        break;
      }
      case 'USER': {
        const written = instruction.args.trim();
        const user = expand(written, scope, escapeToken);
        stage.user = { ...(user.unknown === undefined ? { value: user.value } : { unresolved: user.unknown }), written: clip(written), line: instruction.line };
        break;
      }
      case 'COPY':
      case 'ADD': {
        const from = parseWords(instruction.args, escapeToken).find((w) => w.startsWith('--from='));
        if (from) stage.copies.push({ instruction, from: expand(from.slice('--from='.length), scope, escapeToken) });
        break;
      }
    }
  }
  return stages;
}

/** The last stage of that name (a stage name refers to an earlier stage only; names are unique in a valid file). */
function lastNamed(stages: readonly Stage[], name: string): Stage | undefined {
  for (let i = stages.length - 1; i >= 0; i--) if (stages[i]!.name === name) return stages[i];
  return undefined;
}

function toValue(expanded: Expanded): Value {
  return expanded.unknown === undefined ? { value: expanded.value } : { unknown: expanded.unknown };
}

/**
 * Where each stage starts (the 0-based index of its FROM line) and its name: for the renderer that
 * puts the block at the end of a stage, read as the stages are read here, so a `FROM` inside a
 * heredoc or a FROM split over continuation lines cannot be taken for another stage.
 * `swallowed`: the 1-based line of an instruction whose line continuation ran on into a line that
 * reads as a FROM (`RUN x \`, a blank line, `FROM ...`): BuildKit makes it part of that instruction,
 * which is almost certainly not what the file means.
 */
export function stageStarts(lines: readonly string[]): { starts: { index: number; name?: string }[]; swallowed?: number } {
  const escapeToken = dockerfileEscapeToken(lines);
  const all = instructions(lines, escapeToken);
  const starts = all
    .filter((i) => i.keyword === 'FROM')
    .map((i) => {
      const words = parseWords(i.args, escapeToken);
      const named = words.length >= 3 && words.at(-2)!.toLowerCase() === 'as';
      return { index: i.line - 1, ...(named ? { name: words.at(-1)!.toLowerCase() } : {}) };
    });
  const swallowed = all.find((i) => i.parts.some((p) => p.line !== i.line && /^\s*FROM\s/i.test(p.text)))?.line;
  return { starts, ...(swallowed !== undefined ? { swallowed } : {}) };
}

/** The lines with the generator's own block left out: what it wrote is not the user's Dockerfile. */
function withoutOwnBlock(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith(DOCKERFILE_BLOCK_START));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(DOCKERFILE_BLOCK_END));
  if (start === -1 || end === -1) return lines;
  // Blank lines keep the line numbers of what follows right.
  return [...lines.slice(0, start), ...lines.slice(start, end + 1).map(() => ''), ...lines.slice(end + 1)];
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
function instructions(lines: readonly string[], escapeToken: string): Instruction[] {
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
  return line.replace(/[ \t]+$/, '').endsWith(escapeToken);
}

function stripContinuation(line: string, escapeToken: string): string {
  const trimmed = line.replace(/[ \t]+$/, '');
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
function argDeclarations(args: string, escapeToken: string): [string, string | undefined][] {
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

/** Deeper `${A:-${B:-…}}` than any Dockerfile writes: past it, the value is unknown (and nothing recurses without bound). */
const MAX_NESTING = 8;

/**
 * A word as BuildKit's shell lexer gives it: quotes removed; the escape character keeps the next
 * character (in double quotes only before `"`, `$` and itself); `$NAME`, `${NAME}`, `${NAME:-word}`,
 * `${NAME:+word}` (and `-`/`+` without the colon) substituted from `scope`. A name nothing in scope
 * sets is unset: `${NAME:-word}` gives the word, `$NAME` is unknown (the base image may set it).
 * Anything this cannot know makes the value unknown, with the reason; `value` is then what could be known.
 */
export function expand(word: string, scope: Scope, escapeToken = '\\', depth = 0): Expanded {
  if (!/["'$]/.test(word) && !word.includes(escapeToken)) return { value: word };
  let out = '';
  let unknown: string | undefined;
  const because = (why: string) => {
    unknown ??= why;
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
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner)?.[0];
      if (!name) {
        because(`\${${short(inner)}} is no variable`);
        continue;
      }
      const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
      const modifier = inner.slice(name.length);
      if (modifier === '') {
        if ('value' in found) out += found.value;
        else because('unset' in found ? found.unset : found.unknown);
        continue;
      }
      const match = /^(:?)([-+])([\s\S]*)$/.exec(modifier);
      if (!match || depth >= MAX_NESTING) {
        because(`\${${short(inner)}} uses a form of substitution this reader does not follow`);
        continue;
      }
      if ('unknown' in found) {
        because(found.unknown);
        continue;
      }
      const [, colon, kind, alternative] = match;
      const set = 'value' in found && (colon === '' || found.value !== '');
      if (kind === '-' && set) out += (found as { value: string }).value;
      else if ((kind === '-') !== set) {
        const inside = expand(alternative!, scope, escapeToken, depth + 1);
        out += inside.value;
        if (inside.unknown !== undefined) because(inside.unknown);
      }
      continue;
    }
    const name = variableName(word, i + 1);
    if (name === '') {
      out += '$';
      continue;
    }
    const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
    if ('value' in found) out += found.value;
    else because('unset' in found ? found.unset : found.unknown);
    i += name.length;
  }
  return unknown === undefined ? { value: out } : { value: out, unknown };
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

/** The physical line of an instruction on which `needle` first appears (the instruction's first line if none). */
export function lineOf(instruction: Instruction, needle: string): number {
  return instruction.parts.find((p) => p.text.includes(needle))?.line ?? instruction.line;
}

/** Text as written, kept short enough for the plan and messages (a hostile line can be megabytes long). */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** A piece of text short enough for a message. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
