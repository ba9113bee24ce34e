import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { yaml } from '../lazy.js';
import { isWhiteSpace, trimEndSlashes } from '../text.js';
import type { ComposeBind, ComposeMount, ComposeServiceFacts, ComposeVariable } from './facts.js';
import { type RepoReader, repoPath } from './repo-reader.js';
import { isReadVariable } from './setting-names.js';

/** The tags with which a later compose file replaces a key's value instead of merging into it. */
const MERGE_TAGS: ReadonlySet<string> = new Set(['!reset', '!override']);

/** More mounts than any service has: a hostile file's list is read this far. */
const MAX_VOLUMES = 1000;

/** The largest env_file read (a dotenv file is a few lines; a hostile one must not eat memory). */
const MAX_ENV_FILE_LINES = 10_000;

/** The service as the files say, merged; an env_file that cannot be read is a warning in `diagnostics`. */
export function readComposeService(reader: RepoReader, sources: readonly { file: string; text: string }[], service: string, diagnostics: Diagnostic[] = []): ComposeServiceFacts {
  const facts: ComposeServiceFacts = { binds: [], buildArgs: {}, mounts: [], environment: [], envFile: [] };
  if (sources.length === 0) return facts;
  const projectFolder = path.posix.dirname(sources[0]!.file);
  const byTarget = new Map<string, ComposeBind | undefined>();
  const mounts = new Map<string, ComposeMount>();
  const environment = new Map<string, ComposeVariable>();
  const envFile = new Map<string, ComposeVariable>();
  for (const { file, text } of sources) {
    const lineCounter = new (yaml().LineCounter)();
    const doc = yaml().parseDocument(text, { merge: true, schema: 'failsafe', lineCounter });
    // The line of a node of the service (merge keys leave some elsewhere: then the service's own line).
    const nodeAt = (keys: (string | number)[]) => doc.getIn(['services', service, ...keys], true) as { range?: [number, number, number]; type?: string; source?: string; tag?: string } | undefined;
    const lineAt = (keys: (string | number)[]) => lineCounter.linePos(nodeAt(keys)?.range?.[0] ?? nodeAt([])?.range?.[0] ?? 0).line;
    let definition: unknown;
    try {
      definition = (doc.toJS({ maxAliasCount: 1000 }) as { services?: Record<string, unknown> } | null)?.services?.[service];
    } catch {
      continue; // The first parse reported it (devcontainer.ts); nothing to add here.
    }
    if (!isMap(definition)) continue;
    // `!reset` drops what the earlier files set for a key, `!override` replaces it instead of
    // merging into it (compose-spec 13-merge.md, "Reset value" and "Replace value").
    const replaced = (key: string) => MERGE_TAGS.has(nodeAt([key])?.tag ?? '');
    if (replaced('volumes')) {
      byTarget.clear();
      for (const [key, mount] of mounts) if (mount.key === 'volumes') mounts.delete(key);
    }
    if (replaced('tmpfs')) for (const [key, mount] of mounts) if (mount.key === 'tmpfs') mounts.delete(key);
    if (replaced('environment')) environment.clear();
    if (replaced('env_file')) envFile.clear();
    if (replaced('user')) delete facts.user;
    if (replaced('build') || (isMap(definition.build) && MERGE_TAGS.has(nodeAt(['build', 'args'])?.tag ?? ''))) {
      facts.buildArgs = {};
      delete facts.buildArgFiles;
    }
    // A key tagged `!reset` is gone from the service from this file on: its value (`user: !reset null`
    // reads as the text "null" in the failsafe schema) is none of the service's.
    const own = Object.fromEntries(Object.entries(definition).filter(([key]) => nodeAt([key])?.tag !== '!reset'));
    if (Array.isArray(own.volumes)) mergeVolumes(reader, projectFolder, { file, text }, own.volumes, lineAt, mounts, byTarget);
    // `tmpfs:` is a list of its own, merged with the other files' as Compose merges sequences.
    const tmpfs = typeof own.tmpfs === 'string' ? [own.tmpfs] : Array.isArray(own.tmpfs) ? own.tmpfs : [];
    tmpfs.slice(0, MAX_VOLUMES).forEach((entry, i) => {
      const target = typeof entry === 'string' ? entry.split(':')[0] : undefined;
      if (target) mounts.set(`tmpfs:${target}`, { target, type: 'tmpfs', key: 'tmpfs', file, line: lineAt(typeof own.tmpfs === 'string' ? ['tmpfs'] : ['tmpfs', i]) });
    });
    const user = own.user;
    if (typeof user === 'string' && user !== '') facts.user = { value: user, file, ...lineWith(text, ['user:', user]) };
    const build = own.build;
    if (isMap(build)) {
      const args = readArgs(build.args);
      Object.assign(facts.buildArgs, args);
      for (const name of Object.keys(args)) (facts.buildArgFiles ??= {})[name] = file;
    }
    for (const [name, value, key] of environmentEntries(own.environment)) {
      // `NAME:` with nothing after it passes the host's value through: unknown here, as `- NAME` is.
      const node = nodeAt(key);
      if (!isReadVariable(name) || (value === '' && node?.type === 'PLAIN' && node.source === '')) continue;
      environment.set(name, { name, value, file, line: lineAt(key) });
    }
    for (const entry of envFileEntries(own.env_file)) {
      const envPath = repoPath(projectFolder, entry);
      if (envPath) readEnvFile(reader, envPath, envFile, diagnostics);
    }
  }
  facts.binds = [...byTarget.values()].filter((b): b is ComposeBind => b !== undefined);
  facts.mounts = [...mounts.values()];
  facts.environment = [...environment.values()];
  facts.envFile = [...envFile.values()];
  return facts;
}

