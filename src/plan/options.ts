import type { Diagnostic } from '../diagnostics.js';

/**
 * Every option that decides the plan, in one table: the command line (cli/options.ts builds the
 * yargs options from it), the planner's `PlanOptions` type, the words `plan.options` records for
 * the regenerate hint, and the README's option table (a test checks it lists each one) all come
 * from here. Add an option here and the compiler asks for its use in the planner.
 */
export const PLAN_OPTIONS = {
  python: {
    flag: 'python',
    type: 'string',
    describe: "Python version for the environment (default: .python-version, else the image's Python when requires-python allows it, else the newest requires-python allows)",
  },
  uvVersion: {
    flag: 'uv-version',
    type: 'string',
    describe: 'uv release to install, X.Y.Z (default: the one your Dockerfile installs, else the newest satisfying tool.uv.required-version, else the newest seen)',
  },
  user: { flag: 'user', type: 'string', describe: 'Container user as NAME[:UID[:GID]], never root (default: the user your configuration runs as, root included, else vscode:1000)' },
  baseImage: {
    flag: 'base-image',
    type: 'string',
    describe: "Base image of the generated Dockerfile (default: your configuration's image, else mcr.microsoft.com/devcontainers/base:trixie); refused with a Dockerfile of yours, whose FROM is read",
  },
  volume: {
    flag: 'volume',
    type: 'string',
    describe: 'Name of the volume holding everything uv writes, used as it is (default: uv-<project>-${devcontainerId}, one per repository checkout)',
  },
  mountTarget: { flag: 'mount-target', type: 'string', describe: 'Where that volume is mounted in the container (default: /opt/uv)' },
  sharedCache: { flag: 'shared-cache', type: 'boolean', describe: 'One volume (uv-shared-cache) for every project on this machine: shared cache and Pythons, an environment per project' },
  readOnly: { flag: 'read-only', type: 'boolean', describe: 'Run the container with a read-only root file system; every place uv and Python write is on the volume or a listed tmpfs' },
  pythonFrom: {
    flag: 'python-from',
    type: 'string',
    choices: ['uv-managed', 'image'],
    describe: "Python from uv onto the volume, or the base image's own (default: the image's when it is a python:X.Y image of the chosen version)",
  },
  extra: { flag: 'extra', type: 'string', repeatable: true, describe: 'Install this extra of the project too (uv sync --extra); give it once per extra' },
  allExtras: { flag: 'all-extras', type: 'boolean', describe: 'Install every extra the project declares (uv sync --all-extras)' },
  group: { flag: 'group', type: 'string', repeatable: true, describe: 'Install this dependency group too (uv sync --group, uv 0.4.27+); give it once per group' },
  allGroups: { flag: 'all-groups', type: 'boolean', describe: 'Install every dependency group (uv sync --all-groups, uv 0.5.4+)' },
  caBundle: {
    flag: 'ca-bundle',
    type: 'string',
    describe:
      "A PEM bundle of the CAs uv in the container must trust (a TLS-intercepting proxy's among them): mounted read-only, named by SSL_CERT_FILE; a host path, or '${localEnv:NAME}' (default: none)",
  },
  noDev: { flag: 'no-dev', type: 'boolean', describe: 'Leave out the dev group, which uv sync installs by default (uv sync --no-dev)' },
  noEditorTools: {
    flag: 'no-editor-tools',
    type: 'boolean',
    describe: "Leave out the editor extensions and settings derived from the project's tools (Ruff, Black, mypy, pyright, basedpyright, pytest); the Python extension and the interpreter stay",
  },
} as const satisfies Record<string, OptionSpec>;

interface OptionSpec {
  /** The command-line spelling, without the dashes. */
  flag: string;
  type: 'string' | 'boolean';
  choices?: readonly string[];
  /** Given once per value (`--extra a --extra b`): the planner gets a list. */
  repeatable?: true;
  describe: string;
}

type Spec = typeof PLAN_OPTIONS;
type ValueOf<S> = S extends { choices: readonly (infer C)[] } ? C : S extends { type: 'boolean' } ? boolean : S extends { repeatable: true } ? string[] : string;

