import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { trimEndSlashes } from '../text.js';
import type { PyprojectFacts, WorkspaceFacts } from './facts.js';
import { compileGlob, type Glob } from './glob.js';
import { backendUvRuns, declaredNames, readPyprojectFacts } from './pyproject.js';
import type { RepoReader } from './repo-reader.js';
import { readToml } from './toml.js';

/** Folders a member glob never descends into (besides those starting with ".", .venv and .tox among them). */
const SKIPPED = new Set(['node_modules', '__pycache__', 'dist', 'build']);

/**
 * The members of a uv workspace: every folder a `members` glob matches that holds a
 * pyproject.toml, less those an `exclude` glob matches. Globs are expanded one path segment at a
 * time through the disk facade (`*`, `?` and `[...]` within a segment, as uv's glob does; `**` is
 * not followed, so a huge tree is never walked).
 */
export function readWorkspace(reader: RepoReader, root: PyprojectFacts, diagnostics: Diagnostic[]): WorkspaceFacts | undefined {
  const spec = root.uv.workspace;
  if (!spec) return undefined;
  const matched = new Set<string>();
  for (const glob of spec.members) {
    if (glob.split('/').includes('**')) {
      diagnostics.push({
        level: 'warning',
        code: 'workspace-glob-unsupported',
        message: `tool.uv.workspace.members: "${glob}" uses **, which gen-devcontainer does not expand; its members are not listed`,
        file: root.file,
        hint: 'uv still finds them; list them with single-segment globs such as "packages/*" to see them in the plan',
      });
      continue;
    }
    const warn = (message: string) =>
      diagnostics.push({
        level: 'warning',
        code: 'workspace-glob-too-wide',
        message: `tool.uv.workspace.members: ${message}`,
        file: root.file,
        hint: 'name the member folders more narrowly, e.g. "packages/*"',
      });
    for (const folder of expand(reader, glob, warn)) matched.add(folder);
  }
  const members: WorkspaceFacts['members'] = [];
  const excluded: string[] = [];
  const excludes = spec.exclude.map(memberGlob);
  for (const folder of [...matched].sort()) {
    if (excludes.some((glob) => glob.matches(folder))) {
      excluded.push(folder);
      continue;
    }
    const file = path.posix.join(folder, 'pyproject.toml');
    const parsed = readToml(reader, file, 'member-pyproject');
    if (parsed.kind === 'missing') continue; // uv requires one; a folder without it is not a member.
    if (parsed.kind === 'invalid') {
      diagnostics.push({ ...parsed.diagnostic, level: 'warning', hint: `fix ${file}; uv will refuse the workspace until then` });
      continue;
    }
    const facts = readPyprojectFacts(file, parsed.table, parsed.text, diagnostics);
    const buildBackend = backendUvRuns(facts);
    members.push({
      path: folder,
      name: facts.name?.value,
      requiresPython: facts.requiresPython,
      declares: declaredNames(facts),
      ...(facts.scripts.length > 0 ? { scripts: facts.scripts } : {}),
      ...(buildBackend ? { buildBackend } : {}),
      ...(facts.uvBuild ? { uvBuild: facts.uvBuild } : {}),
    });
  }
  return { file: root.file, virtualRoot: !root.hasProjectTable, members, excluded };
}

/** More folders than any workspace has: a glob that reaches this many stops there, with a warning. */
const MAX_GLOB_FOLDERS = 10_000;

/**
 * The folders a member glob matches, one segment at a time. Links are followed as uv follows them,
 * but a folder is taken once however many links lead to it, never when it is the root itself or a
 * folder the glob came through (a `loop -> ..` link), so links to `.` cannot multiply the walk.
 */
function expand(reader: RepoReader, glob: string, warn: (message: string) => void): string[] {
  let frontier: { rel: string; real: string; trail: string[] }[] = [{ rel: '', real: '', trail: [''] }];
  for (const segment of glob.split('/').filter((s) => s && s !== '.')) {
    if (segment === '..') return [];
    const next: typeof frontier = [];
    const seen = new Set<string>();
    const add = (base: (typeof frontier)[number], candidate: string) => {
      const real = reader.realPathOf(candidate);
      if (real === undefined || real === '' || base.trail.includes(real) || seen.has(real)) return;
      seen.add(real);
      next.push({ rel: candidate, real, trail: [...base.trail, real] });
    };
    for (const base of frontier) {
      if (!/[*?[]/.test(segment)) {
        const candidate = path.posix.join(base.rel, segment);
        if (reader.kindOf(candidate) === 'dir') add(base, candidate);
        continue;
      }
      const pattern = memberGlob(segment);
      for (const name of reader.listDir(base.rel || '.')) {
        if (SKIPPED.has(name) || name.startsWith('.')) continue;
        const candidate = path.posix.join(base.rel, name);
        if (pattern.matches(name) && reader.kindOf(candidate) === 'dir') add(base, candidate);
        if (next.length >= MAX_GLOB_FOLDERS) {
          warn(`"${glob}" matches more than ${MAX_GLOB_FOLDERS} folders; only the first are looked at`);
          return next.map((f) => f.rel);
        }
      }
    }
    frontier = next;
  }
  return frontier.map((f) => f.rel).filter(Boolean);
}

/**
 * A members or exclude glob, matched against a folder's path: `*` and `?` never cross a `/`, `**`
 * does; written as uv normalises it (`\` as `/`, a leading `./`, a trailing `/`). Matched without
 * regular expressions (analyze/glob.ts): the pattern is the repository's text. `*` stays within one
 * folder, as in uv's expansion of members globs; uv's own test of a path (the glob crate's
 * matches_path with default options) lets it cross a "/", which differs only for a member two
 * levels below a one-level glob, a layout uv's expansion would not list.
 */
export function memberGlob(glob: string): Glob {
  const compiled = compileGlob(trimEndSlashes(path.posix.normalize(glob.replace(/\\/g, '/')), 0));
  return { matches: (folder) => compiled.matches(trimEndSlashes(folder, 0)) };
}
