import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readExistingDevcontainer } from './devcontainer.js';
import { findDevcontainerLinks } from './devcontainer-links.js';
import { readEditorTools } from './editor-tools.js';
import { projectRootAbove, readSurroundings, readWorkspaceAroundProjects } from './enclosing.js';
import type { RepoFacts, SubProject } from './facts.js';
import { type IgnoreRules, NOT_SEARCHED, parseIgnoreRules } from './ignore.js';
import { readKeptSettings } from './kept-settings.js';
import { readOtherMarkers } from './markers.js';
import { readPyprojectFacts } from './pyproject.js';
import { readPythonVersionFile } from './python-version.js';
import type { RepoReader } from './repo-reader.js';
import { explainTemplateSyntax, isTemplateName, templateFolderHint } from './template-files.js';
import { isTable, readToml, type TomlTable } from './toml.js';
import { readUvLockFacts } from './uv-lock.js';
import { readUserUvSettings } from './uv-settings-elsewhere.js';
import { readWorkspace } from './workspace.js';

export interface Analysis {
  facts: RepoFacts;
  diagnostics: Diagnostic[];
}

/**
 * Reads a repository into `RepoFacts`. Only named files at the root are read, except in a folder
 * that is no project itself, where readSubProjects searches for projects within a bound: nothing
 * walks `.git`, `.venv` or `node_modules`. Above the root, only what uv itself reads there
 * (analyze/enclosing.ts).
 */
export function analyzeRepo(reader: RepoReader, folderName: string, search: ProjectSearch = PROJECT_SEARCH): Analysis {
  const diagnostics: Diagnostic[] = [];
  const ignore = readIgnoreRules(reader);
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
    if (!findProjectsBelow(reader, ignore, search, facts, diagnostics)) {
      // Run in a folder inside a project (its src/mypkg): name the project's root above. Its path
      // is absolute: `..` is from DIR, which is not the shell's folder when DIR was given
      // (`gen-devcontainer src` from the root would be told `cd ..`, out of the project).
      const above = projectRootAbove(reader);
      const root = above && path.resolve(reader.root, above.path);
      diagnostics.push({
        level: 'error',
        code: 'pyproject-missing',
        message: `no pyproject.toml, requirements file or setup.py in ${reader.root}`,
        hint: above
          ? `the project root is ${root} (${above.marker} there, ${above.path} from this folder); run gen-devcontainer there: gen-devcontainer ${shellWord(root!)}`
          : (templateFolderHint(reader) ?? setupCfgHint(reader) ?? 'run gen-devcontainer in the root of a Python project, or create one with `uv init`'),
      });
    }
  } else if (pyproject.kind === 'invalid') {
    diagnostics.push(pyproject.diagnostic);
  } else if (pyproject.kind === 'ok') {
    facts.pyproject = readPyprojectFacts('pyproject.toml', pyproject.table, pyproject.text, diagnostics);
    facts.workspace = readWorkspace(reader, facts.pyproject, diagnostics);
    facts.surroundings = readSurroundings(reader, facts.pyproject, pyproject.table, pyproject.text, diagnostics);
    // A pyproject.toml of a tool's settings only ([tool.ruff] for the whole repository) above
    // projects of their own: uv installs nothing from it, so the folder is one of projects, as if
    // it had no pyproject.toml. With none below, the plan refuses it as before (pyproject-no-project).
    if (!installable && settingsOnly(facts, pyproject.table)) findProjectsBelow(reader, ignore, search, facts, diagnostics);
  }

  facts.uvLock = readUvLockFacts(reader, 'uv.lock', diagnostics);

  const pinned = readPinnedPython(reader, diagnostics);
  if (pinned) facts.pythonVersionFile = pinned;
  // A workspace member without a pin of its own follows the nearest one up to the workspace root, as uv does.
  facts.pythonVersionFile ??= facts.surroundings?.workspace?.pythonVersionFile;

  facts.devcontainer = readExistingDevcontainer(reader, diagnostics);
  const userUvSettings = readUserUvSettings(facts.devcontainer, diagnostics);
  if (userUvSettings) facts.userUvSettings = userUvSettings;
  const keptSettings = readKeptSettings(reader, facts.devcontainer, diagnostics);
  if (keptSettings) facts.keptSettings = keptSettings;
  const links = findDevcontainerLinks(reader, facts.devcontainer, diagnostics);
  if (links) facts.devcontainerLinks = links;
  // Projects below a root that is one itself (or a requirements app), which nothing installs:
  // named, so that twenty of them under src/integrations are not silently left out.
  if (!facts.projects && (facts.pyproject || installable)) {
    const nested = readNestedProjects(reader, ignore, facts);
    if (nested) facts.nestedProjects = nested;
  }
  const editorTools = readEditorTools(reader, pyproject.kind === 'ok' ? pyproject : undefined, markers);
  if (editorTools.length > 0) facts.editorTools = editorTools;
  if (ignore) {
    facts.gitignore = { file: '.gitignore', ignoresDevcontainer: ignore.ignoresFolder('.devcontainer') };
    const ignoresLock = ignoredLocks(ignore, facts.projects?.map((p) => `${p.path}/uv.lock`) ?? ['uv.lock']);
    if (ignoresLock) facts.gitignore.ignoresLock = ignoresLock;
  }
  explainTemplateSyntax(reader, diagnostics);
  return { facts, diagnostics };
}

