import type { Diagnostic } from '../diagnostics.js';
import { readExistingDevcontainer } from './devcontainer.js';
import { findDevcontainerLinks } from './devcontainer-links.js';
import type { GitignoreFacts, RepoFacts, SubProject } from './facts.js';
import { readKeptSettings } from './kept-settings.js';
import { readOtherMarkers } from './markers.js';
import { readPyprojectFacts } from './pyproject.js';
import { readPythonVersionFile } from './python-version.js';
import type { RepoReader } from './repo-reader.js';
import { isTable, readToml, type TomlTable } from './toml.js';
import { readUvLockFacts } from './uv-lock.js';
import { readUserUvSettings } from './uv-settings-elsewhere.js';
import { readWorkspace } from './workspace.js';

export interface Analysis {
  facts: RepoFacts;
  diagnostics: Diagnostic[];
}

/**
 * Reads a repository into `RepoFacts`. Only named files at the root are read: nothing walks
 * `.git`, `.venv`, `node_modules` or any other folder, so a huge repository costs the same as a
 * small one.
 */
export function analyzeRepo(reader: RepoReader, folderName: string): Analysis {
  const diagnostics: Diagnostic[] = [];
  const markers = readOtherMarkers(reader, diagnostics);
  const facts: RepoFacts = { folderName, markers, hasWorkspaceVenv: reader.kindOf('.venv') === 'dir' };

  const pyproject = readToml(reader, 'pyproject.toml', 'pyproject');
  const installable = markers.requirements.length + markers.requirementsIn.length > 0 || markers.hasSetupPy;
  if (pyproject.kind === 'missing' && markers.pipfile && !installable) {
    diagnostics.push({
      level: 'error',
      code: 'pipfile-only',
      message: 'this is a Pipenv project (Pipfile) with no pyproject.toml or requirements file: uv cannot read Pipfile',
      file: 'Pipfile',
      hint: 'convert it once with `uvx migrate-to-uv` (it writes pyproject.toml and uv.lock), or export `pipenv requirements > requirements.txt`, then run again',
    });
  } else if (pyproject.kind === 'missing' && !installable) {
    // No project here: perhaps a folder of projects, each in a subfolder.
    const projects = readSubProjects(reader, diagnostics);
    if (projects.length > 0) facts.projects = projects;
    else
      diagnostics.push({
        level: 'error',
        code: 'pyproject-missing',
        message: `no pyproject.toml, requirements file or setup.py in ${reader.root}`,
        hint: 'run gen-devcontainer in the root of a Python project, or create one with `uv init`',
      });
  } else if (pyproject.kind === 'invalid') {
    diagnostics.push(pyproject.diagnostic);
  } else if (pyproject.kind === 'ok') {
    facts.pyproject = readPyprojectFacts('pyproject.toml', pyproject.table, pyproject.text, diagnostics);
    facts.workspace = readWorkspace(reader, facts.pyproject, diagnostics);
  }

  facts.uvLock = readUvLockFacts(reader, 'uv.lock', diagnostics);

  const pythonVersion = reader.readText('.python-version');
  if (pythonVersion.kind === 'ok') {
    facts.pythonVersionFile = readPythonVersionFile('.python-version', pythonVersion.text);
    if (!facts.pythonVersionFile) {
      diagnostics.push({
        level: 'warning',
        code: 'python-version-empty',
        message: '.python-version names no version; it is ignored',
        file: '.python-version',
        hint: 'write a version such as 3.12 in it, or delete it',
      });
    }
  } else if (pythonVersion.kind === 'error') {
    diagnostics.push({ level: 'warning', code: 'python-version-unreadable', message: pythonVersion.message, file: '.python-version', hint: pythonVersion.hint });
  }

  facts.devcontainer = readExistingDevcontainer(reader, diagnostics);
  const userUvSettings = readUserUvSettings(reader, facts.devcontainer, diagnostics);
  if (userUvSettings) facts.userUvSettings = userUvSettings;
  const keptSettings = readKeptSettings(reader, facts.devcontainer);
  if (keptSettings) facts.keptSettings = keptSettings;
  const links = findDevcontainerLinks(reader, facts.devcontainer, diagnostics);
  if (links) facts.devcontainerLinks = links;
  facts.gitignore = readGitignore(reader);
  return { facts, diagnostics };
}

/** Folders a search for sub-projects never opens. */
const NOT_PROJECTS = new Set(['node_modules', '__pycache__', 'build', 'dist', 'venv']);

/** Immediate subfolders holding a pyproject.toml: the projects of a multi-project folder. One level only. */
function readSubProjects(reader: RepoReader, diagnostics: Diagnostic[]): SubProject[] {
  const projects: SubProject[] = [];
  for (const name of reader.listDir('.')) {
    if (name.startsWith('.') || NOT_PROJECTS.has(name) || reader.kindOf(name) !== 'dir') continue;
    const parsed = readToml(reader, `${name}/pyproject.toml`, 'subproject-pyproject');
    if (parsed.kind === 'missing') continue;
    if (parsed.kind === 'invalid') {
      diagnostics.push({ ...parsed.diagnostic, level: 'warning', hint: `fix it; ${name} is left out until then` });
      continue;
    }
    projects.push({ path: name, name: projectName(parsed.table), hasLock: reader.kindOf(`${name}/uv.lock`) === 'file' });
  }
  return projects;
}

/**
 * `project.name`, when it is a string: all a sub-project contributes. The same value
 * readPyprojectFacts gives, without its other facts and the line lookups they make, which a folder
 * of thousands of projects would pay for each.
 */
function projectName(table: TomlTable): string | undefined {
  const project = isTable(table.project) ? table.project : undefined;
  return typeof project?.name === 'string' ? project.name : undefined;
}

function readGitignore(reader: RepoReader): GitignoreFacts | undefined {
  const read = reader.readText('.gitignore');
  if (read.kind !== 'ok') return undefined;
  const patterns = read.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const names = (name: string) => patterns.some((p) => p.replace(/^\//, '').replace(/\/$/, '') === name);
  return { file: '.gitignore', ignoresVenv: names('.venv') || patterns.includes('*venv*'), ignoresDevcontainer: names('.devcontainer') };
}
