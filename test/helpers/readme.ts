import * as fs from 'node:fs';
import * as path from 'node:path';

const README = path.resolve(import.meta.dirname, '../../README.md');

/**
 * The fenced code blocks under a heading of README.md (`## NAME` or `### NAME`, up to the next
 * heading of the same or a higher level), in order, with the language word after the fence. Tests
 * read the README's snippets from here, so that what the README shows is what was run.
 */
export function readmeBlocks(heading: string): { lang: string; text: string }[] {
  const lines = fs.readFileSync(README, 'utf8').split('\n');
  const start = lines.findIndex((line) => /^#{2,3} /.test(line) && line.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`README.md: no heading "${heading}"`);
  const level = lines[start]!.indexOf(' ');
  const blocks: { lang: string; text: string }[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!open && new RegExp(`^#{1,${level}} `).test(line)) break;
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence && !open) open = { lang: fence[1]!, lines: [] };
    else if (fence && open) {
      blocks.push({ lang: open.lang, text: `${open.lines.join('\n')}\n` });
      open = undefined;
    } else open?.lines.push(line);
  }
  return blocks;
}
