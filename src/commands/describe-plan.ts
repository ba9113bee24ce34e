import type { PlannedDirectory } from '../plan/types.js';
import { projectLabel } from '../render/header.js';
import { commentText, shellCommand } from '../render/quote.js';
import { actionShell, lifecycleCommand, lifecycleRuns } from '../targets/devcontainer/lifecycle-script.js';
import type { Plan } from '../targets/types.js';
import { wrapWords } from '../text.js';

/**
 * The plan for people. It walks the plan itself: every object in it that carries a `reason` is
 * printed with its value and source, one section per top-level key, in the plan's own order. Nothing
 * here lists the decisions, so one added to the plan later is printed without a change here.
 * A few sections have a better picture than the generic one (the folder table, the lifecycle steps
 * with their shell); whatever such a picture does not show still falls to the walk.
 */
export function describePlan(plan: Plan): string {
  const out = new Output();
  out.line(`Plan for ${projectLabel(plan)}`);
  // The core plan's sections, then the dev container's own (plan.devcontainer), each as a section.
  const { devcontainer, ...core } = plan;
  for (const [key, value] of [...Object.entries(core), ...Object.entries(devcontainer)]) {
    const title = TITLES[key] ?? words(key);
    const presenter = PRESENTERS[key];
    const shown = new Set<object>();
    if (presenter) {
      out.line('');
      out.line(title);
      presenter(value, plan, out, (node) => shown.add(node));
    }
    const entries = walk(value, title, 0, shown);
    if (entries.length === 0) continue;
    // A presented section has its title already: the walk adds only what the picture left out.
    if (presenter) entries.shift();
    else out.line('');
    out.entries(entries);
  }
  // Values come from the repository: no control character reaches the terminal.
  return `${out.text().map(commentText).join('\n')}\n`;
}

/** Where a line starts to wrap: long enough for most reasons to take two or three lines. */
const WIDTH = 100;

const TITLES: Record<string, string> = {
  baseImage: 'Image',
  directories: 'Folders on the volume',
  env: 'Settings (containerEnv)',
  pathPrepend: 'PATH',
  steps: 'Steps (run by every target its own way)',
  lifecycle: 'After the container is created',
  outputs: 'Files',
  readOnlyRoot: 'Read-only root',
  uv: 'uv',
};

/** `readOnlyRoot` -> `Read only root`: a title for a section nobody named. */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** One line of the generic walk: a label, what was decided, and why (when this node says why). */
interface Entry {
  depth: number;
  label: string;
  text: string;
  reason?: string;
}

type Presenter = (value: unknown, plan: Plan, out: Output, shown: (node: object) => void) => void;

/** Sections drawn as pictures. Each marks what it showed; the walk prints the rest. */
const PRESENTERS: Record<string, Presenter> = {
  // The folder table: each folder on the volume, the variables set to it, and why it is there.
  directories(value, _plan, out, shown) {
    const directories = value as PlannedDirectory[];
    const width = Math.max(...directories.map((d) => d.path.length));
    for (const dir of directories) {
      out.line(`  ${dir.path.padEnd(width)}  ${dir.variables.join(', ')}`.trimEnd());
      out.reason(dir.reason, width + 4, dir.path);
      shown(dir);
    }
  },
  // Each step as devcontainer.json runs it, why, and the shell the lifecycle script runs for it.
  lifecycle(value, plan, out, shown) {
    for (const [i, step] of lifecycleRuns(plan).entries()) {
      out.line(`  ${step.property}: ${shellCommand(lifecycleCommand(plan, step))}`);
      out.reason(step.reason, 4, step.property);
      for (const line of actionShell(step.action, plan.devcontainer.outputs.checkScript.file)) out.line(`      | ${line}`);
      shown((value as object[])[i]!);
    }
  },
};

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);
/** A value printed inline: a scalar, or a list of scalars. */
const isInline = (value: unknown) => isScalar(value) || (Array.isArray(value) && value.every(isScalar));
const ownReason = (node: unknown, shown: Set<object>): node is Json & { reason: string } => isRecord(node) && typeof node.reason === 'string' && !shown.has(node);

/** Whether anything at or under this node still has a reason to print. */
function hasReason(node: unknown, shown: Set<object>): boolean {
  if (Array.isArray(node)) return node.some((child) => hasReason(child, shown));
  if (!isRecord(node)) return false;
  return ownReason(node, shown) || Object.values(node).some((child) => hasReason(child, shown));
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? value.map(String).join(', ') : '(none)';
  return String(value);
}

