import type { Diagnostic } from '../diagnostics.js';
import { jsonc } from '../lazy.js';
import { isUnchangedOutput } from '../ownership.js';
import { lineFinder } from '../text.js';
import { type DockerfileRead, MAX_DOCKERFILE_CHARS, readDockerfile, type Stage } from './dockerfile.js';
import { type Expanded, type Instruction, lineOf, parseWords } from './dockerfile-lexer.js';
import type { ComposeServiceFacts, ComposeVariable, ExistingDevcontainerFacts, ExistingDockerfile, SettingPlace, UserMount, UserSetting, UserUvPin, UserUvSettingsFacts } from './facts.js';
import { isReadVariable } from './setting-names.js';

/**
 * The uv settings, mounts and uv pins the user's own configuration already has: devcontainer.json
 * (`containerEnv`, `remoteEnv`, `mounts`), the Dockerfile it builds (ENV in the stages the
 * container runs; a uv it installs), and the Compose service (`environment`, `env_file`,
 * `volumes`). What this tool wrote itself is left out: the values the manifest records as its own,
 * a file it generated and nobody changed, and its marked block in a Dockerfile.
 */
export function readUserUvSettings(devcontainer: ExistingDevcontainerFacts | undefined, diagnostics: Diagnostic[]): UserUvSettingsFacts | undefined {
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
        message: `${dockerfile.file} is larger than ${MAX_DOCKERFILE_CHARS / 1024 / 1024} MiB, so it is not read: not the stage the container runs, its ENV lines or the uv it installs; a uv setting there would override nothing and go unseen`,
        file: dockerfile.file,
        hint: 'check that it is the Dockerfile you meant; no honest Dockerfile is that large',
      });
  }
  if (config.compose?.definition) readComposeSettings(config.compose.definition, facts);
  return facts;
}

