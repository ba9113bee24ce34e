import type { FormattingOptions, JSONPath, Node } from 'jsonc-parser';
import type { ExistingConfig } from '../../analyze/facts.js';
import { parseDevcontainerMount, runArgMounts } from '../../analyze/uv-settings-elsewhere.js';
import type { Diagnostic, DiagnosticCode } from '../../diagnostics.js';
import { jsonc } from '../../lazy.js';
import { containerPath } from '../../plan/names.js';
import type { Json } from '../../render/jsonc.js';
import { lineColumn } from '../../text.js';
import { equal, isObject, JsoncEditor } from './jsonc-edit.js';
import { sameWorkspaceValue } from './workspace-mount.js';

/**
 * How each property the plan manages is merged into a devcontainer.json the user owns. One rule
 * per property, all in this table; every other property is never touched. The file is edited in
 * place, one path at a time, each value with the smallest edit that gives it its new content
 * (jsonc-edit.ts): comments, order and formatting stay the user's.
 */
export type MergeRule =
  /** Added when absent; a value the user set is theirs, without comment. */
  | 'add-if-absent'
  /** A value the user set is kept unless --force; absent, ours is added. */
  | 'keep-user-scalar'
  /** Key by key, each with keep-user-scalar. */
  | 'merge-map'
  /**
   * Our items are added after the user's, without duplicates. The ones this tool added are recorded,
   * and a later run that no longer wants one removes it while it is still there; the user's items,
   * ours among them when they listed it first, are never touched.
   */
  | 'owned-union'
  /**
   * Editor settings, key by key (a `"[python]"` block's keys too): added when absent; one the user
   * set is theirs, kept even with --force, with a note when it differs (only the interpreter, which
   * decides whether the editor finds the environment at all, is keep-user-scalar). Recorded, updated
   * and removed as keep-user-scalar values are, but only those this tool wrote.
   */
  | 'editor-settings'
  /** One mount per target: ours replaces a mount at the same target; all others stay. */
  | 'mounts-by-target'
  /** The user's command is kept, and runs after ours (`sh <lifecycle script> <step> -- <theirs>`). */
  | 'run-before-command'
  /** The image moves into the Dockerfile as its base; build points at the Dockerfile. */
  | 'build-from-dockerfile'
  /** Our docker run arguments are added unless the user's already do the same (one tmpfs per path). */
  | 'run-args'
  /** Our compose override is listed last, after the user's files (a single name becomes a list). */
  | 'compose-files';

export const MERGE_RULES: Readonly<Record<string, MergeRule>> = {
  name: 'add-if-absent',
  build: 'build-from-dockerfile',
  mounts: 'mounts-by-target',
  runArgs: 'run-args',
  // Together, as the spec requires: the plan's pair replaces a user's only with --force (keepWorkspacePairWhole).
  workspaceMount: 'keep-user-scalar',
  workspaceFolder: 'keep-user-scalar',
  dockerComposeFile: 'compose-files',
  remoteUser: 'keep-user-scalar',
  containerEnv: 'merge-map',
  onCreateCommand: 'run-before-command',
  updateContentCommand: 'run-before-command',
  postCreateCommand: 'run-before-command',
  'customizations.vscode.extensions': 'owned-union',
  'customizations.vscode.settings': 'editor-settings',
};

/** Editor settings a user's value of which --force replaces: the one that decides where the environment is. */
const FORCEABLE_SETTINGS: ReadonlySet<string> = new Set(['python.defaultInterpreterPath']);

/**
 * The settings as paths below `settings`, one level into a language block (`"[python]"`: VS Code's
 * settings for one language, an object of its own).
 */
function settingPaths(settings: Record<string, Json>): [JSONPath, Json][] {
  return Object.entries(settings).flatMap(([key, value]): [JSONPath, Json][] =>
    isLanguageBlock(key) && isObject(value) ? Object.entries(value).map(([inner, v]): [JSONPath, Json] => [[key, inner], v]) : [[[key], value]],
  );
}

function isLanguageBlock(key: string): boolean {
  return key.startsWith('[') && key.endsWith(']');
}