/** The version .python-version pins; a warning when it names none or cannot be read. */
function readPinnedPython(reader: RepoReader, diagnostics: Diagnostic[]): RepoFacts['pythonVersionFile'] {
  const pythonVersion = reader.readText('.python-version');
  if (pythonVersion.kind === 'ok') {
    const pinned = readPythonVersionFile('.python-version', pythonVersion.text);
    if (pinned) return pinned;
    diagnostics.push({
      level: 'warning',
      code: 'python-version-empty',
      message: '.python-version names no version; it is ignored',
      file: '.python-version',
      hint: 'write a version such as 3.12 in it, or delete it',
    });
  } else if (pythonVersion.kind === 'error') {
    diagnostics.push({ level: 'warning', code: 'python-version-unreadable', message: pythonVersion.message, file: '.python-version', hint: pythonVersion.hint });
  }
  return undefined;
}

/**
 * How deep and how wide the search for projects goes. LangChain-style trees put projects at
 * `libs/partners/NAME` (depth 3); four levels leave room. The folder budget bounds the cost on a
 * huge tree (a folder costs about one directory read; see `npm run bench`).
 */
export interface ProjectSearch {
  maxDepth: number;
  maxFolders: number;
  /** Stop at the bound without a warning (the caller says what it means). */
  quiet?: boolean;
  /** Folder names not entered, besides NOT_SEARCHED. */
  skip?: ReadonlySet<string>;
}
export const PROJECT_SEARCH: ProjectSearch = { maxDepth: 4, maxFolders: 20_000 };

/**
 * Below a project, the search only names what nothing installs, so it is smaller (about 22 ms at
 * its bound, at the 11 µs a folder `npm run bench` measures) and stops without a warning; test
 * data (a project's `tests/fixtures/.../pyproject.toml`) is not searched.
 */
const NESTED_SEARCH: ProjectSearch = { maxDepth: 4, maxFolders: 2_000, quiet: true, skip: new Set(['tests', 'test', 'testing', 'fixtures', 'testdata', 'test_data']) };

/**
 * Folders with a pyproject.toml below a root project or requirements app that no install reaches:
 * not a member of the root's workspace (nor excluded from it), not a path source of the root's.
 */
function readNestedProjects(reader: RepoReader, ignore: IgnoreRules | undefined, facts: RepoFacts): RepoFacts['nestedProjects'] {
  const reached = new Set([...(facts.workspace?.members.map((m) => m.path) ?? []), ...(facts.workspace?.excluded ?? [])]);
  for (const source of facts.surroundings?.pathSources ?? []) if (source.up === 0 && source.at) reached.add(path.posix.normalize(source.at).replace(/\/$/, ''));
  // A requirements file installs a local folder by its path (`-e ./src/backend`, `./libs/core`).
  for (const file of [...facts.markers.requirements, ...facts.markers.requirementsIn]) {
    const read = reader.readText(file);
    if (read.kind !== 'ok') continue;
    for (const line of read.text.split(/\r?\n/)) {
      const local = /^\s*(?:(?:-e|--editable)(?:\s+|=))?(?:file:)?(\.{0,2}\/?[\w./-]+?)\/?(?:\[[^\]]*\])?\s*(?:#.*)?$/.exec(line)?.[1];
      if (local?.includes('/')) reached.add(path.posix.normalize(local).replace(/\/$/, ''));
    }
  }
  const stats = { stopped: false };
  const found = readSubProjects(reader, ignore, NESTED_SEARCH, [], stats)
    .map((p) => p.path)
    .filter((p) => !reached.has(p));
  // Here the files are read (the first NESTED_READS; a folder of projects reads none): a
  // pyproject.toml that only holds a tool's settings (docs/pyproject.toml with [tool.ruff]) is no
  // project; one that does not parse is kept, since uv would refuse it.
  const paths = found.filter((p, i) => i >= NESTED_READS || isInstallable(readToml(reader, `${p}/pyproject.toml`, 'nested-pyproject')));
  return paths.length > 0 ? { paths, ...(stats.stopped ? { stopped: true as const } : {}) } : undefined;
}

/** How many nested pyproject.toml files are read to tell a project from a tool's settings. */
const NESTED_READS = 50;

/** A pyproject.toml uv installs something from: [project], [dependency-groups], a workspace, legacy dev-dependencies; or one that is not TOML. */
function isInstallable(read: ReturnType<typeof readToml>): boolean {
  if (read.kind !== 'ok') return read.kind === 'invalid';
  const tool = read.table.tool as Record<string, unknown> | undefined;
  const uv = (tool?.uv ?? {}) as Record<string, unknown>;
  return read.table.project !== undefined || read.table['dependency-groups'] !== undefined || uv.workspace !== undefined || uv['dev-dependencies'] !== undefined;
}

