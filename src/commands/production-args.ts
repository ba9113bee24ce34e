import { PRODUCTION_OPTION_KEYS, PRODUCTION_OPTIONS, type ProductionOptions } from '../targets/production/options.js';

/**
 * --forget's names split between the plan options (toPlanOptions checks them) and the production
 * ones (settled against deploy/'s manifest): `all` is both.
 */
export function splitForget<T extends { forget?: string[] }>(args: T): { args: T; forget: string[] | 'all' } {
  const names = (args.forget ?? []).map((n) => n.replace(/^--/, ''));
  if (names.includes('all')) return { args, forget: 'all' };
  const flags: string[] = PRODUCTION_OPTION_KEYS.map((k) => PRODUCTION_OPTIONS[k].flag);
  return { args: { ...args, forget: names.filter((n) => !flags.includes(n)) }, forget: names.filter((n) => flags.includes(n)) };
}

/** The production options of the parsed arguments (yargs gives them camel-cased, with kebab-case twins). */
export function productionOptions(args: ProductionOptions): ProductionOptions {
  const { image, port, command, withUv, package: pkg, project } = args;
  return Object.fromEntries(Object.entries({ image, port: port === undefined ? undefined : String(port), command, withUv, package: pkg, project }).filter(([, v]) => v !== undefined && v !== false));
}
