/**
 * The generator as functions: what `import { plan, render, generate } from 'gen-devcontainer'`
 * gives (src/index.ts), and what the commands call (src/commands/), so a program and the command
 * line get the same plan, the same files and the same refusals.
 *
 * - `plan` reads the folder and decides; it writes nothing.
 * - `render` turns a plan into file texts; it reads and writes nothing.
 * - `generate` is the only one that writes, through the same checks and the same transaction as
 *   `gen-devcontainer` (pipeline.ts prepareWrites, write/transaction.ts, ownership.ts).
 *
 * A user's mistake is never thrown: every function returns its diagnostics as data. Nothing here
 * runs at import: no argument, variable, folder or file is read until a function is called.
 */
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { VERSION } from './generated/version.js';
import { type PipelineOk, prepareWrites, renderPlanned, runPipeline } from './pipeline.js';
import { type OptionRequest, PLAN_OPTION_KEYS, PLAN_OPTIONS, type PlanOptionKey, type PlanOptions } from './plan/options.js';
import { caBundleSuggestion } from './targets/devcontainer/ca-bundle.js';
import type { Plan } from './targets/types.js';
import { applyWrites, refusalDiagnostic, type WriteAction, WriteRefused } from './write/writer.js';

/**
 * The options of `plan` and `generate`: the command line's plan options (`python`, `uvVersion`,
 * `extra`: the table in plan/options.ts), camel-cased. A boolean set to `false` turns off one the
 * manifest remembers from an earlier run (`--no-read-only`); `forget` drops remembered ones.
 */
export interface Options extends Omit<PlanOptions, 'generatorVersion'> {
  /** Remembered options to drop (`--forget`): their defaults apply. */
  forget?: readonly PlanOptionKey[] | 'all';
  /** Take `dir` as the project even when it is the file-system root or a home folder (`--allow-any-folder`). */
  allowAnyFolder?: boolean;
  /** The user's home folder, which is refused as a project unless `allowAnyFolder` (default: `process.env.HOME`, read when called). */
  home?: string;
}

