/** The measuring stick of the counted-work tests (test/helpers/work.ts) tells linear work from quadratic. */
import { expect, it } from 'vitest';
import { growth, textWork } from '../helpers/work.js';

const text = (n: number) => 'line of text\n'.repeat(n);
const work = (scan: (t: string) => unknown) => (n: number) => {
  const t = text(n);
  return textWork(() => scan(t)).chars;
};

it.each([
  ['split(/\\r?\\n/) and a test per line', (t: string) => t.split(/\r?\n/).filter((l) => /^line/.test(l)).length],
  [
    'indexOf from the last place',
    (t: string) => {
      let count = 0;
      for (let at = t.indexOf('\n'); at >= 0; at = t.indexOf('\n', at + 1)) count++;
      return count;
    },
  ],
  ['a global expression walked with exec', (t: string) => [...t.matchAll(/of/g)].length],
])('linear: %s', (_name, scan) => {
  expect(growth(work(scan), 5_000).ratio).toBeLessThan(2.5);
});

it.each([
  ['the text up to each line, copied', (t: string) => t.split('\n').map((_l, i, all) => all.slice(0, i).join('\n').length)],
  ['a search from the start for each line', (t: string) => t.split('\n').map((_l, i) => t.indexOf(`${i}`))],
  ['a whole-text expression per line', (t: string) => t.split('\n').filter(() => /never/.test(t)).length],
])('quadratic: %s', (_name, scan) => {
  expect(growth(work(scan), 2_000).ratio).toBeGreaterThan(3.5);
});
