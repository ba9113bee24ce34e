/**
 * What the stage a dev container runs starts from, and as whom it runs, read from a Dockerfile's
 * text the way BuildKit reads it (the Dockerfile reference, docs.docker.com/reference/dockerfile/,
 * or moby/buildkit `frontend/dockerfile/docs/reference.md`):
 *
 * - parser directives first (`# escape=`), then instructions; a line ending with the escape
 *   character continues on the next; comment lines, even inside a continuation, are dropped;
 *   heredocs (`RUN <<EOF`) hold lines that are no instructions;
 * - "FROM instructions support variables that are declared by any ARG instructions that occur
 *   before the first FROM" ("Understand how ARG and FROM interact"); inside a stage, an ARG without
 *   a value takes the global default; a build argument replaces the default of an ARG it names;
 * - variables in `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` ("Environment replacement");
 * - `FROM <stage>` builds on an earlier stage of the same file, names compared without case; ENV
 *   carries into such a stage, ARG does not;
 * - the USER in effect is the last USER of the stage, or of the stage it builds on.
 *
 * Everything is linear in the size of the text (no backtracking pattern runs over a whole line):
 * a hostile Dockerfile with very long lines costs its length, nothing more.
 */

/** The marker lines of the generator's own block (render/dockerfile.ts BLOCK_START, BLOCK_END; a test keeps them equal). */
export const OWN_BLOCK_START = '# >>> gen-devcontainer';
export const OWN_BLOCK_END = '# <<< gen-devcontainer <<<';

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
  user?: { value?: string; unresolved?: string; written: string; line: number };
}

/**
 * A variable's value. `unset`: declared without one (an ARG without a default), which
 * `${NAME:-word}` replaces; `unknown`: it has one that cannot be known here (from the environment).
 * Each says why.
 */
type Value = { value: string } | { unset: string } | { unknown: string };
type Scope = Map<string, Value>;

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  index: number;
  name?: string;
  /** The FROM operand after substitution, or why it has none. */
  base: Value;
  from: DockerfileStage['from'];
  /** ENV and ARG values in scope at the end of the stage so far. */
  env: Scope;
  args: Scope;
  user?: DockerfileStage['user'];
}

/**
 * The stage the container runs, or undefined when the text has no FROM, or `target` names no stage
 * (the renderer reports that one, since it is where the block would go).
 *
 * `buildArgs` are the build arguments the configuration passes (devcontainer.json `build.args`,
 * Compose `build.args`): a value of undefined is one that cannot be known here.
 */
export function readDockerfileStage(text: string, target: string | undefined, buildArgs: Readonly<Record<string, string | undefined>> = {}): DockerfileStage | undefined {
  const lines = withoutOwnBlock(text.split(/\r?\n/));
  const escapeChar = escapeCharacter(lines);
  const globals: Scope = new Map();
  const stages: Stage[] = [];
  const argValue = (name: string, fallback: Value | undefined): Value => {
    if (Object.hasOwn(buildArgs, name)) {
      const given = buildArgs[name];
      return given === undefined ? { unknown: `the build argument ${name} comes from the environment` } : { value: given };
    }
    return fallback ?? { unset: `ARG ${name} has no default` };
  };

  for (const instruction of instructions(lines, escapeChar)) {
    const stage = stages.at(-1);
    switch (instruction.keyword) {
      case 'ARG':
        for (const [name, written] of assignments(instruction.args, escapeChar, false)) {
          if (!stage) globals.set(name, argValue(name, written === undefined ? undefined : expand(written, globals, escapeChar)));
          else {
            // Without a value, a stage's ARG takes the global default ("Understand how ARG and FROM interact").
            const fallback = written === undefined ? globals.get(name) : expand(written, scopeOf(stage), escapeChar);
            stage.args.set(name, argValue(name, fallback));
          }
        }
        break;
      case 'ENV':
        if (stage) for (const [name, written] of assignments(instruction.args, escapeChar, true)) stage.env.set(name, expand(written ?? '', scopeOf(stage), escapeChar));
        break;
      case 'FROM': {
        const words = instruction.args.split(/\s+/).filter((w) => w !== '');
        const operands = words.filter((w) => !w.startsWith('--'));
        const image = operands[0] ?? '';
        const name = operands.length >= 3 && operands[1]!.toLowerCase() === 'as' ? operands[2]!.toLowerCase() : undefined;
        const base = expand(image, globals, escapeChar);
        const parent = 'value' in base ? findStage(stages, base.value) : undefined;
        stages.push({
          index: stages.length,
          ...(name ? { name } : {}),
          base,
          from: { written: clip(`FROM ${instruction.args.trim()}`), image: clip(image), line: instruction.line },
          env: new Map(parent?.env),
          args: new Map(),
        });
        break;
      }
      case 'USER':
        if (stage) {
          const written = instruction.args.trim();
          const user = expand(written, scopeOf(stage), escapeChar);
          stage.user = { ...('value' in user ? { value: user.value } : { unresolved: whyNot(user) }), written: clip(written), line: instruction.line };
        }
        break;
    }
  }
  if (stages.length === 0) return undefined;
  const chosen = target === undefined ? stages.at(-1)! : stages.find((s) => s.name === target.toLowerCase());
  if (!chosen) return undefined;

  const chain: Stage[] = [chosen];
  for (let at = chosen; ; ) {
    const parent = 'value' in at.base ? findStage(stages.slice(0, at.index), at.base.value) : undefined;
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  const bottom = chain.at(-1)!;
  const user = chain.find((s) => s.user !== undefined)?.user;
  return {
    name: stageName(chosen),
    targeted: target !== undefined,
    ...('value' in bottom.base && bottom.base.value !== '' ? { image: bottom.base.value } : { unresolved: 'value' in bottom.base ? 'FROM names no image' : whyNot(bottom.base) }),
    from: bottom.from,
    chain: chain.map(stageName),
    ...(user ? { user } : {}),
  };
}

function stageName(stage: Stage): string {
  return stage.name ?? `#${stage.index + 1}`;
}

function findStage(stages: readonly Stage[], reference: string): Stage | undefined {
  const name = reference.toLowerCase();
  return stages.find((s) => s.name === name);
}

/** ENV over ARG, as BuildKit looks a name up inside a stage. */
function scopeOf(stage: Stage): Scope {
  return new Map([...stage.args, ...stage.env]);
}

/** The lines with the generator's own block left out: what it wrote is not the user's Dockerfile. */
function withoutOwnBlock(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith(OWN_BLOCK_START));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(OWN_BLOCK_END));
  if (start === -1 || end === -1) return lines;
  // Blank lines keep the line numbers of what follows right.
  return [...lines.slice(0, start), ...lines.slice(start, end + 1).map(() => ''), ...lines.slice(end + 1)];
}

