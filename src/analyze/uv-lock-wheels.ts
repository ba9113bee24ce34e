import { normalizeDistributionName } from './build-requires.js';
import type { LockWheelFacts, LockWheelGap } from './facts.js';
import { type ConflictSets, conflictItemName, markerMinors, newPythonComparisons } from './lock-markers.js';
import { ALL_MINORS, MINOR_BITS, type WheelMinors, wheelMinors } from './wheel-tags.js';

/** Work done, for tests that hold the reader linear (lines read, dependency edges followed). */
export interface LockScanWork {
  lines: number;
  edgeVisits: number;
  /** Distinct Python comparisons of markers worked out (lock-markers.ts). */
  pythonComparisons?: number;
}

/**
 * A package lacks a minor when, on x86_64 or on aarch64, it publishes at least one Linux wheel but
 * none for that minor: uv would build it from its sdist there (or fail without one), needing a
 * compiler and headers the image may not have. A package with no Linux wheel at all on an
 * architecture (sdist only, or Windows/macOS wheels only) builds from source on every Python alike,
 * so it tells no minor apart and limits none; editable, virtual and directory sources have no wheels
 * and limit none either. uv installs the container's architecture only; both are held to it, since
 * one generated configuration serves x86_64 hosts (and Codespaces) and Apple silicon alike.
 *
 * Where a package is installed on a minor: its `resolution-markers` (a lock that forks by Python
 * holds one entry per fork, e.g. numpy 2.0.2 for `python_full_version < '3.10'` and 2.2.0 above),
 * and the markers of the dependency edges that lead to it from the projects (`tomli` only below
 * 3.11). Every edge counts, extras and groups included (`uv sync --all-extras` installs them).
 *
 * The lock format is uv's (astral-sh/uv crates/uv-resolver/src/lock/mod.rs: `PackageWire` with
 * `wheels`, `resolution-markers`, `dependencies`, `optional-dependencies`, `dev-dependencies`;
 * `WheelWire` names the file by `url`, `path` or `filename`). uv writes one array element a line;
 * the reader goes line by line, keeps per package only what is listed above, and follows each
 * dependency edge a bounded number of times (once per minor a need grows by), so its work is linear
 * in the size of the lock.
 */
