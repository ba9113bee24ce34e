import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { Decision } from '../../plan/types.js';

/**
 * A command line as a POSIX shell splits it into words: blanks separate words, single quotes keep
 * everything, double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``, a backslash outside
 * quotes keeps the next character. No expansion: the words go into an exec-form CMD, where nothing
 * expands them either. Undefined for an unclosed quote or a trailing backslash.
 */
export function splitCommandLine(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = `${word ?? ''}${c}`;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word = `${word ?? ''}${line[++i]}`;
      else word = `${word ?? ''}${c}`;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= line.length) return undefined;
      word = (word ?? '') + line[++i];
    } else word = (word ?? '') + c;
  }
  if (quote !== undefined) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/** A project whose console scripts the image may run: their names, and the file that declares them. */
export interface ScriptSource {
  file: string;
  scripts: string[];
  /** Installing the project puts its scripts on PATH (it is built: a build system and not `tool.uv.package = false`, or `tool.uv.package = true`). */
  installed: boolean;
}

/** Whether uv installs the root project itself (and so its [project.scripts]). */
export function rootScripts(facts: RepoFacts): ScriptSource | undefined {
  const pyproject = facts.pyproject;
  if (!pyproject?.hasProjectTable) return undefined;
  const pkg = pyproject.uv.package?.value;
  // uv builds and installs a project with a [build-system] unless tool.uv.package = false, and one without only when it is true (docs/concepts/projects/config.md, "Project packaging").
  const installed = pkg === true || (pkg !== false && pyproject.hasBuildSystem);
  return { file: pyproject.file, scripts: pyproject.scripts, installed };
}

/**
 * The command the image runs: `--command` (a script's name, or a command line), else the one
 * installed [project.scripts] entry. Several, or none: an error naming them, with the fix.
 */
export function decideCommand(given: string | undefined, sources: readonly ScriptSource[], diagnostics: Diagnostic[]): Decision<string[]> | undefined {
  const installed = sources.filter((s) => s.installed).flatMap((s) => s.scripts.map((name) => ({ name, file: s.file })));
  if (given !== undefined) {
    // A blank --command is no command, whatever a script may be called.
    const script = given.trim() === '' ? undefined : installed.find((s) => s.name === given);
    if (script)
      return { value: [given], source: '--command', reason: `the console script ${given} of ${script.file}, which installing the project puts in the environment's bin folder, first on PATH` };
    const words = splitCommandLine(given);
    if (!words || words.length === 0) {
      diagnostics.push({
        level: 'error',
        code: 'production-command-invalid',
        message: `--command ${JSON.stringify(given)} ${words ? 'is empty' : 'has an unclosed quote or ends with a backslash'}: it cannot be split into the words of an exec-form CMD`,
        hint: "quote it as a shell would, e.g. --command 'gunicorn --bind 0.0.0.0:8000 app:app'",
      });
      return undefined;
    }
    return { value: words, source: '--command', reason: 'asked for on the command line; run as these words (exec form: no shell, so signals reach the program)' };
  }
  if (installed.length === 1) {
    const [only] = installed;
    return { value: [only!.name], source: only!.file, reason: `the one [project.scripts] entry the image installs: its console script is in the environment's bin folder, first on PATH` };
  }
  if (installed.length > 1) {
    diagnostics.push({
      level: 'error',
      code: 'production-several-commands',
      message: `the image installs ${installed.length} [project.scripts] entries (${installed.map((s) => `${s.name} in ${s.file}`).join(', ')}), and runs one`,
      file: installed[0]!.file,
      hint: `choose it with --command NAME (${installed.map((s) => s.name).join(', ')}), or give a command line`,
    });
    return undefined;
  }
  const uninstalled = sources.filter((s) => !s.installed && s.scripts.length > 0);
  diagnostics.push({
    level: 'error',
    code: 'production-no-command',
    message: `the image needs a command to run, and ${
      uninstalled.length > 0
        ? `the [project.scripts] of ${uninstalled.map((s) => s.file).join(', ')} are not installed (no [build-system], or tool.uv.package = false: uv does not build the project)`
        : 'the project declares no [project.scripts] entry'
    }`,
    ...(sources[0] ? { file: sources[0].file } : {}),
    hint: "give --command, e.g. --command 'python -m myapp' or --command 'gunicorn app:app', or declare a [project.scripts] entry in a project with a [build-system]",
  });
  return undefined;
}
