import type { Node } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics.js';
import { jsonc } from '../lazy.js';
import { OUTPUT_PATHS } from '../outputs.js';
import { isUnchangedOutput } from '../ownership.js';
import { lineColumn } from '../text.js';
import type { ExistingDevcontainerFacts, KeptSettingsFacts, PipInstall } from './facts.js';
import { type RepoReader, repoPath } from './repo-reader.js';
import { rootCommandsIn } from './root-commands.js';
import { commandAssignments } from './shell-line.js';
import { uvCommandsIn } from './uv-commands.js';

/** One shell line a lifecycle property runs: a command of devcontainer.json, or a line of a script one runs. */
export interface LifecycleLine {
  text: string;
  /** The devcontainer.json property that runs it. */
  property: string;
  /** devcontainer.json, or the script. */
  file: string;
  line: number;
  /** A virtual environment an earlier line of the same script activated (`. .venv/bin/activate`). */
  venv?: string;
}

/**
 * Every shell line the user's lifecycle commands run, in every property and form (a string, an
 * array, an object of either), and the lines of the repository scripts they run (`bash
 * .devcontainer/post-create.sh`), comments left out. The one walk every reading of the user's
 * commands shares: pip installs, uv commands, commands only root can run.
 */
function lifecycleLines(reader: RepoReader, devcontainer: ExistingDevcontainerFacts, file: string, text: string, tree: Node, diagnostics: Diagnostic[] = []): LifecycleLine[] {
  const lines: LifecycleLine[] = [];
  const scripts = new Set<string>();
  for (const property of LIFECYCLE) {
    const node = jsonc().findNodeAtLocation(tree, [property]);
    if (!node) continue;
    for (const { command, offset } of commandsOf(node)) {
      lines.push({ text: command, property, file, line: lineColumn(text, offset).line });
      for (const script of scriptsRun(command)) {
        // The tool's own scripts (uv-lifecycle.sh, which runs the user's command after "--") are not the user's.
        if (scripts.size >= MAX_SCRIPTS || scripts.has(script) || devcontainer.manifest?.hashes[script] !== undefined) continue;
        scripts.add(script);
        const read = reader.readText(script);
        // A script that is not there yet is common (made by another step); one that is there but is
        // no regular file of the repository (a FIFO, a link out) is said, not passed over.
        if (read.kind === 'error')
          diagnostics.push({ level: 'warning', code: 'lifecycle-script-unreadable', message: `${read.message}; ${property} runs it, and what it does is not seen`, file: script, hint: read.hint });
        if (read.kind !== 'ok') continue;
        let venv: string | undefined;
        read.text
          .slice(0, MAX_SCRIPT_CHARS)
          .split(/\r?\n/)
          .forEach((scriptLine, i) => {
            if (/^\s*#/.test(scriptLine)) return;
            lines.push({ text: scriptLine, property, file: script, line: i + 1, ...(venv ? { venv } : {}) });
            venv = venvIn(scriptLine) ?? venv;
          });
      }
    }
  }
  return lines;
}

/** The lifecycle properties a user's commands can be in; each runs with the container's environment. */
const LIFECYCLE = ['onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'] as const;

/** The most script files a run follows from lifecycle commands, and the largest it reads. */
const MAX_SCRIPTS = 8;
const MAX_SCRIPT_CHARS = 256 * 1024;

const INTERPRETER_SETTING = 'python.defaultInterpreterPath';
/** The lifecycle script this tool writes (src/outputs.ts, OUTPUT_PATHS.lifecycleScript); its steps wrap the user's command. */
const LIFECYCLE_SCRIPT = OUTPUT_PATHS.lifecycleScript;

/**
 * What a user's devcontainer.json keeps that may contradict the plan: the editor's interpreter,
 * and `pip install` steps (pip is not in an environment uv makes, so `pip` there is the image's,
 * and installs beside the environment). Scripts the lifecycle commands run (`bash
 * .devcontainer/post-create.sh`) are read too, when they are files of the repository.
 */
export function readKeptSettings(reader: RepoReader, devcontainer: ExistingDevcontainerFacts | undefined, diagnostics: Diagnostic[] = []): KeptSettingsFacts | undefined {
  const config = devcontainer?.config;
  if (!config || isUnchangedOutput(devcontainer.manifest?.hashes, config.file, config.text)) return undefined;
  const tree = jsonc().parseTree(config.text, [], { allowTrailingComma: true });
  if (!tree) return undefined;
  const facts: KeptSettingsFacts = { pipInstalls: [], uvCommands: [], rootCommands: [], uvFeatures: [] };
  const managed = devcontainer.manifest?.managedValues ?? {};

  const settings = jsonc().findNodeAtLocation(tree, ['customizations', 'vscode', 'settings']);
  const interpreter = settings?.type === 'object' ? settings.children?.find((p) => p.children?.[0]?.value === INTERPRETER_SETTING) : undefined;
  const value = interpreter?.children?.[1];
  const recorded = managed[JSON.stringify(['customizations', 'vscode', 'settings', INTERPRETER_SETTING])];
  if (value?.type === 'string' && recorded !== value.value) {
    facts.interpreterPath = { value: value.value as string, file: config.file, line: lineColumn(config.text, value.offset).line };
  }

  const features = jsonc().findNodeAtLocation(tree, ['features']);
  for (const feature of features?.type === 'object' ? (features.children ?? []) : []) {
    const id = feature.children?.[0]?.value;
    // A feature's id is the last part of its reference, before the version (`…/uv:1`, `…/uv@sha256:…`).
    if (typeof id === 'string' && /(^|\/)uv([:@]|$)/.test(id)) facts.uvFeatures.push({ id, file: config.file, line: lineColumn(config.text, feature.offset).line });
  }
  for (const line of lifecycleLines(reader, devcontainer, config.file, config.text, tree, diagnostics)) {
    facts.pipInstalls.push(
      ...withVenv(
        line.text,
        line.venv,
        pipInstallsIn(line.text, line.property, line.file, () => line.line),
      ),
    );
    facts.uvCommands.push(...uvCommandsIn(line.text, line.property, line.file, line.line));
    facts.rootCommands.push(...rootCommandsIn(line.text, line.property, line.file, line.line));
  }
  return facts;
}

/**
 * A virtual environment a shell line activates (`. .venv/bin/activate`, `source env/bin/activate`),
 * if any: only then is a later plain `pip` that environment's. Making one (`python -m venv`) without
 * activating it changes nothing for `pip`.
 */
function venvIn(text: string): string | undefined {
  return /(?:^|[\s;&|(])(?:source|\.)\s+([^\s;&|]+)\/bin\/activate\b/.exec(text)?.[1];
}

/** Each pip install with the environment activated before it: on its own line first, else on an earlier one (`before`). */
function withVenv(line: string, before: string | undefined, pips: PipInstall[]): PipInstall[] {
  return pips.map((pip) => {
    const at = line.indexOf(pip.command);
    const venv = (at > 0 ? venvIn(line.slice(0, at)) : undefined) ?? before;
    return venv ? { ...pip, venv } : pip;
  });
}

/** Each command of a lifecycle value: a string, an array (its words), or an object of either. */
function commandsOf(node: Node): { command: string; offset: number }[] {
  if (node.type === 'string') return [{ command: node.value as string, offset: node.offset }];
  if (node.type === 'array') {
    let words = (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
    // The user's command after this tool's step (`sh .devcontainer/uv-lifecycle.sh STEP -- …`), and a shell's script (`sh -c '…'`).
    if (words[1] === LIFECYCLE_SCRIPT && words[3] === '--') words = words.slice(4);
    if (words.length === 3 && /^(\/bin\/)?(ba|da)?sh$/.test(words[0]!) && words[1] === '-c') words = [words[2]!];
    return words.length > 0 ? [{ command: words.join(' '), offset: node.offset }] : [];
  }
  if (node.type === 'object') return (node.children ?? []).flatMap((property) => (property.children?.[1] ? commandsOf(property.children[1]) : []));
  return [];
}

/** One `pip install` per command of a shell line (`a && b; c | d`); `uv pip install` only with `--system`, which leaves the environment too. */
export function pipInstallsIn(text: string, property: string, file: string, line: () => number): PipInstall[] {
  const found: PipInstall[] = [];
  for (const part of text.split(/&&|\|\|?|;|\n/)) {
    const command = part.trim();
    const match = /(?:^|[\s("'`])(uv\s+)?(?:sudo\s+(?:-\S+\s+)*)?(?:pip3?(?:\.\d+)?|python3?(?:\.\d+)?\s+-m\s+pip)\s+install\b(.*)$/.exec(command);
    // UV_SYSTEM_PYTHON is "equivalent to the --system command-line argument" (astral-sh/uv crates/uv-static/src/env_vars.rs).
    const systemVariable = commandAssignments(command).UV_SYSTEM_PYTHON;
    const uvSystem =
      match?.[1] === undefined
        ? undefined
        : /(?:^|\s)--system(?:\s|$)/.test(match[2]!)
          ? '--system'
          : systemVariable !== undefined && /^(1|true|yes|on|y|t)$/i.test(systemVariable)
            ? command.split(/\s+/).find((w) => w.startsWith('UV_SYSTEM_PYTHON='))
            : undefined;
    if (!match || (match[1] && !uvSystem)) continue;
    const requirements = [...match[2]!.matchAll(/(?:^|\s)(?:-r|--requirement)(?:\s+|=)(\S+)/g)].map((m) => m[1]!.replace(/^["']|["']$/g, ''));
    found.push({ command, property, file, line: line(), requirements, ...(uvSystem ? { uvSystem } : {}) });
  }
  return found;
}

/** Repository scripts a command runs: `bash x.sh`, `sh ./x.sh`, `./x.sh`, `x.sh` (lifecycle commands run in the workspace folder). */
function scriptsRun(command: string): string[] {
  const scripts: string[] = [];
  for (const word of command.split(/\s+/)) {
    const cleaned = word.replace(/^["']|["';]$/g, '');
    if (!/\.(sh|bash)$/.test(cleaned) || cleaned.includes('$')) continue;
    const file = repoPath('', cleaned);
    if (file) scripts.push(file);
  }
  return scripts;
}