/** One file's `volumes:` merged into the mounts and binds of the files before it, by target as Compose merges them. */
function mergeVolumes(
  reader: RepoReader,
  projectFolder: string,
  { file, text }: { file: string; text: string },
  volumes: readonly unknown[],
  lineAt: (keys: (string | number)[]) => number,
  mounts: Map<string, ComposeMount>,
  byTarget: Map<string, ComposeBind | undefined>,
): void {
  volumes.slice(0, MAX_VOLUMES).forEach((entry, i) => {
    const any = parseMount(entry);
    if (any) mounts.set(any.target, { ...any, key: 'volumes', file, line: lineAt(['volumes', i]) });
  });
  for (const entry of volumes.slice(0, MAX_VOLUMES)) {
    const mount = parseVolume(entry);
    if (!mount) continue;
    // Compose merges by target; a volume (not a bind) at a target replaces a bind there too.
    const key = trimEndSlashes(path.posix.normalize(mount.target));
    const bind = mount.bind === undefined ? undefined : { ...resolveSource(reader, projectFolder, mount.bind), written: mount.bind, target: mount.target, file };
    // Only a mount of the repository or a folder above it is ever named in a message: only those are looked up.
    const named = bind?.source !== undefined && /^\.(\.(\/\.\.)*)?$/.test(bind.source);
    byTarget.set(key, bind && (named ? { ...bind, ...lineWith(text, typeof entry === 'string' ? [entry] : [mount.target]) } : bind));
  }
}

/** Any mount, short or long syntax; undefined when it has no target. */
function parseMount(entry: unknown): Omit<ComposeMount, 'file' | 'line' | 'key'> | undefined {
  if (typeof entry === 'string') {
    const parts = splitShortSyntax(entry);
    if (parts.length < 2) return parts[0] ? { target: parts[0], type: 'volume' } : undefined; // an anonymous volume
    const [source, target] = parts as [string, string];
    if (target === '') return undefined;
    const interpolated = source.includes('$');
    // What Compose makes of an interpolated source is decided by the host's value; the default, if any, says what it would be without one.
    const type = isFilePath(interpolated ? withDefaults(source) : source) ? 'bind' : 'volume';
    return { target, type, source, ...(interpolated ? { interpolated: true as const } : {}) };
  }
  if (!isMap(entry) || typeof entry.target !== 'string') return undefined;
  const type = entry.type === 'volume' || entry.type === 'bind' || entry.type === 'tmpfs' ? entry.type : 'other';
  const source = typeof entry.source === 'string' ? entry.source : undefined;
  return { target: entry.target, type, ...(source !== undefined ? { source } : {}), ...(source?.includes('$') ? { interpolated: true as const } : {}) };
}

/** `${NAME:-default}` and `${NAME-default}` replaced by their defaults, other `${...}` and `$NAME` by nothing. */
function withDefaults(text: string): string {
  return text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, (_, fallback: string | undefined) => fallback ?? '');
}

/** `environment:` as a map or a list of `NAME=value`, with the key path of each entry. */
function environmentEntries(environment: unknown): [string, string, (string | number)[]][] {
  if (Array.isArray(environment)) {
    return environment.flatMap((item, i): [string, string, (string | number)[]][] => {
      if (typeof item !== 'string') return [];
      const at = item.indexOf('=');
      // `- NAME` alone passes the host's value through: unknown here.
      return at === -1 ? [] : [[item.slice(0, at), item.slice(at + 1), ['environment', i]]];
    });
  }
  if (isMap(environment)) {
    return Object.entries(environment).flatMap(([name, value]): [string, string, (string | number)[]][] => (typeof value === 'string' ? [[name, value, ['environment', name]]] : []));
  }
  return [];
}

function envFileEntries(envFile: unknown): string[] {
  const items = Array.isArray(envFile) ? envFile : envFile === undefined ? [] : [envFile];
  return items.flatMap((item) => (typeof item === 'string' ? [item] : isMap(item) && typeof item.path === 'string' ? [item.path] : []));
}

/** The variables gen-devcontainer reads, from a dotenv file (`NAME=value`, `export NAME=value`, quotes, comments). */
function readEnvFile(reader: RepoReader, file: string, into: Map<string, ComposeVariable>, diagnostics: Diagnostic[]): void {
  const read = reader.readText(file);
  if (read.kind === 'missing') return;
  if (read.kind === 'error') {
    diagnostics.push({ level: 'warning', code: 'env-file-unreadable', message: `${read.message}; uv settings in it are not seen`, file, hint: read.hint });
    return;
  }
  read.text.split(/\r?\n/, MAX_ENV_FILE_LINES).forEach((line, i) => {
    // The name by a regular expression anchored at both ends of a short piece; the value by hand:
    // `(.*?)\s*$` and `\s+#.*$` backtrack quadratically over a long run of blanks.
    const at = line.indexOf('=');
    if (at === -1) return;
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line.slice(0, at));
    if (!match || !isReadVariable(match[1]!)) return;
    const raw = line.slice(at + 1).trim();
    const quote = raw[0];
    const value = raw.length >= 2 && (quote === '"' || quote === "'") && raw.endsWith(quote) ? raw.slice(1, -1) : withoutComment(raw);
    into.set(match[1]!, { name: match[1]!, value, file, line: i + 1 });
  });
}

/** An unquoted dotenv value without its ` # comment` (a `#` after a blank), as `/\s+#.*$/` cut it. */
function withoutComment(value: string): string {
  for (let at = value.indexOf('#'); at !== -1; at = value.indexOf('#', at + 1)) {
    if (at > 0 && isWhiteSpace(value.charCodeAt(at - 1))) return value.slice(0, at).trimEnd();
  }
  return value;
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
