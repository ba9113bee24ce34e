import { wrapWords } from '../text.js';
import { commentText } from './quote.js';

/**
 * Writes a JSON value as JSONC with comments above chosen keys. Generated files get explanations
 * where a reader needs them; the result is always valid JSONC because the structure is serialised
 * from data, never assembled from template text.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface JsoncOptions {
  /** Lines written as `//` comments before the value. */
  header?: string[];
  /** Comment above a key, by its path: `containerEnv.UV_CACHE_DIR`. */
  comments?: ReadonlyMap<string, string>;
  /** Arrays and objects printed on one line when they fit in this many characters. */
  inlineWidth?: number;
}

export function renderJsonc(value: Json, options: JsoncOptions = {}): string {
  const inlineWidth = options.inlineWidth ?? 100;
  const comments = options.comments ?? new Map<string, string>();
  const header = (options.header ?? []).map((line) => (line ? `// ${commentText(line)}` : '//')).join('\n');

  function write(node: Json, path: string, indent: string): string {
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    const inline = JSON.stringify(node, null, 1).replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']');
    const hasComment = [...comments.keys()].some((k) => k.startsWith(path ? `${path}.` : ''));
    if (inline.length + indent.length <= inlineWidth && (!hasComment || Array.isArray(node))) return inline;
    const inner = `${indent}  `;
    if (Array.isArray(node)) {
      if (node.length === 0) return '[]';
      return `[\n${node.map((item, i) => inner + write(item, `${path}[${i}]`, inner)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(node);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, child]) => {
      const childPath = path ? `${path}.${key}` : key;
      const comment = comments.get(childPath);
      const commentLines = comment
        ? wrapWords(comment.split(/\s+/).filter(Boolean), 100 - inner.length - 3)
            .map((l) => `${inner}// ${l}\n`)
            .join('')
        : '';
      return `${commentLines}${inner}${JSON.stringify(key)}: ${write(child, childPath, inner)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }

  const body = write(value, '', '');
  return `${header ? `${header}\n` : ''}${body}\n`;
}
