import type { Diagnostic } from '../diagnostics.js';
import type { UvLockFacts } from './facts.js';
import type { RepoReader } from './repo-reader.js';
import { lineOfKey, readToml } from './toml.js';

/** A line that opens a table (`[[package]]`, `[options]`): the end of the top-level keys. */
const TABLE_HEADER = /^[ \t]*\[/m;

/**
 * uv.lock can run to megabytes, but everything we need (`version`, `requires-python`) is a
 * top-level key, and TOML puts top-level keys before the first table header. So only that head is
 * read and parsed: start-up cost stays flat however large the lock grows.
 */
export function readUvLockFacts(reader: RepoReader, file: string, diagnostics: Diagnostic[]): UvLockFacts | undefined {
  const read = reader.readText(file, TABLE_HEADER);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'error') {
    diagnostics.push({ level: 'warning', code: 'uv-lock-unreadable', message: read.message, file, hint: read.hint });
    return { file };
  }
  const head = topLevelHead(read.text);
  const parsed = readToml(reader, file, 'uv-lock', head);
  if (parsed.kind !== 'ok') {
    if (parsed.kind === 'invalid') diagnostics.push({ ...parsed.diagnostic, level: 'warning', hint: 'regenerate it with `uv lock`' });
    return { file };
  }
  const facts: UvLockFacts = { file };
  if (typeof parsed.table.version === 'number') facts.lockVersion = parsed.table.version;
  const requiresPython = parsed.table['requires-python'];
  if (typeof requiresPython === 'string') {
    facts.requiresPython = { value: requiresPython, file, key: 'requires-python', line: lineOfKey(head, 'requires-python') };
  }
  return facts;
}

/** The text before the first table header (a reader may have stopped there already, or not). */
function topLevelHead(text: string): string {
  const match = TABLE_HEADER.exec(text);
  return match ? text.slice(0, match.index) : text;
}
