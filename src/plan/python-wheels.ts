import type { LockWheelGap, RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';

/**
 * What the lock uv installs from says about a Python minor: the packages it has no wheel for there
 * (analyze/uv-lock-wheels.ts). A project pinned in 2024 (PyYAML 6.0.2, zeroconf 0.132.2) has wheels
 * up to cp312 only: on 3.13 or 3.14, uv builds them from source, which needs a compiler and headers
 * the image may not have, and fails where it cannot.
 */
export interface LockWheels {
  file: string;
  gap(minor: string): LockWheelGap | undefined;
}

/** The lock `uv sync` reads here: a member's is the workspace's. */
export function lockWheels(facts: RepoFacts): LockWheels | undefined {
  const lock = facts.surroundings?.workspace?.lock ?? facts.uvLock;
  if (!lock?.wheels) return undefined;
  const gaps = new Map(lock.wheels.lacking.map((g) => [g.minor, g]));
  return { file: lock.file, gap: (minor) => gaps.get(minorOf(minor)) };
}

const minorOf = (version: string) => version.split('.').slice(0, 2).join('.');

/** `pyyaml 6.0.2 has no wheel for Python 3.13 (nor 2 other locked packages)`. */
export function describeGap(gap: LockWheelGap): string {
  const others = gap.count - 1;
  return `${gap.first.name}${gap.first.version ? ` ${gap.first.version}` : ''} has no wheel for Python ${gap.minor}${others > 0 ? ` (nor ${others} other locked package${others === 1 ? '' : 's'})` : ''}`;
}

/**
 * A Python named outright (--python, .python-version, runtime.txt, the image's) still wins, as it
 * does for uv; where the lock has no wheel of some package for it, a warning names the package.
 */
export function warnIfLockLacksWheels(version: string, source: string, lock: LockWheels | undefined, better: string | undefined, diagnostics: Diagnostic[]): void {
  const gap = lock?.gap(version);
  if (!lock || !gap) return;
  diagnostics.push({
    level: 'warning',
    code: 'python-lacks-locked-wheels',
    message: `Python ${version} (from ${source}): ${describeGap(gap)} in ${lock.file}, so uv builds it from source there, which needs a compiler and the library's headers in the image`,
    file: lock.file,
    line: gap.first.line,
    hint: `${better && better !== minorOf(version) ? `use Python ${better}, the newest every locked package has wheels for, or ` : ''}upgrade the package (uv lock --upgrade-package ${gap.first.name}) to a release with wheels for ${gap.minor}`,
  });
}
