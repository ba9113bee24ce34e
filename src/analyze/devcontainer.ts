import * as path from 'node:path';
import type { Node, ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics.js';
import { jsonc, yaml } from '../lazy.js';
import { OUTPUT_FOLDER, OUTPUT_PATHS } from '../outputs.js';
import { MANIFEST_FILE, MAX_JSON_DEPTH, parseManifest, versionControlFolder, withinDepth } from '../ownership.js';
import { lineColumn } from '../text.js';
import { readComposeService } from './compose-service.js';
import { COMPOSE_SERVICE_TYPES, firstMismatch, propertyTypeError, typeError } from './config-types.js';
import { type BuildArgs, MAX_DOCKERFILE_CHARS, readDockerfileStage } from './dockerfile.js';
import type { ExistingCompose, ExistingConfig, ExistingDevcontainerFacts, ExistingDockerfile, Manifest } from './facts.js';
import { type RepoReader, repoPath } from './repo-reader.js';

export const CONFIG_FILE = OUTPUT_PATHS.config;
/** The Compose override file the generator writes and adds to dockerComposeFile. */
export const COMPOSE_OVERRIDE_FILE = OUTPUT_PATHS.compose;

/**
 * What the repository already has in `.devcontainer/`: the configuration (JSONC), the Dockerfile
 * or compose file it names, and the manifest of an earlier run. Their texts are kept, because the
 * renderers edit them in place.
 */
export function readExistingDevcontainer(reader: RepoReader, diagnostics: Diagnostic[]): ExistingDevcontainerFacts | undefined {
  const hasRootConfig = reader.kindOf('.devcontainer.json') === 'file';
  const dirKind = reader.kindOf(OUTPUT_FOLDER);
  if (dirKind !== 'dir' && !hasRootConfig) return undefined;
  const files = dirKind === 'dir' ? reader.listDir(OUTPUT_FOLDER) : [];
  const facts: ExistingDevcontainerFacts = {
    hasConfig: files.includes('devcontainer.json'),
    hasDockerfile: files.includes('Dockerfile'),
    hasRootConfig,
    ...(hasRootConfig && reader.realPathOf('.devcontainer.json') === CONFIG_FILE ? { rootConfigIsAlias: true as const } : {}),
    files,
  };
  // Configurations in sub-folders (`.devcontainer/<name>/devcontainer.json`), which editors offer
  // beside the default ones: a listing and one lstat each, nothing read.
  const named = dirKind === 'dir' ? namedConfigs(reader) : [];
  if (named.length > 0) facts.namedConfigs = named;
  if (facts.hasConfig) facts.config = readConfig(reader, diagnostics);
  facts.manifest = readManifest(reader, diagnostics);
  return facts;
}

/**
 * The configurations in `.devcontainer/<folder>/devcontainer.json`, where the spec lets a
 * repository keep several for a user to choose from (devcontainers/spec
 * docs/specs/devcontainer-reference.md, "devcontainer.json": one level deep, after
 * `.devcontainer/devcontainer.json` and `.devcontainer.json` in precedence).
 */
function namedConfigs(reader: RepoReader): string[] {
  return reader
    .listFolders(OUTPUT_FOLDER)
    .map((folder) => `.devcontainer/${folder}/devcontainer.json`)
    .filter((file) => reader.kindOf(file) === 'file')
    .sort();
}

/** devcontainer.json's tree and object, when it parses, holds an object, has no duplicate key, no deep nesting and the spec's types. */
function parseConfig(text: string, diagnostics: Diagnostic[]): { tree: Node; json: Record<string, unknown> } | undefined {
  const errors: ParseError[] = [];
  // One parse: the tree finds duplicate keys, and gives the value (the last of duplicates, as JSON readers take).
  const tree = jsonc().parseTree(text, errors, { allowTrailingComma: true });
  const value = tree === undefined ? undefined : jsonc().getNodeValue(tree);
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = lineColumn(text, first.offset);
    diagnostics.push({
      level: 'error',
      code: 'devcontainer-json-invalid',
      message: `${CONFIG_FILE} is not valid JSONC: ${jsonc().printParseErrorCode(first.error)}`,
      file: CONFIG_FILE,
      line,
      column,
      hint: `fix the syntax at line ${line}, column ${column}; nothing was changed`,
    });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push({ level: 'error', code: 'devcontainer-json-invalid', message: `${CONFIG_FILE} must hold a JSON object`, file: CONFIG_FILE, hint: 'start it with { and end it with }' });
    return undefined;
  }
  const duplicate = firstDuplicateKey(text, tree!);
  if (duplicate) {
    const { line, column } = lineColumn(text, duplicate.offset);
    diagnostics.push({
      level: 'error',
      code: 'devcontainer-json-duplicate-key',
      message: `${CONFIG_FILE} has "${duplicate.key}" twice in one object (line ${duplicate.firstLine} and line ${line}); JSON readers take the last, so an edit to the first would change nothing`,
      file: CONFIG_FILE,
      line,
      column,
      hint: `merge the two "${duplicate.key}" into one, then run again`,
    });
    return undefined;
  }
  if (!withinDepth(value, MAX_JSON_DEPTH)) {
    diagnostics.push({
      level: 'error',
      code: 'devcontainer-json-too-deep',
      message: `${CONFIG_FILE} nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`,
      file: CONFIG_FILE,
      hint: 'no Dev Container property needs that depth; flatten it',
    });
    return undefined;
  }
  // Every property the tool reads or writes has the spec's type, or nothing is planned from it.
  const wrongType = propertyTypeError(CONFIG_FILE, tree!, (offset) => lineColumn(text, offset).line);
  if (wrongType) {
    diagnostics.push(wrongType);
    return undefined;
  }
  return { tree: tree!, json: value as Record<string, unknown> };
}