/**
 * Values that say the same thing in other words: the plan already took the user's spelling for
 * its own (workspace-mount.ts), so the merge keeps it as written, with no warning.
 */
const SAME_VALUE: Readonly<Record<string, (theirs: string, ours: string) => boolean>> = {
  workspaceFolder: (theirs, ours) => sameWorkspaceValue('workspaceFolder', theirs, ours),
  workspaceMount: (theirs, ours) => sameWorkspaceValue('workspaceMount', theirs, ours),
};

/**
 * What a kept value of the user's means, for the properties where it matters, and what in the
 * container checks it: the hint of the warning. Only check lines that exist are named
 * (templates/check-uv-layout.sh); a value nothing checks says so. The variables that place uv's
 * folders never get here: the plan keeps them all (on the user's volume) or stops the run
 * (user-settings.ts; plan/user-uv-settings.ts).
 */
const KEPT_VALUE_HINTS: Readonly<Record<string, (current: Json, ours: Json) => string>> = {
  'containerEnv.UV_LINK_MODE': (current) =>
    `uv links in mode ${JSON.stringify(current)}: the in-container check's "link mode" line fails on copy or symlink, and its "packages" line counts the files uv copied; --force replaces it`,
  'containerEnv.UV_PYTHON_PREFERENCE': (_current, ours) =>
    `it decides which Python the environment is built on; nothing in the in-container check looks at it. Set it to ${JSON.stringify(ours)} or remove it, or run with --force to replace it`,
  'customizations.vscode.settings.python.defaultInterpreterPath': (current, ours) =>
    `the environment is ${String(ours).replace(/\/bin\/python$/, '')}, on the volume, and no .venv is made in the workspace: the editor would look for ${JSON.stringify(current)}, find another interpreter or none, and show the project's imports as missing. Nothing in the container checks editor settings. Set it to ${JSON.stringify(ours)} or remove it, or run with --force to replace it`,
};

/**
 * The key an earlier version gave its command in a lifecycle object, beside the user's under
 * "project". The object form runs its commands in parallel, so such a pair is taken apart again.
 */
const OLD_OUR_COMMAND_KEY = 'gen-devcontainer';

export interface MergeResult {
  text: string;
  notes: Diagnostic[];
  /**
   * The values the plan now holds in the file, by JSON path (JSON.stringify of the path array).
   * Recorded in the manifest, so that the next run knows them for its own and replaces them
   * freely when the plan changes, instead of keeping them as if the user had written them.
   */
  owned: Record<string, Json>;
}

/** How a JSON path is written as a key of `owned` (keys may hold dots, so not a.b.c). */
export function pathKey(path: JSONPath): string {
  return JSON.stringify(path);
}

/** Merges the plan's properties into the user's devcontainer.json text. Pure; running it twice changes nothing more. */
export function mergeConfig(
  existing: ExistingConfig,
  desired: Record<string, Json>,
  force: boolean,
  previous: Readonly<Record<string, Json>> = {},
  replaceImage?: { image: string; reason: string },
  /** The user's values --force takes out (remoteEnv that would outrank the plan's containerEnv): the plan's decision, applied only with --force. */
  removeWhenForced: readonly JSONPath[] = [],
): MergeResult {
  const merger = new Merger(existing.text, existing.file, force, previous, replaceImage);
  merger.keepWorkspacePairWhole(desired);
  for (const [key, value] of Object.entries(desired)) {
    if (key === 'customizations') {
      const vscode = (value as { vscode: { extensions: Json[]; settings: Record<string, Json> } }).vscode;
      if (!merger.isObjectOrAbsent(['customizations']) || !merger.isObjectOrAbsent(['customizations', 'vscode'])) {
        merger.keptNote('customizations.vscode', 'it is not an object, so the extension and interpreter settings are not added');
        continue;
      }
      merger.apply(['customizations', 'vscode', 'extensions'], vscode.extensions);
      merger.apply(['customizations', 'vscode', 'settings'], vscode.settings);
    } else merger.apply([key], value);
  }
  merger.removeStale();
  if (force) for (const path of removeWhenForced) merger.removeUserValue(path);
  return { text: merger.text, notes: merger.notes, owned: merger.owned };
}

