/**
 * Fuzz class: what the files at a repository's root say about what to install, beside projects in
 * subfolders. A root file of a tool's settings only (pyproject.toml with [tool.ruff], setup.cfg
 * with [flake8]) is no project; uv builds the root only where a pyproject.toml or a setup.py is
 * (astral-sh/uv crates/uv-build-frontend/src/lib.rs). The properties, over every mix:
 * - the plan never installs the root (`-e .`) unless a pyproject.toml or a setup.py is there;
 * - a folder of projects is planned exactly when the root has nothing uv installs and there are
 *   projects below; such a root with nothing below is refused, never planned;
 * - nothing throws. In memory (MemoryRepo): no disk, no process per case.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const tally = fuzzTally();

/** Root pyproject.toml files, and whether uv installs something from each. */
const PYPROJECTS: { text: string; installs: boolean }[] = [
  { text: '[tool.ruff]\nline-length = 100\n', installs: false },
  { text: '[tool.black]\n\n[tool.mypy]\nstrict = true\n', installs: false },
  { text: '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n', installs: false },
  { text: '[project]\nname = "root"\nversion = "0.1.0"\n', installs: true },
  { text: '[dependency-groups]\ndev = ["pytest"]\n', installs: true },
  { text: '[tool.uv.workspace]\nmembers = ["libs/*"]\n', installs: true },
];
const SETUP_CFG = ['[flake8]\nmax-line-length = 120\n', '[metadata]\nname = root\n\n[options]\npackages = find:\n'];
const SUBPROJECTS = ['api', 'worker', 'libs/core'];

const repo = fc.record({
  pyproject: fc.option(fc.constantFrom(...PYPROJECTS.keys()), { freq: 2 }),
  setupCfg: fc.option(fc.constantFrom(...SETUP_CFG), { freq: 2 }),
  setupPy: fc.boolean(),
  requirements: fc.boolean(),
  below: fc.subarray(SUBPROJECTS),
});

it(`root markers: ${FUZZ_RUNS} roots of settings files, projects, setup.cfg and setup.py, never an -e . uv cannot build`, () => {
  fc.assert(
    fc.property(repo, (r) => {
      const files: Record<string, string> = {};
      if (r.pyproject !== null) files['pyproject.toml'] = PYPROJECTS[r.pyproject]!.text;
      if (r.setupCfg !== null) files['setup.cfg'] = r.setupCfg;
      if (r.setupPy) files['setup.py'] = 'from setuptools import setup\nsetup()\n';
      if (r.requirements) files['requirements.txt'] = 'httpx\n';
      for (const p of r.below) files[`${p}/pyproject.toml`] = `[project]\nname = "${p.replace('/', '-')}"\nversion = "0.1.0"\n`;
      const analysis = analyzeRepo(new MemoryRepo(files), 'repo');
      const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
      const plan = planned.plan;
      const errors = [...analysis.diagnostics, ...planned.diagnostics].filter((d) => d.level === 'error');

      const buildable = r.setupPy || r.pyproject !== null;
      const rootInstalls = r.requirements || r.setupPy || (r.setupCfg !== null && r.pyproject !== null) || (r.pyproject !== null && PYPROJECTS[r.pyproject]!.installs);
      const install = plan?.steps.find((s) => s.step === 'install')?.action;
      const words = install?.kind === 'uv-pip' ? install.install : [];
      if (words.includes('.') || words.some((w) => w.startsWith('.['))) expect(buildable, JSON.stringify(files)).toBe(true);

      if (!rootInstalls && r.below.length > 0) expect(plan?.layout.value, JSON.stringify(files)).toBe('several-projects');
      if (plan?.layout.value === 'several-projects') expect(rootInstalls, JSON.stringify(files)).toBe(false);
      if (!rootInstalls && r.below.length === 0) expect(plan, JSON.stringify(files)).toBeUndefined();
      tally.count('root-markers', plan ? `planned ${plan.layout.value}` : `refused ${errors[0]?.code ?? 'none'}`);
    }),
    fuzzSettings,
  );
  expect(tally.total('root-markers')).toBe(FUZZ_RUNS);
});
