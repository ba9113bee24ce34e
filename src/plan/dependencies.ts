import type { DeclaredNames, RepoFacts } from '../analyze/facts.js';
import { declaredNames } from '../analyze/pyproject.js';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { isPackageName } from '../versions/names.js';
import type { DependencySelection, LayoutContext } from './layouts/provider.js';

export type { DependencySelection };

import type { PlanOptions } from './options.js';
import { UV_SINCE } from './tables.js';

export function nothingSelected(s: DependencySelection): boolean {
  return s.extras.length === 0 && !s.allExtras && s.groups.length === 0 && !s.allGroups && !s.noDev;
}

/** The options as `uv sync` takes them: `--extra docs --group lint --no-dev`, a word each. */
function selectionFlags(s: DependencySelection): string[] {
  return [
    ...s.extras.flatMap((e) => ['--extra', e]),
    ...(s.allExtras ? ['--all-extras'] : []),
    ...s.groups.flatMap((g) => ['--group', g]),
    ...(s.allGroups ? ['--all-groups'] : []),
    ...(s.noDev ? ['--no-dev'] : []),
  ];
}

/** The options as words, for messages and reasons: `--extra docs --group lint`. */
export function selectionWords(s: DependencySelection): string {
  return selectionFlags(s).join(' ');
}

/** PEP 685 / PEP 735 names compare as PEP 503 normalises them: `Dev_Tools` is `dev-tools`. */
const normalized = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
/** A valid extra or group name (PEP 508's name rule); anything else could not be declared, nor reach uv as a flag's value. */

/** The options, read and checked against each other; undefined (with errors) when they contradict or name nothing valid. */
export function readDependencyOptions(options: PlanOptions, diagnostics: Diagnostic[]): DependencySelection | undefined {
  let ok = true;
  const error = (code: DiagnosticCode, message: string, hint: string) => {
    diagnostics.push({ level: 'error', code, message, hint });
    ok = false;
  };
  const names = (flag: string, values: readonly string[] | undefined) => {
    const kept: string[] = [];
    for (const value of values ?? []) {
      if (!isPackageName(value)) {
        error(
          'option-dependency-name-invalid',
          `--${flag} ${JSON.stringify(value)} is not a valid ${flag === 'extra' ? 'extra' : 'group'} name`,
          `give one name per --${flag} (letters, digits, ".", "_" and "-", starting and ending with a letter or digit), as pyproject.toml declares it`,
        );
      } else if (!kept.some((k) => normalized(k) === normalized(value))) kept.push(value);
    }
    return kept;
  };
  const selection: DependencySelection = {
    extras: names('extra', options.extra),
    allExtras: options.allExtras === true,
    groups: names('group', options.group),
    allGroups: options.allGroups === true,
    noDev: options.noDev === true,
  };
  if (selection.extras.length > 0 && selection.allExtras) {
    error('option-extras-conflict', `--extra ${selection.extras.join(', ')} and --all-extras were both given; uv refuses the pair`, 'give --all-extras alone, or name each extra with --extra');
  }
  if (selection.groups.length > 0 && selection.allGroups) {
    error(
      'option-groups-conflict',
      `--group ${selection.groups.join(', ')} and --all-groups were both given; --all-groups already has every group (and uv before 0.13 refuses the pair)`,
      'give --all-groups alone, or name each group with --group',
    );
  }
  if (selection.noDev && selection.groups.some((g) => normalized(g) === 'dev')) {
    error('option-dev-conflict', '--no-dev and --group dev were both given: one leaves the dev group out, the other asks for it', 'give one of the two');
  }
  return ok ? selection : undefined;
}

/**
 * What the project declares, for the names given: each unknown one is an error naming the file and
 * the names that exist. uv itself only finds out when the container runs the install (uv 0.13.9:
 * "Extra `x` is not defined in the `optional-dependencies` table"), after the image is built.
 */
export function checkDeclared(s: DependencySelection, declared: { file: string; names: DeclaredNames; poetryGroups: readonly string[] }, diagnostics: Diagnostic[]): void {
  const has = (list: readonly string[], name: string) => list.some((n) => normalized(n) === normalized(name));
  const listed = (list: readonly string[]) => (list.length > 0 ? `it declares ${list.join(', ')}` : 'it declares none');
  for (const extra of s.extras) {
    if (has(declared.names.extras, extra)) continue;
    diagnostics.push({
      level: 'error',
      code: 'unknown-extra',
      message: `--extra ${extra}: ${declared.file} declares no such extra in [project.optional-dependencies] (${listed(declared.names.extras)})`,
      file: declared.file,
      hint: declared.names.extras.length > 0 ? `use one of ${declared.names.extras.join(', ')}, or declare ${extra} there` : `declare it under [project.optional-dependencies], or leave out --extra`,
    });
  }
  for (const group of s.groups) {
    if (has(declared.names.groups, group)) continue;
    const poetry = has(declared.poetryGroups, group);
    diagnostics.push({
      level: 'error',
      code: 'unknown-group',
      message: `--group ${group}: ${declared.file} declares no such group in [dependency-groups] (${listed(declared.names.groups)})${poetry ? `; ${group} is a Poetry group ([tool.poetry.group.${group}]), which uv does not read` : ''}`,
      file: declared.file,
      hint: poetry
        ? 'convert the Poetry groups once with `uvx migrate-to-uv` (it writes [dependency-groups]), then run again'
        : declared.names.groups.length > 0
          ? `use one of ${declared.names.groups.join(', ')}, or declare ${group} there`
          : 'declare it under [dependency-groups], or leave out --group',
    });
  }
}

