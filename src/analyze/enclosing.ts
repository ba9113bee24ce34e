import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { AncestorFolder, EnclosingWorkspace, PathSource, ProjectsInWorkspace, PyprojectFacts, SurroundingsFacts, UvLockFacts } from './facts.js';
import { readPyprojectFacts } from './pyproject.js';
import { readPythonVersionFile } from './python-version.js';
import type { RepoReader } from './repo-reader.js';
import { isTable, lineOfKey, readToml, type TomlTable } from './toml.js';
import { readUvLockFacts } from './uv-lock.js';
import { memberGlob } from './workspace.js';

/**
 * How far above the folder the walk reads, at most. The walk stops first at the root of the
 * repository (a folder holding `.git`, which a dev container's workspace mount should be: the spec
 * says so, and the Dev Container CLI mounts it by default), or at the file-system root. Without
 * either, eight levels reach well past any workspace root seen in practice (members sit one to three
 * levels down) without reading a home folder's parents' parents.
 */
export const MAX_LEVELS_UP = 8;

/**
 * What uv finds above a project, read as uv reads it. uv looks for the workspace a project belongs
 * to by walking up the folder's parents to the first pyproject.toml (astral-sh/uv,
 * crates/uv-workspace/src/workspace.rs, `find_workspace`): a `[tool.uv.workspace]` there whose
 * `members` globs take the folder in and whose `exclude` globs do not (`is_included_in_workspace`,
 * `is_excluded_from_workspace`) makes the folder a member, which syncs from that root's uv.lock;
 * any other pyproject.toml there ends the search, the folder a project of its own.
 *
 * Everything is read through readers rooted at each folder above (RepoReader.parent), read-only
 * and never past a link that leads out of that folder. The walk stops at a `.git` boundary (the
 * folder itself holding `.git` means nothing above is read), the file-system root, or
 * MAX_LEVELS_UP.
 */
export function readSurroundings(reader: RepoReader, pyproject: PyprojectFacts, table: TomlTable, text: string, diagnostics: Diagnostic[]): SurroundingsFacts {
  const gitHere = reader.kindOf('.git') !== undefined;
  const walk = gitHere ? { ancestors: [], readers: [], end: 'git' as const } : walkUp(reader);
  const pathSources = readPathSources(reader.root, reader.root, table, text, pyproject.file);
  const facts: SurroundingsFacts = { gitHere, ancestors: walk.ancestors, end: walk.end, pathSources };
  // uv looks above only for a project that is not a workspace root itself.
  if (pyproject.hasProjectTable && !pyproject.uv.workspace) {
    const workspace = findWorkspace(reader, walk.ancestors, walk.readers, pathSources, diagnostics);
    if (workspace) facts.workspace = workspace;
  }
  for (const source of pathSources) {
    if (source.at === undefined) continue;
    const home = source.up === 0 ? reader : walk.readers[source.up - 1];
    if (home) source.exists = home.kindOf(source.at.split('/').slice(source.up).join('/') || '.') !== undefined;
  }
  return facts;
}

function walkUp(reader: RepoReader): { ancestors: AncestorFolder[]; readers: RepoReader[]; end: SurroundingsFacts['end'] } {
  const ancestors: AncestorFolder[] = [];
  const readers: RepoReader[] = [];
  let current = reader.parent?.();
  for (let up = 1; current; up++) {
    if (up > MAX_LEVELS_UP) return { ancestors, readers, end: 'limit' };
    const hasGit = current.kindOf('.git') !== undefined;
    ancestors.push({ up, path: parents(up), name: path.basename(current.root), hasGit });
    readers.push(current);
    if (hasGit) return { ancestors, readers, end: 'git' };
    current = current.parent?.();
  }
  return { ancestors, readers, end: 'filesystem-root' };
}

/** The first pyproject.toml above the folder, when it declares a uv workspace: where uv's search for a workspace ends. */
interface WorkspaceAbove {
  index: number;
  ancestor: AncestorFolder;
  above: RepoReader;
  file: string;
  table: TomlTable;
  text: string;
  root: PyprojectFacts;
  workspace: NonNullable<PyprojectFacts['uv']['workspace']>;
}

/**
 * uv's walk up to the first pyproject.toml (find_workspace): undefined when there is none, when it
 * declares no workspace (a project of its own ends the search), or when it cannot be read (said
 * in a warning: uv refuses to run below it until it is fixed).
 */
