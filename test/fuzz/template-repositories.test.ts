/**
 * Fuzz class: a template's repository (copier, cookiecutter), run as it is. Its projects are
 * folders named with placeholders (`{{cookiecutter.project_slug}}/`, `{{ package_name }}/`, `{% if
 * %}`) or `.jinja` files, which become projects only once rendered. The properties, over every mix
 * of the template's marker file (cookiecutter.json, copier.yml, copier.yaml, none), a pyproject.toml
 * of the repository's own, template folders (holding Jinja TOML or a pyproject.toml.jinja) and a
 * real project beside them:
 * - a repository with its own pyproject.toml is planned, and no template folder is in the plan;
 * - a folder of projects is planned from the real projects only;
 * - with neither, the run is refused (pyproject-missing), and where the folder is a template's the
 *   hint says so and never asks to `uv init` it;
 * - nothing throws. In memory (MemoryRepo): no disk, no process per case.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { runCli, withoutHostCa } from '../helpers/cli.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { makeRepo } from '../unit/support.js';

const tally = fuzzTally();

const MARKERS = ['cookiecutter.json', 'copier.yml', 'copier.yaml'] as const;
const FOLDERS = ['{{cookiecutter.project_slug}}', '{{ package_name }}', '{% if api %}api{% endif %}', 'svc-{{cookiecutter.slug}}', '{{cookiecutter.project_slug}}/backend'];
/** What a template folder holds: TOML with Jinja a TOML parser reads (in strings), or stops at, or copier's .jinja file. */
const TEMPLATE_FILES: Record<string, string>[] = [
  { 'pyproject.toml': '[project]\nname = "{{ cookiecutter.project_slug }}"\nversion = "0.1.0"\nrequires-python = ">={{ cookiecutter.python_version }}"\n' },
  { 'pyproject.toml': '[project]\nname = "{{ project_name }}"\ndependencies = [\n  {% for d in deps %}"{{ d }}",{% endfor %}\n]\n' },
  { 'pyproject.toml.jinja': '[project]\nname = "{{ package_name }}"\nversion = "0.1.0"\n' },
  { 'uv.lock': 'version = 1\n', 'pyproject.toml': '[project]\nname = "{{ cookiecutter.project_slug }}"\nversion = "0.1.0"\n' },
];
const OWN_PYPROJECT = '[project]\nname = "acme-template"\nversion = "0.0.0"\nrequires-python = ">=3.12"\ndependencies = []\n\n[tool.uv]\npackage = false\n';

const repository = fc.record({
  marker: fc.option(fc.constantFrom(...MARKERS), { freq: 3 }),
  ownPyproject: fc.boolean(),
  folders: fc.uniqueArray(fc.record({ name: fc.constantFrom(...FOLDERS), files: fc.constantFrom(...TEMPLATE_FILES.keys()) }), { maxLength: 3, selector: (f) => f.name }),
  realProject: fc.boolean(),
});

it("a cookiecutter template's repository, run as it is, is named as one: not told to `uv init`", async () => {
  const root = makeRepo(
    {
      'cookiecutter.json': '{"project_slug": "demo"}\n',
      'hooks/post_gen_project.py': 'print("made")\n',
      '{{cookiecutter.project_slug}}/pyproject.toml': '[project]\nname = "{{ cookiecutter.project_slug }}"\nversion = "0.1.0"\n',
    },
    'tmpl',
  );
  const { code, stderr } = await runCli([root], root, withoutHostCa());
  expect(code).toBe(2);
  expect(stderr).toMatch(/^error: no pyproject\.toml, requirements file or setup\.py in .*\[pyproject-missing\]$/m);
  expect(stderr).toContain("this folder is a template's repository (cookiecutter.json), whose projects exist only once rendered");
  expect(stderr).toContain('Templates: copier and cookiecutter');
  expect(stderr).not.toContain('uv init');
});