/**
 * The plan options as the planner gets them: each one absent unless given. `force` is one too (the
 * planner decides every refusal that depends on it), but not a row of the table: the table's options
 * are recorded in the manifest and remembered by the next run (with --no-X and --forget), and a
 * --force must hold for the run that gives it only. optionWords and settleOptions read the table
 * alone, so it is never recorded nor taken from a manifest.
 */
export type PlanOptions = { -readonly [K in keyof Spec]?: ValueOf<Spec[K]> } & { generatorVersion: string; force?: boolean };

export const PLAN_OPTION_KEYS = Object.keys(PLAN_OPTIONS) as (keyof Spec)[];

/** The options given, as words to put after `gen-devcontainer`, in the table's order. */
export function optionWords(options: PlanOptions): string[] {
  const words: string[] = [];
  for (const key of PLAN_OPTION_KEYS) {
    const value = options[key];
    if (value === undefined || value === false) continue;
    const flag = `--${PLAN_OPTIONS[key].flag}`;
    if (Array.isArray(value)) words.push(...value.flatMap((v) => [flag, v]));
    else words.push(flag, ...(value === true ? [] : [value]));
  }
  return words;
}

export type PlanOptionKey = keyof Spec;

/** A boolean option's opposite on the command line: `--no-read-only`, and `--dev` for `--no-dev`. */
export function negationFlag(key: PlanOptionKey): string | undefined {
  const { flag, type } = PLAN_OPTIONS[key];
  if (type !== 'boolean') return undefined;
  return flag.startsWith('no-') ? flag.slice(3) : `no-${flag}`;
}

/**
 * What the command line says about the plan options: the values given (a boolean turned off with
 * its negation is `false`), and which recorded ones to forget (`all`: every one).
 */
export interface OptionRequest {
  given: PlanOptions;
  forget: readonly PlanOptionKey[] | 'all';
}

/** A recorded option's place, for its diagnostics: the manifest, and the line of the option. */
export interface RecordedAt {
  file: string;
  lines: Readonly<Record<string, number>>;
}

/** The options of a run as the manifest records them, by flag: `{"extra": ["dev"], "read-only": true}`. */
export type RecordedOptions = Record<string, string | true | string[]>;

/** The words of `optionWords` as the manifest records them. */
export function recordOptions(words: readonly string[]): RecordedOptions {
  const record: RecordedOptions = {};
  for (let i = 0; i < words.length; i++) {
    const key = PLAN_OPTION_KEYS.find((k) => `--${PLAN_OPTIONS[k].flag}` === words[i]);
    if (key === undefined) continue;
    const spec: OptionSpec = PLAN_OPTIONS[key];
    if (spec.type === 'boolean') record[spec.flag] = true;
    else if (spec.repeatable) record[spec.flag] = [...((record[spec.flag] as string[] | undefined) ?? []), words[++i]!];
    else record[spec.flag] = words[++i]!;
  }
  return record;
}

/** The line of a recorded option (its own, else that of "options"); the names are the manifest's, so only its own keys count. */
function lineOf(at: RecordedAt, flag: string | undefined): number | undefined {
  return flag !== undefined && Object.hasOwn(at.lines, flag) ? at.lines[flag] : at.lines[''];
}

/**
 * The options a manifest records, read as untrusted input and checked as the command line checks
 * them (a known option, a value of its type, one of its choices; the planner then checks each
 * value as it checks a given one). A bad one stops the run (exit 2), naming the manifest's line.
 */
