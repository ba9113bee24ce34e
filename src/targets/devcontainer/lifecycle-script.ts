import type { PlanStep, StepAction } from '../../plan/types.js';
import { headerLines } from '../../render/header.js';
import { commentText, shellCommand, shellWord } from '../../render/quote.js';
import { wrapWords } from '../../text.js';
import type { Plan } from '../types.js';
import type { LifecycleStep } from './types.js';

/** The words devcontainer.json runs for a step: the script, and the step's name. */
export function lifecycleCommand(plan: Plan, step: LifecycleStep): string[] {
  return ['sh', plan.devcontainer.outputs.lifecycleScript.file, step.step];
}

/** A lifecycle property's step with the plan's action for it. */
export type LifecycleRun = LifecycleStep & { action: PlanStep['action'] };

/** The dev container's lifecycle, each property with the plan's step (`steps`) it runs. */
export function lifecycleRuns(plan: Plan): LifecycleRun[] {
  return plan.devcontainer.lifecycle.map((run) => {
    const step = plan.steps.find((s) => s.step === run.step);
    if (!step) throw new Error(`internal error: the lifecycle runs step ${run.step}, which the plan has not`);
    return { ...run, action: step.action };
  });
}

/** The shell lines that carry out one step's action (no indentation). */
export function actionShell(action: StepAction, checkScript: string): string[] {
  switch (action.kind) {
    case 'prepare-volume': {
      const t = shellWord(action.target);
      return [
        `if [ "$(stat -c %u ${t})" != "$(id -u)" ] || [ -n "$(find ${t} -mindepth 1 -maxdepth 2 ! -user "$(id -u)" -print 2>/dev/null | head -n 1)" ]; then`,
        // Root (a configuration that runs as root) needs no sudo, and images that run as root rarely have it.
        '    if [ "$(id -u)" -eq 0 ]; then',
        `        chown -R 0:0 ${t}`,
        // The target is printf's argument, one quoted word: inside the message's double quotes it would be shell syntax.
        `        printf 'gen-devcontainer: gave %s to root\\n' ${t}`,
        '    elif sudo -n true 2>/dev/null; then',
        `        sudo chown -R "$(id -u):$(id -g)" ${t}`,
        `        printf 'gen-devcontainer: gave %s to %s\\n' ${t} "$(id -un)"`,
        '    else',
        `        printf 'gen-devcontainer: %s belongs to another user; as root run: chown -R %s %s\\n' ${t} "$(id -u):$(id -g)" ${t} >&2`,
        '        exit 1',
        '    fi',
        'fi',
        shellCommand(['mkdir', '-p', ...action.folders]),
      ];
    }
    case 'uv-sync':
      return [shellCommand(['uv', 'sync', ...action.args])];
    case 'uv-pip':
      return [shellCommand(action.venv), shellCommand(action.install), ...(action.project ? [shellCommand(action.project)] : [])];
    case 'uv-sync-each':
      return [
        'skipped=0',
        'failed=0',
        ...action.paths.map((folder) => `sync_project ${shellWord(folder)}`),
        'if [ "$skipped" -gt 0 ]; then echo "gen-devcontainer: $skipped project(s) skipped, see above" >&2; fi',
        `if [ "$failed" -gt 0 ]; then echo "gen-devcontainer: uv sync failed in $failed of ${action.paths.length} project(s), see above" >&2; exit 1; fi`,
      ];
    case 'check':
      return [`sh "$(dirname -- "$0")"/${shellWord(checkScript.split('/').at(-1)!)}${action.uvVersion ? ` --uv-version ${shellWord(action.uvVersion)}` : ''}`];
  }
}

/** An optional quote of a TOML key, and a dot between keys with the spaces TOML allows around it. */
const Q = `["']?`;
const DOT = '[[:space:]]*\\.[[:space:]]*';