export function scanLockWheels(text: string, work?: LockScanWork): LockWheelFacts {
  const nodes: LockNode[] = [];
  let node: LockNode | undefined;
  let section: 'package' | 'edges' | 'other' = 'other';
  let array: LockArray | undefined;
  const comparisons = newPythonComparisons();
  const conflicts = conflictReader();
  const { addWheel, element } = lockElements(comparisons, conflicts.sets);

  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineStart = start;
    start = end + 1;
    // A CRLF file: the line ends before its `\r`.
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
    lineNumber++;
    if (work) work.lines++;

    if (array !== undefined) {
      let first = lineStart;
      while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
      if (text.charCodeAt(first) === 93 /* ] */) array = undefined;
      else if (array === 'wheels') {
        // The common line of a large lock: one wheel, `.whl"`. Searched within the line only, so
        // that no search runs on into the rest of the file.
        const line = text.slice(first, end);
        const whl = line.indexOf('.whl"');
        if (whl === -1) continue;
        if (line.includes('.whl"', whl + 5)) element(node, array, line);
        else addWheel(node, line.slice(line.lastIndexOf('"', whl) + 1, whl + 4));
      } else if (array !== 'other') element(node, array, text.slice(first, end));
      continue;
    }
    if (conflicts.take(text, lineStart, end)) continue;
    const firstChar = text.charCodeAt(lineStart);
    if (firstChar === 91 /* [ */) {
      const header = text.slice(lineStart, end).trim();
      if (header === '[[package]]' || header === '[[distribution]]') {
        node = { name: '', line: lineNumber, x86_64: 0, aarch64: 0, forks: ALL_MINORS, edges: [] };
        nodes.push(node);
        section = 'package';
      } else if (node && (header === '[package.optional-dependencies]' || header === '[package.dev-dependencies]' || header === '[package.dependency-groups]')) section = 'edges';
      else section = 'other';
      continue;
    }
    if (section === 'other' || firstChar === 35 /* # */ || firstChar === 10 || firstChar === 13 || Number.isNaN(firstChar)) continue;
    const key = KEY.exec(text.slice(lineStart, end));
    if (!key) continue;
    const [, name, value] = key as unknown as [string, string, string];
    if (section === 'package' && node && !value.startsWith('[')) {
      if (name === 'name') node.name = normalizeDistributionName(ONE_STRING.exec(value)?.[2] ?? '');
      else if (name === 'version') node.version = ONE_STRING.exec(value)?.[2];
      // A project of the lock (a workspace member, the root): where the walk below starts, even
      // when another member depends on it.
      else if (name === 'source' && PROJECT_SOURCE.test(value)) node.project = true;
      continue;
    }
    if (!value.startsWith('[')) continue;
    array =
      section === 'package' && name === 'wheels'
        ? 'wheels'
        : section === 'package' && name === 'resolution-markers'
          ? 'forks'
          : (section === 'package' && name === 'dependencies') || section === 'edges'
            ? 'edges'
            : 'other';
    // The rest of the line: elements written inline (`wheels = [{ url = "..." }]`), and perhaps the end.
    const rest = value.slice(1).trimEnd();
    const closes = rest.endsWith(']');
    element(node, array, closes ? rest.slice(0, -1) : rest);
    if (closes) array = undefined;
  }
  if (work) work.pythonComparisons = (work.pythonComparisons ?? 0) + comparisons.worked;
  return summarize(nodes, work);
}

type LockArray = 'wheels' | 'edges' | 'forks' | 'other';

/**
 * The readers of one array element of the lock, with the caches they share over a whole scan: a
 * marker's minors and a wheel tag set's minors are each worked out once.
 */
