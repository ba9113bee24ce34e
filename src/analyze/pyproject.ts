import type { Diagnostic } from '../diagnostics.js';
import { isPackageName } from '../versions/names.js';
import { parseSpecifierSet } from '../versions/pep440.js';
import { uvBuildRequirement } from './build-requires.js';
import type { DeclaredNames, Fact, PyprojectFacts, UvSettings } from './facts.js';
import { isTable, lineOfKey, type TomlTable } from './toml.js';

/**
 * Extracts what the planner needs from a parsed pyproject.toml. A value of the wrong type is an
 * error, as it is for uv (uv 0.13.9 stops with "Failed to parse: pyproject.toml" on `name = 5`,
 * `requires-python = ["x"]` or `members = "str"`): a container whose every uv command fails is no
 * use. Sub-projects are read without diagnostics: only their name is used.
 */
export function readPyprojectFacts(file: string, table: TomlTable, text: string, diagnostics: Diagnostic[]): PyprojectFacts {
  const { fact, wrongType, stringAt, boolAt, stringList } = typedValues(file, text, diagnostics);

  const project = isTable(table.project) ? table.project : {};
  if (table.project !== undefined && !isTable(table.project)) wrongType('project', 'a table');
  const tool = isTable(table.tool) ? table.tool : {};
  const uvTable = isTable(tool.uv) ? tool.uv : undefined;

  const optionalDependencies: Record<string, string[]> = {};
  if (isTable(project['optional-dependencies'])) {
    for (const [extra, reqs] of Object.entries(project['optional-dependencies'])) {
      optionalDependencies[extra] = stringList(reqs, `project.optional-dependencies.${extra}`);
    }
  }

  const dependencyGroups: Record<string, number> = {};
  if (table['dependency-groups'] !== undefined) {
    if (isTable(table['dependency-groups'])) {
      for (const [group, entries] of Object.entries(table['dependency-groups'])) {
        if (Array.isArray(entries)) dependencyGroups[group] = entries.length;
        else wrongType(`dependency-groups.${group}`, 'a list');
      }
    } else wrongType('dependency-groups', 'a table');
  }

  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  const poetryGroups = isTable(poetry.group) ? Object.keys(poetry.group).filter((name) => isTable((poetry.group as TomlTable)[name])) : [];
  if (isTable(poetry['dev-dependencies']) && !poetryGroups.includes('dev')) poetryGroups.push('dev');

  const uv: UvSettings = {
    present: uvTable !== undefined,
    requiredVersion: stringAt(uvTable?.['required-version'], 'tool.uv.required-version'),
    managed: boolAt(uvTable?.managed, 'tool.uv.managed'),
    package: boolAt(uvTable?.package, 'tool.uv.package'),
    devDependencies: stringList(uvTable?.['dev-dependencies'], 'tool.uv.dev-dependencies'),
  };
  const workspace = uvTable?.workspace;
  if (workspace !== undefined) {
    if (isTable(workspace)) {
      uv.workspace = {
        members: stringList(workspace.members, 'tool.uv.workspace.members'),
        exclude: stringList(workspace.exclude, 'tool.uv.workspace.exclude'),
      };
    } else wrongType('tool.uv.workspace', 'a table');
  }

  const { name, requiresPython } = nameAndRequiresPython(project, stringAt, file, diagnostics);

  return {
    file,
    hasProjectTable: isTable(table.project),
    name,
    requiresPython,
    dependencies: stringList(project.dependencies, 'project.dependencies'),
    optionalDependencies,
    dependencyGroups,
    poetryGroups,
    scripts: scriptNames(project.scripts),
    hasBuildSystem: isTable(table['build-system']),
    buildBackend: isTable(table['build-system']) ? stringAt(table['build-system']['build-backend'], 'build-system.build-backend') : undefined,
    uvBuild: uvBuildRequirement(table['build-system'], fact),
    uv,
  };
}

/**
 * The names of `[project.scripts]` whose value is a string (an entry point, `module:function`):
 * what `gen-devcontainer production` may run. Anything else there is left out, not refused: uv
 * checks the table when it builds the project, and a run that writes no image has no use for it.
 */
