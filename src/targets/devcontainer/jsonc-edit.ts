import type { FormattingOptions, JSONPath, Node } from 'jsonc-parser';
import { jsonc } from '../../lazy.js';
import type { Json } from '../../render/jsonc.js';

/**
 * A JSONC text a user owns, edited value by value with the smallest change that gives each value
 * its new content. jsonc-parser's `modify` replaces a whole value (the comments inside it go with
 * it) and re-formats every line an edit touches (a last member that shares a line with the
 * insertion point is re-indented, and so is everything after). Here:
 * - a value that changes is edited inside: an object member by member, an array element by element
 *   (what both hold stays, byte for byte), a scalar that becomes an array holding it is wrapped
 *   (`"echo a"` -> `["sh", ..., "echo a"]`: brackets and words around the user's own text);
 * - a removed member or element goes with its own text and one comma: comments stay;
 * - an inserted member goes after the last one and after that member's same-line comment, in the
 *   indentation of its neighbours; no other byte moves;
 * - a value replaced whole (a type that changes) keeps the comments it held, just before it.
 * Nothing else is formatted, so the bytes outside an edit are the user's as they were.
 */
export class JsoncEditor {
  private readonly unit: string;
  private readonly eol: string;
  private parsed?: { text: string; tree: Node | undefined };