export interface GenerateOptions extends Options {
  /** Compare only: write nothing, and say per file what a write would do (`--dry-run`, `--check` and `--diff` use it). */
  dryRun?: boolean;
  /** Variables that name a CA bundle on this machine, for the note suggesting `caBundle` (default: `process.env`, read when called). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A plan, with every diagnostic of making it and what `generate` would refuse or keep of yours. */
export interface Planned {
  ok: true;
  plan: Plan;
  /** Notes and warnings of the analysis and the plan, then what writing would refuse (errors) or keep (warnings), checked as `generate` checks before writing. */
  diagnostics: Diagnostic[];
  /** Whether `generate` with the same options would refuse to write (an error in `diagnostics` says why). */
  writeRefused: boolean;
}

export type PlanResult = Planned | { ok: false; diagnostics: Diagnostic[] };

export interface RenderedFile {
  /** Repository-relative, forward slashes. */
  path: string;
  content: string;
}

export interface Rendered {
  /** Every file `generate` would write, the manifest last. */
  files: RenderedFile[];
  /** What the rendering kept, replaced or combined in your files. */
  diagnostics: Diagnostic[];
}

export interface FileResult extends RenderedFile {
  /** What was done (or, with `dryRun`, would be): `conflict` is a file that is not the tool's, replaced only with `force`. */
  status: 'create' | 'update' | 'unchanged' | 'conflict';
  /** The file's text before, when there was one. */
  previous?: string;
  /** Where your own file was kept, when `force` replaced it. */
  backup?: string;
}

export interface Generated {
  /** True when every file was written (or, with `dryRun`, could be); false when the run was refused, with an error in `diagnostics`. */
  ok: boolean;
  /** The plan, unless the run stopped before one was made. */
  plan?: Plan;
  files: FileResult[];
  /** Whether anything reached the disk (false with `dryRun`, a refusal, or when every file was up to date). */
  wrote: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Where a command runs (pipeline.ts RunPlace), written out here so that the library's declarations
 * (dist/types) need none of the pipeline's.
 */
interface Place {
  home?: string | undefined;
  anyFolder?: boolean;
}

/** What `render` needs besides the plan (the folder's files as read, --force), kept beside each plan `plan` returns. */
const pipelines = new WeakMap<Plan, PipelineOk>();

/** Reads `dir` and decides the dev container; writes nothing. */
export function plan(dir: string, options: Options = {}): PlanResult {
  const request = optionRequest(options, []);
  if (!request.ok) return request;
  return planFolder(dir, request.value, runPlaceOf(options));
}

/** `plan`, for the commands: the options as the command line gave them (args.ts toPlanOptions). */
export function planFolder(dir: string, request: OptionRequest, place: Place): PlanResult {
  const result = runPipeline(dir, request, place);
  if (!result.ok) return { ok: false, diagnostics: result.diagnostics };
  const problems = prepareWrites(result, { writing: true }).diagnostics.filter((d) => d.level !== 'info');
  const planned: Planned = { ok: true, plan: result.plan, diagnostics: [...result.diagnostics, ...problems], writeRefused: hasErrors(problems) };
  pipelines.set(planned.plan, result);
  return planned;
}

/**
 * The files of a plan, as data; reads and writes nothing. Takes what `plan` returned, or its
 * `plan`: the folder as `plan` read it stays beside it, since your own files are merged into.
 */
export function render(planned: Planned | Plan): Rendered {
  const pipeline = pipelines.get('writeRefused' in planned ? planned.plan : planned);
  if (pipeline === undefined) throw new TypeError('render(planned): pass what plan() returned, or its plan (the folder as plan() read it is kept beside it, and your files are merged into)');
  const rendering = renderPlanned(pipeline);
  return { files: rendering.files.map(({ path, content }) => ({ path, content })), diagnostics: rendering.diagnostics };
}

/** Plans and writes the dev container into `dir` as `gen-devcontainer` does; with `dryRun`, only says what it would write. */
export function generate(dir: string, options: GenerateOptions = {}): Generated {
  const request = optionRequest(options, ['dryRun', 'env']);
  if (!request.ok) return { ok: false, files: [], wrote: false, diagnostics: request.diagnostics };
  return generateFolder(dir, request.value, runPlaceOf(options), { dryRun: options.dryRun === true, env: options.env ?? process.env });
}

/** `generate`, for the commands: the options as the command line gave them. */
export function generateFolder(dir: string, request: OptionRequest, place: Place, run: { dryRun: boolean; env: Readonly<Record<string, string | undefined>> }): Generated {
  const result = runPipeline(dir, request, place);
  if (!result.ok) return { ok: false, files: [], wrote: false, diagnostics: result.diagnostics };
  const { plan, reader } = result;
  const prepared = prepareWrites(result, { writing: !run.dryRun });
  const diagnostics: Diagnostic[] = [...result.diagnostics, ...prepared.diagnostics];
  // A note for a run that goes ahead: a refused one has its error to fix first. What the plan
  // mounts counts, not the options: a caBundle remembered in the manifest is mounted too.
  const suggestion = hasErrors(diagnostics) ? undefined : caBundleSuggestion(run.env, plan.devcontainer.caBundle?.source);
  if (suggestion) diagnostics.push(suggestion);
  const files = prepared.actions.map(fileResult);
  if (hasErrors(diagnostics)) return { ok: false, plan, files, wrote: false, diagnostics };
  if (run.dryRun) return { ok: true, plan, files, wrote: false, diagnostics };
  try {
    const backups = new Map(applyWrites(reader.root, prepared.actions, result.force, plan.devcontainer.outputs.manifest.file).flatMap((a) => (a.backup ? [[a.path, a.backup] as const] : [])));
    for (const file of files) if (backups.has(file.path)) file.backup = backups.get(file.path)!;
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    return { ok: false, plan, files, wrote: false, diagnostics: [...diagnostics, refusalDiagnostic(err)] };
  }
  return { ok: true, plan, files, wrote: files.some((f) => f.status !== 'unchanged'), diagnostics };
}

function fileResult(action: WriteAction): FileResult {
  return { path: action.path, content: action.content, status: action.status, ...(action.previous !== undefined ? { previous: action.previous } : {}) };
}

function runPlaceOf(options: Options): Place {
  return { home: options.home ?? process.env.HOME, anyFolder: options.allowAnyFolder === true };
}

/**
 * The options as the planner takes them, checked as the command line checks its own (a known
 * option, a value of its type, one of its choices): a program may pass anything at run time.
 */
function optionRequest(options: Options, ownNames: readonly string[]): { ok: true; value: OptionRequest } | { ok: false; diagnostics: Diagnostic[] } {
  const given: PlanOptions = { generatorVersion: VERSION };
  const diagnostics: Diagnostic[] = [];
  const refuse = (name: string, problem: string) =>
    diagnostics.push({ level: 'error', code: 'library-option-invalid', message: `option ${name}: ${problem}`, hint: `give ${name} as the Options type says (the README's "Library API")` });
  const known = new Set<string>([...PLAN_OPTION_KEYS, 'force', 'forget', 'allowAnyFolder', 'home', ...ownNames]);
  for (const name of Object.keys(options)) if (!known.has(name)) refuse(JSON.stringify(name).slice(0, 100), `no such option; the options are ${[...known].join(', ')}`);
  for (const key of PLAN_OPTION_KEYS) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    const spec: { type: 'string' | 'boolean'; choices?: readonly string[]; repeatable?: true } = PLAN_OPTIONS[key];
    const fits =
      spec.type === 'boolean'
        ? typeof value === 'boolean'
        : spec.repeatable
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : typeof value === 'string' && (spec.choices === undefined || spec.choices.includes(value));
    if (fits) (given as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
    else
      refuse(
        key,
        `${JSON.stringify(value)?.slice(0, 100)} is not ${spec.type === 'boolean' ? 'true or false' : spec.repeatable ? 'a list of names' : spec.choices ? `one of ${spec.choices.join(', ')}` : 'a string'}`,
      );
  }
  if (options.force !== undefined && typeof options.force !== 'boolean') refuse('force', 'not true or false');
  if (options.force === true) given.force = true;
  const forget = options.forget ?? [];
  if (forget !== 'all' && !(Array.isArray(forget) && forget.every((k) => (PLAN_OPTION_KEYS as readonly string[]).includes(k))))
    refuse('forget', `${JSON.stringify(forget)?.slice(0, 100)} is not 'all' or a list of ${PLAN_OPTION_KEYS.join(', ')}`);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { given, forget: forget === 'all' ? 'all' : [...forget] } };
}