it(`template repositories: ${FUZZ_RUNS} mixes of marker files, template folders, a pyproject.toml of their own and real projects`, () => {
  fc.assert(
    fc.property(repository, (r) => {
      const files: Record<string, string> = {};
      if (r.marker) files[r.marker] = r.marker.endsWith('.json') ? '{"project_slug": "demo"}\n' : 'project_name:\n  type: str\n';
      if (r.ownPyproject) files['pyproject.toml'] = OWN_PYPROJECT;
      for (const folder of r.folders) for (const [file, text] of Object.entries(TEMPLATE_FILES[folder.files]!)) files[`${folder.name}/${file}`] = text;
      if (r.realProject) files['tools/pyproject.toml'] = '[project]\nname = "tools"\nversion = "0.1.0"\n';
      const analysis = analyzeRepo(new MemoryRepo(files), 'repo');
      const missing = analysis.diagnostics.find((d) => d.code === 'pyproject-missing');
      const templateNames = r.folders.map((f) => f.name.split('/')[0]!);

      if (r.ownPyproject || r.realProject) {
        expect(missing).toBeUndefined();
        const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
        expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
        const text = JSON.stringify(planned.plan);
        for (const name of templateNames) expect(text).not.toContain(JSON.stringify(name).slice(1, -1));
        if (!r.ownPyproject) expect(analysis.facts.projects?.map((p) => p.path)).toEqual(['tools']);
        tally.count('template repositories', r.ownPyproject ? 'planned (own pyproject.toml)' : 'planned (the real project only)');
        return;
      }
      expect(missing?.level).toBe('error');
      if (r.marker || r.folders.length > 0) {
        expect(missing?.hint).toMatch(/template/);
        expect(missing?.hint).not.toContain('uv init');
        if (r.marker) expect(missing?.hint).toContain(`(${r.marker})`);
        tally.count('template repositories', 'refused, named a template');
      } else {
        expect(missing?.hint).toContain('uv init');
        tally.count('template repositories', 'refused, no template (uv init)');
      }
    }),
    fuzzSettings,
  );
  expect(tally.total('template repositories')).toBe(FUZZ_RUNS);
});

/** pyproject.toml fields, each as a plain value or a placeholder (inside its string, so the TOML parses). */
const FIELDS: { key: string; plain: string; placeholder: string }[] = [
  { key: 'name', plain: '"demo"', placeholder: '"{{ cookiecutter.project_slug }}"' },
  { key: 'version', plain: '"0.1.0"', placeholder: '"{{ cookiecutter.version }}"' },
  { key: 'requires-python', plain: '">=3.11"', placeholder: '">={{ cookiecutter.python_version }}"' },
  { key: 'dependencies', plain: '["httpx>=0.27"]', placeholder: '["{{ cookiecutter.web_framework }}>=1"]' },
  { key: 'description', plain: '"A demo"', placeholder: '"{{ cookiecutter.description }}"' },
];
const TAG_LINES = ['{% if cookiecutter.cli %}', '{# a note #}', '{%- endif %}'];

const templateProject = fc.record({
  placeholders: fc.array(fc.boolean(), { minLength: FIELDS.length, maxLength: FIELDS.length }),
  tag: fc.option(fc.record({ line: fc.constantFrom(...TAG_LINES), after: fc.nat({ max: FIELDS.length }) }), { freq: 3 }),
});

it(`inside a template's project folder: ${FUZZ_RUNS} pyproject.toml files with placeholders in any field, or a tag line`, () => {
  fc.assert(
    fc.property(templateProject, (t) => {
      const lines = ['[project]', ...FIELDS.map((f, i) => `${f.key} = ${t.placeholders[i] ? f.placeholder : f.plain}`)];
      if (t.tag) lines.splice(1 + t.tag.after, 0, t.tag.line);
      const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': `${lines.join('\n')}\n` }), '{{cookiecutter.project_slug}}');
      const jinjaLine = (n: number | undefined) => n !== undefined && /\{\{.*\}\}|\{%|\{#/.test(lines[n - 1] ?? '');
      const problems = analysis.diagnostics.filter((d) => d.level !== 'info' && d.file === 'pyproject.toml');
      for (const d of problems) {
        if (jinjaLine(d.line)) expect(d.hint, JSON.stringify(d)).toContain("pyproject.toml is a template, not a project's file");
      }
      const named = problems.filter((d) => d.hint?.includes('is a template')).length;
      tally.count('inside a template folder', problems.length === 0 ? 'no problem (placeholders only where uv reads any text)' : named > 0 ? 'refused, named a template' : 'refused, not Jinja');
    }),
    fuzzSettings,
  );
  expect(tally.total('inside a template folder')).toBe(FUZZ_RUNS);
});