/** `containerEnv`, `remoteEnv` and `mounts` of devcontainer.json, each with its line. */
function readConfigSettings(file: string, text: string, managed: Readonly<Record<string, unknown>>, facts: UserUvSettingsFacts): void {
  const tree = jsonc().parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return;
  const lineAt = lineFinder(text);
  for (const place of ['containerEnv', 'remoteEnv'] as const) {
    const object = jsonc().findNodeAtLocation(tree, [place]);
    if (object?.type !== 'object') continue;
    for (const property of object.children ?? []) {
      const [key, value] = property.children ?? [];
      if (typeof key?.value !== 'string' || !isReadVariable(key.value) || value?.type !== 'string') continue;
      const setting: UserSetting = { name: key.value, value: value.value as string, place, file, line: lineAt(key.offset) };
      // A value this tool wrote (and the user left as it was) is the plan's, not a choice of the
      // user's; it is listed all the same, since it still outranks the Dockerfile's ENV.
      const recorded = managed[JSON.stringify([place, key.value])];
      if (recorded !== undefined && recorded === value.value) setting.tool = true;
      // ${localEnv:…} comes from the host; ${containerEnv:…} from the container: neither is known here.
      if (/\$\{(localEnv|env|containerEnv):/.test(setting.value)) setting.unresolved = true;
      facts.settings.push(setting);
    }
  }
  // What this tool wrote (and nobody changed since) is the plan's, not a mount of the user's.
  const recorded = (place: string, value: unknown) => {
    const values = managed[JSON.stringify([place])];
    const json = JSON.stringify(value);
    return Array.isArray(values) ? values.some((m) => JSON.stringify(m) === json) : values !== undefined && JSON.stringify(values) === json;
  };
  const mounts = jsonc().findNodeAtLocation(tree, ['mounts']);
  for (const item of mounts?.type === 'array' ? (mounts.children ?? []) : []) {
    const value = jsonc().getNodeValue(item) as unknown;
    if (recorded('mounts', value)) continue;
    const mount = parseDevcontainerMount(value);
    if (mount) facts.mounts.push({ ...mount, file, line: lineAt(item.offset), place: 'mounts' });
  }
  const workspaceMount = jsonc().findNodeAtLocation(tree, ['workspaceMount']);
  if (workspaceMount?.type === 'string' && !recorded('workspaceMount', workspaceMount.value)) {
    // The CLI passes it to `docker run --mount` as written (devcontainers/cli src/spec-node/singleContainer.ts),
    // where a missing type is a volume, as for every other mount string.
    const mount = parseDevcontainerMount(workspaceMount.value);
    if (mount) facts.mounts.push({ ...mount, file, line: lineAt(workspaceMount.offset), place: 'workspaceMount' });
  }
  const runArgs = jsonc().findNodeAtLocation(tree, ['runArgs']);
  if (runArgs?.type === 'array') {
    const items = runArgs.children ?? [];
    const args = items.map((item) => (item.type === 'string' ? (item.value as string) : ''));
    for (const { index, ...mount } of runArgMounts(args)) {
      // The tool writes its own in one word (`--tmpfs=/root:exec` for --read-only): the plan's, not the user's.
      if (args[index]!.startsWith('-') && recorded('runArgs', args[index])) continue;
      facts.mounts.push({ ...mount, file, line: lineAt(items[index]!.offset), place: 'runArgs' });
    }
  }
}

/**
 * The mounts `docker run` arguments ask for, with the index of the argument that names each: `-v` /
 * `--volume` (`[SOURCE:]TARGET[:OPTIONS]`, a source that is a path being a bind, as docker's CLI
 * reads it: `opts/parse.go`, a lone path an anonymous volume), `--mount` (the same comma-separated
 * fields as devcontainer.json's string form, a volume unless it says otherwise) and `--tmpfs`
 * (`TARGET[:OPTIONS]`), each written as one argument (`--volume=X`, `-vX`) or two (`-v X`).
 */
export function runArgMounts(args: readonly string[]): (Pick<UserMount, 'target' | 'type' | 'source'> & { index: number })[] {
  const found: (Pick<UserMount, 'target' | 'type' | 'source'> & { index: number })[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = /^(?:(--volume|--mount|--tmpfs)(?:=(.*))?|(-v)(=?)(.*))$/s.exec(arg);
    if (!flag) continue;
    const name = flag[1] ?? flag[3]!;
    let value = flag[1] ? flag[2] : flag[5] || flag[4] ? flag[5] : undefined;
    let at = i;
    if (value === undefined) {
      if (i + 1 >= args.length) break;
      value = args[++i]!;
      at = i;
    }
    if (name === '--mount') {
      const mount = parseDevcontainerMount(value);
      if (mount) found.push({ ...mount, index: at });
    } else if (name === '--tmpfs') {
      const target = value.split(':')[0]!;
      if (target) found.push({ target, type: 'tmpfs', index: at });
    } else {
      const parts = value.split(':');
      if (parts.length === 1 && parts[0]) found.push({ target: parts[0], type: 'volume', index: at });
      else if (parts.length >= 2 && parts[1]) {
        // A source from the host's paths or environment (`${localWorkspaceFolder}/x`) is a bind too.
        const source = parts[0]!;
        found.push({ target: parts[1], type: /^([./~]|\$\{)/.test(source) ? 'bind' : 'volume', ...(source ? { source } : {}), index: at });
      }
    }
  }
  return found;
}

/** A devcontainer.json mount, string ("type=volume,source=x,target=/y") or object form. */
export function parseDevcontainerMount(value: unknown): Pick<UserMount, 'target' | 'type' | 'source'> | undefined {
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
    if (!isReadVariable(name)) continue;
    // A later ENV of the same name replaces an earlier one for the container: only the last counts.
    last.delete(name);
    last.set(name, { name, value, place: 'dockerfile', file: dockerfile.file, line, ...(unresolved ? { unresolved: true as const } : {}) });
  }
  facts.settings.push(...last.values());
  facts.pins.push(...uvPins(read, dockerfile.file));
  facts.mounts.push(...dockerfileVolumes(read, dockerfile.file));
}

/**
 * The VOLUME paths of the stages the container runs: an image's VOLUME is a mount too. At run time
 * Docker gives each path an anonymous volume unless a mount is at that very path (moby/moby
 * daemon/create_unix.go, createContainerOSSpecificSettings: `container.HasMountFor(destination)`),
 * so one inside the uv volume's target is a mount inside it. JSON (`VOLUME ["/a", "/b"]`) or
 * words (`VOLUME /a /b`); a path with a variable in it is not known here.
 */
function dockerfileVolumes(read: DockerfileRead, file: string): UserMount[] {
  const mounts: UserMount[] = [];
  for (const stage of read.chain) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'VOLUME') continue;
      const args = instruction.args.trim();
      let paths: unknown[] = [];
      if (args.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(args);
          if (Array.isArray(parsed)) paths = parsed;
        } catch {
          paths = [];
        }
      } else paths = args.split(/\s+/);
      for (const target of paths) {
        if (typeof target === 'string' && target.startsWith('/') && !target.includes('$')) mounts.push({ target, type: 'volume', file, line: instruction.line, place: 'dockerfile-volume' });
      }
    }
  }
  return mounts;
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
const MAX_PINS_PER_RUN = 16;

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
        // Each pin is looked up by its line: a RUN of 60,000 `uv==…` words (hostile; an image
        // installs uv once) would search the instruction 60,000 times (23 s). Past a few, more say nothing new.
        if (pins.length >= MAX_PINS_PER_RUN) return pins;
      }
    }
    const installer = /astral\.sh\/uv\/(?:(\d+\.\d+\.\d+)\/)?install\.sh/.exec(command);
    if (installer) pins.push({ how: 'installer script', where: '~/.local/bin (the installer)', file, line: lineOf(instruction, 'astral.sh/uv'), ...version(installer[1]) });
  }
  return pins;
}

/**
 * The Compose service's `environment`, `env_file` and mounts, as compose-service.ts reads them (the
 * one Compose reader): env_file below environment, as Compose ranks them.
 */
function readComposeSettings(compose: ComposeServiceFacts, facts: UserUvSettingsFacts): void {
  for (const v of compose.envFile) facts.settings.push(composeSetting(v, 'compose-env-file'));
  for (const v of compose.environment) facts.settings.push(composeSetting(v, 'compose-environment'));
  for (const { target, type, source, interpolated, file, line, key } of compose.mounts) {
    facts.mounts.push({
      target,
      type,
      ...(source !== undefined ? { source } : {}),
      ...(interpolated ? { interpolated } : {}),
      file,
      line,
      place: key === 'tmpfs' ? 'compose-tmpfs' : 'compose-volumes',
    });
  }
}

/** Compose interpolates `$NAME` and `${NAME}` from the host's environment; `$$` is a literal `$`. */
function composeSetting({ name, value, file, line }: ComposeVariable, place: SettingPlace): UserSetting {
  const unresolved = /\$(?!\$)/.test(value.replace(/\$\$/g, ''));
  return { name, value: value.replace(/\$\$/g, '$'), place, file, line, ...(unresolved ? { unresolved: true as const } : {}) };
}
