import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRepo } from './analyze/analyze.js';
import type { Manifest, RepoFacts } from './analyze/facts.js';
import { readOtherMarkers } from './analyze/markers.js';
import { openRepo, type RepoReader, RootNotFoundError } from './analyze/repo-reader.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { MANIFEST_FILE } from './ownership.js';
import { type OptionRequest, readRecordedOptions, rememberedDiagnostics, settleOptions } from './plan/options.js';
import type { Rendering } from './render/files.js';
import { planTargets } from './targets/plan.js';
import { renderTargets } from './targets/render.js';
import type { Plan } from './targets/types.js';
import { assertValidPlan } from './targets/validate.js';
import { conflictDiagnostic, planWrites, refusalBeforeWriting, refusalDiagnostic, type WriteAction } from './write/writer.js';

/**
 * `beforeWriting`: what the planner decided a write must refuse or warn about (with `force`, the
 * run's --force, already taken into account: each target's planning, targets/plan.ts). Apart from
 * `diagnostics`, since `plan`, `explain` and `env` print the plan all the same.
 */
export type PipelineOk = { ok: true; reader: RepoReader; facts: RepoFacts; plan: Plan; diagnostics: Diagnostic[]; beforeWriting: Diagnostic[]; force: boolean };
export type PipelineResult = PipelineOk | { ok: false; diagnostics: Diagnostic[] };

/** Where a command runs: the user's home folder ($HOME), and whether `--allow-any-folder` was given. */
export interface RunPlace {
  home?: string;
  anyFolder?: boolean;
}

/**
 * analyze -> plan, for every command. Stops at the first stage that reports an error; the plan is
 * checked against its schema. The options are the command line's over those the manifest recorded
 * (plan/options.ts, settleOptions).
 */
export function runPipeline(dir: string, options: OptionRequest, place: RunPlace = {}, recordedIn: RecordedIn = devcontainerManifest): PipelineResult {
  let reader: RepoReader;
  try {
    reader = openRepo(dir);
  } catch (err) {
    if (err instanceof RootNotFoundError) {
      return { ok: false, diagnostics: [{ level: 'error', code: 'directory-not-found', message: err.message, hint: 'pass the path of a repository folder, or run inside one' }] };
    }
    throw err;
  }
  const notARoot = notAProjectRoot(reader, place);
  if (notARoot) return { ok: false, diagnostics: [notARoot] };
  return planRepository(reader, options, recordedIn);
}

/** The manifest whose recorded options a run uses when none is given: the dev container's, or (production) deploy/'s. */
export type RecordedIn = (facts: RepoFacts, reader: RepoReader) => Pick<Manifest, 'file' | 'options'> | undefined;

const devcontainerManifest: RecordedIn = (facts) => facts.devcontainer?.manifest;

/** analyze -> plan over any reader (the disk's, or a test's in memory). */
export function planRepository(reader: RepoReader, request: OptionRequest, recordedIn: RecordedIn = devcontainerManifest): PipelineResult {
  const analysis = analyzeRepo(reader, path.basename(reader.root));
  if (hasErrors(analysis.diagnostics)) return { ok: false, diagnostics: analysis.diagnostics };
  const manifest = recordedIn(analysis.facts, reader);
  const at = { file: manifest?.file ?? MANIFEST_FILE, lines: manifest?.options?.lines ?? {} };
  const recorded = readRecordedOptions(manifest?.options?.value, at);
  if (hasErrors(recorded.diagnostics)) return { ok: false, diagnostics: [...analysis.diagnostics, ...recorded.diagnostics] };
  const { options, remembered } = settleOptions(request, recorded.values);
  const planned = planTargets(analysis.facts, options);
  const diagnostics = rememberedDiagnostics(remembered, options, at, [...analysis.diagnostics, ...planned.diagnostics]);
  if (!planned.plan || hasErrors(diagnostics)) return { ok: false, diagnostics };
  assertValidPlan(planned.plan);
  return { ok: true, reader, facts: analysis.facts, plan: planned.plan, diagnostics, beforeWriting: planned.beforeWriting, force: options.force === true };
}

/**
 * The operating system's own top-level folders (Linux's file-system hierarchy, macOS's): home
 * folders, programs, configuration, devices, spools. None is a repository's root.
 */
const SYSTEM_FOLDERS = new Set(
  ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'proc', 'root', 'run', 'sbin', 'sys', 'tmp', 'usr', 'var', 'Users', 'System', 'Library', 'private', 'Volumes'].map(
    (name) => `${path.sep}${name}`,
  ),
);