/**
 * What a merge records as the tool's when the file is exactly what the tool generates: the
 * manifest's values for a generated devcontainer.json, from the rules table without parsing the
 * text (a test checks it against a real merge into the generated file, for every example).
 */
export function ownedValues(desired: Record<string, Json>): Record<string, Json> {
  const owned: Record<string, Json> = {};
  const visit = (path: JSONPath, value: Json) => {
    switch (MERGE_RULES[path.join('.')]) {
      case 'keep-user-scalar':
      case 'mounts-by-target':
      case 'run-before-command':
      case 'run-args':
        owned[pathKey(path)] = value;
        return;
      case 'merge-map':
        for (const [key, item] of Object.entries(value as Record<string, Json>)) owned[pathKey([...path, key])] = item;
        return;
      case 'editor-settings':
        for (const [below, item] of settingPaths(value as Record<string, Json>)) owned[pathKey([...path, ...below])] = item;
        return;
      case 'owned-union':
        owned[pathKey(path)] = value;
        return;
      default:
        return; // added once, or the user's (name, build, compose files)
    }
  };
  for (const [key, value] of Object.entries(desired)) {
    if (key !== 'customizations') visit([key], value);
    else {
      const vscode = (value as { vscode: { extensions: Json[]; settings: Record<string, Json> } }).vscode;
      visit(['customizations', 'vscode', 'extensions'], vscode.extensions);
      visit(['customizations', 'vscode', 'settings'], vscode.settings);
    }
  }
  return owned;
}

class Merger {
  readonly notes: Diagnostic[] = [];
  readonly owned: Record<string, Json> = {};
  private readonly doc: JsoncEditor;

  constructor(
    text: string,
    private readonly file: string,
    private readonly force: boolean,
    private readonly previous: Readonly<Record<string, Json>>,
    /** The plan's decision that the user's `image` gives way to `build`. */
    private readonly replaceImage?: { image: string; reason: string },
  ) {
    this.doc = new JsoncEditor(text, detectFormatting(text));
    this.original = text;
  }

  get text(): string {
    return this.doc.text;
  }

  private readonly original: string;

  apply(path: JSONPath, ours: Json): void {
    const rule = MERGE_RULES[path.join('.')];
    if (!rule) throw new Error(`no merge rule for ${path.join('.')}`);
    const current = this.valueAt(path);
    switch (rule) {
      case 'add-if-absent':
        return current === undefined ? this.set(path, ours) : undefined;
      case 'keep-user-scalar':
        return this.scalar(path, current, ours);
      case 'merge-map':
        if (current !== undefined && !isObject(current)) return this.scalar(path, current, ours);
        for (const [key, value] of Object.entries(ours as Record<string, Json>)) this.scalar([...path, key], (current as Record<string, Json> | undefined)?.[key], value);
        return;
      case 'owned-union':
        return this.ownedUnion(path, current, ours as Json[]);
      case 'editor-settings':
        if (current !== undefined && !isObject(current)) return this.keptNote(path.join('.'), 'it is not an object, so the editor settings are not added');
        for (const [below, value] of settingPaths(ours as Record<string, Json>)) this.setting([...path, ...below], value);
        return;
      case 'mounts-by-target':
        return this.mounts(path, current, ours as Json[]);
      case 'run-before-command':
        return this.command(path, current, ours as string[]);
      case 'build-from-dockerfile':
        return this.build(path, current, ours, this.replaceImage);
      case 'compose-files': {
        const list = current === undefined ? [] : Array.isArray(current) ? current : [current];
        if (!list.some((f) => equal(f, ours))) return this.set(path, [...list, ours]);
        // Listed already; it must stay last, or the user's files would override it: moved, not
        // the list rewritten (the user's files and comments stay where they are).
        if (equal(list.at(-1), ours) && list.filter((f) => equal(f, ours)).length === 1) return;
        for (let i = list.length - 1; i >= 0; i--) if (equal(list[i], ours)) this.remove([...path, i]);
        return this.set([...path, this.lengthAt(path)], ours);
      }
      case 'run-args': {
        if (current !== undefined && !Array.isArray(current)) return this.scalar(path, current, ours);
        // Written whole, by this run or an earlier one: ours to change, and to remove once unneeded.
        if (current === undefined || equal(current, ours) || this.wroteEarlier(path, current)) {
          if (!equal(current, ours)) this.set(path, ours);
          return this.own(path, ours);
        }
        const have = current.map(String);
        for (const arg of ours as string[]) {
          // One tmpfs per path, whichever spelling docker run is given it in.
          const tmpfsPath = tmpfsTargets([arg])[0];
          const present = have.includes(arg) || (tmpfsPath !== undefined && tmpfsTargets(have).includes(tmpfsPath));
          if (!present) this.set([...path, this.lengthAt(path)], arg);
        }
        return;
      }
    }
  }