function workspaceAbove(ancestors: AncestorFolder[], readers: RepoReader[], diagnostics: Diagnostic[]): WorkspaceAbove | undefined {
  for (const [index, ancestor] of ancestors.entries()) {
    const above = readers[index]!;
    const file = `${ancestor.path}/pyproject.toml`;
    const parsed = readToml(above, 'pyproject.toml', 'enclosing-pyproject');
    if (parsed.kind === 'missing') continue;
    if (parsed.kind === 'invalid') {
      const { hint } = parsed.diagnostic;
      diagnostics.push(
        rebaseDiagnostic(ancestor.path, {
          ...parsed.diagnostic,
          level: 'warning',
          hint: `uv reads it from this folder, looking for a workspace, and refuses to run here until it is fixed; ${hint ?? ''}`.trim(),
        }),
      );
      return undefined;
    }
    const tool = isTable(parsed.table.tool) ? parsed.table.tool : undefined;
    // A project of its own, or no project: uv stops here, and the folder is a project of its own.
    if (!isTable(tool?.uv) || tool.uv.workspace === undefined) return undefined;
    const root = readPyprojectFacts(file, parsed.table, parsed.text, diagnostics);
    if (!root.uv.workspace) return undefined; // not a table: reported as uv would refuse it
    return { index, ancestor, above, file, table: parsed.table, text: parsed.text, root, workspace: root.uv.workspace };
  }
  return undefined;
}

/** Which members glob takes `member` in, or why none does: uv's is_included_in_workspace and is_excluded_from_workspace. */
function membership(workspace: WorkspaceAbove['workspace']): (member: string) => { matchedBy: string } | { excludedBy?: string } {
  const compiled = (globs: string[]) => globs.map((glob) => ({ glob, matcher: memberGlob(glob) }));
  const members = compiled(workspace.members);
  const exclude = compiled(workspace.exclude);
  return (member) => {
    const matchedBy = members.find((g) => g.matcher.matches(member))?.glob;
    const excludedBy = exclude.find((g) => g.matcher.matches(member))?.glob;
    return matchedBy && !excludedBy ? { matchedBy } : excludedBy ? { excludedBy } : {};
  };
}

/** The workspace the folder is a member of: the first pyproject.toml above decides, as in uv's find_workspace. */
function findWorkspace(reader: RepoReader, ancestors: AncestorFolder[], readers: RepoReader[], pathSources: PathSource[], diagnostics: Diagnostic[]): EnclosingWorkspace | undefined {
  const found = workspaceAbove(ancestors, readers, diagnostics);
  if (!found) return undefined;
  const { index, ancestor, above, file, root } = found;
  const member = path.relative(above.root, reader.root).split(path.sep).join('/');
  const taken = membership(found.workspace)(member);
  if (!('matchedBy' in taken)) {
    diagnostics.push({
      level: 'info',
      code: 'enclosing-workspace-not-member',
      message: `${file} declares a uv workspace, but ${taken.excludedBy ? `its exclude glob "${taken.excludedBy}" leaves ${member} out` : `no members glob takes ${member} in`}: uv treats this folder as a project of its own, and so does the plan`,
      file,
      line: lineOfKey(found.text, taken.excludedBy ? 'tool.uv.workspace.exclude' : 'tool.uv.workspace.members'),
    });
    return undefined;
  }
  pathSources.push(...readPathSources(reader.root, above.root, found.table, found.text, file));
  const workspace: EnclosingWorkspace = { root: ancestor.path, up: ancestor.up, file, member, matchedBy: taken.matchedBy, virtualRoot: !root.hasProjectTable };
  if (root.uv.requiredVersion) workspace.requiredVersion = root.uv.requiredVersion;
  const lockDiagnostics: Diagnostic[] = [];
  const lock = readUvLockFacts(above, 'uv.lock', lockDiagnostics);
  diagnostics.push(...lockDiagnostics.map((d) => rebaseDiagnostic(ancestor.path, d)));
  if (lock) workspace.lock = rebaseLock(ancestor.path, lock);
  // uv reads the nearest .python-version from the member up to the workspace root (uv-python's
  // version_files.rs, bounded by the root in crates/uv/src/commands/project/mod.rs); the folder's
  // own is read with the rest of its facts.
  for (const [i, between] of ancestors.slice(0, index + 1).entries()) {
    const pin = readers[i]!.readText('.python-version');
    const facts = pin.kind === 'ok' ? readPythonVersionFile(`${between.path}/.python-version`, pin.text) : undefined;
    if (facts) {
      workspace.pythonVersionFile = facts;
      break;
    }
  }
  return workspace;
}