function readConfig(reader: RepoReader, diagnostics: Diagnostic[]): ExistingConfig | undefined {
  const raw = readOrReport(reader, CONFIG_FILE, diagnostics);
  if (raw === undefined) return undefined;
  // Editors on Windows may start the file with a byte order mark; the Dev Container CLI reads it.
  const bom = raw.startsWith('\uFEFF');
  const text = bom ? raw.slice(1) : raw;
  const parsed = parseConfig(text, diagnostics);
  if (!parsed) return undefined;
  const { tree, json } = parsed;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const config: ExistingConfig = { file: CONFIG_FILE, text, kind: 'none', remoteUser: str(json.remoteUser), containerUser: str(json.containerUser), ...(bom ? { bom: true as const } : {}) };
  for (const key of ['workspaceFolder', 'workspaceMount'] as const) {
    const value = str(json[key]);
    if (value === undefined) continue;
    config[key] = value;
    // The property's line, for a message that names it: the key, which starts its property node.
    const property = jsonc().findNodeAtLocation(tree, [key])?.parent;
    if (property) (config.lines ??= {})[key] = lineColumn(text, property.offset).line;
  }

  const build = json.build as Record<string, unknown> | undefined;
  const dockerfileName = str(build?.dockerfile) ?? str(json.dockerFile);
  if (json.dockerComposeFile !== undefined) {
    config.kind = 'compose';
    config.compose = readCompose(reader, json, diagnostics);
  } else if (dockerfileName) {
    config.kind = 'dockerfile';
    config.dockerfile = readReferencedDockerfile(reader, repoPath(OUTPUT_FOLDER, dockerfileName), CONFIG_FILE, diagnostics);
    if (typeof build?.target === 'string') config.target = build.target;
    withStage(config.dockerfile, config.target, configBuildArgs(build?.args, build?.options));
  } else if (str(json.image)) {
    config.kind = 'image';
    config.image = str(json.image);
  }
  return config;
}

/**
 * A later file's service over an earlier one's, as Compose merges them (compose-spec 13-merge.md):
 * a mapping (`build`) merges key by key, anything else is replaced, and a key tagged `!reset` is
 * dropped, one tagged `!override` replaced whole.
 */
