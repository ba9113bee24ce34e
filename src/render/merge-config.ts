import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type FormattingOptions, type JSONPath, type Node } from 'jsonc-parser';
import type { ExistingConfig } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Json } from './jsonc.js';

/**
 * How each property the plan manages is merged into a devcontainer.json the user owns. One rule
 * per property, all in this table; every other property is never touched. The file is edited in
 * place, one path at a time (jsonc-parser modify + applyEdits): comments, order and formatting
 * stay the user's.
 */
export type MergeRule =
  /** Added when absent; a value the user set is theirs, without comment. */
  | 'add-if-absent'
  /** A value the user set is kept unless --force; absent, ours is added. */
  | 'keep-user-scalar'
  /** Key by key, each with keep-user-scalar. */
  | 'merge-map'
  /** Our items are added after the user's, without duplicates. */
  | 'union-list'
  /** One mount per target: ours replaces a mount at the same target; all others stay. */
  | 'mounts-by-target'
  /** The user's command is kept, and ours runs beside it (the object form of lifecycle commands). */
  | 'combine-command'
  /** The image moves into the Dockerfile as its base; build points at the Dockerfile. */
  | 'build-from-dockerfile';

export const MERGE_RULES: Readonly<Record<string, MergeRule>> = {
  name: 'add-if-absent',
  build: 'build-from-dockerfile',
  mounts: 'mounts-by-target',
  runArgs: 'union-list',
  remoteUser: 'keep-user-scalar',
  containerEnv: 'merge-map',
  remoteEnv: 'merge-map',
  onCreateCommand: 'combine-command',
  updateContentCommand: 'combine-command',
  postCreateCommand: 'combine-command',
  'customizations.vscode.extensions': 'union-list',
  'customizations.vscode.settings': 'merge-map',
};

/** The key our command gets in a lifecycle object, and the key the user's own command moves to. */
export const OUR_COMMAND_KEY = 'gen-devcontainer';
export const THEIR_COMMAND_KEY = 'project';

export interface MergeResult {
  text: string;
  notes: Diagnostic[];
}

/** Merges the plan's properties into the user's devcontainer.json text. Pure; running it twice changes nothing more. */
export function mergeConfig(existing: ExistingConfig, desired: Record<string, Json>, force: boolean): MergeResult {
  const merger = new Merger(existing.text, existing.file, force);
  for (const [key, value] of Object.entries(desired)) {
    if (key === 'customizations') {
      const vscode = (value as { vscode: { extensions: Json[]; settings: Record<string, Json> } }).vscode;
      merger.apply(['customizations', 'vscode', 'extensions'], vscode.extensions);
      merger.apply(['customizations', 'vscode', 'settings'], vscode.settings);
    } else merger.apply([key], value, existing);
  }
  return { text: merger.text, notes: merger.notes };
}

class Merger {
  readonly notes: Diagnostic[] = [];
  private readonly formatting: FormattingOptions;

  constructor(
    public text: string,
    private readonly file: string,
    private readonly force: boolean,
  ) {
    this.formatting = detectFormatting(text);
  }