/** An error when the pinned uv is older than `since`, the first release with `what`. */
export function requireUv(context: LayoutContext, since: string, what: string): boolean {
  if (context.uvReads(since)) return true;
  context.diagnostics.push({
    level: 'error',
    code: 'uv-too-old-for-option',
    message: `${what} needs uv ${since} or newer; the plan has uv ${context.uvVersion}`,
    hint: `use --uv-version ${since} or newer (if tool.uv.required-version holds uv back, it must allow that), or leave the option out`,
  });
  return false;
}

/** The `uv sync` words for the selection, checked against what the project declares and what the pinned uv reads. */
export function syncFlags(context: LayoutContext, s: DependencySelection, declared: { file: string; names: DeclaredNames; poetryGroups: readonly string[] }): string[] {
  checkDeclared(s, declared, context.diagnostics);
  requireUvForSelection(context, s);
  return selectionFlags(s);
}

/** Errors when the pinned uv does not read the group options asked for. */
export function requireUvForSelection(context: LayoutContext, s: DependencySelection): void {
  if (s.groups.length > 0) requireUv(context, UV_SINCE.syncGroup, '--group (`uv sync --group`, with [dependency-groups])');
  if (s.allGroups) requireUv(context, s.noDev ? UV_SINCE.syncAllGroupsNoDev : UV_SINCE.syncAllGroups, s.noDev ? '--all-groups with --no-dev (uv 0.5.4 installed dev anyway)' : '--all-groups');
}

/** The flags that name nothing (`--all-extras`, `--all-groups`, `--no-dev`): they fit any project. */
export function allFlags(s: DependencySelection): string[] {
  return selectionFlags({ ...s, extras: [], groups: [] });
}

/** What a uv project or workspace declares: the root's names and every member's. */
export function declaredInProject(facts: RepoFacts): { file: string; names: DeclaredNames; poetryGroups: readonly string[] } {
  const root = facts.pyproject!;
  const members = facts.workspace?.members ?? [];
  const rootNames = declaredNames(root);
  const union = (pick: (n: DeclaredNames) => string[]) => [...new Set([rootNames, ...members.map((m) => m.declares)].flatMap(pick))];
  return {
    file: members.length > 0 ? `${root.file} (and the workspace members' pyproject.toml)` : root.file,
    names: { extras: union((n) => n.extras), groups: union((n) => n.groups) },
    poetryGroups: root.poetryGroups,
  };
}

/** The reason's sentence for the selection, once the flags are known. */
export function selectionReason(s: DependencySelection, declared: DeclaredNames | undefined): string {
  if (nothingSelected(s)) return '';
  const parts: string[] = [];
  if (s.extras.length > 0) parts.push(`the extra(s) ${s.extras.join(', ')}`);
  if (s.allExtras) parts.push(`every extra${declared ? ` (${declared.extras.join(', ') || 'none declared'})` : ''}`);
  if (s.groups.length > 0) parts.push(`the group(s) ${s.groups.join(', ')}`);
  if (s.allGroups) parts.push(`every dependency group${declared ? ` (${declared.groups.join(', ') || 'none declared'})` : ''}`);
  const without = s.noDev ? ', without the dev group uv installs by default' : '';
  return ` ${selectionWords(s)} (asked for on the command line): also installs ${parts.join(' and ') || 'nothing more'}${without}.`;
}

/**
 * Poetry's groups ([tool.poetry.group.<name>]) are Poetry's own: uv installs none of them, and
 * nothing else would say so. A warning with the one-time conversion.
 */
export function warnPoetryGroups(facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const groups = facts.pyproject?.poetryGroups ?? [];
  if (groups.length === 0) return;
  diagnostics.push({
    level: 'warning',
    code: 'poetry-groups-ignored',
    message: `${facts.pyproject!.file} declares Poetry dependency groups (${groups.join(', ')}) in [tool.poetry.group.*], which uv does not read: the container installs none of them`,
    file: facts.pyproject!.file,
    hint: 'convert them once to [dependency-groups] with `uvx migrate-to-uv` (or by hand), then run again; --group NAME then installs one beyond dev',
  });
}
