/**
 * The options only `gen-devcontainer production` (and `plan --production`, `explain --production`)
 * take, in one table: the command line is built from it, and the manifest of deploy/ records them
 * with the plan options (a later `production --check` needs the same words to compare the same files).
 */
export const PRODUCTION_OPTIONS = {
  image: { flag: 'image', type: 'string', describe: 'The image the manifests run, NAME[:TAG] (default: <project>:latest)' },
  port: { flag: 'port', type: 'string', describe: 'The port the application listens on: a Service in kubernetes.yaml, ports in compose.yaml (default: none)' },
  command: {
    flag: 'command',
    type: 'string',
    describe: 'What the image runs: a [project.scripts] name, or a command line (default: the one [project.scripts] entry)',
  },
  withUv: { flag: 'with-uv', type: 'boolean', describe: 'Keep uv in the final image, for `uv run` and `uvx` at run time (never syncing or locking on the read-only root)' },
  package: { flag: 'package', type: 'string', describe: 'In a uv workspace: the member the image installs and runs (default: every member)' },
  project: { flag: 'project', type: 'string', describe: 'In a folder of several projects: the folder of the one the image runs' },
} as const;

export type ProductionOptionKey = keyof typeof PRODUCTION_OPTIONS;

export interface ProductionOptions {
  image?: string;
  port?: string;
  command?: string;
  withUv?: boolean;
  package?: string;
  project?: string;
}

export const PRODUCTION_OPTION_KEYS = Object.keys(PRODUCTION_OPTIONS) as ProductionOptionKey[];

/** The options given, as command-line words, in the table's order (for the header's regenerate line and the manifest). */
export function productionOptionWords(options: ProductionOptions): string[] {
  const words: string[] = [];
  for (const key of PRODUCTION_OPTION_KEYS) {
    const value = options[key];
    if (value === undefined || value === false) continue;
    words.push(`--${PRODUCTION_OPTIONS[key].flag}`, ...(value === true ? [] : [value]));
  }
  return words;
}
