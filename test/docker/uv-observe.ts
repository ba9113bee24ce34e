/**
 * Facts about uv releases, observed rather than remembered: which releases PyPI has, and which
 * CPython builds each uv can download, asked of the real uv binaries. `uv-releases.test.ts`
 * compares what it sees with `src/plan/uv-observed.ts`, and writes that file anew with
 * UPDATE_UV_TABLE=1 (`npm run update:uv-table`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export type Version = [number, number, number];

export function parseRelease(text: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export const show = (v: Version): string => v.join('.');

export interface ReleaseLine {
  /** "0.12" */
  line: string;
  /** Newest patch of the line; every patch from 0 to it exists (checked). */
  newest: string;
}

/** Groups PyPI's releases into minor lines; refuses a line with a gap, which the tables cannot express. */
export function releaseLines(versions: readonly string[]): ReleaseLine[] {
  const byLine = new Map<string, number[]>();
  for (const text of versions) {
    const v = parseRelease(text);
    if (!v) throw new Error(`uv release ${JSON.stringify(text)} is not X.Y.Z`);
    const key = `${v[0]}.${v[1]}`;
    byLine.set(key, [...(byLine.get(key) ?? []), v[2]]);
  }
  const lines: ReleaseLine[] = [];
  for (const [line, patches] of byLine) {
    const sorted = [...patches].sort((a, b) => a - b);
    const first = sorted[0]!;
    const gaps = sorted.filter((p, i) => i > 0 && p !== sorted[i - 1]! + 1);
    if (gaps.length > 0) throw new Error(`uv ${line}.x has gaps on PyPI before ${gaps.join(', ')}`);
    if (first !== 0 && line !== '0.0') throw new Error(`uv ${line}.x starts at ${first} on PyPI`);
    lines.push({ line, newest: `${line}.${sorted.at(-1)!}` });
  }
  return lines.sort((a, b) => compare(parseRelease(a.newest)!, parseRelease(b.newest)!));
}

/**
 * The CPython versions (x86_64 Linux, glibc, the default build) a uv binary can download. uv from
 * 0.5 answers `uv python list --only-downloads --output-format json` from the metadata compiled
 * into it, without the network; older ones have no such listing (and their text listing hides
 * some builds), so their download URLs are read out of the binary, where they are plain text.
 */
export function pythonDownloads(uv: string): string[] {
  const env = { ...process.env, HOME: fs.mkdtempSync('/tmp/gdc-uv-home-'), UV_PYTHON_PREFERENCE: 'only-managed', UV_NO_CONFIG: '1' };
  const listing = spawnSync(uv, ['python', 'list', '--all-versions', '--only-downloads', '--output-format', 'json'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (listing.status === 0) {
    const entries = JSON.parse(listing.stdout) as { version: string; implementation: string; os: string; arch: string; libc: string; variant?: string }[];
    return entries.filter((e) => e.implementation === 'cpython' && e.os === 'linux' && e.arch === 'x86_64' && e.libc === 'gnu' && (e.variant ?? 'default') === 'default').map((e) => e.version);
  }
  const binary = fs.readFileSync(uv).toString('latin1');
  const found = new Set<string>();
  for (const m of binary.matchAll(/cpython-(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)(?:%2B|\+)\d{8}-x86_64-unknown-linux-gnu-install_only/g)) found.add(m[1]!);
  if (found.size === 0) throw new Error(`${uv}: no Python downloads found in its listing or its binary`);
  return [...found];
}

/** Newest stable (final) release of each CPython minor in a list of versions. */
export function newestStablePerMinor(versions: readonly string[]): Record<string, string> {
  const best = new Map<string, Version>();
  for (const text of versions) {
    const v = parseRelease(text);
    if (!v) continue; // a pre-release (3.14.0rc3): never a choice
    const minor = `${v[0]}.${v[1]}`;
    const seen = best.get(minor);
    if (!seen || compare(v, seen) > 0) best.set(minor, v);
  }
  return Object.fromEntries([...best].sort((a, b) => compare(a[1], b[1])).map(([minor, v]) => [minor, show(v)]));
}