function lockElements(comparisons: ReturnType<typeof newPythonComparisons>, conflicts: ConflictSets) {
  const markerCache = new Map<string, number>();
  const minorsOf = (marker: string): number => {
    let mask = markerCache.get(marker);
    if (mask === undefined) {
      // Past this many distinct markers (real locks hold a few dozen), one more counts as true
      // everywhere: the package is then taken as needed on every Python, the safe side.
      if (markerCache.size >= MAX_DISTINCT_MARKERS) return ALL_MINORS;
      mask = markerMinors(marker, comparisons, conflicts);
      markerCache.set(marker, mask);
    }
    return mask;
  };

  const tagCache = new Map<string, WheelMinors>();
  const addWheel = (node: LockNode | undefined, file: string) => {
    if (!node) return;
    // Only the tags tell minors apart; many wheels share them, so each set is worked out once.
    let dash = file.length;
    for (let i = 0; i < 3 && dash > 0; i++) dash = file.lastIndexOf('-', dash - 1);
    const tags = file.slice(dash + 1);
    let minors = tagCache.get(tags);
    if (minors === undefined) {
      minors = wheelMinors(file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
      if (tagCache.size < 10_000) tagCache.set(tags, minors);
    }
    node.x86_64 |= minors.x86_64;
    node.aarch64 |= minors.aarch64;
  };
  const element = (node: LockNode | undefined, array: LockArray | undefined, content: string) => {
    if (!node || array === 'other' || array === undefined) return;
    if (array === 'wheels') {
      for (const match of content.matchAll(WHEEL_FILE)) addWheel(node, match[1]!);
    } else if (array === 'forks') {
      for (const match of content.matchAll(STRING)) {
        node.forks = (node.forksRead ? node.forks : 0) | minorsOf(match[2]!);
        node.forksRead = true;
      }
    } else {
      for (const match of content.matchAll(INLINE_TABLE)) {
        const table = match[0];
        const name = NAME.exec(table)?.[1];
        if (!name) continue;
        const marker = MARKER.exec(table)?.[2];
        node.edges.push({ name: normalizeDistributionName(name), version: VERSION.exec(table)?.[1], minors: marker === undefined ? ALL_MINORS : minorsOf(marker) });
      }
    }
  };
  return { addWheel, element };
}

/**
 * The lock's declared conflicts, read from its top-level lines. Top-level keys come before every
 * table in TOML, so the conflicts are known before any marker is read; the first table header ends
 * them, and ends an array a hostile lock left open (the packages are read all the same).
 */
function conflictReader() {
  const sets: ConflictSets = new Map();
  let open: number | undefined;
  let topLevel = true;
  const take = (text: string, start: number, end: number): boolean => {
    if (!topLevel) return false;
    if (text.charCodeAt(start) === 91 /* [ */) {
      topLevel = false;
      return false;
    }
    if (open === undefined && !CONFLICTS_KEY.test(text.slice(start, Math.min(end, start + 20)))) return false;
    open = readConflictLine(text.slice(start, end), sets, open);
    return true;
  };
  return { sets, take };
}

/**
 * One line of the lock's `conflicts = [[ {...}, {...} ], [ ... ]]` (uv writes an item a line, and
 * `], [` between sets): its items entered into `conflicts` under the set they belong to. Returns the
 * set the next line continues, or undefined once the array ends. The sets are bounded (at most
 * MAX_CONFLICT_ITEMS items are kept), so a hostile lock cannot make marker reading slow.
 */
function readConflictLine(line: string, conflicts: ConflictSets, current: number | undefined): number | undefined {
  let set = current ?? 0;
  const text = current === undefined ? line.slice(line.indexOf('=') + 1) : line;
  for (const match of text.matchAll(CONFLICT_TOKEN)) {
    if (match[0] === '],') set++;
    else if (match[0] === ']]') return undefined;
    else if (conflicts.size < MAX_CONFLICT_ITEMS) {
      const table = match[0];
      const pkg = CONFLICT_PACKAGE.exec(table)?.[1];
      if (!pkg) continue;
      const extra = CONFLICT_EXTRA.exec(table)?.[1];
      const group = CONFLICT_GROUP.exec(table)?.[1];
      const name = conflictItemName(normalizeDistributionName(pkg), {
        extra: extra === undefined ? undefined : normalizeDistributionName(extra),
        group: group === undefined ? undefined : normalizeDistributionName(group),
      });
      const sets = conflicts.get(name) ?? [];
      if (!sets.includes(set)) sets.push(set);
      conflicts.set(name, sets);
    }
  }
  return set;
}

const MAX_CONFLICT_ITEMS = 1_000;
const CONFLICTS_KEY = /^conflicts\s*=/;
const CONFLICT_TOKEN = /\{[^{}]*\}|\],|\]\]/g;
const CONFLICT_PACKAGE = /\bpackage\s*=\s*"([^"]*)"/;
const CONFLICT_EXTRA = /\bextra\s*=\s*"([^"]*)"/;
const CONFLICT_GROUP = /\bgroup\s*=\s*"([^"]*)"/;

interface LockNode {
  name: string;
  version?: string;
  line: number;
  /** Minors with a wheel, per architecture (wheel-tags.ts). */
  x86_64: number;
  aarch64: number;
  /** Minors its resolution-markers allow (all without any). */
  forks: number;
  forksRead?: true;
  project?: true;
  edges: { name: string; version?: string; minors: number }[];
}

/** Bounds the work spent on markers, whatever the lock holds. */
const MAX_DISTINCT_MARKERS = 2_000;

