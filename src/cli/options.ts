import type { Argv } from 'yargs';
import type { PlanOptions } from '../plan/plan.js';

/** The options every command shares: they decide the plan. */
export function planOptions<T>(y: Argv<T>) {
  return y
    .positional('dir', { type: 'string', default: '.', describe: 'Repository folder (holding pyproject.toml)' })
    .option('python', { type: 'string', describe: 'Python version for the environment (default: .python-version, else the newest allowed by requires-python)' })
    .option('uv-version', { type: 'string', describe: 'uv release to install, X.Y.Z (default: pinned, or the newest satisfying tool.uv.required-version)' })
    .option('user', { type: 'string', describe: 'Container user as NAME[:UID[:GID]] (default: vscode:1000)' })
    .option('base-image', { type: 'string', describe: 'Base image of the Dockerfile (default: mcr.microsoft.com/devcontainers/base:trixie)' })
    .option('volume', { type: 'string', describe: 'Name of the volume holding everything uv writes (default: uv-<project>)' })
    .option('mount-target', { type: 'string', describe: 'Where that volume is mounted in the container (default: /opt/uv)' })
    .option('shared-cache', { type: 'boolean', describe: 'One volume (uv-shared-cache) for every project on this machine: shared cache and Pythons, an environment per project' })
    .option('read-only', { type: 'boolean', describe: 'Run the container with a read-only root file system; every place uv and Python write is on the volume or a listed tmpfs' })
    .option('python-from', { choices: ['uv-managed', 'image'] as const, describe: "Python from uv onto the volume, or the base image's own (default: the image's when it is a python:X.Y image of the chosen version)" })
    .group(['python', 'python-from', 'uv-version', 'user', 'base-image', 'volume', 'mount-target', 'shared-cache', 'read-only'], 'Plan options:');
}

/** The parsed plan options (yargs gives them camel-cased) and the folder. */
export type PlanArgs = { dir: string } & Omit<PlanOptions, 'generatorVersion'>;

const PLAN_OPTION_KEYS = ['python', 'uvVersion', 'user', 'baseImage', 'volume', 'mountTarget', 'sharedCache', 'readOnly', 'pythonFrom'] as const satisfies readonly (keyof PlanOptions)[];

/** Only the plan's own options: yargs' arguments object carries kebab-case twins and more. */
export function toPlanOptions(args: PlanArgs, generatorVersion: string): PlanOptions {
  const options: PlanOptions = { generatorVersion };
  for (const key of PLAN_OPTION_KEYS) (options as unknown as Record<string, unknown>)[key] = args[key];
  return options;
}