/**
 * A folder that is plainly no project, where a run would search every folder below for projects
 * and write `.devcontainer` at the top: the file-system root, a system folder (/usr, /home, /tmp),
 * the home folder or a folder holding it, with no Python project file of its own. Any other folder
 * without one is searched as a folder of projects, as before. `--allow-any-folder` takes such a
 * folder all the same.
 */
function notAProjectRoot(reader: RepoReader, place: RunPlace): Diagnostic | undefined {
  if (place.anyFolder) return undefined;
  const root = reader.root;
  const home = place.home && path.isAbsolute(place.home) ? realOrSame(place.home) : undefined;
  const what =
    root === path.parse(root).root
      ? 'the root of the file system'
      : SYSTEM_FOLDERS.has(root)
        ? "one of the system's own folders"
        : root === home
          ? 'your home folder'
          : home?.startsWith(`${root}${path.sep}`)
            ? `a folder holding your home folder (${home})`
            : undefined;
  if (what === undefined) return undefined;
  const markers = readOtherMarkers(reader, []);
  const isProject = reader.kindOf('pyproject.toml') === 'file' || markers.requirements.length + markers.requirementsIn.length > 0 || markers.hasSetupPy || markers.pipfile;
  if (isProject) return undefined;
  return {
    level: 'error',
    code: 'not-a-project-root',
    message: `${root} is ${what}, with no pyproject.toml, requirements file or setup.py: not a project root; a run would search every folder below it for projects and write ${path.join(root, '.devcontainer')}`,
    hint: 'run gen-devcontainer in the project (cd into it, or pass its path); if you do mean this folder, add --allow-any-folder',
  };
}

function realOrSame(dir: string): string {
  try {
    return fs.realpathSync.native(dir);
  } catch {
    return dir;
  }
}

/**
 * Every file the plan writes, merged with the user's files as the analyzer read them. The renderer
 * still takes --force: the merge finds a conflict with a value of the user's only while merging the
 * text (targets/devcontainer/merge-config.ts), and keeps or replaces it there.
 */
export function renderPlanned(result: PipelineOk): Rendering {
  return renderTargets(result.plan, result.facts.devcontainer, result.force);
}

/** What a run would write, and every reason it would refuse to (errors), with what it would keep or replace in your files. */
export interface PreparedWrites {
  actions: WriteAction[];
  diagnostics: Diagnostic[];
}

/**
 * render -> compare with the disk: everything `generate` checks before it writes, in one place.
 * `writing`: the run means to write (not --check, --diff or --dry-run), so a file in the way that
 * is not the tool's (or that was edited since the tool wrote it) and a lock held by a live run stop
 * it, unless the run's --force (`result.force`) lets it replace such files. `plan`, `explain` and `env` ask it as a plain
 * `gen-devcontainer` run would, so that they never print a plan that writing would refuse without
 * saying so.
 */
export function prepareWrites(result: PipelineOk, options: { writing: boolean }): PreparedWrites {
  const { facts } = result;
  // A configuration the new one would shadow, the user's own uv settings and workspace pair, and
  // links to the files written: the planner decided them (with --force); nothing is rendered past a refusal.
  const choices = result.beforeWriting;
  if (hasErrors(choices)) return { actions: [], diagnostics: [...choices] };
  const rendering = renderPlanned(result);
  return compareWithDisk(result, rendering.files, facts.devcontainer?.manifest?.hashes ?? {}, options.writing, [...choices, ...rendering.diagnostics]);
}

/**
 * Rendered files against the disk, under the manifest whose `hashes` say which are the tool's: what
 * each write would do, and, for a run that means to write, a file in the way that is not the tool's
 * (unless --force) and a lock held by a live run. Shared by every pipeline that writes (the dev
 * container's here, production's in production-pipeline.ts).
 */
export function compareWithDisk(result: PipelineOk, files: Rendering['files'], hashes: Readonly<Record<string, string>>, writing: boolean, diagnostics: Diagnostic[]): PreparedWrites {
  const { reader, force } = result;
  const actions = planWrites(reader, files, hashes, diagnostics);
  if (writing) {
    if (!force) diagnostics.push(...actions.filter((a) => a.status === 'conflict').map(conflictDiagnostic));
    const refusal = refusalBeforeWriting(reader.root);
    if (refusal) diagnostics.push(refusalDiagnostic(refusal));
  }
  return { actions, diagnostics };
}
