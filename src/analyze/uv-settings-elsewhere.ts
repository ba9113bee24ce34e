import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { jsonc, yaml } from '../lazy.js';
import { isUnchangedOutput } from '../ownership.js';
import { lineColumn, repoPath } from './devcontainer.js';
import { type DockerfileRead, type Expanded, type Instruction, lineOf, parseWords, readDockerfile, type Stage } from './dockerfile.js';
import type { ExistingDevcontainerFacts, ExistingDockerfile } from './facts.js';
import type { RepoReader } from './repo-reader.js';

/**
 * Where a user's configuration sets a variable, weakest first as the container sees them: the
 * image's ENV, then Compose's `env_file`, then Compose's `environment`, then `containerEnv` (the
 * Dev Container CLI passes it with `docker run -e`, or as `environment` in a Compose override it
 * lists after the user's files), and `remoteEnv` over all of them for the processes the tool
 * starts (terminals, lifecycle commands).
 */
export type SettingPlace = 'dockerfile' | 'compose-env-file' | 'compose-environment' | 'containerEnv' | 'remoteEnv';

/** One variable the user's configuration sets, where, and to what. */
export interface UserSetting {
  name: string;
  /** As the place gives it: unquoted and expanded for a Dockerfile; as written in JSON or YAML otherwise. */
  value: string;
  place: SettingPlace;
  file: string;
  line: number;
  /** Written by gen-devcontainer (the manifest records it, and it is unchanged): not the user's choice. */
  tool?: true;
  /**
   * The value depends on something only known later: a build argument or a variable of the base
   * image (Dockerfile), or the host's environment (Compose interpolation, `${localEnv:…}`).
   */
  unresolved?: true;
}

/** A mount in the user's configuration: devcontainer.json `mounts`, or the Compose service's `volumes`. */
export interface UserMount {
  target: string;
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  /** The volume's name, or the host path of a bind mount, as written. */
  source?: string;
  file: string;
  line: number;
  /** devcontainer.json `mounts`, or a Compose service's `volumes`. */
  place: 'mounts' | 'compose-volumes';
}

/** A uv the user's Dockerfile installs in the stages the container runs. */
export interface UserUvPin {
  /** X.Y.Z, when the line names one. */
  version?: string;
  how: 'base image' | 'COPY --from' | 'pip install' | 'installer script';
  /** Where it puts uv, as far as the line tells (for the message that says which one comes first on PATH). */
  where: string;
  file: string;
  line: number;
}

export interface UserUvSettingsFacts {
  /** Every setting of a variable that decides where uv writes or how it links, in order of the files. */
  settings: UserSetting[];
  mounts: UserMount[];
  pins: UserUvPin[];
}

/**
 * The variables gen-devcontainer reads from a user's configuration: uv's own (UV_*), the ones uv
 * takes its defaults from, TMPDIR (the temporary cache of `uv --no-cache`), VIRTUAL_ENV, and PATH
 * (to see whether a user's remoteEnv already puts an environment first).
 */
const NAME = /^(UV_[A-Z0-9_]+|TMPDIR|VIRTUAL_ENV|XDG_CACHE_HOME|XDG_DATA_HOME|PATH)$/;

/** The largest Dockerfile read for uv settings (a real one is a few KiB; reading 2 MiB of ENV lines takes a second). */
const MAX_DOCKERFILE_CHARS = 1024 * 1024;

/** The largest env_file read (a dotenv file is a few lines; a hostile one must not eat memory). */
const MAX_ENV_FILE_LINES = 10_000;

/**
 * The uv settings, mounts and uv pins the user's own configuration already has: devcontainer.json
 * (`containerEnv`, `remoteEnv`, `mounts`), the Dockerfile it builds (ENV in the stages the
 * container runs; a uv it installs), and the Compose service (`environment`, `env_file`,
 * `volumes`). What this tool wrote itself is left out: the values the manifest records as its own,
 * a file it generated and nobody changed, and its marked block in a Dockerfile.
 */
