import * as path from 'node:path';
import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import { UV_SINCE } from '../../plan/tables.js';
import type { Plan } from '../types.js';
import type { ProductionInput } from './input.js';
import type { ProductionOptions } from './options.js';
import type { ProductionBind, ProductionInstall } from './types.js';
import { uvReads } from './uv.js';

/** Where the build context (the repository) goes in the image, as uv's Docker guide has it. */
export const APP = '/app';
/** Where the builder makes the environment (the final stage copies it from there): at the root of the context, whatever folder the project is in. */
export const ENVIRONMENT = `${APP}/.venv`;

/**
 * How the builder installs the project: the dependencies first, in a layer of their own that only
 * the lock and the pyproject files decide (bind-mounted, not copied, so nothing else invalidates
 * it), then the project once the source is in (uv's Docker guide, docs/guides/integration/docker.md,
 * "Intermediate layers" and "Non-editable installs"; the flags written out here, not taken from it).
 */
export function planInstall(input: ProductionInput, options: ProductionOptions & { dev?: boolean }, diagnostics: Diagnostic[]): (ProductionInstall & { reason: string }) | undefined {
  if (input.plan.layout.value === 'requirements') return pipInstall(input);
  const { facts, plan, projectPath } = input;
  if (!lockOf(facts, diagnostics)) return undefined;
  const workspace = plan.layout.value === 'workspace';
  const member = packageFlag(facts, workspace, options.package, diagnostics);
  if (member === undefined) return undefined;
  const selection = selectionFlags(plan, options.dev === true);
  const local = uvReads(plan, UV_SINCE.noInstallLocal) ? '--no-install-local' : workspace ? '--no-install-workspace' : '--no-install-project';
  const at = (file: string) => (projectPath === '.' ? file : path.posix.join(projectPath, file));
  // --locked checks the lock against every pyproject.toml it names: without the members' files,
  // or a path source's folder (uv reads its metadata), the dependencies' sync fails (seen with real
  // uv 0.13.9: "Failed to generate package metadata ... Distribution not found" for a path source
  // left out; the lock "needs to be updated" with a workspace member's pyproject.toml left out;
  // with them bound, both sync, and the second sync after the copy installs the project and its
  // members). A folder is bound `rw` (writes are thrown away): a build back-end asked for metadata
  // may write into its source (setuptools' egg-info), which a read-only bind would refuse.
  const binds: ProductionBind[] = [
    { path: at('uv.lock') },
    { path: at('pyproject.toml') },
    ...(facts.workspace?.members ?? []).map((m) => ({ path: at(`${m.path}/pyproject.toml`) })),
    ...(facts.surroundings?.pathSources ?? []).filter((s) => s.at !== undefined && s.exists !== false).map((s) => ({ path: path.posix.normalize(at(s.at!)), folder: true as const })),
  ];
  const unique = binds.filter((b, i) => binds.findIndex((o) => o.path === b.path) === i);
  const sync = ['uv', 'sync', '--locked', ...selection.flags, ...member];
  return {
    kind: 'uv-sync',
    dependencies: [...sync, local, '--no-editable'],
    project: [...sync, '--no-editable'],
    binds: unique,
    reason: `--locked installs exactly what ${facts.uvLock!.file} records and fails when it no longer matches pyproject.toml (a production image is never a fresh resolve). ${local} first, with only the lock and the pyproject files${unique.some((b) => b.folder) ? ' (and the path sources they name)' : ''} bind-mounted: that layer is rebuilt when they change, not when the source does${local === '--no-install-local' ? `; --no-install-local (uv ${UV_SINCE.noInstallLocal}+) leaves out the project, the workspace members and path packages alike` : ''}. Then the source is copied and the project synced --no-editable: built into the environment, so the final stage needs no link back to the source. ${selection.reason}${member.length > 0 ? ` ${member.join(' ')}: ${options.package ? 'the member --package names, and what it depends on' : 'every workspace member'}.` : ''}`,
  };
}

/** The lock a production image installs; an error when there is none, or .gitignore keeps it out of every clone. */
function lockOf(facts: RepoFacts, diagnostics: Diagnostic[]): boolean {
  const ignored = facts.gitignore?.ignoresLock;
  if (facts.uvLock && !ignored) return true;
  diagnostics.push({
    level: 'error',
    code: 'production-lock-missing',
    message: ignored
      ? `.gitignore (line ${ignored.line}) keeps uv.lock out of every clone: a production image installs a lock, never a fresh resolve`
      : 'this project has no uv.lock: a production image installs a lock (uv sync --locked), never a fresh resolve',
    file: ignored ? '.gitignore' : (facts.pyproject?.file ?? 'pyproject.toml'),
    ...(ignored ? { line: ignored.line } : {}),
    hint: ignored ? 'remove that line, run `uv lock` and commit uv.lock' : 'run `uv lock` in the project and commit uv.lock, then run again',
  });
  return false;
}

/** `--package NAME` for one member, `--all-packages` for every one, nothing for a lone project; undefined after an error. */
function packageFlag(facts: RepoFacts, workspace: boolean, pkg: string | undefined, diagnostics: Diagnostic[]): string[] | undefined {
  const names = [...(facts.pyproject?.name ? [facts.pyproject.name.value] : []), ...(facts.workspace?.members ?? []).flatMap((m) => (m.name ? [m.name] : []))];
  if (pkg === undefined) return workspace ? ['--all-packages'] : [];
  const normalized = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
  if (workspace && names.some((n) => normalized(n) === normalized(pkg))) return ['--package', pkg];
  diagnostics.push({
    level: 'error',
    code: 'production-package-invalid',
    message: workspace
      ? `--package ${JSON.stringify(pkg)}: the uv workspace has no such member (it has ${names.join(', ') || 'none with a name'})`
      : `--package ${JSON.stringify(pkg)}: this repository is no uv workspace, so there is no member to choose`,
    ...(facts.pyproject ? { file: facts.pyproject.file } : {}),
    hint: workspace ? `give one of ${names.join(', ')}, or leave --package out (every member)` : 'leave --package out',
  });
  return undefined;
}

