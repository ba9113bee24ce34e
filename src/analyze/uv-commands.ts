import { commandAssignments, commandsOfLine, commandWords } from './shell-line.js';

/**
 * A uv command in a user's lifecycle command (or a script one runs) that writes uv.lock or changes
 * the project environment: `uv sync`, `uv lock`, `uv add`, `uv remove`, `uv run` (which syncs, and
 * locks first, unless told not to), `uv pip install|sync|uninstall`. The plan says what each does
 * to the container (plan/uv-commands.ts); here it is only found and its options read.
 */
export interface UvCommand {
  /** The command as written (one command of a `&&` chain). */
  command: string;
  subcommand: UvSubcommand;
  /** Its options, in order, each with its value when it takes one (`--extra fast`, `--frozen`). */
  options: { flag: string; value?: string }[];
  /** The variables it sets for itself: `UV_FROZEN=1 uv sync` is `uv sync --frozen` to uv. */
  env: Record<string, string>;
  /** The devcontainer.json property that runs it. */
  property: string;
  /** devcontainer.json, or the script the property runs. */
  file: string;
  line: number;
}

export type UvSubcommand = 'sync' | 'lock' | 'add' | 'remove' | 'run' | 'pip install' | 'pip sync' | 'pip uninstall';

const SUBCOMMANDS = new Set(['sync', 'lock', 'add', 'remove', 'run']);
const PIP_SUBCOMMANDS = new Set(['install', 'sync', 'uninstall']);

/**
 * Options of uv that take a value as the next word (uv's own `--help`); any other option is a flag.
 * Knowing them matters where the words after the options are not uv's: `uv run --with x pytest -q`.
 */
const TAKES_VALUE = new Set([
  '--directory',
  '--project',
  '--config-file',
  '--cache-dir',
  '--color',
  '--python',
  '-p',
  '--python-preference',
  '--allow-insecure-host',
  '--extra',
  '--group',
  '--no-group',
  '--only-group',
  '--package',
  '--with',
  '--with-editable',
  '--with-requirements',
  '--env-file',
  '--index',
  '--default-index',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--find-links',
  '-f',
  '--python-platform',
  '--script',
  '--requirement',
  '-r',
  '--constraints',
  '-c',
  '--target',
  '--prefix',
  '--dev-dependency',
  '--optional',
  '--refresh-package',
  '--upgrade-package',
  '-P',
  '--reinstall-package',
  '--exclude-newer',
  '--link-mode',
]);

/** Every uv command of a shell line that writes uv.lock or changes the project environment. */
export function uvCommandsIn(text: string, property: string, file: string, line: number): UvCommand[] {
  const found: UvCommand[] = [];
  for (const command of commandsOfLine(text)) {
    let words = commandWords(command);
    const env = commandAssignments(command);
    if (words[0] === 'sudo') {
      words = words.slice(1);
      while (words[0]?.startsWith('-')) words = words.slice(/^-[ugCDhpRrTt]$/.test(words[0]) ? 2 : 1);
      // sudo takes VAR=value before the command too, and runs it through env's rules: the same reading.
      const rest = words.join(' ');
      Object.assign(env, commandAssignments(rest));
      words = commandWords(rest);
    }
    if (!/^(?:\S*\/)?uv$/.test(words[0] ?? '')) continue;
    // Global options come before the subcommand: `uv --directory backend sync`.
    let at = skipOptions(words, 1).end;
    let subcommand = words[at];
    if (subcommand === 'pip') {
      at++;
      if (!PIP_SUBCOMMANDS.has(words[at] ?? '')) continue;
      subcommand = `pip ${words[at]}`;
    } else if (!SUBCOMMANDS.has(subcommand ?? '')) continue;
    const globals = skipOptions(words, 1).options;
    const own = skipOptions(words, at + 1, subcommand !== 'run');
    found.push({ command, subcommand: subcommand as UvSubcommand, options: [...globals, ...own.options], env, property, file, line });
  }
  return found;
}

/**
 * The options from `from` on: `--flag`, `--flag=value`, `--flag value` for the options that take one.
 * `all`: read past positional words too (`uv add requests --dev`); otherwise stop at the first (`uv run pytest --frozen` passes --frozen to pytest).
 */
function skipOptions(words: string[], from: number, all = false): { options: { flag: string; value?: string }[]; end: number } {
  const options: { flag: string; value?: string }[] = [];
  let at = from;
  while (at < words.length) {
    const word = words[at]!;
    if (word === '--') break;
    if (!word.startsWith('-')) {
      if (!all) break;
      at++;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) options.push({ flag: word.slice(0, eq), value: word.slice(eq + 1) });
    else if (TAKES_VALUE.has(word) && at + 1 < words.length) {
      options.push({ flag: word, value: words[at + 1]! });
      at++;
    } else options.push({ flag: word });
    at++;
  }
  return { options, end: at };
}
