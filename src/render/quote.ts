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

/** A double-quoted dotenv value: the subset that docker --env-file, GitHub's $GITHUB_ENV and python-dotenv agree on. */
export function dotenvValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`a dotenv value cannot hold a line break: ${JSON.stringify(value)}`);
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value);
}