/**
 * The lines (POSIX extended expressions) that make a pyproject.toml a project uv installs: a
 * [project], [tool.uv.workspace] or [dependency-groups] table (also as [project.urls] and the
 * like, or with spaces or quotes in the header, or a header left open, which uv must report), or a key
 * that makes one (`project.name = ...` before any header, `workspace = {...}` or `dev-dependencies`
 * in [tool.uv]). Loose on purpose: a false match syncs the folder, as before; a project never goes
 * unsynced (test/fuzz/project-tables.test.ts checks that against a TOML parser).
 */
export const PROJECT_TABLES = [
  `^[[:space:]]*\\[[[:space:]]*${Q}(project|dependency-groups|tool${Q}${DOT}${Q}uv${Q}${DOT}${Q}workspace)([^A-Za-z0-9_-]|$)`,
  `^[[:space:]]*${Q}(project|dependency-groups|workspace|dev-dependencies|tool${Q}${DOT}${Q}uv${Q}${DOT}${Q}workspace)${Q}[[:space:]]*[.=]`,
];

/** A literal as a POSIX extended expression. */
const escapeEre = (text: string) => text.replace(/[.[\]\\(){}|*+?^$]/g, '\\$&');

/**
 * uv sync in one project folder, with the step's arguments and --frozen where the plan says so and
 * the folder has a uv.lock,
 * never replacing a virtual environment made outside the container, and counting a failure
 * instead of stopping the other projects' installs.
 */
