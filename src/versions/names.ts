/**
 * A package (project, extra, group) name as uv accepts it: ASCII letters and digits, with `-`, `_`
 * and `.` between them, never first or last (PEP 508's name; astral-sh/uv
 * crates/uv-normalize/src/lib.rs, `is_normalized` and `normalize`, which refuse anything else,
 * the empty name included). uv 0.13.9 stops with "Failed to parse: pyproject.toml" on any other
 * project name (test/unit/uv-grammar.test.ts asks it).
 */
const PACKAGE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export function isPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name);
}
