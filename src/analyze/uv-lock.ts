import type { Diagnostic } from '../diagnostics.js';
import type { UvLockFacts } from './facts.js';
import type { RepoReader } from './repo-reader.js';
import { lineOfKey, readToml } from './toml.js';
import { scanLockWheels } from './uv-lock-wheels.js';

/** A line that opens a table (`[[package]]`, `[options]`): the end of the top-level keys. */
const TABLE_HEADER = /^[ \t]*\[/m;

/**
 * Past this size the lock's wheels are not read, only its head: a lock this large is far beyond any
 * real project's (thousands of packages with every wheel listed stay within a few MiB), and reading
 * the whole of a 50 MiB one would multiply the generator's start-up time (see the README's numbers).
 */
export const WHEEL_SCAN_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Everything from the lock's head (`version`, `requires-python`) is a top-level key, and TOML puts
 * top-level keys before the first table header, so only that head is parsed as TOML. The wheels of
 * the locked packages are read by a line scanner (uv-lock-wheels.ts), linear in the size of the
 * lock; a lock larger than WHEEL_SCAN_MAX_BYTES has only its head read, with a note saying so.
 */
export function readUvLockFacts(reader: RepoReader, file: string, diagnostics: Diagnostic[]): UvLockFacts | undefined {
  const size = reader.sizeOf?.(file);
  const whole = size === undefined || size <= WHEEL_SCAN_MAX_BYTES;
  const read = whole ? reader.readText(file) : reader.readText(file, TABLE_HEADER);
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
  if (whole) facts.wheels = scanLockWheels(read.text);
  else {
    diagnostics.push({
      level: 'info',
      code: 'uv-lock-wheels-not-read',
      message: `${file} is ${(Math.ceil((size! / 1024 / 1024) * 10) / 10).toFixed(1)} MiB, more than the ${WHEEL_SCAN_MAX_BYTES / 1024 / 1024} MiB whose wheels the generator reads: the Python is chosen without checking that every locked package has a wheel for it`,
      file,
      hint: 'pin the Python with .python-version (or --python) to the one the lock was made for',
    });
  }
  return facts;
}

/** The text before the first table header (a reader may have stopped there already, or not). */
function topLevelHead(text: string): string {
  const match = TABLE_HEADER.exec(text);
  return match ? text.slice(0, match.index) : text;
}