  /**
   * The list's items this tool added (an earlier run's, still there, and this run's) are recorded;
   * an earlier run's item the plan no longer wants goes; every other item is the user's.
   */
  private ownedUnion(path: JSONPath, current: Json | undefined, ours: Json[]): void {
    if (current !== undefined && !Array.isArray(current)) {
      this.keptNote(path.join('.'), 'it is not a list, so nothing is added to it');
      return;
    }
    if (current === undefined) {
      if (ours.length > 0) this.set(path, ours);
      return this.own(path, [...ours]);
    }
    const earlier = this.previous[pathKey(path)];
    const added = Array.isArray(earlier) ? earlier : [];
    const list = current as Json[];
    for (let i = list.length - 1; i >= 0; i--) {
      const item = list[i]!;
      if (!added.some((a) => equal(a, item)) || ours.some((o) => equal(o, item))) continue;
      this.remove([...path, i]);
      this.note('info', 'removed-stale-value', `${path.join('.')}: removed ${JSON.stringify(item)}, which an earlier run added and the plan no longer needs`);
    }
    const owned: Json[] = [];
    for (const item of ours) {
      const present = (this.valueAt(path) as Json[]).some((h) => equal(h, item));
      if (!present) this.set([...path, this.lengthAt(path)], item);
      if (!present || added.some((a) => equal(a, item))) owned.push(item);
    }
    this.own(path, owned);
  }

  /**
   * One editor setting: the user's value is theirs (a different one noted, never replaced), one this
   * tool wrote and the user left is the plan's to update.
   */
  private setting(path: JSONPath, ours: Json): void {
    const key = path.slice(3);
    if (FORCEABLE_SETTINGS.has(String(key[0]))) return this.scalar(path, this.valueAt(path), ours);
    if (key.length > 1 && !this.isObjectOrAbsent(path.slice(0, -1))) {
      this.keptNote(path.slice(0, -1).join('.'), `it is not an object, so ${JSON.stringify(key.at(-1))} is not added to it`);
      return;
    }
    const current = this.valueAt(path);
    if (current === undefined || this.wroteEarlier(path, current)) {
      if (!equal(current, ours)) this.set(path, ours);
      return this.own(path, ours);
    }
    if (!equal(current, ours))
      this.note(
        'info',
        'kept-user-setting',
        `${path.join('.')} is ${JSON.stringify(current)}; the project's tools suggest ${JSON.stringify(ours)}. Yours is kept`,
        'remove yours to get the suggested value on the next run, or run with --no-editor-tools to leave editor settings alone',
        this.lineOf(path),
      );
  }

  /** True when the value at `path` is the one an earlier run wrote: the plan's to change. */
  private wroteEarlier(path: JSONPath, current: Json | undefined): boolean {
    const key = pathKey(path);
    return key in this.previous && equal(this.previous[key], current);
  }

  private own(path: JSONPath, value: Json): void {
    this.owned[pathKey(path)] = value;
  }

