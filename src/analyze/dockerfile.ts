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
import {
  argDeclarations,
  dockerfileEscapeToken,
  type Expanded,
  type ExpansionBudget,
  envAssignments,
  expand,
  type Instruction,
  instructions,
  lineOf,
  MAX_EXPANDED_CHARS,
  parseWords,
  type Scope,
  type Value,
} from './dockerfile-lexer.js';

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
 * The largest Dockerfile read at all (a real one is a few KiB; 5 MiB of ENV lines take a second):
 * a larger one gets no stage facts and no uv settings, and a warning (uv-settings-elsewhere.ts).
 */
export const MAX_DOCKERFILE_CHARS = 1024 * 1024;

/** The last reading, which the stage facts and the uv settings both ask for, with the same arguments. */
let lastRead: { text: string; target: string | undefined; args: string; read: DockerfileRead } | undefined;

/**
 * The Dockerfile read for the stage `target` (else the last), with the build arguments the
 * configuration passes. The one reader of Dockerfiles: the stage facts and the uv settings both
 * come from it, so they always follow the same chain; asked twice in a row for the same, it reads once.
 */
export function readDockerfile(text: string, target?: string, buildArgs: BuildArgs = {}): DockerfileRead {
  const args = JSON.stringify(Object.entries(buildArgs));
  if (lastRead && lastRead.text === text && lastRead.target === target && lastRead.args === args) return lastRead.read;
  const read = evaluateText(text, target, buildArgs);
  lastRead = { text, target, args, read };
  return read;
}

function evaluateText(text: string, target: string | undefined, buildArgs: BuildArgs): DockerfileRead {
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
  // One budget for every expansion of this read: values that double themselves stop being known, not growing.
  const budget: ExpansionBudget = { left: MAX_EXPANDED_CHARS };
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
      const next = stageOf(instruction, stages, globals, escapeToken, budget);
      stages.push(next);
      env = new Map(next.parent !== undefined ? envOf.get(next.parent) : []);
      envOf.set(stages.length - 1, env);
      args = new Map();
      continue;
    }
    if (!stage) {
      if (instruction.keyword === 'ARG') {
        const declared = argDeclarations(instruction.args, escapeToken).map(
          ([name, written]) => [name, argValue(name, written === undefined ? undefined : toValue(expand(written, globals, escapeToken, 0, budget)))] as const,
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
          ([name, written]) => [name, argValue(name, written === undefined ? globals.get(name) : toValue(expand(written, scope, escapeToken, 0, budget)))] as const,
        );
        for (const [name, value] of declared) args.set(name, value);
        break;
      }
      case 'ENV': {
        const assigned = envAssignments(instruction.args, escapeToken).map(({ name, raw }) => ({ name, value: expand(raw, scope, escapeToken, 0, budget) }));
        for (const { name, value } of assigned) {
          env.set(name, toValue(value));
          stage.env.push({ name, value: value.value, unresolved: value.unknown !== undefined, line: lineOf(instruction, name) });
        }
        break;
      }
      case 'USER': {
        const written = instruction.args.trim();
        const user = expand(written, scope, escapeToken, 0, budget);
        stage.user = { ...(user.unknown === undefined ? { value: user.value } : { unresolved: user.unknown }), written: clip(written), line: instruction.line };
        break;
      }
      case 'COPY':
      case 'ADD': {
        const from = parseWords(instruction.args, escapeToken).find((w) => w.startsWith('--from='));
        if (from) stage.copies.push({ instruction, from: expand(from.slice('--from='.length), scope, escapeToken, 0, budget) });
        break;
      }
    }
  }
  return stages;
}

/** The stage a FROM starts: its base expanded with the global ARGs, and the earlier stage it builds on. */
function stageOf(instruction: Instruction, stages: readonly Stage[], globals: Scope, escapeToken: string, budget: ExpansionBudget): Stage {
  const operands = instruction.args.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
  const image = operands[0] ?? '';
  const name = operands.length >= 3 && operands[1]!.toLowerCase() === 'as' ? operands[2]!.toLowerCase() : undefined;
  const base = expand(image, globals, escapeToken, 0, budget);
  const reference = base.unknown === undefined ? base.value.toLowerCase() : undefined;
  const parent = reference === undefined ? undefined : lastNamed(stages, reference);
  return {
    index: stages.length,
    ...(name ? { name } : {}),
    base,
    from: { written: clip(`FROM ${instruction.args.trim()}`), image: clip(image), line: instruction.line },
    ...(parent ? { parent: parent.index } : {}),
    instructions: [],
    env: [],
    copies: [],
  };
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
 * `swallowed`: an instruction whose line continuation ran on, past blank or comment lines, into a
 * line that reads as a FROM (`RUN x \`, a blank line, `FROM ...`): BuildKit makes that FROM part of
 * the instruction, which is almost certainly not what the file means. A continued line that merely
 * starts with the word (`from pathlib import Path; \` inside a `python -c`) is not one.
 */
export function stageStarts(lines: readonly string[]): { starts: { index: number; name?: string }[]; swallowed?: { line: number; fromLine: number } } {
  const escapeToken = dockerfileEscapeToken(lines);
  const all = instructions(lines, escapeToken);
  const starts = all
    .filter((i) => i.keyword === 'FROM')
    .map((i) => {
      const words = parseWords(i.args, escapeToken);
      const named = words.length >= 3 && words.at(-2)!.toLowerCase() === 'as';
      return { index: i.line - 1, ...(named ? { name: words.at(-1)!.toLowerCase() } : {}) };
    });
  for (const instruction of all) {
    const at = instruction.parts.findIndex((p, k) => k > 0 && p.line > instruction.parts[k - 1]!.line + 1 && /^\s*FROM\s+\S/.test(p.text));
    if (at !== -1) return { starts, swallowed: { line: instruction.line, fromLine: instruction.parts[at]!.line } };
  }
  return { starts };
}

/** The lines with the generator's own block left out: what it wrote is not the user's Dockerfile. */
function withoutOwnBlock(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith(DOCKERFILE_BLOCK_START));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(DOCKERFILE_BLOCK_END));
  if (start === -1 || end === -1) return lines;
  // Blank lines keep the line numbers of what follows right.
  return [...lines.slice(0, start), ...lines.slice(start, end + 1).map(() => ''), ...lines.slice(end + 1)];
}

/** Text as written, kept short enough for the plan and messages (a hostile line can be megabytes long). */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
