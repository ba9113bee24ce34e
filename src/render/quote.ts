/**
 * Quoting for the syntaxes the renderers write. Values are validated upstream as well, but a
 * renderer never trusts that: every value crosses into shell or JSON through one of these.
 */

/** One POSIX shell word. Safe words stay bare, so generated lines read naturally. */
export function shellWord(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}

/**
 * Text for a `#` or `//` comment: line breaks and other control characters become spaces, so text
 * from a project name or folder name cannot end the comment and start a line of its own.
 */
export function commentText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** A double-quoted dotenv value: the subset that docker --env-file, GitHub's $GITHUB_ENV and python-dotenv agree on. */
export function dotenvValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`a dotenv value cannot hold a line break: ${JSON.stringify(value)}`);
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value);
}