  constructor(
    public text: string,
    formatting: FormattingOptions,
  ) {
    this.unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize ?? 2) : '\t';
    this.eol = formatting.eol ?? '\n';
  }

  /**
   * The tree of the text as it is now, parsed once per text: a merge looks at the same text once
   * per property, and scanning it each time was a fifth of a cold `--dry-run`. Trees are only
   * read, never changed.
   */
  tree(): Node | undefined {
    if (this.parsed?.text !== this.text) this.parsed = { text: this.text, tree: jsonc().parseTree(this.text) };
    return this.parsed.tree;
  }

  nodeAt(path: JSONPath): Node | undefined {
    const root = this.tree();
    if (!root) return undefined;
    return path.length === 0 ? root : jsonc().findNodeAtLocation(root, path);
  }

  valueAt(path: JSONPath): Json | undefined {
    const node = this.nodeAt(path);
    return node ? (jsonc().getNodeValue(node) as Json) : undefined;
  }

  /** Gives the value at `path` the content `value`, creating it (and any missing object above it) when absent. An array index at or past the end appends. */
  set(path: JSONPath, value: Json): void {
    const node = this.nodeAt(path);
    if (node && path.length > 0) return this.edit(path, node, value);
    if (path.length === 0) {
      if (node) return this.edit(path, node, value);
      this.text = format(value, '', this.unit, this.eol);
      return;
    }
    const parentPath = path.slice(0, -1);
    const key = path.at(-1)!;
    const parent = this.nodeAt(parentPath);
    if (!parent) return this.set(parentPath, typeof key === 'number' ? [value] : { [key]: value });
    if (parent.type === 'object' && typeof key === 'string') return this.insertMember(parent, key, value);
    if (parent.type === 'array' && typeof key === 'number') return this.insertElement(parent, key, value);
    // A path through a value of another type: that value is replaced whole.
    this.edit(parentPath, parent, typeof key === 'number' ? [value] : { [key]: value });
  }

  /**
   * Removes the member or element at `path` with exactly its own text and one comma: comments
   * around it are the user's and stay where they were (jsonc-parser's removal takes everything
   * back to the previous member, comments included). The line goes too when nothing is left on it.
   */
  remove(path: JSONPath): void {
    const value = this.nodeAt(path);
    if (!value || path.length === 0) return;
    const item = value.parent?.type === 'property' ? value.parent : value;
    const container = item.parent;
    if (!container || (container.type !== 'object' && container.type !== 'array')) return;
    const siblings = container.children ?? [];
    const index = siblings.indexOf(item);
    let start = item.offset;
    let end = item.offset + item.length;
    // Comments inside it (between a key and its value, among its own members) stay in its place.
    const held = commentsIn(this.text, start, end);
    if (held.length > 0) {
      const indent = lineIndent(this.text, start);
      const kept = held.map((c, i) => (c.startsWith('//') ? `${c}${this.eol}${indent}` : `${c}${i < held.length - 1 ? ' ' : ''}`)).join('');
      this.text = this.text.slice(0, start) + kept + this.text.slice(end);
      end = start + kept.length;
      start = end;
    }
    const after = commaAfter(this.text, end);
    // The comma goes on its own when a comment lies between: the comment stays.
    if (after !== undefined && this.text.slice(end, after).trim() === '') end = after + 1;
    else if (after !== undefined) this.text = this.text.slice(0, after) + this.text.slice(after + 1);
    else if (index > 0) {
      // The last one: the comma after the one before it goes instead.
      const previous = siblings[index - 1]!;
      const before = commaAfter(this.text, previous.offset + previous.length);
      if (before !== undefined) {
        this.text = this.text.slice(0, before) + this.text.slice(before + 1);
        start -= 1;
        end -= 1;
      }
    }
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = this.text.indexOf('\n', end);
    const rest = this.text.slice(end, lineEnd === -1 ? this.text.length : lineEnd);
    if (this.text.slice(lineStart, start).trim() === '' && rest.trim() === '' && lineEnd !== -1) {
      start = lineStart;
      end = lineEnd + 1;
    }
    this.text = this.text.slice(0, start) + this.text.slice(end);
  }

  /** True when the text of the value at `path` holds a comment (a container emptied of its members stays for it). */
  holdsComment(path: JSONPath): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && commentsIn(this.text, node.offset, node.offset + node.length).length > 0;
  }

  /** Renames the member at `path`: only its key's text changes. */
  renameKey(path: JSONPath, key: string): void {
    const keyNode = this.nodeAt(path)?.parent?.children?.[0];
    if (!keyNode) return;
    this.text = this.text.slice(0, keyNode.offset) + JSON.stringify(key) + this.text.slice(keyNode.offset + keyNode.length);
  }

  private edit(path: JSONPath, node: Node, wanted: Json): void {
    const current = jsonc().getNodeValue(node) as Json;
    if (equal(current, wanted)) return;
    if (node.type === 'object' && isObject(wanted)) return this.editObject(path, node, wanted);
    if (node.type === 'array' && Array.isArray(wanted)) return this.editArray(path, current as Json[], wanted);
    if (node.type !== 'array' && Array.isArray(wanted)) {
      const at = wanted.findIndex((item) => equal(item, current));
      if (at !== -1) return this.wrap(node, wanted.slice(0, at), wanted.slice(at + 1));
    }
    this.replace(node, wanted);
  }

  private editObject(path: JSONPath, node: Node, wanted: { [key: string]: Json }): void {
    const keys = (node.children ?? []).map((member) => member.children?.[0]?.value as string);
    // Last first, so that the members still to visit keep their place; a key written twice goes twice.
    for (const key of [...keys].reverse()) if (!Object.hasOwn(wanted, key)) this.remove([...path, key]);
    for (const [key, value] of Object.entries(wanted)) this.set([...path, key], value);
  }

  /**
   * Element by element: what the two lists share in order stays where it is (the longest common
   * subsequence, after the common ends); the rest is edited in place, removed or inserted, from the
   * last gap to the first so that the indexes still to visit hold.
   */
  private editArray(path: JSONPath, current: Json[], wanted: Json[]): void {
    const kept = commonSubsequence(current, wanted);
    const gaps: { from: number; to: number; items: Json[] }[] = [];
    let i = 0;
    let j = 0;
    for (const [ci, wj] of [...kept, [current.length, wanted.length] as const]) {
      if (ci > i || wj > j) gaps.push({ from: i, to: ci, items: wanted.slice(j, wj) });
      i = ci + 1;
      j = wj + 1;
    }
    for (const gap of gaps.reverse()) {
      const paired = Math.min(gap.to - gap.from, gap.items.length);
      for (let k = gap.to - 1; k >= gap.from + paired; k--) this.remove([...path, k]);
      for (let k = gap.items.length - 1; k >= paired; k--) this.insertElement(this.nodeAt(path)!, gap.from + paired, gap.items[k]!);
      for (let k = paired - 1; k >= 0; k--) this.set([...path, gap.from + k], gap.items[k]!);
    }
  }

  /** Brackets and the new words around the value's own text: `"x"` -> `["a", "x", "b"]`. */
  private wrap(node: Node, before: Json[], after: Json[]): void {
    const end = node.offset + node.length;
    const head = `[${before.map((item) => `${inline(item)}, `).join('')}`;
    const tail = `${after.map((item) => `, ${inline(item)}`).join('')}]`;
    this.text = this.text.slice(0, node.offset) + head + this.text.slice(node.offset, end) + tail + this.text.slice(end);
  }

  /** The value replaced whole; the comments it held go just before its replacement. */
  private replace(node: Node, wanted: Json): void {
    const indent = lineIndent(this.text, node.offset);
    const kept = commentsIn(this.text, node.offset, node.offset + node.length)
      .map((c) => (c.startsWith('//') ? `${c}${this.eol}${indent}` : `${c} `))
      .join('');
    this.text = this.text.slice(0, node.offset) + kept + format(wanted, indent, this.unit, this.eol) + this.text.slice(node.offset + node.length);
  }

  private insertMember(object: Node, key: string, value: Json): void {
    this.insertLast(
      object,
      (indent) => `${JSON.stringify(key)}: ${format(value, indent, this.unit, this.eol)}`,
      (item) => `${JSON.stringify(key)}: ${inline(item)}`,
      value,
    );
  }

  private insertElement(array: Node, index: number, value: Json): void {
    const items = array.children ?? [];
    if (index >= items.length) return this.insertLast(array, (indent) => format(value, indent, this.unit, this.eol), inline, value);
    // Before an element: in its line's indentation when it starts a line, else on its line.
    const next = items[index]!;
    const ownLine = startsLine(this.text, next.offset);
    const indent = lineIndent(this.text, next.offset);
    const text = ownLine ? `${format(value, indent, this.unit, this.eol)},${this.eol}${indent}` : `${inline(value)}, `;
    this.text = this.text.slice(0, next.offset) + text + this.text.slice(next.offset);
  }

  /**
   * A member or element after the container's last one, past that one's comma and same-line
   * comment (a comment there describes the member it follows, not the new one). A container
   * written on one line inside a larger value stays on one line.
   */
  private insertLast(container: Node, multiline: (indent: string) => string, oneLine: (value: Json) => string, value: Json): void {
    const items = container.children ?? [];
    const close = container.offset + container.length - 1;
    const base = lineIndent(this.text, container.offset);
    const last = items.at(-1);
    if (!last) {
      const indent = base + this.unit;
      const inner = this.text.slice(container.offset + 1, close);
      if (inner.trim() === '') {
        this.text = `${this.text.slice(0, container.offset + 1)}${this.eol}${indent}${multiline(indent)}${this.eol}${base}${this.text.slice(close)}`;
        return;
      }
      // Only comments inside: the value goes after them.
      const lineStart = this.text.lastIndexOf('\n', close - 1) + 1;
      const at = this.text.slice(lineStart, close).trim() === '' ? lineStart : close;
      const text = at === lineStart ? `${indent}${multiline(indent)}${this.eol}` : `${this.eol}${indent}${multiline(indent)}${this.eol}${base}`;
      this.text = this.text.slice(0, at) + text + this.text.slice(at);
      return;
    }
    const lastEnd = last.offset + last.length;
    const comma = commaAfter(this.text, lastEnd);
    const inlineContainer = !startsLine(this.text, last.offset) && container.parent !== undefined;
    if (inlineContainer) {
      // `{ "a": 1 }` -> `{ "a": 1, "b": 2 }`: right after the last one (or its comma).
      const at = comma === undefined ? lastEnd : comma + 1;
      this.text = `${this.text.slice(0, at)}${comma === undefined ? ',' : ''} ${oneLine(value)}${this.text.slice(at)}`;
      return;
    }
    const indent = startsLine(this.text, last.offset) ? lineIndent(this.text, last.offset) : base + this.unit;
    const at = afterSameLineComments(this.text, comma === undefined ? lastEnd : comma + 1);
    let text = `${this.eol}${indent}${multiline(indent)}`;
    // The closing bracket on the same line as the insertion moves to a line of its own.
    const between = this.text.slice(at, close);
    let end = at;
    if (!/\n/.test(between) && between.trim() === '') {
      text += `${this.eol}${base}`;
      end = close;
    }
    this.text = this.text.slice(0, at) + text + this.text.slice(end);
    if (comma === undefined) this.text = `${this.text.slice(0, lastEnd)},${this.text.slice(lastEnd)}`;
  }
}

