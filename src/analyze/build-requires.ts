import type { Fact } from './facts.js';

/**
 * A distribution name normalized as PEP 503 says (lower case, runs of `-`, `_`, `.` as one `-`), so
 * that `uv_build`, `uv-build` and `UV.Build` are one name, as they are to uv and PyPI.
 */
export function normalizeDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A PEP 508 requirement's name, extras, and what follows them (version specifier, URL, marker). */
const REQUIREMENT = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s;

/**
 * The version range of `uv_build` in `build-system.requires`, as written ("" when it names no
 * range): uv warns on every build of the project when its own version is outside it
 * (astral-sh/uv crates/uv-build-backend/src/metadata.rs, `check_build_system`: "does not contain
 * the current uv version"). Undefined when the list names no uv_build, or names it by URL (a
 * range that cannot be read, as uv itself does not check one either).
 */
export function uvBuildRequirement(buildSystem: unknown, fact: (value: string, key: string) => Fact<string>): Fact<string> | undefined {
  if (typeof buildSystem !== 'object' || buildSystem === null || Array.isArray(buildSystem)) return undefined;
  const requires = (buildSystem as Record<string, unknown>).requires;
  if (!Array.isArray(requires)) return undefined;
  for (const entry of requires) {
    if (typeof entry !== 'string') continue;
    const match = REQUIREMENT.exec(entry);
    if (!match || normalizeDistributionName(match[1]!) !== 'uv-build') continue;
    const rest = match[2]!.split(';')[0]!.trim();
    if (rest.startsWith('@')) return undefined;
    // PEP 508 allows the specifiers in parentheses: `uv_build (>=0.12,<0.13)`.
    const range = rest.replace(/^\((.*)\)$/s, '$1').trim();
    return fact(range, 'build-system.requires');
  }
  return undefined;
}