/** The escape character: `\`, or what an `# escape=` parser directive at the top sets. */
function escapeCharacter(lines: readonly string[]): string {
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) return directive[2];
  }
  return '\\';
}

/** Instructions with their continuation lines joined, comments and heredoc bodies left out. */
function instructions(lines: readonly string[], escapeChar: string): Instruction[] {
  const out: Instruction[] = [];
  const index = new LineIndex(lines);
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    const start = i;
    i++;
    if (first.trim() === '' || first.trimStart().startsWith('#')) continue;
    // Each physical line is looked at once, so a continuation thousands of lines long stays linear.
    const parts: string[] = [];
    for (let current = first; ; ) {
      const end = current.trimEnd();
      if (!end.endsWith(escapeChar)) {
        parts.push(current);
        break;
      }
      parts.push(end.slice(0, -escapeChar.length));
      // Comment lines and empty lines inside a continuation are dropped (the reference, "Format").
      while (i < lines.length && (lines[i]!.trimStart().startsWith('#') || lines[i]!.trim() === '')) i++;
      if (i >= lines.length) break;
      current = lines[i]!;
      i++;
    }
    const trimmed = parts.join(' ').trim();
    const space = trimmed.search(/\s/);
    const keyword = (space === -1 ? trimmed : trimmed.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : trimmed.slice(space + 1);
    out.push({ keyword, args, line: start + 1 });
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') i = afterHeredocs(index, i, args);
  }
  return out;
}

/**
 * The index after the bodies of the heredocs an instruction opens (`<<EOF`, `<<-"EOF"`), each ended
 * by its word alone on a line. A `<<WORD` whose word never comes (a shift in a shell expression, a
 * string) opens nothing: the lines after it stay instructions.
 */
function afterHeredocs(index: LineIndex, from: number, args: string): number {
  let i = from;
  for (const match of args.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
    const end = index.next(match[3]!, match[1] === '-', i);
    if (end === undefined) return from;
    i = end + 1;
  }
  return i;
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

/**
 * `NAME=value` pairs of an ARG or ENV, quotes removed; a bare NAME (ARG without a default) has an
 * undefined value. ENV's older form `ENV NAME value with spaces` is one pair.
 */
function assignments(args: string, escapeChar: string, isEnv: boolean): [string, string | undefined][] {
  const words = shellWords(args, escapeChar);
  if (isEnv && words.length > 0 && !words[0]!.includes('=')) {
    const rest = args.trim().slice(words[0]!.length).trim();
    return [[words[0]!, rest]];
  }
  const pairs: [string, string | undefined][] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const name = eq === -1 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    pairs.push([name, eq === -1 ? undefined : word.slice(eq + 1)]);
  }
  return pairs;
}

/** Words split on blanks, with "double" and 'single' quotes removed around the parts they hold; `$` is left for expand(). */
function shellWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === escapeChar && quote === '"' && i + 1 < text.length && text[i + 1] === '"') word += text[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Variables substituted as BuildKit does: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}` (and
 * `-`/`+` without the colon); the escape character before `$` keeps it. Anything this cannot know
 * (a variable without a value, another modifier, a `$` inside a word) makes the whole value unknown,
 * with the reason.
 */
export function expand(text: string, scope: ReadonlyMap<string, Value>, escapeChar = '\\'): Value {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escapeChar && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close === -1) return { unknown: `an unclosed \${ in ${short(text)}` };
      const inner = text.slice(i + 2, close);
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner)?.[0];
      if (!name) return { unknown: `\${${short(inner)}} is no variable` };
      const modifier = inner.slice(name.length);
      const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
      if ('unknown' in found) return found;
      if (modifier === '') {
        if ('unset' in found) return { unknown: found.unset };
        out += found.value;
      } else {
        const match = /^(:?)([-+])(.*)$/s.exec(modifier);
        if (!match || match[3]!.includes('$')) return { unknown: `\${${short(inner)}} uses a form of substitution this reader does not follow` };
        const [, colon, kind, word] = match;
        const set = 'value' in found && (colon === '' || found.value !== '');
        if (kind === '-') out += set ? (found as { value: string }).value : word;
        else out += set ? word : '';
      }
      i = close;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 257))?.[0];
    if (!name) {
      out += '$';
      continue;
    }
    const found = scope.get(name) ?? { unset: `nothing before it sets ${name}` };
    if (!('value' in found)) return { unknown: whyNot(found) };
    out += found.value;
    i += name.length;
  }
  return { value: out };
}

/** Why a value is not known. */
function whyNot(value: Value): string {
  return 'unknown' in value ? value.unknown : 'unset' in value ? value.unset : '';
}

/** Text as written, kept short enough for the plan and messages (a hostile line can be megabytes long). */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** A piece of text short enough for a message. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
