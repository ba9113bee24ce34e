import type { RunPlace } from '../pipeline.js';
import { negationFlag, type OptionRequest, PLAN_OPTION_KEYS, PLAN_OPTIONS, type PlanOptions } from '../plan/options.js';
import { type Io, UsageError } from './io.js';

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
