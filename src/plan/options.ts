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

/** The plan options as the planner gets them: each one absent unless given. */
export type PlanOptions = { -readonly [K in keyof Spec]?: ValueOf<Spec[K]> } & { generatorVersion: string };

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