function scriptNames(scripts: unknown): string[] {
  if (!isTable(scripts)) return [];
  return Object.entries(scripts)
    .filter(([, target]) => typeof target === 'string')
    .map(([name]) => name);
}

/** project.name and project.requires-python, each checked as uv checks it (uv refuses the file otherwise). */
function nameAndRequiresPython(project: TomlTable, stringAt: (value: unknown, key: string) => Fact<string> | undefined, file: string, diagnostics: Diagnostic[]) {
  const name = stringAt(project.name, 'project.name');
  if (name && !isPackageName(name.value))
    diagnostics.push({
      level: 'error',
      code: 'pyproject-name-invalid',
      message: `project.name ${JSON.stringify(name.value)} is not a package name; uv itself refuses this pyproject.toml ("Failed to parse")`,
      file,
      line: name.line,
      hint: 'name the project with letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 508), e.g. "my-app"',
    });
  const requiresPython = stringAt(project['requires-python'], 'project.requires-python');
  const specifiers = requiresPython && parseSpecifierSet(requiresPython.value, { strict: true });
  if (requiresPython && specifiers && !specifiers.ok)
    diagnostics.push({
      level: 'error',
      code: 'requires-python-invalid',
      message: `project.requires-python ${JSON.stringify(requiresPython.value)} is not a version specifier uv reads: ${specifiers.error}; uv itself refuses this pyproject.toml ("Failed to parse")`,
      file,
      line: requiresPython.line,
      hint: 'write it as PEP 440 specifiers joined by commas, each with its operator, e.g. ">=3.11" or ">=3.11,<3.14" (~= needs two numbers: ~=3.11)',
    });
  return { name, requiresPython };
}

/** Readers of pyproject.toml values by type: a value of the wrong type is the error uv gives too, and reads as absent. */
function typedValues(file: string, text: string, diagnostics: Diagnostic[]) {
  const fact = <T>(value: T, key: string): Fact<T> => ({ value, file, key, line: lineOfKey(text, key) });

  const wrongType = (key: string, expected: string) =>
    diagnostics.push({
      level: 'error',
      code: 'pyproject-wrong-type',
      message: `${key} must be ${expected}; uv itself refuses this pyproject.toml ("Failed to parse")`,
      file,
      line: lineOfKey(text, key),
      hint: `write ${key} as ${expected} (see the pyproject.toml specification)`,
    });

  function stringAt(tableValue: unknown, key: string): Fact<string> | undefined {
    if (tableValue === undefined) return undefined;
    if (typeof tableValue !== 'string') return void wrongType(key, 'a string');
    return fact(tableValue, key);
  }
  function boolAt(tableValue: unknown, key: string): Fact<boolean> | undefined {
    if (tableValue === undefined) return undefined;
    if (typeof tableValue !== 'boolean') return void wrongType(key, 'true or false');
    return fact(tableValue, key);
  }
  function stringList(value: unknown, key: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      wrongType(key, 'a list of strings');
      return [];
    }
    return value as string[];
  }
  return { fact, wrongType, stringAt, boolAt, stringList };
}

/**
 * The build back-end uv runs when it installs this project, or undefined when it runs none:
 * `tool.uv.package = false` tells uv not to build the project (seen with real uv 0.13.9: a
 * maturin project with it syncs offline with no maturin at hand, and without it fails to fetch
 * maturin; uv's docs, `docs/concepts/projects/config.md`, "Project packaging").
 */
export function backendUvRuns(facts: PyprojectFacts): Fact<string> | undefined {
  return facts.uv.package?.value === false ? undefined : facts.buildBackend;
}

/** What `--extra` and `--group` may name in this pyproject.toml. */
export function declaredNames(facts: PyprojectFacts): DeclaredNames {
  const groups = Object.keys(facts.dependencyGroups);
  if (facts.uv.devDependencies.length > 0 && !groups.includes('dev')) groups.push('dev');
  return { extras: Object.keys(facts.optionalDependencies), groups };
}