const KEY = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/;
const STRING = /(["'])(.*?)\1/g;
const ONE_STRING = /(["'])(.*?)\1/;
const PROJECT_SOURCE = /^\{\s*(?:editable|virtual|directory)\s*=/;
const WHEEL_FILE = /\b(?:url|path|filename)\s*=\s*"([^"]*\.whl)"/g;
const INLINE_TABLE = /\{[^{}]*\}/g;
const NAME = /\bname\s*=\s*"([^"]*)"/;
const VERSION = /\bversion\s*=\s*"([^"]*)"/;
const MARKER = /\bmarker\s*=\s*(["'])(.*?)\1/;

function summarize(nodes: LockNode[], work?: LockScanWork): LockWheelFacts {
  // Where each package is installed: from the packages no edge leads to (the projects), along
  // the edges, narrowed by each edge's marker and each package's forks. A need only grows, by at
  // most MINOR_BITS bits, so a package is revisited at most that many times.
  // The graph: one vertex per package, and one per name standing for all its entries (an edge
  // without a version reaches every entry of the name through it, so duplicates cost no more).
  const nameVertex = new Map<string, number>();
  const byVersion = new Map<string, number>();
  const out: { to: number; minors: number }[][] = nodes.map(() => []);
  const forks: number[] = nodes.map((n) => n.forks);
  for (let index = 0; index < nodes.length; index++) {
    const n = nodes[index]!;
    let vertex = nameVertex.get(n.name);
    if (vertex === undefined) {
      vertex = out.length;
      nameVertex.set(n.name, vertex);
      out.push([]);
      forks.push(ALL_MINORS);
    }
    out[vertex]!.push({ to: index, minors: ALL_MINORS });
    if (n.version !== undefined) byVersion.set(`${n.name} ${n.version}`, index);
  }
  const reached = new Uint8Array(out.length);
  for (let index = 0; index < nodes.length; index++) {
    const n = nodes[index]!;
    for (const e of n.edges) {
      // An edge names the version when the lock holds several of the package (one per fork).
      const to = (e.version !== undefined ? byVersion.get(`${e.name} ${e.version}`) : undefined) ?? nameVertex.get(e.name);
      if (to === undefined) continue;
      out[index]!.push({ to, minors: e.minors });
      reached[to] = 1;
    }
  }
  for (let vertex = nodes.length; vertex < out.length; vertex++) if (reached[vertex]) for (const entry of out[vertex]!) reached[entry.to] = 1;
  const need = new Array<number>(out.length).fill(0);
  const queue: number[] = [];
  for (let index = 0; index < nodes.length; index++) {
    const n = nodes[index]!;
    if (reached[index] && !n.project) continue;
    need[index] = n.forks;
    queue.push(index);
  }
  while (queue.length > 0) {
    const from = queue.pop()!;
    for (const edge of out[from]!) {
      if (work) work.edgeVisits++;
      const grown = need[edge.to]! | (need[from]! & edge.minors & forks[edge.to]!);
      if (grown !== need[edge.to]) {
        need[edge.to] = grown;
        queue.push(edge.to);
      }
    }
  }

  const counts = new Array<number>(MINOR_BITS).fill(0);
  const firsts = new Array<LockNode | undefined>(MINOR_BITS);
  for (let index = 0; index < nodes.length; index++) {
    const n = nodes[index]!;
    const lacking = ((n.x86_64 ? ALL_MINORS & ~n.x86_64 : 0) | (n.aarch64 ? ALL_MINORS & ~n.aarch64 : 0)) & need[index]!;
    if (lacking === 0) continue;
    for (let minor = 0; minor < MINOR_BITS; minor++) {
      if (!(lacking & (2 ** minor))) continue;
      counts[minor]!++;
      firsts[minor] ??= n;
    }
  }
  const lacking: LockWheelGap[] = [];
  for (let minor = 0; minor < MINOR_BITS; minor++) {
    const first = firsts[minor];
    if (first) lacking.push({ minor: `3.${minor}`, count: counts[minor]!, first: { name: first.name, ...(first.version ? { version: first.version } : {}), line: first.line } });
  }
  return { packages: nodes.length, lacking };
}
