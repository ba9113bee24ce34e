import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { readUvLockFacts, WHEEL_SCAN_MAX_BYTES } from '../../src/analyze/uv-lock.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { planTargets } from '../../src/targets/plan.js';
import { codes, find, makeRepo, OPTIONS } from './support.js';

/*
 * What the real uv does with such a pin (uv 0.13.9, from PyPI, resolving against PyPI with builds
 * from source turned off, so that "has a wheel" is all that is asked):
 *   echo 'zeroconf==0.132.2' | uv pip compile - --python-version 3.12 --python-platform x86_64-manylinux_2_28 --only-binary :all:
 *     -> Resolved 2 packages (ifaddr==0.2.0, zeroconf==0.132.2)
 *   the same with --python-version 3.13
 *     -> error: No solution found when resolving dependencies
 *        cause: Because zeroconf==0.132.2 has no usable wheels and you require zeroconf==0.132.2, ...
 * Without --only-binary, uv builds it from the sdist instead, which needs a compiler in the image.
 */
const example = path.resolve(import.meta.dirname, '../../examples/locked-old-pins');
const exampleFiles = (): Record<string, string> =>
  Object.fromEntries(
    fs
      .readdirSync(example, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const abs = path.join(e.parentPath, e.name);
        return [path.relative(example, abs), fs.readFileSync(abs, 'utf8')];
      }),
  );

function planFor(files: Record<string, string>, options: Record<string, string> = {}) {
  const root = makeRepo(files);
  const { facts, diagnostics } = analyzeRepo(openRepo(root), 'repo');
  const result = planTargets(facts, { ...OPTIONS, ...options });
  return { plan: result.plan, diagnostics: [...diagnostics, ...result.diagnostics] };
}

describe('the Python the locked pins can install (examples/locked-old-pins: 2024 pins, requires-python >=3.9)', () => {
  it('picks 3.12, the newest every locked package has a wheel for, and names the package that holds 3.13 back', () => {
    const { plan, diagnostics } = planFor(exampleFiles());
    expect(plan?.python.value).toBe('3.12');
    expect(plan?.python.source).toBe('pyproject.toml');
    expect(plan?.python.reason).toContain('aioesphomeapi 24.6.2 has no wheel for Python 3.13 (nor 1 other locked package)');
    expect(codes(diagnostics)).not.toContain('python-lacks-locked-wheels');
  });

  it('--python 3.14 still wins, with a warning naming the package, the lock line and the Python that would do', () => {
    const { plan, diagnostics } = planFor(exampleFiles(), { python: '3.14' });
    expect(plan?.python.value).toBe('3.14');
    const d = find(diagnostics, 'python-lacks-locked-wheels')!;
    expect(d).toMatchObject({ level: 'warning', file: 'uv.lock', line: 5 });
    expect(d.message).toContain('aioesphomeapi 24.6.2 has no wheel for Python 3.14 (nor 3 other locked packages)');
    expect(d.hint).toContain('use Python 3.12');
    expect(d.hint).toContain('uv lock --upgrade-package aioesphomeapi');
  });

  it('.python-version 3.13 still wins, with the warning; 3.11 has every wheel and no warning', () => {
    const withFile = (v: string) => planFor({ ...exampleFiles(), '.python-version': `${v}\n` });
    const newer = withFile('3.13');
    expect(newer.plan?.python.value).toBe('3.13');
    expect(find(newer.diagnostics, 'python-lacks-locked-wheels')?.message).toContain('(from .python-version)');
    const older = withFile('3.11');
    expect(older.plan?.python.value).toBe('3.11');
    expect(codes(older.diagnostics)).not.toContain('python-lacks-locked-wheels');
  });

  it("the image's Python where the configuration names a Python image, checked against the lock too", () => {
    const image = (tag: string) => planFor({ ...exampleFiles(), '.devcontainer/devcontainer.json': `{ "image": "python:${tag}" }\n` });
    expect(image('3.11-bookworm').plan?.python.value).toBe('3.11');
    const newer = image('3.13-bookworm');
    expect(newer.plan?.python.value).toBe('3.13');
    expect(find(newer.diagnostics, 'python-lacks-locked-wheels')?.message).toContain('(from the image python:3.13-bookworm)');
  });

  it('no Python that requires-python allows has every wheel: the newest allowed, and a warning that says so', () => {
    const files = exampleFiles();
    // Wheels for cp38 only: nothing >=3.9 has them all.
    files['uv.lock'] = files['uv.lock']!.replace(/cp3(9|10|11|12)-cp3\1/g, 'cp38-cp38');
    const { plan, diagnostics } = planFor(files);
    expect(plan?.python.value).toBe('3.14');
    const d = find(diagnostics, 'python-no-locked-wheels')!;
    expect(d).toMatchObject({ level: 'warning', file: 'uv.lock', line: 5 });
    expect(d.message).toContain('Python 3.14 is chosen');
  });

  it('the pinned uv limits it too: uv 0.4.30 has no 3.14, and a lock with wheels up to cp314 gets 3.13', () => {
    const files = exampleFiles();
    files['uv.lock'] = files['uv.lock']!.replace(/cp312-cp312/g, 'cp314-cp314').replace(/cp311-cp311/g, 'cp313-cp313');
    const { plan } = planFor(files, { uvVersion: '0.4.30' });
    expect(plan?.python.value).toBe('3.13');
  });

  it("a workspace member is held to the workspace's lock, which uv reads for it", () => {
    const files = exampleFiles();
    const root = makeRepo({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'pyproject.toml': '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n\n[tool.uv.workspace]\nmembers = ["bridge"]\n',
      'uv.lock': files['uv.lock']!,
      'bridge/pyproject.toml': files['pyproject.toml']!,
    });
    const { facts } = analyzeRepo(openRepo(path.join(root, 'bridge')), 'bridge');
    const { plan } = planTargets(facts, OPTIONS);
    expect(plan?.python.value).toBe('3.12');
    expect(plan?.python.reason).toContain('every package in ../uv.lock has a wheel for');
  });

  it('a lock larger than the scan bound: only its head is read, and a note says the wheels were not checked', () => {
    const root = makeRepo(exampleFiles());
    const reader = openRepo(root);
    const big = Object.assign(Object.create(reader), { sizeOf: () => WHEEL_SCAN_MAX_BYTES + 1 });
    const diagnostics: Diagnostic[] = [];
    const facts = readUvLockFacts(big, 'uv.lock', diagnostics);
    expect(facts?.requiresPython?.value).toBe('>=3.9');
    expect(facts?.wheels).toBeUndefined();
    expect(codes(diagnostics)).toEqual(['uv-lock-wheels-not-read']);
    // Just over the bound is not "16 MiB, more than the 16 MiB".
    expect(diagnostics[0]?.message).toContain('is 16.1 MiB, more than the 16 MiB');
    expect(readUvLockFacts(reader, 'uv.lock', [])?.wheels?.packages).toBe(11);
  });
});