/** A value written as JSON with the file's indentation unit, its later lines at `indent`. */
function format(value: Json, indent: string, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(eol + indent);
}

/** A value on one line: `["a", "b"]`, `{ "k": "v" }`. */
function inline(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isObject(value)) {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return members.length ? `{ ${members.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** The blanks at the start of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

/** Past blanks and comments that end on the same line as `from` (a line comment ends it): where a member inserted after this one begins. */
function afterSameLineComments(text: string, from: number): number {
  let i = from;
  let end = from;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') i++;
    else if (text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i);
      return (eol === -1 ? text.length : eol) - (text[eol - 1] === '\r' ? 1 : 0);
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 || text.slice(i, close).includes('\n')) return end;
      i = end = close + 2;
    } else return end;
  }
  return end;
}

/** The offset of the comma that follows `from` in JSONC text, past blanks and comments; undefined when something else comes first. */
export function commaAfter(text: string, from: number): number | undefined {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ',') return i;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) === -1 ? text.length : text.indexOf('*/', i + 2) + 2;
    else return undefined;
  }
  return undefined;
}

/** The comments between two offsets, as written (the scanner knows a "//" inside a string is no comment). */
function commentsIn(text: string, start: number, end: number): string[] {
  const part = text.slice(start, end);
  const scanner = jsonc().createScanner(part, false);
  const found: string[] = [];
  // SyntaxKind is a const enum in jsonc-parser's types: LineCommentTrivia 12, BlockCommentTrivia 13, EOF 17.
  // (A comment's token value holds the blanks before it: its text is taken by offset instead.)
  for (let kind: number = scanner.scan(); kind !== 17; kind = scanner.scan()) {
    if (kind === 12 || kind === 13) found.push(part.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
  }
  return found;
}

/**
 * The pairs of indexes (in `a`, in `b`) of a longest common subsequence, in order. The common
 * ends are matched first; the middle by dynamic programming when small, otherwise not at all
 * (then it is edited element by element: still correct, only less sparing).
 */
function commonSubsequence(a: Json[], b: Json[]): (readonly [number, number])[] {
  const ka = a.map(canonical);
  const kb = b.map(canonical);
  let head = 0;
  while (head < ka.length && head < kb.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < ka.length - head && tail < kb.length - head && ka[ka.length - 1 - tail] === kb[kb.length - 1 - tail]) tail++;
  const pairs: (readonly [number, number])[] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  const n = ka.length - head - tail;
  const m = kb.length - head - tail;
  if (n > 0 && m > 0 && n * m <= 250_000) {
    // lengths[i][j]: the longest common subsequence of the middles from i and j on.
    const lengths = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lengths[i]![j] = ka[head + i] === kb[head + j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (ka[head + i] === kb[head + j]) {
        pairs.push([head + i, head + j]);
        i++;
        j++;
      } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([ka.length - k, kb.length - k]);
  return pairs;
}

export function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality in which the order of an object's keys does not count. */
export function equal(a: Json | undefined, b: Json | undefined): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: Json | undefined): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
