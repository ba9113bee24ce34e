import type { Argv, Options } from 'yargs';
import type { PlanArgs } from '../commands/args.js';
import { UsageError } from '../commands/io.js';
import { negationFlag, PLAN_OPTION_KEYS, PLAN_OPTIONS } from '../plan/options.js';
import { PRODUCTION_OPTION_KEYS, PRODUCTION_OPTIONS, type ProductionOptions } from '../targets/production/options.js';

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

/** The options of the production target (targets/production/options.ts), for `production` and `plan --production`. */
export function productionOptions<T>(y: Argv<T>): Argv<T & ProductionOptions> {
  let parser = y;
  for (const key of PRODUCTION_OPTION_KEYS) {
    const spec = PRODUCTION_OPTIONS[key];
    parser = parser.option(spec.flag, { type: spec.type, describe: spec.describe, coerce: once(spec.flag) }) as Argv<T>;
  }
  return parser.group(
    PRODUCTION_OPTION_KEYS.map((key) => PRODUCTION_OPTIONS[key].flag),
    'Production options:',
  ) as unknown as Argv<T & ProductionOptions>;
}