/**
 * The extras and groups of the core plan's install step (--extra, --group, ...: checked there
 * against what the project declares), and --no-dev: a production image leaves the dev group out
 * unless --dev, --group dev or --all-groups asks for it.
 */
function selectionFlags(plan: Plan, dev: boolean): { flags: string[]; reason: string } {
  const step = plan.steps.find((s) => s.step === 'install')?.action;
  const args = step?.kind === 'uv-sync' ? step.args : [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--python') i++;
    else if (!['--frozen', '--locked', '--all-packages'].includes(arg)) flags.push(arg);
  }
  const wantsDev = dev || flags.includes('--all-groups') || flags.some((f, i) => flags[i - 1] === '--group' && f.toLowerCase() === 'dev');
  if (!wantsDev && !flags.includes('--no-dev')) flags.push('--no-dev');
  const named = flags.filter((f) => f !== '--no-dev');
  return {
    flags,
    reason: `${wantsDev ? 'The dev group is in, as asked.' : '--no-dev: the dev group is for working on the project, not for running it.'}${named.length > 0 ? ` ${named.join(' ')}: asked for on the command line.` : ''}`,
  };
}

/** Requirement files of tests, linting or docs: not what the application runs on. */
const DEVELOPMENT_FILE = /(^|[-_./])(dev|develop|development|test|tests|testing|lint|docs?|ci)([-_.]|$)/i;

/** The requirement files a production image installs: the compiled ones (else the pip-tools inputs), less those of development, tests or docs. */
export function runtimeRequirementFiles(facts: RepoFacts): { files: string[]; left: string[] } {
  const { markers } = facts;
  const all = markers.requirements.length > 0 ? markers.requirements : markers.requirementsIn;
  const files = all.filter((f) => !DEVELOPMENT_FILE.test(path.posix.basename(f)));
  return { files, left: all.filter((f) => !files.includes(f)) };
}

/** Not a uv project: the requirement files into an environment made with `uv venv`, then the project itself when it is one. */
function pipInstall({ plan, facts, projectPath, requirements }: ProductionInput): ProductionInstall & { reason: string } {
  const { markers } = facts;
  const { files, left } = runtimeRequirementFiles(facts);
  const reached = requirements?.files ?? files;
  const local = requirements?.localPath;
  const at = (file: string) => (projectPath === '.' ? file : path.posix.join(projectPath, file));
  const python = ['--python', `${ENVIRONMENT}/bin/python`];
  const buildable = markers.hasSetupPy || facts.pyproject?.hasBuildSystem === true;
  // The core plan's install step builds the project without isolation where its setup.py imports
  // its own package (layouts/requirements.ts, ownPackageBuild: seen failing isolated with real uv):
  // the image does the same, setuptools installed beside the requirements.
  const core = plan.steps.find((s) => s.step === 'install')?.action;
  const unisolated = buildable && core?.kind === 'uv-pip' && core.project?.includes('--no-build-isolation') === true;
  // The extras and groups asked for (--extra, --group), as the core plan's install step words them: `.[a,b]`, `--group g`.
  const coreWords = core?.kind === 'uv-pip' ? [...core.install, ...(core.project ?? [])] : [];
  const spec = coreWords.find((w) => w.startsWith('.[')) ?? '.';
  const groups = coreWords.flatMap((w, i) => (coreWords[i - 1] === '--group' ? ['--group', w] : []));
  return {
    kind: 'uv-pip',
    venv: ['uv', 'venv', ENVIRONMENT],
    dependencies: ['uv', 'pip', 'install', ...python, ...files.flatMap((f) => ['-r', f]), ...(unisolated ? ['setuptools'] : []), ...groups],
    binds: local ? [] : reached.map((f) => ({ path: at(f) })),
    // The requirement files again with the project: the options they carry (an --index-url, an
    // --extra-index-url, --find-links) then apply to the project's own requirements too, which are
    // already installed from them; without, uv resolves those against PyPI (seen in the Docker
    // tier: weather-station's second install fetched https://pypi.org/simple/httpx/).
    ...(buildable ? { project: ['uv', 'pip', 'install', ...python, ...(unisolated ? ['--no-build-isolation'] : []), ...files.flatMap((f) => ['-r', f]), spec] } : {}),
    ...(local ? { afterCopy: true as const } : {}),
    reason: `not a uv project: uv's pip interface installs ${files.join(', ') || 'nothing from requirement files'} into an environment made with uv venv, ${
      local
        ? `once the source is copied in: ${local.file} line ${local.line} names a local path, which the install needs`
        : `in a layer of its own with only ${reached.length === 1 ? 'that file' : `the files it reads (${reached.join(', ')})`} bind-mounted`
    }${left.length > 0 ? `; ${left.join(', ')} (development, tests or docs) left out` : ''}${buildable ? `; then the project itself, built and installed (not editable) once the source is in${unisolated ? ', without build isolation (its setup.py imports its own package, as the install step of the dev container says), setuptools installed beside the requirements' : ''}` : '; the application is the source, copied beside the environment'}`,
  };
}