  private scalar(path: JSONPath, current: Json | undefined, ours: Json): void {
    const same = SAME_VALUE[path.join('.')];
    if (same && typeof current === 'string' && typeof ours === 'string' && current !== ours && same(current, ours)) return;
    if (current === undefined || equal(current, ours) || this.wroteEarlier(path, current)) {
      if (!equal(current, ours)) this.set(path, ours);
      return this.own(path, ours);
    }
    const where = path.join('.');
    if (this.force) {
      this.own(path, ours);
      this.set(path, ours);
      this.note('info', 'replaced-user-value', `${where}: replaced ${JSON.stringify(current)} with ${JSON.stringify(ours)} (--force)`);
    } else {
      const hint = KEPT_VALUE_HINTS[where]?.(current, ours) ?? 'nothing in the in-container check looks at this value; --force replaces it';
      this.note('warning', 'kept-user-value', `${where} is ${JSON.stringify(current)}; the plan wants ${JSON.stringify(ours)}. Yours is kept`, hint, this.lineOf(path));
    }
  }

  private mounts(path: JSONPath, current: Json | undefined, ours: Json[]): void {
    // The mounts this tool put there are recorded as a list: one an earlier run added that the
    // plan no longer wants (the target moved) goes; the user's stay.
    this.own(path, ours);
    if (current === undefined) return this.set(path, ours);
    if (!Array.isArray(current)) return this.scalar(path, current, ours);
    const earlier = this.previous[pathKey(path)];
    if (Array.isArray(earlier)) {
      const list: Json[] = current;
      for (let i = list.length - 1; i >= 0; i--) {
        const mount = list[i]!;
        if (earlier.some((m) => equal(m, mount)) && !ours.some((m) => equal(m, mount))) {
          this.remove([...path, i]);
          this.note('info', 'removed-stale-value', `mounts: removed ${JSON.stringify(mount)}, which an earlier run added and the plan no longer needs`);
        }
      }
      current = this.valueAt(path) as Json[];
    }
    for (const mount of ours) {
      // A mount of the user's inside ours, from this or any other channel, is refused by the planner (plan/mount-nesting.ts).
      const target = normalTarget(mount);
      const index = current.findIndex((m) => normalTarget(m) === target);
      if (index === -1) this.set([...path, this.lengthAt(path)], mount);
      else if (!equal(current[index]!, mount)) {
        this.set([...path, index], mount);
        this.note('info', 'replaced-mount', `mounts: the mount at ${target} now holds the uv volume; it was ${JSON.stringify(current[index])}`);
      }
    }
  }

  /**
   * Lifecycle commands. The Dev Container CLI runs the object form's commands in parallel (the
   * spec says so; the CLI awaits them with Promise.allSettled, src/spec-common/injectHeadless.ts), so a
   * user's command beside ours would race it (their onCreateCommand against the volume's
   * preparation, their updateContentCommand against uv sync). Theirs is kept, word for word, and
   * runs after ours instead: `["sh", SCRIPT, STEP, "--", ...their command]`. A string is run as the
   * CLI runs one (`/bin/sh -c`); an object has each of its commands wrapped, so the step runs once
   * per entry, side by side: harmless, since the steps are idempotent and uv serialises syncs of
   * one environment (three parallel `uv sync --frozen` of uv 0.13.9: one installed, two printed
   * "Checked 24 packages").
   */
  private command(path: JSONPath, current: Json | undefined, ours: string[]): void {
    // A value an earlier run wrote whole (an older version's inline command) is not the user's;
    // one that holds our step holds theirs beside it, if anything.
    const theirs = !holdsOurs(current, ours) && this.wroteEarlier(path, current) ? undefined : withoutOurs(current, ours);
    const wanted = runAfter(ours, theirs);
    if (!equal(current, wanted)) this.set(path, wanted);
    this.own(path, wanted);
    if (theirs !== undefined && !equal(current, wanted)) {
      this.note('info', 'combined-command', `${path.join('.')}: your command is kept and runs after ${shellWords(ours)}, once it has succeeded`);
    }
  }

