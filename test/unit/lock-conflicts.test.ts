/**
 * A lock with declared conflicts (`conflicts = [[...]]`): uv writes a package needed only by an
 * extra and a group that can never be installed together as a marker conjunction of their encoded
 * names. Such a package is installed on no Python, so it must not make one Python look worse than
 * another (seen on a real workspace: audioop-lts, needed from 3.13 up, counted as "no wheel for
 * 3.12" through `(extra == 'extra-…-mcp-tasks' and extra == 'group-…-dev')`, and 3.14 chosen with
 * a source build over 3.12 with none).
 */
import { describe, expect, it } from 'vitest';
import { conflictItemName, markerMinors } from '../../src/analyze/lock-markers.js';
import { scanLockWheels } from '../../src/analyze/uv-lock-wheels.js';

const wheel = (name: string, tag: string) =>
  `    { url = "https://files.example/${name}-1.0-${tag}-manylinux_2_17_x86_64.whl", hash = "sha256:00" },\n    { url = "https://files.example/${name}-1.0-${tag}-manylinux_2_17_aarch64.whl", hash = "sha256:00" },`;

/** A project whose `lts` dependency is needed from 3.13 up, or under two items that conflict. */
function lock(conflicts: string): string {
  return `version = 1
revision = 3
requires-python = ">=3.10"
${conflicts}
[options]
exclude-newer = "2026-01-01T00:00:00Z"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "lts", marker = "python_full_version >= '3.13' or (extra == 'extra-3-app-tasks' and extra == 'group-3-app-dev')" },
]

[[package]]
name = "lts"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
wheels = [
${wheel('lts', 'cp313-abi3')}
]
`;
}

const CONFLICTS = `conflicts = [[
    { package = "app", group = "dev" },
    { package = "other", extra = "x" },
], [
    { package = "app", extra = "tasks" },
    { package = "app", group = "dev" },
]]`;

describe('declared conflicts in uv.lock', () => {
  it('a package needed only under two conflicting items limits no Python', () => {
    const minors = scanLockWheels(lock(CONFLICTS)).lacking.map((g) => g.minor);
    expect(minors.filter((m) => ['3.10', '3.11', '3.12', '3.13'].includes(m))).toEqual([]);
  });

  it('without the conflict declared, the same marker may hold on every Python (the extra and the group together)', () => {
    const minors = scanLockWheels(lock('')).lacking.map((g) => g.minor);
    expect(minors).toEqual(expect.arrayContaining(['3.10', '3.11', '3.12']));
  });

  it("uv's encoding: the package name's length in bytes, the name, the item", () => {
    expect(conflictItemName('pydantic-ai', { extra: 'mcp-tasks' })).toBe('extra-11-pydantic-ai-mcp-tasks');
    expect(conflictItemName('pydantic-ai', { group: 'dev' })).toBe('group-11-pydantic-ai-dev');
    expect(conflictItemName('app', {})).toBe('project-3-app');
  });

  it('a conflicts array that never closes does not hide the packages after it', () => {
    const broken = lock('conflicts = [[\n    { package = "app", group = "dev" },\n');
    const minors = scanLockWheels(broken).lacking.map((g) => g.minor);
    expect(minors).toContain('3.12');
  });

  it('one item alone, or items of different sets together, stay possible', () => {
    const sets = new Map([
      ['a', [0]],
      ['b', [0]],
      ['c', [1]],
    ]);
    expect(markerMinors("extra == 'a'", undefined, sets)).not.toBe(0);
    expect(markerMinors("extra == 'a' and extra == 'c'", undefined, sets)).not.toBe(0);
    expect(markerMinors("extra == 'a' and extra == 'a'", undefined, sets)).not.toBe(0);
    expect(markerMinors("extra == 'a' and python_version >= '3.12' and 'b' == extra", undefined, sets)).toBe(0);
  });
});
