/**
 * Links to the .devcontainer folder being edited (src/analyze/devcontainer-links.ts,
 * src/plan/links.ts): a template's `template/.devcontainer -> ../.devcontainer` carries the edit
 * into every generated project, so a run stops unless --force; `.devcontainer` itself as a link is
 * never written through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { openRepo } from '../../src/analyze/repo-reader.js';
import { planTargets } from '../../src/targets/plan.js';
import { runCli } from '../helpers/cli.js';
import { countingReader } from '../helpers/work.js';
import { fileContents, find, makeRepo } from './support.js';

const PYPROJECT = '[project]\nname = "tmpl"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function template(extra: Record<string, string> = {}): string {
  const root = makeRepo({
    'pyproject.toml': PYPROJECT,
    [CONFIG]: '{ "image": "mcr.microsoft.com/devcontainers/base:trixie" }\n',
    'copier.yml': '_subdirectory: template\n',
    'template/README.md.jinja': '# {{ name }}\n',
    ...extra,
  });
  fs.symlinkSync('../.devcontainer', path.join(root, 'template', '.devcontainer'));
  return root;
}

describe('a link elsewhere to .devcontainer', () => {
  it('is found, and the plan says what it carries: here the generated Dockerfile too, named for this repository', () => {
    const root = template();
    const analysis = analyzeRepo(openRepo(root), 'tmpl');
    expect(analysis.facts.devcontainerLinks).toEqual({ links: [{ path: 'template/.devcontainer', target: '.devcontainer' }] });
    const plan = planTargets(analysis.facts, { generatorVersion: 'test' }).plan!;
    expect(plan.devcontainer.links!.paths).toEqual([{ path: 'template/.devcontainer', target: '.devcontainer' }]);
    expect(plan.devcontainer.links!.consequence).toMatch(/named for this repository: the volume uv-tmpl-\$\{devcontainerId\} and the environment \/opt\/uv\/envs\/tmpl$/);
  });

  it('stops the run (exit 2, the link named, nothing written); --force goes on with a warning', async () => {
    const root = template();
    const before = fileContents(root);
    const refused = await runCli([root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^template\/\.devcontainer: error: template\/\.devcontainer is a symbolic link to \.devcontainer, which this run would edit: /m);
    expect(refused.stderr).toContain("hint: to edit only this repository's, replace the link with a copy first (rm template/.devcontainer && cp -R .devcontainer template/.devcontainer)");
    expect(fileContents(root)).toEqual(before);
    const forced = await runCli([root, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/warning: template\/\.devcontainer is a symbolic link to \.devcontainer, which this run edits \(--force\)/);
    // The edit is visible through the link: what the template's projects will get.
    expect(fs.readFileSync(path.join(root, 'template/.devcontainer/devcontainer.json'), 'utf8')).toContain('uv-lifecycle.sh');
  });

  it('a Dockerfile outside the linked folder: the projects get the scripts, not the uv block', () => {
    const root = template({ [CONFIG]: '{ "build": { "dockerfile": "../Dockerfile" } }\n', Dockerfile: 'FROM debian:trixie\n' });
    const plan = planTargets(analyzeRepo(openRepo(root), 'tmpl').facts, { generatorVersion: 'test' }).plan!;
    expect(plan.devcontainer.links!.consequence).toMatch(/but not the uv block, which goes into Dockerfile/);
  });

  it('links to the folder’s files, or to the root, count; links to anything else, out of the repository, or in a loop do not', () => {
    const root = template({ '.devcontainer/certs/ca.crt': 'x', 'docs/index.md': '#' });
    fs.symlinkSync('../.devcontainer/devcontainer.json', path.join(root, 'template', 'devcontainer.json'));
    fs.symlinkSync('../.devcontainer/certs', path.join(root, 'docs', 'certs'));
    fs.symlinkSync('..', path.join(root, 'docs', 'up'));
    fs.symlinkSync('/etc', path.join(root, 'docs', 'etc'));
    fs.symlinkSync('loop', path.join(root, 'docs', 'loop'));
    fs.symlinkSync('../README.md', path.join(root, 'docs', 'readme'));
    const analysis = analyzeRepo(openRepo(root), 'tmpl');
    const plan = planTargets(analysis.facts, { generatorVersion: 'test' }).plan!;
    expect(plan.devcontainer.links!.paths.map((l) => l.path).sort()).toEqual(['docs/up', 'template/.devcontainer', 'template/devcontainer.json']);
  });

  // Counted, not timed (test/helpers/work.ts): past the budget of folders, a tree twice as wide lists
  // no more folders, and costs at most a look at each added entry of the root (its kind, its real path).
  it('the walk is bounded: dependency folders are not entered, a wide tree stops at its budget', () => {
    const walk = (width: number) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < width; i++) files[`p${i}/x/README`] = '';
      const root = template(files);
      fs.mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
      fs.symlinkSync('../../.devcontainer', path.join(root, 'node_modules', 'pkg', '.devcontainer'));
      const counted = countingReader(openRepo(root));
      const facts = analyzeRepo(counted.reader, 'tmpl').facts;
      expect(facts.devcontainerLinks!.truncated).toBe(true);
      expect(facts.devcontainerLinks!.links.map((l) => l.path)).toEqual(['template/.devcontainer']);
      return counted;
    };
    const [small, large] = [walk(1200), walk(2400)];
    expect(small.byMethod.listDir).toBeGreaterThan(1000);
    expect(large.byMethod.listDir).toBe(small.byMethod.listDir);
    expect(large.calls - small.calls).toBeLessThanOrEqual(2 * 1200);
  });
});

it('a root .devcontainer.json that links to .devcontainer/devcontainer.json is an alias of it, not a template: no refusal', async () => {
  const root = makeRepo({ 'pyproject.toml': PYPROJECT, [CONFIG]: '{ "image": "mcr.microsoft.com/devcontainers/base:trixie" }\n' });
  fs.symlinkSync('.devcontainer/devcontainer.json', path.join(root, '.devcontainer.json'));
  const run = await runCli(['plan', root]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/devcontainer-linked/);
  // Not a second configuration either; but its relative paths resolve from the root by that name.
  expect(run.stderr).not.toMatch(/\[root-devcontainer-json\]/);
  expect(run.stderr).toMatch(/\[root-devcontainer-json-alias\]/);
  // A link to the folder's file under any other name still counts.
  fs.symlinkSync('.devcontainer/devcontainer.json', path.join(root, 'other.json'));
  expect((await runCli(['plan', root])).stderr).toMatch(/devcontainer-linked/);
});

describe('.devcontainer itself as a link', () => {
  it('inside the repository: an error naming where it leads, before anything is planned', async () => {
    const root = makeRepo({ 'pyproject.toml': PYPROJECT, 'tpl/.devcontainer/devcontainer.json': '{}' });
    fs.symlinkSync('tpl/.devcontainer', path.join(root, '.devcontainer'));
    const analysis = analyzeRepo(openRepo(root), 'tmpl');
    expect(find(analysis.diagnostics, 'devcontainer-is-link')).toMatchObject({
      level: 'error',
      file: '.devcontainer',
      hint: 'replace the link with a folder of its own (rm .devcontainer && cp -R tpl/.devcontainer .devcontainer) and run again; to change tpl/.devcontainer itself, edit it by hand',
    });
    const forced = await runCli([root, '--force']);
    expect(forced.code).toBe(2);
    expect(forced.stderr.match(/\[([a-z-]+)\]/g)!.map((c) => c.slice(1, -1))).toEqual(['devcontainer-is-link']);
  });

  it('out of the repository: the same error, and nothing read from there', () => {
    const outside = makeRepo({ 'devcontainer.json': '{ "containerEnv": { "SECRET": "x" } }' });
    const root = makeRepo({ 'pyproject.toml': PYPROJECT });
    fs.symlinkSync(outside, path.join(root, '.devcontainer'));
    const analysis = analyzeRepo(openRepo(root), 'tmpl');
    expect(find(analysis.diagnostics, 'devcontainer-is-link')!.message).toMatch(/leads outside the repository/);
  });
});
