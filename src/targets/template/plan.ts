import { MemoryRepo } from '../../analyze/memory-reader.js';
import type { Plan } from '../types.js';

/** One option of the template, and the two values its part of the files is found by. */
export interface TemplateOption {
  id: 'projectName' | 'pythonVersion';
  description: string;
  default: string;
  proposals: string[];
  /** Two values the generator plans with: where their files differ is where the option goes. */
  probes: [string, string];
}

/**
 * The template's decisions: its options, and the generator's plans it is made from, one per probe
 * value (the first plan has every option's first value; each other plan changes one option).
 */
export interface TemplatePlan {
  id: string;
  version: string;
  options: TemplateOption[];
  /** The plan with every option's first probe. */
  base: Plan;
  /** For each option, the plan with its second probe and the others' first. */
  varied: Plan[];
  /** The generator's files the template leaves out, and why. */
  leftOut: { file: string; reason: string }[];
}

/**
 * The generator's files a template cannot hold: the manifest records each file's sha256, which
 * depends on the values; the README's diagram names a node after the project (dashes made
 * underscores) and its lines wrap at a width the name's length moves, which a plain text
 * substitution cannot follow. The generator's next run writes both.
 */
export function leftOutOfTemplate(plan: Plan): { file: string; reason: string }[] {
  const { outputs } = plan.devcontainer;
  return [
    { file: outputs.manifest.file, reason: 'its sha256 of each file depends on the option values, which are not known before they are applied' },
    {
      file: outputs.readme.file,
      reason: "its diagram names a node after the project (dashes made underscores), and its lines wrap where the name's length puts them: a text substitution cannot follow either",
    },
  ];
}

/**
 * The names a project is planned under: lower-case letters only, so that every name the
 * generator makes of it (the environment's folder, the volume, the README's diagram) holds it as it
 * is, and no other text of the files can be mistaken for it.
 */
const NAME_PROBES: [string, string] = ['zzprojectnamezz', 'qqprojectnameqq'];

/** The repository a template's plan is made for: a new project, as `uv init` leaves it (no uv.lock yet). */
export function templateRepository(name: string): MemoryRepo {
  return new MemoryRepo(
    { 'pyproject.toml': `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n`, '.python-version': '3.13\n', 'main.py': '' },
    `/workspace/${name}`,
  );
}

/** The options, with the Pythons they are probed with: the default, and another the pinned uv installs. */
export function templateOptions(defaultPython: string, otherPython: string): TemplateOption[] {
  return [
    {
      id: 'projectName',
      description: "The project's name as pyproject.toml gives it (`uv init` takes the folder's): lower-case letters and digits; it names the environment's folder and the volume",
      default: 'app',
      proposals: ['app'],
      probes: NAME_PROBES,
    },
    {
      id: 'pythonVersion',
      description: 'The Python every uv command in the container uses (UV_PYTHON), as gen-devcontainer --python gives it',
      default: defaultPython,
      proposals: [defaultPython, otherPython],
      probes: [defaultPython, otherPython],
    },
  ];
}
