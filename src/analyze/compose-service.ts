import * as path from 'node:path';
import { yaml } from '../lazy.js';
import type { Fact } from './facts.js';
import type { RepoReader } from './repo-reader.js';

/**
 * What a Compose service says about where the repository is and who runs, across every file
 * devcontainer.json lists (later files override earlier ones):
 *
 * - `volumes`, short (`SOURCE:TARGET[:MODE]`) and long (`{type: bind, source, target}`) syntax, merged
 *   by target as Compose merges them (compose-spec `13-merge.md`, "Unique resources": volumes are
 *   unique by target). A short-syntax source is a host path when it starts with `.`, `/` or `~`
 *   (compose-go `format/volume.go`, isFilePath), else a volume name; a relative path resolves from
 *   the project folder, which is the FIRST file's folder for every file (compose-go
 *   `cli/options.go` GetWorkingDir; Docker's "Merge Compose files": "Paths are evaluated relative to
 *   the base file"). The Dev Container CLI passes no --project-directory
 *   (src/spec-node/dockerCompose.ts, composeGlobalArgs), so that is the folder.
 * - `user` and `build.args`.
 *
 * The files are parsed again here with YAML's failsafe schema, so that every scalar is the text
 * Compose reads (`PYTHON_VERSION: 3.10` is "3.10", not the number 3.1).
 */
export interface ComposeServiceFacts {
  /** The service's bind mounts, one per target, in the order Compose lists them. */
  binds: ComposeBind[];
  /** `user:`, from the last file that sets it. */
  user?: Fact<string>;
  /** `build.args`, merged across files; a value Compose takes from the environment or interpolates is undefined. */
  buildArgs: Record<string, string | undefined>;
}

export interface ComposeBind {
  /**
   * The host folder relative to the repository root, normalised: `.` for the repository itself,
   * `..` for the folder holding it. Undefined when it is not a relative path (absolute, `~`) or
   * Compose interpolates it (`${...}`), which cannot be known here.
   */
  source?: string;
  /** The source as written. */
  written: string;
  target: string;
  /** The compose file that sets it, and its line. */
  file: string;
  line?: number;
}

/** More mounts than any service has: a hostile file's list is read this far. */
const MAX_VOLUMES = 1000;

export function readComposeService(reader: RepoReader, sources: readonly { file: string; text: string }[], service: string): ComposeServiceFacts {
  const facts: ComposeServiceFacts = { binds: [], buildArgs: {} };
  if (sources.length === 0) return facts;
  const projectFolder = path.posix.dirname(sources[0]!.file);
  const byTarget = new Map<string, ComposeBind | undefined>();
  for (const { file, text } of sources) {
    const doc = yaml().parseDocument(text, { merge: true, schema: 'failsafe' });
    let definition: unknown;
    try {
      definition = (doc.toJS({ maxAliasCount: 1000 }) as { services?: Record<string, unknown> } | null)?.services?.[service];
    } catch {
      continue; // The first parse reported it (devcontainer.ts); nothing to add here.
    }
    if (!isMap(definition)) continue;
    if (Array.isArray(definition.volumes)) {
      for (const entry of definition.volumes.slice(0, MAX_VOLUMES)) {
        const mount = parseVolume(entry);
        if (!mount) continue;
        // Compose merges by target; a volume (not a bind) at a target replaces a bind there too.
        const key = path.posix.normalize(mount.target).replace(/(.)\/+$/, '$1');
        const bind = mount.bind === undefined ? undefined : { ...resolveSource(reader, projectFolder, mount.bind), written: mount.bind, target: mount.target, file };
        // Only a mount of the repository or a folder above it is ever named in a message: only those are looked up.
        const named = bind?.source !== undefined && /^\.(\.(\/\.\.)*)?$/.test(bind.source);
        byTarget.set(key, bind && (named ? { ...bind, ...lineWith(text, typeof entry === 'string' ? [entry] : [mount.target]) } : bind));
      }
    }
    const user = definition.user;
    if (typeof user === 'string' && user !== '') facts.user = { value: user, file, ...lineWith(text, ['user:', user]) };
    const build = definition.build;
    if (isMap(build)) Object.assign(facts.buildArgs, readArgs(build.args));
  }
  facts.binds = [...byTarget.values()].filter((b): b is ComposeBind => b !== undefined);
  return facts;
}

/** `{bind: source}` for a bind mount, `{}` for a volume, from either syntax; undefined when it is neither. */
function parseVolume(entry: unknown): { target: string; bind?: string } | undefined {
  if (typeof entry === 'string') {
    const parts = splitShortSyntax(entry);
    if (parts.length < 2) return undefined; // an anonymous volume
    const [source, target] = parts as [string, string];
    // Compose interpolates before it parses (compose-go loader): `${DIR:-..}` may well be a host path.
    return isFilePath(source) || source.includes('$') ? { target, bind: source } : { target };
  }
  if (!isMap(entry) || typeof entry.target !== 'string') return undefined;
  if (entry.type === 'bind' && typeof entry.source === 'string') return { target: entry.target, bind: entry.source };
  return { target: entry.target };
}

/**
 * `SOURCE:TARGET[:MODE]` split on the colons Compose splits on: not inside `${...}`, and not after a
 * Windows drive letter (compose-go `format/volume.go`, ParseVolume).
 */
function splitShortSyntax(spec: string): string[] {
  const parts: string[] = [];
  let part = '';
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    if (c === '$' && spec[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && !(part.length === 1 && /[A-Za-z]/.test(part))) {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  return parts;
}

/** compose-go's isFilePath: `.`, `/`, `~`, a Windows drive or pipe. */
function isFilePath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith('\\\\') || /^[A-Za-z]:/.test(source);
}

/**
 * Where a relative source is, from the repository root: lexically (`..` from `.devcontainer` is the
 * root), then with links inside the repository followed, as Docker follows them when it binds.
 */
function resolveSource(reader: RepoReader, projectFolder: string, written: string): { source?: string } {
  if (written.includes('$') || !written.startsWith('.')) return {};
  const lexical = path.posix.normalize(path.posix.join(projectFolder, written.replace(/\\/g, '/'))).replace(/\/$/, '') || '.';
  if (lexical === '..' || lexical.startsWith('../')) return { source: lexical };
  const real = reader.realPathOf(lexical);
  return { source: real === undefined ? lexical : real === '' ? '.' : real };
}

/** build.args as a map or as a list of `KEY=VALUE`; a bare `KEY`, an empty value or one with `$` is unknown here. */
function readArgs(args: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const put = (key: string, value: string | undefined) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return;
    out[key] = value === undefined || value === '' || value.includes('$') ? undefined : value;
  };
  if (Array.isArray(args)) {
    for (const item of args) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      put(eq === -1 ? item : item.slice(0, eq), eq === -1 ? undefined : item.slice(eq + 1));
    }
  } else if (isMap(args)) {
    for (const [key, value] of Object.entries(args)) put(key, typeof value === 'string' ? value : undefined);
  }
  return out;
}

/** The first line of `text` that holds every one of `needles`, for messages (a hint, not a parse); nothing when none does. */
function lineWith(text: string, needles: readonly string[]): { line?: number } {
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const here = text.slice(start, end === -1 ? text.length : end);
    if (needles.every((n) => here.includes(n))) return { line };
    if (end === -1) break;
    start = end + 1;
  }
  return {};
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