  /** `build`, which the plan decided (a Dockerfile-based configuration's own `build` is not in `ours` at all). */
  private build(path: JSONPath, current: Json | undefined, ours: Json, replaceImage: { image: string; reason: string } | undefined): void {
    if (replaceImage && this.valueAt(['image']) !== undefined) {
      this.note('info', 'image-to-dockerfile', replaceImage.reason);
      // In the image's place, with its comments; with a `build` there already, the image just goes.
      if (current === undefined) return this.replaceMember(['image'], 'build', ours);
      this.remove(['image']);
    }
    if (!isObject(current) || !equal(current.dockerfile, (ours as Record<string, Json>).dockerfile)) {
      this.set(path, ours);
    }
  }

  /**
   * `workspaceMount` and `workspaceFolder` go together (the spec requires both). When the plan needs
   * a mount it decides both: a user's own value that differs was refused before rendering
   * (workspace-mount.ts), or is replaced here with --force. When it needs none and the user
   * changed one of a pair an earlier run wrote, the other stays with theirs: not removed as stale.
   */
  keepWorkspacePairWhole(desired: Record<string, Json>): void {
    if (desired.workspaceMount !== undefined) return;
    const theirs = (['workspaceMount', 'workspaceFolder'] as const).filter((key) => {
      const current = this.valueAt([key]);
      return current !== undefined && !equal(current, desired[key]) && !this.wroteEarlier([key], current);
    });
    if (theirs.length === 0) return;
    for (const key of ['workspaceMount', 'workspaceFolder'] as const) {
      const current = this.valueAt([key]);
      if (!theirs.includes(key) && current !== undefined) this.own([key], current);
    }
  }

  /** Takes one of the user's values out (the plan says which, and generate reports it), with its object when it was the only member. */
  removeUserValue(path: JSONPath): void {
    if (this.valueAt(path) === undefined) return;
    const parent = path.slice(0, -1);
    const siblings = parent.length > 0 ? this.valueAt(parent) : undefined;
    this.remove(this.onlyChild(parent, siblings) ? parent : path);
  }

  /**
   * Values an earlier run wrote that the plan no longer needs (remoteEnv.PATH, which uv's layout
   * turned out not to need, a dropped option's variable) are removed, while they still hold what
   * that run wrote; a value the user has since changed is theirs and stays.
   */
  removeStale(): void {
    for (const [key, value] of Object.entries(this.previous)) {
      if (key in this.owned) continue;
      let path: JSONPath;
      try {
        path = JSON.parse(key) as JSONPath;
      } catch {
        continue;
      }
      if (!Array.isArray(path) || path.length === 0 || this.owned[pathKey(path.slice(0, -1))] !== undefined) continue;
      if (!equal(this.valueAt(path), value)) continue;
      const parent = path.slice(0, -1);
      const siblings = parent.length > 0 ? this.valueAt(parent) : undefined;
      this.remove(this.onlyChild(parent, siblings) ? parent : path);
      this.note('info', 'removed-stale-value', `${path.join('.')}: removed ${JSON.stringify(value)}, which an earlier run wrote and the plan no longer needs`);
    }
  }

  /** True when the value goes with its object: the object holds nothing else, not even a comment of the user's. */
  private onlyChild(parent: JSONPath, siblings: Json | undefined): boolean {
    return parent.length > 0 && isObject(siblings) && Object.keys(siblings).length === 1 && !this.doc.holdsComment(parent);
  }

  isObjectOrAbsent(path: JSONPath): boolean {
    const value = this.valueAt(path);
    return value === undefined || isObject(value);
  }

  keptNote(where: string, why: string): void {
    this.note('warning', 'kept-user-value', `${where} is yours and is kept: ${why}`);
  }

  private valueAt(path: JSONPath): Json | undefined {
    return this.doc.valueAt(path);
  }

  private lengthAt(path: JSONPath): number {
    return this.doc.nodeAt(path)?.children?.length ?? 0;
  }

  private set(path: JSONPath, value: Json): void {
    this.doc.set(path, value);
  }

  private remove(path: JSONPath): void {
    this.doc.remove(path);
  }

  /**
   * Puts `value` where the member at `path` is, under `key`: the comments before and after it
   * stay around the member that takes its place (an `image` that gives way to `build`).
   */
  private replaceMember(path: JSONPath, key: string, value: Json): void {
    this.doc.set(path, value);
    this.doc.renameKey(path, key);
  }

