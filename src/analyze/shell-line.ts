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

/** A command's words, quotes around a whole word removed; a leading `(`, `{`, `then`, `do`, `exec` and variable assignments are not the command. */
export function commandWords(command: string): string[] {
  const words = command
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => w.replace(/^["'`(]+|["'`)]+$/g, ''));
  let at = 0;
  while (at < words.length && (/^(\{|then|do|else|exec|time|command|nohup)$/.test(words[at]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at]!))) at++;
  return words.slice(at);
}
