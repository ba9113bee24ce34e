/**
 * A shell line of a user's lifecycle command, cut as far as the readers of such lines need: into
 * its commands (`a && b; c | d`), and a command into words. Not a shell parser: quotes are taken
 * off whole words only, and a separator inside quotes splits all the same (a command that hides
 * one in a string is read as two, which can only add a message, never lose a file).
 */

/** The commands of a line: split at `&&`, `||`, `|`, `;` and line breaks, trimmed, empty ones dropped. */
export function commandsOfLine(text: string): string[] {
  return text
    .split(/&&|\|\|?|;|\n/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/**
 * A command's words, quotes around a whole word removed; a leading `(`, `{`, `then`, `do`, `exec`,
 * variable assignments and `env` with its options (`env DEBIAN_FRONTEND=noninteractive apt-get
 * install`, `env -u LANG uv sync`: env runs the command that follows) are not the command.
 */
export function commandWords(command: string): string[] {
  return splitCommand(command).words;
}

/** The variables a command sets for itself (`UV_FROZEN=1 uv sync`, `env UV_FROZEN=1 uv sync`), by name, the last one winning. */
export function commandAssignments(command: string): Record<string, string> {
  return splitCommand(command).assignments;
}

function splitCommand(command: string): { words: string[]; assignments: Record<string, string> } {
  const words = command
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => w.replace(/^["'`(]+|["'`)]+$/g, ''));
  const assignments: Record<string, string> = {};
  let at = 0;
  let env = false;
  while (at < words.length) {
    const word = words[at]!;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
    if (assignment) {
      assignments[assignment[1]!] = assignment[2]!.replace(/^["']|["']$/g, '');
      at++;
    } else if (/^(\{|then|do|else|exec|time|command|nohup)$/.test(word)) at++;
    else if (word === 'env') {
      env = true;
      at++;
    } else if (env && word.startsWith('-')) {
      // GNU env's options that take the next word: -u/--unset NAME, -C/--chdir DIR.
      at += /^(-u|--unset|-C|--chdir)$/.test(word) ? 2 : 1;
    } else break;
  }
  return { words: words.slice(at), assignments };
}