function syncProject(action: Extract<StepAction, { kind: 'uv-sync-each' }>): string[] {
  return [
    ...(action.frozenWhereLocked
      ? ['# uv sync in one project folder, with the arguments set below and --frozen where the folder has', '# a uv.lock when this runs.']
      : ['# uv sync in one project folder, with the arguments set below.']),
    '# With centralized-project-envs, uv deletes a .venv virtual environment it finds there and links',
    "# .venv to its cache instead; one made outside the container (the host's, seen through the bind",
    '# mount) is left alone, and the project skipped. A failed sync is counted and the next project',
    '# synced; the step fails at the end. "./" because cd takes a folder named "-" for the previous',
    '# folder, even after "--".',
    '# A pyproject.toml with no table uv installs from ([project], a workspace, [dependency-groups];',
    "# only a tool's settings, such as [tool.ruff]) is no project: uv would write a uv.lock and an",
    '# environment for it. The generator reads no project file, so this grep decides, here.',
    'sync_project() { # folder',
    '    folder=$1',
    `    found=0; grep -Eq ${PROJECT_TABLES.map((p) => `-e ${shellWord(p)}`).join(' ')} -- "$folder/pyproject.toml" 2>/dev/null || found=$?`,
    '    if [ "$found" -eq 1 ]; then',
    '        printf "gen-devcontainer: left %s alone: its pyproject.toml has no [project], workspace or [dependency-groups] table, so it is no project to sync\\n" "$folder"',
    '        return 0',
    '    fi',
    // Only without UV_PROJECT_ENVIRONMENT: with it, uv uses that environment and leaves .venv alone
    // (uv docs/concepts/projects/layout.md), so there is nothing to protect (the feature sets it).
    '    if [ -z "${UV_PROJECT_ENVIRONMENT:-}" ] && [ -f "$folder/.venv/pyvenv.cfg" ] && [ ! -L "$folder/.venv" ]; then',
    '        printf "gen-devcontainer: skipped %s: %s/.venv is a virtual environment made outside this container (on the host, through the bind mount); uv here would delete it and link .venv into the container cache instead. To let the container manage it: rm -rf %s/.venv; sh %s install\\n" "$folder" "$folder" "$folder" "$0" >&2',
    '        skipped=$((skipped + 1))',
    '        return 0',
    '    fi',
    `    ${shellCommand(['set', '--', ...action.args])}`,
    ...(action.frozenWhereLocked ? [`    if [ -f "$folder/uv.lock" ]; then set -- ${action.checkLock ? '--locked' : '--frozen'} "$@"; fi`] : []),
    '    if ! (cd "./$folder" && uv sync "$@"); then',
    '        printf "gen-devcontainer: uv sync failed in %s (uv says why above)\\n" "$folder" >&2',
    ...(action.rustBackends.length > 0
      ? [
          `        if ! command -v cargo >/dev/null 2>&1 && grep -Eq ${shellWord(`^[[:space:]]*build-backend[[:space:]]*=[[:space:]]*["'](${action.rustBackends.map(escapeEre).join('|')})["']`)} -- "$folder/pyproject.toml" 2>/dev/null; then`,
          '            printf "gen-devcontainer: %s is built by a back-end that compiles Rust, and this image has no cargo: add a Rust toolchain to the image (the devcontainers \\"rust\\" feature, or rustup in your Dockerfile), or install only its dependencies with uv sync --no-install-project\\n" "$folder" >&2',
          '        fi',
        ]
      : []),
    '        failed=$((failed + 1))',
    '    fi',
    '}',
  ];
}

/**
 * `.devcontainer/uv-lifecycle.sh`: the steps devcontainer.json runs, in POSIX sh. Keeping them here
 * rather than inline keeps repository-derived text (project folders) out of strings the Dev
 * Container CLI substitutes `${...}` in, and lets a user's own command in the same property run
 * after the step (`-- COMMAND`), where the object form would run both at once.
 */
export function renderLifecycleScript(plan: Plan): string {
  const lines = ['#!/bin/sh', ...headerLines(plan).map((l) => `# ${l}`), '#'];
  lines.push(
    "# The dev container's uv steps. devcontainer.json runs them in order, each after the one before:",
    // commentText: a path's line break would end the comment, and the rest would run.
    ...plan.devcontainer.lifecycle.map((s) => `#   ${s.property.padEnd(21)} ${commentText(shellCommand(lifecycleCommand(plan, s)))}`),
    '# Words after "--" are a command of your own from the same property: it runs once the step has',
    '# succeeded. Nothing here reads the terminal (the Dev Container CLI runs lifecycle commands on',
    '# one, where a question would wait for ever): every step gets /dev/null as its input.',
    'set -eu',
    '',
  );
  // One sync_project function, with one step's arguments: a plan has at most one such step.
  const each = plan.steps.flatMap((s) => (s.action.kind === 'uv-sync-each' ? [s.action] : []));
  if (each.length > 1) throw new Error(`internal error: ${each.length} uv-sync-each steps in one plan; the lifecycle script defines one sync_project`);
  if (each[0]) lines.push(...syncProject(each[0]), '');
  for (const step of lifecycleRuns(plan)) {
    lines.push(...wrapComment(step.reason), `step_${step.step}() {`, ...actionShell(step.action, plan.devcontainer.outputs.checkScript.file).map((l) => `    ${l}`), '}', '');
  }
  const names = plan.devcontainer.lifecycle.map((s) => s.step);
  lines.push(
    'case ${1:-} in',
    `    ${names.join(' | ')}) step=$1; shift ;;`,
    `    *) echo "usage: sh $0 ${names.join('|')} [-- COMMAND...]" >&2; exit 2 ;;`,
    'esac',
    '"step_$step" </dev/null',
    'if [ "${1:-}" = -- ]; then',
    '    shift',
    '    [ $# -eq 0 ] || exec "$@"',
    'elif [ $# -gt 0 ]; then',
    '    echo "uv-lifecycle: unexpected argument: $1 (see the comment at the top)" >&2',
    '    exit 2',
    'fi',
    '',
  );
  return lines.join('\n');
}

/** A comment of `# ` lines at most `width` columns wide. */
function wrapComment(text: string, width = 96): string[] {
  return wrapWords(commentText(text).split(/\s+/).filter(Boolean), width - 2).map((line) => `# ${line}`);
}