/**
 * The uv workspace above a folder of projects (no pyproject.toml of its own) that takes some of
 * them in: uv, run in such a project, walks up past the folder to that workspace and syncs it, from
 * its lock, in place of the project (find_workspace, as above). Undefined when none does, and when
 * the folder holds `.git` (nothing above a repository's root is read).
 */
export function readWorkspaceAroundProjects(reader: RepoReader, projects: string[], diagnostics: Diagnostic[]): ProjectsInWorkspace | undefined {
  if (reader.kindOf('.git') !== undefined) return undefined;
  const walk = walkUp(reader);
  const found = workspaceAbove(walk.ancestors, walk.readers, diagnostics);
  if (!found) return undefined;
  const here = path.relative(found.above.root, reader.root).split(path.sep).join('/');
  const taken = membership(found.workspace);
  const members = projects.filter((project) => 'matchedBy' in taken(`${here}/${project}`));
  if (members.length === 0) return undefined;
  return { root: found.ancestor.path, file: found.file, line: lineOfKey(found.text, 'tool.uv.workspace.members'), members };
}

/** What marks a project's root, in the order uv and pip would look for it. */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py'] as const;

/**
 * The nearest folder above that is a project's root (a folder in its `src/mypkg` has none of its
 * own): the same walk as above, so it reads no higher than the repository root (nothing above a
 * folder that holds `.git` itself) and never follows a link out of a folder. Read only.
 */
export function projectRootAbove(reader: RepoReader): { path: string; marker: (typeof PROJECT_MARKERS)[number] } | undefined {
  if (reader.kindOf('.git') !== undefined) return undefined;
  const walk = walkUp(reader);
  for (const [index, ancestor] of walk.ancestors.entries()) {
    const marker = PROJECT_MARKERS.find((file) => walk.readers[index]?.kindOf(file) === 'file');
    if (marker) return { path: ancestor.path, marker };
  }
  return undefined;
}

/**
 * `[tool.uv.sources]` entries with a `path` (a table, or any table of a list of them), each placed
 * relative to the folder: `file` declares them, from the folder `declaredIn`.
 */
function readPathSources(folder: string, declaredIn: string, table: TomlTable, text: string, file: string): PathSource[] {
  const tool = isTable(table.tool) ? table.tool : undefined;
  const uv = isTable(tool?.uv) ? tool.uv : undefined;
  const sources = isTable(uv?.sources) ? uv.sources : undefined;
  if (!sources) return [];
  const found: PathSource[] = [];
  for (const [name, value] of Object.entries(sources)) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (!isTable(entry) || typeof entry.path !== 'string') continue;
      const slashed = entry.path.replace(/\\/g, '/');
      const source: PathSource = { name, path: entry.path, editable: entry.editable === true, file, line: lineOfKey(text, `tool.uv.sources.${name}`), up: 0 };
      if (!(slashed.startsWith('/') || slashed.startsWith('~') || /^[A-Za-z]:\//.test(slashed))) {
        // Real folders on both sides: "../backend/lib", seen from backend, is "lib", inside.
        const at = path.relative(folder, path.resolve(declaredIn, slashed)).split(path.sep).join('/') || '.';
        source.at = at;
        for (const segment of at.split('/')) {
          if (segment !== '..') break;
          source.up += 1;
        }
      }
      found.push(source);
    }
  }
  return found;
}

/** '..', '../..', ... */
export function parents(up: number): string {
  return Array.from({ length: up }, () => '..').join('/');
}

/** A diagnostic about a file in the folder `dir` above, its file named relative to the folder the tool runs in. */
function rebaseDiagnostic(dir: string, d: Diagnostic): Diagnostic {
  // The readers' messages start with the file they are about; a path later in one (where a link
  // leads) is left as it is.
  if (!d.file) return d;
  const file = `${dir}/${d.file}`;
  return { ...d, file, message: d.message.startsWith(d.file) ? file + d.message.slice(d.file.length) : d.message };
}

function rebaseLock(dir: string, lock: UvLockFacts): UvLockFacts {
  const file = `${dir}/${lock.file}`;
  return { ...lock, file, ...(lock.requiresPython ? { requiresPython: { ...lock.requiresPython, file } } : {}) };
}