  private note(level: Diagnostic['level'], code: DiagnosticCode, message: string, hint?: string, line?: number): void {
    this.notes.push({ level, code, message, file: this.file, ...(line ? { line } : {}), ...(hint ? { hint } : {}) });
  }

  /** The line of the value at `path` in the user's file as it was read (the diagnostic points there, not into the edited text). */
  private lineOf(path: JSONPath): number | undefined {
    this.originalTree ??= jsonc().parseTree(this.original) ?? null;
    const node = this.originalTree ? jsonc().findNodeAtLocation(this.originalTree, path) : undefined;
    return node ? lineColumn(this.original, node.offset).line : undefined;
  }

  private originalTree?: Node | null;
}

/** `["sh", SCRIPT, step, ...]`: our step (perhaps an earlier one), with or without a user's command after "--". */
function isOurCommand(value: Json | undefined, ours: readonly string[]): boolean {
  return Array.isArray(value) && value.length >= 3 && value[0] === ours[0] && value[1] === ours[1] && typeof value[2] === 'string';
}

/** True when a lifecycle value holds our step: itself, or in an entry of the object form (any version's). */
function holdsOurs(value: Json | undefined, ours: readonly string[]): boolean {
  if (isOurCommand(value, ours)) return true;
  return isObject(value) && (OLD_OUR_COMMAND_KEY in value || Object.values(value).some((command) => isOurCommand(command, ours)));
}

/** A lifecycle value with our step taken out: the user's own command, or undefined when there is none. */
function withoutOurs(value: Json | undefined, ours: readonly string[]): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) {
    // Ours, possibly with theirs after "--" (the step may have changed since: same script, any step).
    if (!isOurCommand(value, ours)) return value.length === 0 ? undefined : value;
    if (value[3] !== '--') return undefined;
    const rest = value.slice(4);
    if (rest.length === 3 && rest[0] === '/bin/sh' && rest[1] === '-c' && typeof rest[2] === 'string') return rest[2];
    return rest.length === 0 ? undefined : rest;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([key]) => key !== OLD_OUR_COMMAND_KEY);
    const kept = entries.map(([key, command]) => [key, withoutOurs(command, ours)] as const).filter(([, command]) => command !== undefined);
    if (kept.length === 0) return undefined;
    // The pair an earlier version made ({"project": theirs, "gen-devcontainer": ours}) is theirs alone again.
    if (OLD_OUR_COMMAND_KEY in value && kept.length === 1 && kept[0]![0] === 'project') return kept[0]![1] as Json;
    return Object.fromEntries(kept) as Json;
  }
  return value;
}

/** Our step, then the user's command once it has succeeded. */
function runAfter(ours: readonly string[], theirs: Json | undefined): Json {
  if (theirs === undefined) return [...ours];
  if (typeof theirs === 'string') return [...ours, '--', '/bin/sh', '-c', theirs];
  if (Array.isArray(theirs)) return [...ours, '--', ...theirs.map(String)];
  if (isObject(theirs)) return Object.fromEntries(Object.entries(theirs).map(([key, command]) => [key, runAfter(ours, command)]));
  return [...ours];
}

function shellWords(words: readonly string[]): string {
  return words.join(' ');
}

/** A mount's target as Docker sees it ("/opt/uv/" and "/opt//uv" are "/opt/uv"), read as the analyzer reads the user's mounts. */
/** The paths docker run arguments mount a tmpfs at, in any of their spellings. */
function tmpfsTargets(args: readonly string[]): string[] {
  return runArgMounts(args).flatMap((m) => (m.type === 'tmpfs' ? [containerPath(m.target)] : []));
}

function normalTarget(mount: Json): string | undefined {
  const target = parseDevcontainerMount(mount)?.target;
  return target === undefined ? undefined : containerPath(target);
}

/** Indentation as the file already has it: tabs, or the width of the first indented line. */
function detectFormatting(text: string): FormattingOptions {
  // The first indented line that starts a property or value, not a comment's continuation.
  const indent = /^([ \t]+)["{[\]}0-9tfn-]/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}