function mergeComposeService(base: Record<string, unknown>, here: Record<string, unknown>, tagOf: (key: string) => string | undefined): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(here)) {
    const tag = tagOf(key);
    const earlier = merged[key];
    if (tag === '!reset') delete merged[key];
    else if (tag !== '!override' && isPlainObject(earlier) && isPlainObject(value)) merged[key] = { ...earlier, ...value };
    else merged[key] = value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A Docker Compose configuration: the service as all the listed files define it together (later
 * files override earlier ones, as Compose merges them), read with aliases and merge keys resolved.
 * The files themselves are never edited: the plan's part goes into an override file of its own.
 */
function readCompose(reader: RepoReader, json: Record<string, unknown>, diagnostics: Diagnostic[]): ExistingCompose | undefined {
  const names = (Array.isArray(json.dockerComposeFile) ? json.dockerComposeFile : [json.dockerComposeFile]).filter((f): f is string => typeof f === 'string');
  const service = typeof json.service === 'string' ? json.service : undefined;
  if (names.length === 0 || !service) {
    diagnostics.push({
      level: 'error',
      code: 'compose-config-incomplete',
      message: `${CONFIG_FILE} uses dockerComposeFile but names no file or no service`,
      file: CONFIG_FILE,
      hint: 'set "dockerComposeFile" and "service" as the Dev Container spec requires',
    });
    return undefined;
  }
  const merged = readServiceDefinitions(reader, names, service, diagnostics);
  if (!merged) return undefined;
  const { files, texts, definition, definedIn } = merged;
  if (!definition) {
    diagnostics.push({
      level: 'error',
      code: 'compose-service-missing',
      message: `no compose file that ${CONFIG_FILE} lists defines the service "${service}"`,
      file: files[0],
      hint: `add the service, or fix "service" in ${CONFIG_FILE}`,
    });
    return undefined;
  }
  // What the service finally is depends on another file or service (extends), or its Dockerfile
  // is inline: a generated Dockerfile or a block would be built by nothing.
  if (definition.extends !== undefined) {
    diagnostics.push({
      level: 'error',
      code: 'compose-extends',
      message: `the service "${service}" in ${definedIn} uses extends, so its build and image come from elsewhere; gen-devcontainer cannot tell which Dockerfile would carry the uv set-up`,
      file: definedIn,
      hint: 'write the service out in full (or give the dev container a service of its own without extends), then run again',
    });
    return undefined;
  }
  const inline = typeof definition.build === 'object' && definition.build !== null && 'dockerfile_inline' in definition.build;
  if (inline) {
    diagnostics.push({
      level: 'error',
      code: 'compose-dockerfile-inline',
      message: `the service "${service}" in ${definedIn} builds from dockerfile_inline, which has no file for the uv set-up to go into`,
      file: definedIn,
      hint: 'move the inline Dockerfile into a file and name it with build.dockerfile, then run again',
    });
    return undefined;
  }
  const compose: ExistingCompose = { files, service, definition: readComposeService(reader, texts, service, diagnostics) };
  const build = definition.build ?? undefined;
  if (build !== undefined && typeof build !== 'string' && (typeof build !== 'object' || Array.isArray(build))) {
    diagnostics.push({
      level: 'error',
      code: 'compose-invalid',
      message: `the service "${service}" in ${definedIn} has a build that is neither a folder nor a mapping`,
      file: definedIn,
      hint: 'write build as a path or as { context, dockerfile }, as Compose requires',
    });
    return undefined;
  }
  if (build === undefined) {
    if (typeof definition.image === 'string') compose.image = definition.image;
  } else {
    // build: "dir" or { context, dockerfile, target }; Compose resolves paths from the first file's folder.
    const spec = typeof build === 'string' ? { context: build } : (build as { context?: unknown; dockerfile?: unknown; target?: unknown });
    const context = repoPath(path.posix.dirname(files[0]!), typeof spec.context === 'string' ? spec.context : '.');
    const dockerfile = context === undefined ? undefined : repoPath(context, typeof spec.dockerfile === 'string' ? spec.dockerfile : 'Dockerfile');
    if (typeof spec.target === 'string') compose.target = spec.target;
    compose.dockerfile = readReferencedDockerfile(reader, dockerfile, definedIn ?? CONFIG_FILE, diagnostics);
    withStage(compose.dockerfile, compose.target, compose.definition!.buildArgs);
  }
  return compose;
}

/**
 * The service as the listed files define it together, later files merged over earlier ones (our own
 * override skipped); undefined (with the error) when a file cannot be read or a key has the wrong type.
 */
function readServiceDefinitions(
  reader: RepoReader,
  names: readonly string[],
  service: string,
  diagnostics: Diagnostic[],
): { files: string[]; texts: { file: string; text: string }[]; definition: Record<string, unknown> | undefined; definedIn: string | undefined } | undefined {
  const files: string[] = [];
  const texts: { file: string; text: string }[] = [];
  let definition: Record<string, unknown> | undefined;
  let definedIn: string | undefined;
  for (const name of names) {
    const file = repoPath(OUTPUT_FOLDER, name);
    if (!file) return void outside(CONFIG_FILE, name, diagnostics);
    if (CONTROL.test(file)) return void controlCharacters(CONFIG_FILE, file, diagnostics);
    if (versionControlFolder(file)) return void inVersionControl(CONFIG_FILE, file, diagnostics);
    if (file === COMPOSE_OVERRIDE_FILE) continue; // Our own override: what it sets is the plan's, not the user's.
    const text = readOrReport(reader, file, diagnostics);
    if (text === undefined) return undefined;
    const doc = yaml().parseDocument(text, { merge: true });
    if (doc.errors.length > 0) {
      const error = doc.errors[0]!;
      const [start] = error.linePos ?? [];
      diagnostics.push({
        level: 'error',
        code: 'compose-invalid-yaml',
        message: `${file} is not valid YAML: ${error.message.split('\n')[0]}`,
        file,
        line: start?.line,
        column: start?.col,
        hint: 'fix the YAML syntax; nothing was changed',
      });
      return undefined;
    }
    files.push(file);
    texts.push({ file, text });
    let here: Record<string, unknown> | undefined;
    try {
      here = (doc.toJS({ maxAliasCount: 1000 }) as { services?: Record<string, Record<string, unknown>> } | null)?.services?.[service];
    } catch (err) {
      // The yaml library stops an alias bomb (aliases that expand to billions of nodes) here.
      diagnostics.push({
        level: 'error',
        code: 'compose-invalid-yaml',
        message: `${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
        file,
        hint: 'use fewer YAML aliases; nothing was changed',
      });
      return undefined;
    }
    if (here && typeof here === 'object') {
      // The keys the tool reads have Compose's types, or nothing is planned from them.
      const wrong = firstMismatch(here, COMPOSE_SERVICE_TYPES);
      if (wrong) {
        const node = (doc.getIn(['services', service, ...wrong.path], true) ?? doc.getIn(['services', service], true)) as { range?: [number, number, number] } | undefined;
        const line = node?.range ? lineColumn(text, node.range[0]).line : undefined;
        return void diagnostics.push(typeError(file, line, { ...wrong, path: ['services', service, ...wrong.path] }, 'the type the Compose specification gives it', 'compose-property-type'));
      }
      definition = mergeComposeService(definition ?? {}, here, (key) => (doc.getIn(['services', service, key], true) as { tag?: string } | undefined)?.tag);
      definedIn = file;
    }
  }
  return { files, texts, definition, definedIn };
}

/** The stage the container runs, read from the Dockerfile's text (dockerfile.ts), and the build arguments it was read with. */
function withStage(dockerfile: ExistingDockerfile | undefined, target: string | undefined, buildArgs: BuildArgs): void {
  if (!dockerfile?.exists) return;
  if (Object.keys(buildArgs).length > 0) dockerfile.buildArgs = { ...buildArgs };
  if (dockerfile.text.length > MAX_DOCKERFILE_CHARS) return; // not read at all: uv-settings-elsewhere.ts says so
  const stage = readDockerfileStage(dockerfile.text, target, buildArgs);
  if (stage) dockerfile.stage = stage;
}

/**
 * devcontainer.json's build.args, then the `--build-arg` of build.options: the Dev Container CLI
 * passes the args as `--build-arg` first and the options after them (devcontainers/cli
 * src/spec-node/singleContainer.ts, buildAndExtendImage), so an option's value wins, as the last
 * `--build-arg` does for docker. A value with ${...} in it is the CLI's to substitute, and
 * `--build-arg NAME` alone takes the host's environment: both unknown here.
 */
function configBuildArgs(args: unknown, options: unknown): Record<string, string | undefined> {
  const known = (value: unknown) => (typeof value === 'string' && !value.includes('${') ? value : undefined);
  const out: Record<string, string | undefined> =
    typeof args !== 'object' || args === null || Array.isArray(args) ? {} : Object.fromEntries(Object.entries(args).map(([key, value]) => [key, known(value)]));
  const words = Array.isArray(options) ? options.map((o) => (typeof o === 'string' ? o : '')) : [];
  for (let i = 0; i < words.length; i++) {
    const flag = /^--build-arg(?:=(.*))?$/s.exec(words[i]!);
    if (!flag) continue;
    const arg = flag[1] ?? words[++i];
    if (arg === undefined) break;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out[name] = eq === -1 ? undefined : known(arg.slice(eq + 1));
  }
  return out;
}

function readReferencedDockerfile(reader: RepoReader, file: string | undefined, from: string, diagnostics: Diagnostic[]): ExistingDockerfile | undefined {
  if (file !== undefined && CONTROL.test(file)) return void controlCharacters(from, file, diagnostics);
  if (file !== undefined && versionControlFolder(file)) return void inVersionControl(from, file, diagnostics);
  if (!file)
    return void diagnostics.push({
      level: 'error',
      code: 'dockerfile-outside-repo',
      message: `${from} names a Dockerfile outside the repository`,
      file: from,
      hint: 'gen-devcontainer only edits files inside the repository; move the Dockerfile in',
    });
  const read = reader.readText(file);
  if (read.kind === 'missing') return { file, text: '', exists: false };
  if (read.kind === 'error') {
    diagnostics.push({ level: 'error', code: 'dockerfile-unreadable', message: read.message, file, hint: read.hint });
    return undefined;
  }
  const baseImageArg = /^ARG BASE_IMAGE=(\S+)\s*$/m.exec(read.text)?.[1];
  return { file, text: read.text, exists: true, ...(baseImageArg ? { baseImageArg } : {}) };
}

function readManifest(reader: RepoReader, diagnostics: Diagnostic[]): Manifest | undefined {
  const read = reader.readText(MANIFEST_FILE);
  if (read.kind !== 'ok') return undefined;
  // Untrusted like any file: only plain relative paths and hex hashes are taken from it.
  const data = parseManifest(read.text, (file) => repoPath('', file) === file);
  if (data) return { file: MANIFEST_FILE, ...data };
  diagnostics.push({ level: 'warning', code: 'manifest-invalid', message: `${MANIFEST_FILE} is not valid JSON; it is ignored and rewritten`, file: MANIFEST_FILE });
  return undefined;
}

/** Control characters (NUL among them) in a file name: no file of a project is named so, and NUL cannot be opened. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function controlCharacters(from: string, file: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({
    level: 'error',
    code: 'path-invalid',
    message: `${from} names the file ${JSON.stringify(file)}, which has control characters in its name`,
    file: from,
    hint: 'fix the file name in it',
  });
}

function inVersionControl(from: string, file: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({
    level: 'error',
    code: 'file-in-version-control',
    message: `${from} names ${file}, inside ${versionControlFolder(file)}/: that is version control's data, not a file of the project, and gen-devcontainer will not edit it`,
    file: from,
    hint: 'point it at a Dockerfile or compose file of the project, e.g. .devcontainer/Dockerfile',
  });
}

function outside(from: string, name: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({
    level: 'error',
    code: 'file-outside-repo',
    message: `${from} names ${name}, outside the repository`,
    file: from,
    hint: 'gen-devcontainer only edits files inside the repository',
  });
}

function readOrReport(reader: RepoReader, file: string, diagnostics: Diagnostic[]): string | undefined {
  const read = reader.readText(file);
  if (read.kind === 'ok') return read.text;
  diagnostics.push({
    level: 'error',
    code: 'existing-file-unreadable',
    message: read.kind === 'missing' ? `${file} does not exist` : read.message,
    file,
    hint: read.kind === 'missing' ? 'create it, or fix the name that points at it' : read.hint,
  });
  return undefined;
}

/** The first key that an object of the JSONC text has twice, with where it is. */
function firstDuplicateKey(text: string, root: Node): { key: string; offset: number; firstLine: number } | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Map<string, number>();
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const earlier = seen.get(keyNode.value);
        if (earlier !== undefined) return { key: keyNode.value, offset: keyNode.offset, firstLine: lineColumn(text, earlier).line };
        seen.set(keyNode.value, keyNode.offset);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return undefined;
}

/** Kept here for the modules that import it from here (targets/devcontainer/merge-config.ts); text.ts builds each text's line table once. */