export function readUserUvSettings(reader: RepoReader, devcontainer: ExistingDevcontainerFacts | undefined, diagnostics: Diagnostic[]): UserUvSettingsFacts | undefined {
  const config = devcontainer?.config;
  if (!config) return undefined;
  const hashes = devcontainer.manifest?.hashes;
  // A devcontainer.json this tool generated and nobody edited holds no setting of the user's.
  if (isUnchangedOutput(hashes, config.file, config.text)) return undefined;
  const facts: UserUvSettingsFacts = { settings: [], mounts: [], pins: [] };
  readConfigSettings(config.file, config.text, devcontainer.manifest?.managedValues ?? {}, facts);

  const dockerfile = config.dockerfile ?? config.compose?.dockerfile;
  const target = config.kind === 'dockerfile' ? config.target : config.compose?.target;
  if (dockerfile?.exists && !isUnchangedOutput(hashes, dockerfile.file, dockerfile.text)) {
    if (dockerfile.text.length <= MAX_DOCKERFILE_CHARS) readDockerfileSettings(dockerfile, target, facts);
    else
      diagnostics.push({
        level: 'warning',
        code: 'dockerfile-not-read-for-settings',
        message: `${dockerfile.file} is larger than ${MAX_DOCKERFILE_CHARS / 1024 / 1024} MiB, so its ENV lines and the uv it installs are not read: a uv setting there would override nothing and go unseen`,
        file: dockerfile.file,
        hint: 'check that it is the Dockerfile you meant; no honest Dockerfile is that large',
      });
  }
  if (config.compose) readComposeSettings(reader, config.compose.files, config.compose.service, facts, diagnostics);
  return facts;
}

