/**
 * Who owns a file, in one place. The manifest (.devcontainer/gen-devcontainer.manifest.json)
 * records the hash of every file this tool wrote whole, and the devcontainer.json values it set in
 * a user's file. A file whose content still has its recorded hash is the tool's to regenerate;
 * any other file is the user's: edited in place around their content, given a block, or, when
 * it would be replaced whole, a conflict. The analyzer reads the manifest with `parseManifest`,
 * the planner and the writer ask `isUnchangedOutput`, the renderer writes it with `renderManifest`.
 */
import { createHash } from 'node:crypto';
import { OUTPUT_PATHS } from './outputs.js';

export const MANIFEST_FILE = OUTPUT_PATHS.manifest;

/**
 * The marker lines of the block this tool writes into a user's Dockerfile (templates/dockerfile-block.hbs
 * starts and ends with them): the renderer finds its block by them, and the analyzer leaves the lines
 * between them out, since what the tool wrote is not the user's Dockerfile. A line starting with one is one.
 */
export const DOCKERFILE_BLOCK_START = '# >>> gen-devcontainer';
export const DOCKERFILE_BLOCK_END = '# <<< gen-devcontainer <<<';

/** `generated`: written whole by this tool. `user`: the user's file, edited around their content. `record`: the manifest itself. */
export type Owner = 'generated' | 'user' | 'record';

export interface ManifestData {
  /** Repository-relative path -> sha256 of the content the generator wrote. */
  hashes: Record<string, string>;
  /** JSON path (a JSON array as key) -> the value this tool set there in the user's devcontainer.json. */
  managedValues: Record<string, unknown>;
  /** The plan options of the run that wrote it, as found (untrusted: plan/options.ts reads them), and the line of each by flag ('' for `"options"`). */
  options?: { value: unknown; lines: Record<string, number> };
  /** deploy/'s manifest: the production options of the run that wrote it, as found (untrusted: targets/production/remembered.ts reads them). */
  production?: unknown;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True when `text` is exactly what this tool wrote at `path`: the file is the tool's to regenerate. */
export function isUnchangedOutput(hashes: Readonly<Record<string, string>> | undefined, path: string, text: string): boolean {
  return hashes?.[path] === sha256(text);
}

/** Whether a run may write `content`'s file over `current`: always the user's own (edited around their text), ours only while unchanged. */
export function mayReplace(owner: Owner, hashes: Readonly<Record<string, string>>, path: string, current: string): boolean {
  return owner !== 'generated' || isUnchangedOutput(hashes, path, current);
}

/**
 * The manifest's data, from untrusted text: only plain relative paths (`isPlainPath`) with hex
 * hashes, and managed values under keys that are JSON arrays of path segments. Undefined when the
 * text is not JSON.
 */
export function parseManifest(text: string, isPlainPath: (path: string) => boolean): ManifestData | undefined {
  let json: { files?: unknown; managedValues?: unknown; options?: unknown; production?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return undefined;
  }
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(json)) return undefined;
  const hashes: Record<string, string> = {};
  for (const [file, hash] of Object.entries(isMap(json.files) ? json.files : {})) {
    if (typeof hash === 'string' && /^[a-f0-9]{64}$/.test(hash) && isPlainPath(file)) hashes[file] = hash;
  }
  const managedValues: Record<string, unknown> = {};
  if (typeof json.managedValues === 'object' && json.managedValues !== null && !Array.isArray(json.managedValues)) {
    for (const [key, value] of Object.entries(json.managedValues)) {
      try {
        const path = JSON.parse(key) as unknown;
        const plain = Array.isArray(path) && path.length <= MAX_JSON_DEPTH && path.every((p) => typeof p === 'string' || typeof p === 'number');
        if (plain && withinDepth(value, MAX_JSON_DEPTH)) managedValues[key] = value;
      } catch {
        // Not a path: ignored.
      }
    }
  }
  const data: ManifestData = { hashes, managedValues };
  if ('options' in json) data.options = { value: json.options, lines: optionLines(text) };
  if ('production' in json) data.production = json.production;
  return data;
}

/**
 * Where each recorded option is in the manifest's text, for a diagnostic: the line of `"options"`
 * (key ''), and of each `"flag":` after it, up to the object's end. The text is the one this tool
 * writes (one member a line); another layout only loses the line numbers.
 */
function optionLines(text: string): Record<string, number> {
  const lines: Record<string, number> = {};
  const all = text.split('\n');
  const start = all.findIndex((line) => /^\s*"options"\s*:/.test(line));
  if (start < 0) return lines;
  lines[''] = start + 1;
  for (let i = start + 1; i < all.length && !/^\s*}/.test(all[i]!); i++) {
    const flag = /^\s*"([a-z-]+)"\s*:/.exec(all[i]!)?.[1];
    if (flag !== undefined && !Object.hasOwn(lines, flag)) lines[flag] = i + 1;
  }
  return lines;
}

/**
 * The manifest's text: the options of the run (a later run without options uses them, as copier
 * keeps its answers), a hash for each file written whole, and the values set in the user's
 * devcontainer.json.
 */
export function renderManifest(
  generatorVersion: string,
  files: readonly { path: string; content: string; owner: Owner }[],
  managedValues: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, unknown>> = {},
  production?: Readonly<Record<string, unknown>>,
): string {
  const hashes = Object.fromEntries(files.filter((f) => f.owner === 'generated').map((f) => [f.path, sha256(f.content)]));
  const manifest: Record<string, unknown> = {
    generator: `gen-devcontainer ${generatorVersion}`,
    note: 'Written by gen-devcontainer: the options of its last run (used again when a run gives none), the files it generated and the values it set in yours, so that a later run can tell them from your edits.',
  };
  if (Object.keys(options).length > 0) manifest.options = options;
  if (production && Object.keys(production).length > 0) manifest.production = production;
  manifest.files = hashes;
  if (Object.keys(managedValues).length > 0) manifest.managedValues = managedValues;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Folders of version-control systems: their files are that system's data, never a file this tool edits or writes. */
const VERSION_CONTROL_FOLDERS = new Set(['.git', '.hg', '.svn', '.bzr', '_darcs', '.jj', '.pijul', 'CVS']);

/** The version-control folder a repository-relative path goes through, if any. */
export function versionControlFolder(file: string): string | undefined {
  return file.split('/').find((segment) => VERSION_CONTROL_FOLDERS.has(segment));
}

/** Deeper JSON than any devcontainer.json needs: refused on input, so nothing recurses without bound. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests no deeper than `limit` (iteratively: a hostile value cannot overflow the stack here). */
export function withinDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}
