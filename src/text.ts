/**
 * Text helpers, one copy of each for every layer: the readers scan with them, and the renderers and
 * commands wrap words with them. Each is linear in its input. A regular expression
 * such as `/\s+$/` or `/(.*?)\s*$/` backtracks over every run of blanks it meets from every place
 * it starts, which is quadratic on a line like `a<200,000 spaces>b`; these loops are not.
 * test/unit/linear-scans.test.ts holds every reader to that, counting the regex engine's backtracks.
 */

/** Whether a UTF-16 code unit is what `\s` (and String.prototype.trim) takes for white space. */
export function isWhiteSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `text` without the spaces and tabs at its end (what `/[ \t]+$/` removes). */
export function trimEndBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the `/`s at its end, keeping the first `keep` characters (1: what `/(.)\/+$/` → `$1` does; 0: `/\/+$/`). */
export function trimEndSlashes(text: string, keep = 1): string {
  let end = text.length;
  while (end > keep && text.charCodeAt(end - 1) === 0x2f) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The 1-based line and column of `offset`, from a table of line starts built once per text (many keys of one file are looked up). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const starts = lineStartsOf(text);
  const index = lineIndex(starts, offset);
  return { line: index + 1, column: offset - starts[index]! + 1 };
}

/**
 * The line of an offset in `text`, found by halving over the line starts (worked out once): a
 * configuration of tens of thousands of mounts is not re-read from its start for each one, which
 * took 24 s for 20,000 runArgs mounts (600 KB).
 */
export function lineFinder(text: string): (offset: number) => number {
  const starts = lineStarts(text);
  return (offset) => lineIndex(starts, offset) + 1;
}

/** The index of the line holding `offset`, by binary search over the lines' starts. */
function lineIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

let lastLineStarts: { text: string; starts: number[] } | undefined;

function lineStartsOf(text: string): number[] {
  if (lastLineStarts?.text === text) return lastLineStarts.starts;
  const starts = lineStarts(text);
  lastLineStarts = { text, starts };
  return starts;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/**
 * Words into lines of at most `width` columns (as `widthOf` counts them), one space between two
 * words; a word longer than that stands alone on its line rather than being cut (a cut word can no
 * longer be copied or searched for). Every word is kept, empty ones too, so text split at single
 * spaces comes back with its spacing.
 */
export function wrapWords(words: readonly string[], width: number, widthOf: (text: string) => number = (text) => text.length): string[] {
  const lines: string[] = [];
  let current: string | undefined;
  for (const word of words) {
    if (current === undefined) current = word;
    else if (widthOf(current) + 1 + widthOf(word) <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== undefined) lines.push(current);
  return lines;
}
