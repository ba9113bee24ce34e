import type { Diagnostic } from '../../diagnostics.js';
import { PRODUCTION_OPTION_KEYS, PRODUCTION_OPTIONS, type ProductionOptionKey, type ProductionOptions } from './options.js';

/** The production options given, by flag (a flag without a value is one given alone: --with-uv), for the plan and deploy/'s manifest. */
export function recordProductionOptions(options: ProductionOptions): { flag: string; value?: string }[] {
  const record: { flag: string; value?: string }[] = [];
  for (const key of PRODUCTION_OPTION_KEYS) {
    const value = options[key];
    if (value !== undefined && value !== false) record.push({ flag: PRODUCTION_OPTIONS[key].flag, ...(value === true ? {} : { value }) });
  }
  return record;
}

/**
 * The production options of this run: the command line's, else those deploy/'s manifest records
 * (untrusted: a known flag, a string of its kind or `true` for a flag, as the command line takes
 * them; anything else stops the run, naming the file), less those --forget names. `remembered`:
 * the recorded ones in use, for the note that says so.
 */
export function settleProductionOptions(
  given: ProductionOptions,
  forget: readonly string[] | 'all',
  recorded: unknown,
  file: string,
  diagnostics: Diagnostic[],
): { options: ProductionOptions; remembered: ProductionOptionKey[] } {
  const options: ProductionOptions = { ...given };
  const remembered: ProductionOptionKey[] = [];
  if (recorded === undefined || forget === 'all') return { options, remembered };
  const refuse = (problem: string) =>
    diagnostics.push({
      level: 'error',
      code: 'manifest-option-invalid',
      message: `${file} records ${problem}: a run uses the options recorded there when none is given, and this one cannot be`,
      file,
      hint: `correct or remove it in ${file}, or give the option on the command line (it replaces the recorded value), or --forget it`,
    });
  if (typeof recorded !== 'object' || recorded === null || Array.isArray(recorded)) {
    refuse(`"production" as ${JSON.stringify(recorded)?.slice(0, 100)}, not an object of options`);
    return { options, remembered };
  }
  for (const [flag, value] of Object.entries(recorded)) {
    const key = PRODUCTION_OPTION_KEYS.find((k) => PRODUCTION_OPTIONS[k].flag === flag);
    if (key === undefined) {
      refuse(`the production option ${JSON.stringify(flag.slice(0, 100))}, which gen-devcontainer does not have`);
      continue;
    }
    const isFlag = PRODUCTION_OPTIONS[key].type === 'boolean';
    const fits = isFlag ? value === true : typeof value === 'string' && value !== '' && value.length <= 4096 && !/[\u0000-\u001f\u007f]/.test(value);
    if (!fits) {
      refuse(`--${flag} as ${JSON.stringify(value)?.slice(0, 100)}: ${isFlag ? 'a flag is recorded as true' : 'it takes one value'}`);
      continue;
    }
    if (given[key] !== undefined || forget.includes(flag)) continue;
    (options as Record<string, unknown>)[key] = value;
    remembered.push(key);
  }
  return { options, remembered };
}