export function readRecordedOptions(raw: unknown, at: RecordedAt): { values: Partial<PlanOptions>; diagnostics: Diagnostic[] } {
  const values: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  if (raw === undefined) return { values, diagnostics };
  const refuse = (flag: string | undefined, problem: string, forget = flag ?? 'all') => {
    const line = lineOf(at, flag);
    diagnostics.push({
      level: 'error',
      code: 'manifest-option-invalid',
      message: `${at.file} records ${problem}: a run uses the options recorded there when none is given, and this one cannot be`,
      file: at.file,
      ...(line ? { line } : {}),
      hint: `correct or remove it in ${at.file}, or give the option on the command line (it replaces the recorded value), or --forget ${forget}`,
    });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    refuse(undefined, `"options" as ${JSON.stringify(raw)}, not an object of options`);
    return { values, diagnostics };
  }
  for (const [flag, value] of Object.entries(raw)) {
    const key = PLAN_OPTION_KEYS.find((k) => PLAN_OPTIONS[k].flag === flag);
    const shown = JSON.stringify(value)?.slice(0, 200);
    if (key === undefined) {
      refuse(flag, `the option ${JSON.stringify(flag.slice(0, 100))}, which gen-devcontainer does not have (it has ${PLAN_OPTION_KEYS.map((k) => PLAN_OPTIONS[k].flag).join(', ')})`, 'all');
      continue;
    }
    const spec: OptionSpec = PLAN_OPTIONS[key];
    const text = (v: unknown): v is string => typeof v === 'string' && v !== '' && !/[\u0000-\u001f\u007f]/.test(v) && v.length <= 4096;
    if (spec.type === 'boolean') {
      if (value === true) values[key] = true;
      else refuse(flag, `--${flag} as ${shown}: a flag is recorded as true`);
    } else if (spec.repeatable) {
      if (Array.isArray(value) && value.length > 0 && value.length <= 100 && value.every(text)) values[key] = [...value];
      else refuse(flag, `--${flag} as ${shown}: it takes a list of names`);
    } else if (!text(value)) {
      refuse(flag, `--${flag} as ${shown}: it takes one value`);
    } else if (spec.choices && !spec.choices.includes(value)) {
      refuse(flag, `--${flag} ${JSON.stringify(value)}, not one of ${spec.choices.join(', ')}`);
    } else values[key] = value;
  }
  return { values: values as Partial<PlanOptions>, diagnostics };
}

/**
 * The options of this run: the recorded ones, each replaced by the command line's value where one
 * is given (a list whole: `--extra docs` after a recorded `--extra dev` is docs alone), less those
 * it forgets. `remembered`: the recorded ones in use.
 */
export function settleOptions(request: OptionRequest, recorded: Partial<PlanOptions>): { options: PlanOptions; remembered: PlanOptionKey[] } {
  const options: PlanOptions = { ...request.given };
  const remembered: PlanOptionKey[] = [];
  for (const key of PLAN_OPTION_KEYS) {
    if (recorded[key] === undefined || request.given[key] !== undefined || request.forget === 'all' || request.forget.includes(key)) continue;
    (options as Record<string, unknown>)[key] = recorded[key];
    remembered.push(key);
  }
  return { options, remembered };
}

/**
 * What a run says about the options it took from the manifest: a note naming them, and on every
 * error about one of them (`--python "x" is not ...`), where it came from and how to drop it.
 */
export function rememberedDiagnostics(remembered: readonly PlanOptionKey[], options: PlanOptions, at: RecordedAt, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (remembered.length === 0) return [...diagnostics];
  const flags = remembered.map((k) => PLAN_OPTIONS[k].flag);
  const attributed = diagnostics.map((d) => {
    const flag = d.level === 'error' ? flags.find((f) => new RegExp(`--${f}(?![\\w-])`).test(d.message)) : undefined;
    if (flag === undefined) return d;
    const line = lineOf(at, flag);
    const whence = `--${flag} is remembered from an earlier run (${at.file}): give it anew to replace it, or --forget ${flag} to drop it`;
    return { ...d, ...(d.file ? {} : { file: at.file, ...(line ? { line } : {}) }), hint: d.hint ? `${d.hint}; ${whence}` : whence };
  });
  const words = optionWords(Object.fromEntries(remembered.map((k) => [k, options[k]])) as PlanOptions);
  return [
    {
      level: 'info',
      code: 'options-remembered',
      message: `options remembered from the last run (${at.file}): ${words.join(' ')}; an option given replaces its value, --forget NAME drops one (--forget all: every one)`,
      file: at.file,
    },
    ...attributed,
  ];
}
