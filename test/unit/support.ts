/** Small helpers shared by the unit tests: temporary repositories and a seeded PRNG. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onTestFinished } from 'vitest';
import { type Analysis, analyzeRepo } from '../../src/analyze/analyze.js';
import type { RepoFacts } from '../../src/analyze/facts.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { type PlanOptions, planDevcontainer } from '../../src/plan/plan.js';
import type { Plan } from '../../src/plan/types.js';

/** A fresh temporary folder, removed when the current test ends. */
export function tempDir(prefix = 'gdc-unit-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => {
    // Restore permissions a test may have removed, so that the cleanup itself cannot fail.
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      try {
        if (!entry.isSymbolicLink()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o700);
      } catch {
        // best effort
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes a repository (relative path -> content) into a new folder named `name` inside a temp folder. */
export function makeRepo(files: Record<string, string>, name = 'repo'): string {
  const root = path.join(tempDir(), name);
  fs.mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

export function analyzeFiles(files: Record<string, string>, name = 'repo'): Analysis {
  const root = makeRepo(files, name);
  return analyzeRepo(openRepo(root), name);
}

export const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => d.code);
export const find = (diagnostics: readonly Diagnostic[], code: string): Diagnostic | undefined => diagnostics.find((d) => d.code === code);

export const OPTIONS: PlanOptions = { generatorVersion: '9.9.9-test' };

/** Facts for a project that states nothing, with parts overridden. */
export function baseFacts(overrides: Partial<RepoFacts> = {}): RepoFacts {
  return {
    folderName: 'demo',
    hasWorkspaceVenv: false,
    markers: { requirements: [], requirementsIn: [], hasSetupPy: false, poetryLock: false, pdmLock: false, pipfile: false },
    pyproject: {
      file: 'pyproject.toml',
      hasProjectTable: true,
      name: { value: 'demo', file: 'pyproject.toml', key: 'project.name', line: 2 },
      dependencies: [],
      optionalDependencies: {},
      dependencyGroups: {},
      poetryGroups: [],
      scripts: [],
      hasBuildSystem: false,
      uv: { present: false, devDependencies: [] },
    },
    ...overrides,
  };
}

/** Plans and insists that it worked: for tests whose subject is the plan's content. */
export function planOk(facts: RepoFacts, options: Partial<PlanOptions> = {}): { plan: Plan; diagnostics: Diagnostic[] } {
  const result = planDevcontainer(facts, { ...OPTIONS, ...options });
  if (!result.plan) throw new Error(`expected a plan, got: ${JSON.stringify(result.diagnostics)}`);
  return { plan: result.plan, diagnostics: result.diagnostics };
}

/** mulberry32: a tiny seeded PRNG so that generated cases are the same on every run. */
export function prng(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(items: readonly T[]) => T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

export const isRoot = process.getuid?.() === 0;

/** Every regular file below `dir` (links not followed), relative path -> content: to show what a run changed. */
export function fileContents(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.lstatSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}