/** `containerEnv`, `remoteEnv` and `mounts` of devcontainer.json, each with its line. */
function readConfigSettings(file: string, text: string, managed: Readonly<Record<string, unknown>>, facts: UserUvSettingsFacts): void {
  const tree = jsonc().parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return;
  for (const place of ['containerEnv', 'remoteEnv'] as const) {
    const object = jsonc().findNodeAtLocation(tree, [place]);
    if (object?.type !== 'object') continue;
    for (const property of object.children ?? []) {
      const [key, value] = property.children ?? [];
      if (typeof key?.value !== 'string' || !NAME.test(key.value) || value?.type !== 'string') continue;
      const setting: UserSetting = { name: key.value, value: value.value as string, place, file, line: lineColumn(text, key.offset).line };
      // A value this tool wrote (and the user left as it was) is the plan's, not a choice of the
      // user's; it is listed all the same, since it still outranks the Dockerfile's ENV.
      const recorded = managed[JSON.stringify([place, key.value])];
      if (recorded !== undefined && recorded === value.value) setting.tool = true;
      // ${localEnv:…} comes from the host; ${containerEnv:…} from the container: neither is known here.
      if (/\$\{(localEnv|env|containerEnv):/.test(setting.value)) setting.unresolved = true;
      facts.settings.push(setting);
    }
  }
  const mounts = jsonc().findNodeAtLocation(tree, ['mounts']);
  if (mounts?.type !== 'array') return;
  const recordedMounts = managed[JSON.stringify(['mounts'])];
  for (const item of mounts.children ?? []) {
    const value = jsonc().getNodeValue(item) as unknown;
    if (Array.isArray(recordedMounts) && recordedMounts.some((m) => JSON.stringify(m) === JSON.stringify(value))) continue;
    const mount = parseDevcontainerMount(value);
    if (mount) facts.mounts.push({ ...mount, file, line: lineColumn(text, item.offset).line, place: 'mounts' });
  }
}

/** A devcontainer.json mount, string ("type=volume,source=x,target=/y") or object form. */
function parseDevcontainerMount(value: unknown): Pick<UserMount, 'target' | 'type' | 'source'> | undefined {
  let fields: Record<string, string> = {};
  if (typeof value === 'string') {
    for (const part of value.split(',')) {
      const at = part.indexOf('=');
      if (at > 0) fields[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
    }
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    fields = Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } else return undefined;
  const target = fields.target ?? fields.destination ?? fields.dst;
  if (!target) return undefined;
  const source = fields.source ?? fields.src;
  const type = fields.type === 'volume' || fields.type === 'bind' || fields.type === 'tmpfs' ? fields.type : fields.type === undefined ? 'volume' : 'other';
  return { target, type, ...(source ? { source } : {}) };
}

/** ENV of the stages the container runs (the target stage and those it starts from), and a uv they install. */
function readDockerfileSettings(dockerfile: ExistingDockerfile, target: string | undefined, facts: UserUvSettingsFacts): void {
  // The same reading, with the same build arguments, as the stage facts (devcontainer.ts): one chain for both.
  const read = readDockerfile(dockerfile.text, target, dockerfile.buildArgs);
  if (read.chain.length === 0) return;
  const last = new Map<string, UserSetting>();
  for (const { name, value, unresolved, line } of read.env) {
    if (!NAME.test(name)) continue;
    // A later ENV of the same name replaces an earlier one for the container: only the last counts.
    last.delete(name);
    last.set(name, { name, value, place: 'dockerfile', file: dockerfile.file, line, ...(unresolved ? { unresolved: true as const } : {}) });
  }
  facts.settings.push(...last.values());
  facts.pins.push(...uvPins(read, dockerfile.file));
}

/** The uv images: `ghcr.io/astral-sh/uv:TAG` and Docker Hub's `astral/uv:TAG`. */
const UV_IMAGE = /^(?:ghcr\.io\/astral-sh\/uv|(?:docker\.io\/)?astral\/uv)(?::([^@\s]+))?(?:@sha256:[a-f0-9]+)?$/i;

/** The uv version a uv image tag names: 0.5.2, 0.5.2-python3.12-bookworm; undefined for latest, python3.12-…, none. */
function tagVersion(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : /^(\d+\.\d+\.\d+)(?:-|$)/.exec(tag)?.[1];
}

/**
 * A uv that the stages the container runs install: a uv image as the base, `COPY --from` a uv image
 * (or a stage that is one), `pip install uv[==X.Y.Z]`, or Astral's installer script.
 */
function uvPins(read: DockerfileRead, file: string): UserUvPin[] {
  const pins: UserUvPin[] = [];
  const root = read.chain[0]!;
  const rootImage = root.base.unknown === undefined ? UV_IMAGE.exec(root.base.value) : null;
  if (rootImage) pins.push({ how: 'base image', where: '/usr/local/bin', file, line: root.from.line, ...version(tagVersion(rootImage[1])) });
  for (const stage of read.chain) {
    const copies = new Map(stage.copies.map((c) => [c.instruction, c.from]));
    for (const instruction of stage.instructions) {
      const from = copies.get(instruction);
      if (from) {
        const pin = copiedUv(instruction, from, read.stages.slice(0, stage.index), read.escapeToken, file);
        if (pin) pins.push(pin);
      } else if (instruction.keyword === 'RUN') pins.push(...installedUv(instruction, file));
    }
  }
  return pins;
}

function version(v: string | undefined): { version?: string } {
  return v ? { version: v } : {};
}

/** `COPY --from=<uv image, or an earlier stage that is one> /uv ...`. */
function copiedUv(instruction: Instruction, from: Expanded, earlier: readonly Stage[], escapeToken: string, file: string): UserUvPin | undefined {
  if (from.unknown !== undefined) return undefined;
  const paths = parseWords(instruction.args, escapeToken).filter((w) => !w.startsWith('--'));
  // The binaries themselves: `/uv /uvx /bin/`, `/uv /usr/local/bin/uv`.
  if (paths.length < 2 || !paths.slice(0, -1).some((p) => /(^|\/)uvx?$/.test(p))) return undefined;
  const stage = earlier.find((s) => s.name === from.value.toLowerCase());
  const image = UV_IMAGE.exec(stage ? stage.base.value : from.value);
  if (!image) return undefined;
  return { how: 'COPY --from', where: paths.at(-1)!, file, line: lineOf(instruction, '--from'), ...version(tagVersion(image[1])) };
}

/** `pip install uv==X.Y.Z` (pip, pip3, pipx, python -m pip; `uv` unpinned or with another specifier has no version) and the installer script. */
function installedUv(instruction: Instruction, file: string): UserUvPin[] {
  const pins: UserUvPin[] = [];
  const text = [instruction.parts.map((p) => p.text).join(' '), instruction.heredoc ?? ''].join('\n');
  for (const command of text.split(/&&|\|\||;|\n/)) {
    const pip = /\b(?:pip3?|pipx|python3?\s+-m\s+pip)\s+install\b(.*)$/.exec(command);
    if (pip) {
      for (const word of pip[1]!.trim().split(/\s+/)) {
        const spec = /^["']?uv(?:\[[^\]]*\])?(?:(==|>=|<=|~=|>|<|!=)\s*([^"'\s]+))?["']?$/.exec(word);
        if (!spec) continue;
        const pinned = spec[1] === '==' && /^\d+\.\d+\.\d+$/.test(spec[2] ?? '') ? spec[2] : undefined;
        const where = /\bpipx\b/.test(command) ? '~/.local/bin (pipx)' : /--user\b/.test(command) ? '~/.local/bin (pip --user)' : "the image Python's bin folder (pip)";
        pins.push({ how: 'pip install', where, file, line: lineOf(instruction, word), ...version(pinned) });
      }
    }
    const installer = /astral\.sh\/uv\/(?:(\d+\.\d+\.\d+)\/)?install\.sh/.exec(command);
    if (installer) pins.push({ how: 'installer script', where: '~/.local/bin (the installer)', file, line: lineOf(instruction, 'astral.sh/uv'), ...version(installer[1]) });
  }
  return pins;
}

/**
 * The Compose service's `environment` (map or list), `env_file` and `volumes`, across every
 * compose file devcontainer.json lists; a later file's value replaces an earlier one's.
 *
 * `env_file` is read too: Compose passes its variables into the container as surely as
 * `environment` (below it in precedence: docs.docker.com/compose/how-tos/environment-variables/envvars-precedence),
 * so a UV_CACHE_DIR there places uv's cache. Only uv's variables are kept from it (it often holds
 * secrets, none of which is read into the facts, printed or written). A missing one is skipped:
 * it is often created per developer, and Compose itself stops when a required one is missing.
 */
function readComposeSettings(reader: RepoReader, files: string[], service: string, facts: UserUvSettingsFacts, diagnostics: Diagnostic[]): void {
  const byName = new Map<string, UserSetting>();
  const fromEnvFile = new Map<string, UserSetting>();
  const byTarget = new Map<string, UserMount>();
  const projectFolder = path.posix.dirname(files[0] ?? '.');
  for (const file of files) {
    const read = reader.readText(file);
    if (read.kind !== 'ok') continue;
    const lineCounter = new (yaml().LineCounter)();
    const doc = yaml().parseDocument(read.text, { merge: true, lineCounter });
    if (doc.errors.length > 0) continue; // devcontainer.ts reports it
    let definition: Record<string, unknown> | undefined;
    try {
      definition = (doc.toJS({ maxAliasCount: 1000 }) as { services?: Record<string, Record<string, unknown>> } | null)?.services?.[service];
    } catch {
      continue; // an alias bomb; devcontainer.ts reports it
    }
    if (!definition || typeof definition !== 'object') continue;
    const serviceNode = doc.getIn(['services', service], true) as { range?: [number, number, number] } | undefined;
    const lineAt = (keys: (string | number)[]) => {
      const node = doc.getIn(['services', service, ...keys], true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? serviceNode?.range?.[0] ?? 0;
      return lineCounter.linePos(offset).line;
    };
    const environment = definition.environment;
    if (environment !== undefined) {
      for (const [name, raw, key] of environmentEntries(environment)) {
        if (!NAME.test(name) || raw === undefined) continue;
        byName.set(name, composeSetting(name, raw, 'compose-environment', file, lineAt(key)));
      }
    }
    if (definition.env_file !== undefined) {
      for (const envFile of envFileEntries(definition.env_file)) {
        const envPath = repoPath(projectFolder, envFile);
        if (!envPath) continue;
        readEnvFile(reader, envPath, fromEnvFile, diagnostics);
      }
    }
    if (Array.isArray(definition.volumes)) {
      definition.volumes.forEach((volume, i) => {
        const mount = parseComposeVolume(volume);
        if (mount) byTarget.set(mount.target, { ...mount, file, line: lineAt(['volumes', i]), place: 'compose-volumes' });
      });
    }
  }
  facts.settings.push(...fromEnvFile.values(), ...byName.values());
  facts.mounts.push(...byTarget.values());
}

/** Compose interpolates `$NAME` and `${NAME}` from the host's environment; `$$` is a literal `$`. */
function composeSetting(name: string, raw: string, place: SettingPlace, file: string, line: number): UserSetting {
  const unresolved = /\$(?!\$)/.test(raw.replace(/\$\$/g, ''));
  return { name, value: raw.replace(/\$\$/g, '$'), place, file, line, ...(unresolved ? { unresolved: true as const } : {}) };
}

/** `environment:` as a map or a list of `NAME=value`; the key path for each entry's line. */
function environmentEntries(environment: unknown): [string, string | undefined, (string | number)[]][] {
  if (Array.isArray(environment)) {
    return environment.flatMap((item, i) => {
      if (typeof item !== 'string') return [];
      const at = item.indexOf('=');
      // `- NAME` alone passes the host's value through: unknown here.
      return at === -1 ? [] : [[item.slice(0, at), item.slice(at + 1), ['environment', i]] as [string, string, (string | number)[]]];
    });
  }
  if (typeof environment === 'object' && environment !== null) {
    return Object.entries(environment).map(([name, value]) => [name, value === null || value === undefined ? undefined : String(value), ['environment', name]]);
  }
  return [];
}

function envFileEntries(envFile: unknown): string[] {
  const items = Array.isArray(envFile) ? envFile : [envFile];
  return items.flatMap((item) =>
    typeof item === 'string' ? [item] : typeof item === 'object' && item !== null && typeof (item as { path?: unknown }).path === 'string' ? [(item as { path: string }).path] : [],
  );
}

/** uv's variables from a dotenv file (`NAME=value`, `export NAME=value`, quotes, comments). */
function readEnvFile(reader: RepoReader, file: string, into: Map<string, UserSetting>, diagnostics: Diagnostic[]): void {
  const read = reader.readText(file);
  if (read.kind === 'missing') return;
  if (read.kind === 'error') {
    diagnostics.push({ level: 'warning', code: 'env-file-unreadable', message: `${read.message}; uv settings in it are not seen`, file, hint: read.hint });
    return;
  }
  const lines = read.text.split(/\r?\n/, MAX_ENV_FILE_LINES);
  lines.forEach((line, i) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || !NAME.test(match[1]!)) return;
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    into.set(match[1]!, composeSetting(match[1]!, value, 'compose-env-file', file, i + 1));
  });
}

/** A Compose volume: short `source:target[:mode]` (a source without / or . is a named volume) or long form. */
function parseComposeVolume(volume: unknown): Pick<UserMount, 'target' | 'type' | 'source'> | undefined {
  if (typeof volume === 'string') {
    const parts = volume.split(':');
    if (parts.length === 1) return { target: parts[0]!, type: 'volume' }; // anonymous volume
    const [source, target] = parts;
    if (!target) return undefined;
    const named = !/^[./~]/.test(source!) && !source!.includes('/');
    return { target, type: named ? 'volume' : 'bind', source: source! };
  }
  if (typeof volume === 'object' && volume !== null) {
    const v = volume as { type?: unknown; source?: unknown; target?: unknown };
    if (typeof v.target !== 'string') return undefined;
    const type = v.type === 'volume' || v.type === 'bind' || v.type === 'tmpfs' ? v.type : 'other';
    return { target: v.target, type, ...(typeof v.source === 'string' ? { source: v.source } : {}) };
  }
  return undefined;
}