  apply(path: JSONPath, ours: Json, existing?: ExistingConfig): void {
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
      case 'union-list': {
        if (current !== undefined && !Array.isArray(current)) return this.scalar(path, current, ours);
        const have = (current as Json[] | undefined) ?? [];
        if (!have.length && current === undefined) return this.set(path, ours);
        for (const item of ours as Json[]) if (!have.some((h) => equal(h, item))) this.set([...path, this.lengthAt(path)], item, true);
        return;
      }
      case 'mounts-by-target':
        return this.mounts(path, current, ours as Json[]);
      case 'combine-command':
        return this.command(path, current, ours);
      case 'build-from-dockerfile':
        return this.build(path, current, ours, existing);
    }
  }

  private scalar(path: JSONPath, current: Json | undefined, ours: Json): void {
    if (current === undefined) return this.set(path, ours);
    if (equal(current, ours)) return;
    const where = path.join('.');
    if (this.force) {
      this.set(path, ours);
      this.note('info', 'replaced-user-value', `${where}: replaced ${JSON.stringify(current)} with ${JSON.stringify(ours)} (--force)`);
    } else {
      this.note('warning', 'kept-user-value', `${where} is ${JSON.stringify(current)}; the plan wants ${JSON.stringify(ours)}. Yours is kept`, 'the in-container check will say whether it still works; --force replaces it');
    }
  }

  private mounts(path: JSONPath, current: Json | undefined, ours: Json[]): void {
    if (current === undefined) return this.set(path, ours);
    if (!Array.isArray(current)) return this.scalar(path, current, ours);
    for (const mount of ours) {
      const target = mountTarget(mount);
      const index = current.findIndex((m) => mountTarget(m) === target);
      if (index === -1) this.set([...path, this.lengthAt(path)], mount, true);
      else if (!equal(current[index]!, mount)) {
        this.set([...path, index], mount);
        this.note('info', 'replaced-mount', `mounts: the mount at ${target} now holds the uv volume; it was ${JSON.stringify(current[index])}`);
      }
    }
  }

  private command(path: JSONPath, current: Json | undefined, ours: Json): void {
    if (current === undefined || equal(current, ours)) return current === undefined ? this.set(path, ours) : undefined;
    if (isObject(current)) {
      if (!equal(current[OUR_COMMAND_KEY], ours)) this.set([...path, OUR_COMMAND_KEY], ours);
      return;
    }
    // The object form runs its commands in parallel; both are kept, neither waits for the other.
    this.set(path, { [THEIR_COMMAND_KEY]: current, [OUR_COMMAND_KEY]: ours });
    this.note('info', 'combined-command', `${path.join('.')}: your command is kept as "${THEIR_COMMAND_KEY}" and runs beside "${OUR_COMMAND_KEY}"`);
  }

  private build(path: JSONPath, current: Json | undefined, ours: Json, existing: ExistingConfig | undefined): void {
    const kind = existing?.kind;
    if (kind === 'dockerfile') return; // Their Dockerfile stays theirs; the uv set-up is a block inside it.
    if (kind === 'image') {
      this.remove(['image']);
      this.note('info', 'image-to-dockerfile', `image ${JSON.stringify(existing!.image)} is now the base image of the Dockerfile, which "build" names`);
    }
    if (current === undefined || !equal((current as Record<string, Json>).dockerfile, (ours as Record<string, Json>).dockerfile)) {
      this.set(path, ours);
    }
  }

  private valueAt(path: JSONPath): Json | undefined {
    const node = this.nodeAt(path);
    return node ? (getNodeValue(node) as Json) : undefined;
  }

  private nodeAt(path: JSONPath): Node | undefined {
    const root = parseTree(this.text);
    return root ? findNodeAtLocation(root, path) : undefined;
  }

  private lengthAt(path: JSONPath): number {
    return this.nodeAt(path)?.children?.length ?? 0;
  }

  private set(path: JSONPath, value: Json, isArrayInsertion = false): void {
    this.text = applyEdits(this.text, modify(this.text, path, value, { formattingOptions: this.formatting, isArrayInsertion }));
  }

  private remove(path: JSONPath): void {
    this.text = applyEdits(this.text, modify(this.text, path, undefined, { formattingOptions: this.formatting }));
  }

  private note(level: Diagnostic['level'], code: string, message: string, hint?: string): void {
    this.notes.push({ level, code, message, file: this.file, ...(hint ? { hint } : {}) });
  }
}

/** The target of a mount in either form the spec allows: an object, or "type=volume,source=x,target=/y". */
export function mountTarget(mount: Json): string | undefined {
  if (isObject(mount)) return typeof mount.target === 'string' ? mount.target : undefined;
  if (typeof mount !== 'string') return undefined;
  for (const part of mount.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (key && ['target', 'destination', 'dst'].includes(key)) return value;
  }
  return undefined;
}

/** Indentation as the file already has it: tabs, or the width of the first indented line. */
function detectFormatting(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality in which the order of an object's keys does not count. */
function equal(a: Json | undefined, b: Json | undefined): boolean {
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