/**
 * The projects of a folder that is not one itself (a monorepo): folders holding a pyproject.toml,
 * to PROJECT_SEARCH.maxDepth levels, breadth first. A project's own subfolders are not searched
 * (what lies inside a project is its business: tests, fixtures, a workspace's members). Skipped:
 * hidden and NOT_SEARCHED folders, template folders (isTemplateName), folders the root .gitignore
 * ignores, and symbolic links (a link can loop, or lead outside the repository).
 */
/** For a setup.cfg with nothing beside it, which uv cannot build (markers.ts): the file uv needs. */
function setupCfgHint(reader: RepoReader): string | undefined {
  if (reader.kindOf('setup.cfg') !== 'file') return undefined;
  return 'setup.cfg alone is no project uv can install (`uv pip install -e .` says it "does not appear to be a Python project" without a pyproject.toml or setup.py): add a pyproject.toml with [build-system] requires = ["setuptools"] and build-backend = "setuptools.build_meta", then run again';
}

/** Projects in subfolders, into facts.projects (with a workspace around them); false when there are none. */
function findProjectsBelow(reader: RepoReader, ignore: IgnoreRules | undefined, search: ProjectSearch, facts: RepoFacts, diagnostics: Diagnostic[]): boolean {
  const projects = readSubProjects(reader, ignore, search, diagnostics);
  if (projects.length === 0) return false;
  facts.projects = projects;
  const around = readWorkspaceAroundProjects(
    reader,
    projects.map((p) => p.path),
    diagnostics,
  );
  if (around) facts.projectsInWorkspace = around;
  return true;
}

/**
 * A root pyproject.toml with nothing uv installs from: no [project], workspace, dependency groups
 * or legacy dev-dependencies, and no Poetry metadata (which has a refusal of its own).
 */
function settingsOnly(facts: RepoFacts, table: TomlTable): boolean {
  const p = facts.pyproject!;
  const tool = isTable(table.tool) ? table.tool : undefined;
  return !p.hasProjectTable && !facts.workspace && Object.keys(p.dependencyGroups).length === 0 && p.uv.devDependencies.length === 0 && !facts.markers.poetryLock && !isTable(tool?.poetry);
}

function readSubProjects(reader: RepoReader, ignore: IgnoreRules | undefined, search: ProjectSearch, diagnostics: Diagnostic[], stats?: { stopped: boolean }): SubProject[] {
  const projects: SubProject[] = [];
  let folders = 0;
  let level = ['.'];
  for (let depth = 1; depth <= search.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      for (const name of reader.listFolders(parent)) {
        if (name.startsWith('.') || NOT_SEARCHED.has(name) || search.skip?.has(name) || isTemplateName(name)) continue;
        const rel = parent === '.' ? name : `${parent}/${name}`;
        if (ignore?.ignoresFolder(rel)) continue;
        if (++folders > search.maxFolders) {
          if (stats) stats.stopped = true;
          if (!search.quiet)
            diagnostics.push({
              level: 'warning',
              code: 'project-search-stopped',
              message: `the search for projects stopped after ${search.maxFolders} folders; projects in folders not yet searched are left out`,
              hint: 'add generated or vendored folders to .gitignore, or run gen-devcontainer in the folder that holds the projects',
            });
          return byPath(projects);
        }
        const file = `${rel}/pyproject.toml`;
        // What the plan needs of a project is that it is there: uv reads the rest when the install
        // step syncs it (--all-packages for a workspace, --frozen where there is a uv.lock). A
        // folder of thousands of projects costs one lstat a project (`npm run bench`).
        const kind = reader.kindOf(file);
        if (kind === undefined) {
          next.push(rel);
          continue;
        }
        if (kind !== 'file') {
          diagnostics.push({
            level: 'warning',
            code: 'subproject-pyproject-unreadable',
            message: `${file} is not a regular file, or is a symbolic link that leads outside the repository`,
            file,
            hint: `make ${file} a file of the repository's own; ${rel} is left out until then`,
          });
          continue;
        }
        projects.push({ path: rel });
      }
    }
    level = next;
  }
  return byPath(projects);
}

/** In path order (code points, whatever the locale), as the plan lists them. */
function byPath(projects: SubProject[]): SubProject[] {
  return projects.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Which of these uv.lock paths .gitignore ignores: the first, how many, and the pattern's line (pattern matching only, no disk). */
function ignoredLocks(ignore: IgnoreRules, locks: string[]): NonNullable<RepoFacts['gitignore']>['ignoresLock'] {
  let found: { first: string; count: number; line: number } | undefined;
  for (const lock of locks) {
    const line = ignore.lineIgnoringFile(lock);
    if (line === undefined) continue;
    if (found) found.count++;
    else found = { first: lock, count: 1, line };
  }
  return found;
}

/** The root .gitignore, read and parsed once: the search for projects and the plan's note on .devcontainer both use it. */
function readIgnoreRules(reader: RepoReader): IgnoreRules | undefined {
  const read = reader.readText('.gitignore');
  return read.kind === 'ok' ? parseIgnoreRules(read.text) : undefined;
}

/** A path as one POSIX shell word, quoted only when it needs to be (the hint's command is copied into a shell). */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
