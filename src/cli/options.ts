import type { Argv, Options } from 'yargs';
import type { RunPlace } from '../pipeline.js';
import { negationFlag, type OptionRequest, PLAN_OPTION_KEYS, PLAN_OPTIONS, type PlanOptions } from '../plan/options.js';
import { type Io, UsageError } from './io.js';

/** The options every command shares, from the one table (plan/options.ts): they decide the plan. */
export function planOptions<T>(y: Argv<T>): Argv<T & PlanArgs> {
  let parser = y.positional('dir', { type: 'string', defaultDescription: '"."', describe: 'Repository folder (holding pyproject.toml)' }) as Argv<T>;
  for (const key of PLAN_OPTION_KEYS) {
    const spec: { flag: string; type: 'string' | 'boolean'; describe: string; choices?: readonly string[]; repeatable?: true } = PLAN_OPTIONS[key];
    const option: Options = {
      ...(spec.choices ? { choices: [...spec.choices] } : { type: spec.type }),
      describe: spec.describe,
      coerce: spec.repeatable ? every : once(spec.flag),
    };
    parser = parser.option(spec.flag, option) as Argv<T>;
  }
  // Not a plan option: it decides whether there is a project to plan for, and nothing in the files.
  parser = parser.option('allow-any-folder', {
    type: 'boolean',
    describe: 'Take DIR as the project even when it is the file-system root or a home folder with no pyproject.toml, requirements file or setup.py (refused otherwise)',
  }) as Argv<T>;
  // The options of the last run are remembered (in the manifest): these turn one off, or forget it.
  const negations = PLAN_OPTION_KEYS.flatMap((key) => {
    const flag = negationFlag(key);
    return flag ? [{ key, flag }] : [];
  });
  for (const { key, flag } of negations) {
    parser = parser
      .option(flag, { type: 'boolean', describe: `Turn --${PLAN_OPTIONS[key].flag} off, when the last run's is remembered`, coerce: once(flag) })
      .conflicts(flag, PLAN_OPTIONS[key].flag) as Argv<T>;
  }
  parser = parser.option('forget', {
    type: 'string',
    describe: `Drop a remembered option (its default applies): ${PLAN_OPTION_KEYS.map((key) => PLAN_OPTIONS[key].flag).join(', ')}, or all; once per option`,
    coerce: every,
  }) as Argv<T>;
  // Built in a loop, so yargs cannot infer the parsed type: it is the table's (PlanArgs).
  return parser
    .group(
      PLAN_OPTION_KEYS.map((key) => PLAN_OPTIONS[key].flag),
      "Plan options (remembered in the manifest: a run without options uses the last run's):",
    )
    .group([...negations.map((n) => n.flag), 'forget'], 'Remembered options:') as unknown as Argv<T & PlanArgs>;
}

/** An option given twice (`--python 3.12 --python 3.13`) is a usage error: which one was meant is not for the tool to guess. */
export function once<T = unknown>(flag: string): (value: T) => T {
  return (value: T) => {
    if (Array.isArray(value)) throw new UsageError(`--${flag} was given ${value.length} times (${value.map(String).join(', ')}); give it once`);
    return value;
  };
}

/**
 * A repeatable option's values, as a list however often it was given. Not yargs' `array`, which
 * would take the words after it too (`--extra docs path/to/repo` would make the folder an extra).
 */
function every(value: unknown): string[] {
  return [value].flat().map(String);
}

/** The parsed plan options (yargs gives them camel-cased), the negations and `--forget`, and the folder. */
export type PlanArgs = { dir: string; forget?: string[]; allowAnyFolder?: boolean } & Omit<PlanOptions, 'generatorVersion'>;

/** Where the command runs, for the pipeline's refusal of a folder that is no project root. */
export function runPlace(args: PlanArgs, io: Io): RunPlace {
  return { home: io.env.HOME, anyFolder: args.allowAnyFolder === true };
}

/**
 * Only the plan's own options (yargs' arguments object carries kebab-case twins and more): the
 * values given, a negation as `false`, and what to forget. A name --forget does not know is a
 * usage error.
 */
export function toPlanOptions(args: PlanArgs, generatorVersion: string): OptionRequest {
  // --force (each command declares its own) is given for this run only: never recorded, never forgotten.
  const given: PlanOptions = { generatorVersion, ...(args.force === true ? { force: true } : {}) };
  for (const key of PLAN_OPTION_KEYS) {
    const negation = negationFlag(key);
    const value = negation !== undefined && (args as Record<string, unknown>)[negation] === true ? false : args[key];
    if (value !== undefined) (given as Record<string, unknown>)[key] = value;
  }
  const names = args.forget ?? [];
  if (names.includes('all')) return { given, forget: 'all' };
  const forget = names.map((name) => {
    const key = PLAN_OPTION_KEYS.find((k) => PLAN_OPTIONS[k].flag === name.replace(/^--/, ''));
    if (key === undefined) throw new UsageError(`--forget ${JSON.stringify(name)}: no such option; give one of ${PLAN_OPTION_KEYS.map((k) => PLAN_OPTIONS[k].flag).join(', ')}, or all`);
    return key;
  });
  return { given, forget };
}