/** An item of a list is called by its first text field (`name`, `path`, `property`...), or by its number. */
function itemLabel(item: unknown, index: number): { label: string; key?: string } {
  if (isRecord(item)) {
    const key = Object.keys(item).find((k) => k !== 'reason' && k !== 'source' && k !== 'value' && typeof item[k] === 'string');
    if (key) return { label: item[key] as string, key };
  }
  return { label: `#${index + 1}` };
}

/** The plain facts beside a node, `key: value; ...`: what a decision without a `value` decided. */
function facts(node: Json, skip?: string): string {
  return Object.entries(node)
    .filter(([key, value]) => key !== 'reason' && key !== 'source' && key !== 'value' && key !== skip && isInline(value))
    .map(([key, value]) => `${key}: ${inline(value)}`)
    .join('; ');
}

/** The value, where it came from; or, for a decision without a value, the facts beside its reason. */
function decided(node: Json, skip?: string): string {
  const what = !('value' in node) ? facts(node, skip) : isInline(node.value) ? inline(node.value) : JSON.stringify(node.value);
  return typeof node.source === 'string' ? `${what}  (${node.source})`.trimStart() : what;
}

/**
 * Every node with a reason not yet shown, depth first, each before what it holds. A node without a
 * reason of its own is a heading line (with its plain facts) when something under it has one.
 */
function walk(node: unknown, label: string, depth: number, shown: Set<object>, skip?: string): Entry[] {
  if (!hasReason(node, shown)) return [];
  if (Array.isArray(node)) {
    return [
      { depth, label, text: '' },
      ...node.flatMap((item, i) => {
        const { label: name, key } = itemLabel(item, i);
        return walk(item, name, depth + 1, shown, key);
      }),
    ];
  }
  const record = node as Json;
  const own = ownReason(record, shown);
  const entry: Entry = { depth, label, text: own ? decided(record, skip) : facts(record, skip), ...(own ? { reason: record.reason as string } : {}) };
  // Plain values are on the entry's line; what holds more is walked (and printed if a reason is in it).
  const inner = Object.entries(record).filter(([, value]) => !isInline(value));
  return [entry, ...inner.flatMap(([key, value]) => walk(value, key, depth + 1, shown))];
}

/** The lines being written. A reason given twice (a folder's, then its variable's) is printed once. */
class Output {
  private readonly lines: string[] = [];
  /** Each reason printed so far, and the label it was printed under. */
  private readonly printed = new Map<string, string>();

  line(text: string): void {
    this.lines.push(text);
  }

  /** A reason under its line, wrapped at WIDTH and indented; printed once, then pointed to. */
  reason(reason: string, indent: number, label: string): void {
    const text = commentText(reason).replace(/\s+/g, ' ').trim();
    const pad = ' '.repeat(indent);
    const first = this.printed.get(text);
    if (first !== undefined) {
      this.lines.push(`${pad}(as for ${first}, above)`);
      return;
    }
    this.printed.set(text, label);
    for (const line of wrapWords(text ? text.split(' ') : [], Math.max(WIDTH - indent, 40))) this.lines.push(`${pad}${line}`);
  }

  /** A section drawn by the walk: labels in a column (indented by depth), value beside, reason below. */
  entries(entries: Entry[]): void {
    const labelled = (e: Entry) => `${'  '.repeat(e.depth)}${e.label}`;
    // The column fits the labels that have something beside them; a very long one pushes only its own value.
    const width = Math.min(Math.max(10, ...entries.filter((e) => e.text || e.reason).map((e) => labelled(e).length)), 28);
    for (const entry of entries) {
      const label = labelled(entry);
      // A long value (the folders of a monorepo's projects) wraps under itself, as a reason does.
      const [first = '', ...rest] = wrapWords(entry.text ? entry.text.split(' ') : [], Math.max(WIDTH - width - 2, 40));
      this.lines.push(entry.text ? `${label.padEnd(width)}  ${first}` : label);
      for (const line of rest) this.lines.push(`${' '.repeat(width + 2)}${line}`);
      if (entry.reason !== undefined) this.reason(entry.reason, width + 2, entry.label);
    }
  }

  text(): string[] {
    return this.lines;
  }
}
