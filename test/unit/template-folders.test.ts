/**
 * Run in a template's project folder (cookiecutter's `{{cookiecutter.project_slug}}/`, copier's
 * `project/`), a user is told what the folder is: its files hold Jinja and become a project's only
 * once rendered. The refusal stays (exit 2, file:line); the hint no longer asks to "fix the syntax"
 * of a template that is right, or to `uv init` in it. Fixtures are of this test's own making,
 * shaped like those templates.
 */
import { describe, expect, it } from 'vitest';
import { runCli, withoutHostCa } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const SLUG = '{{cookiecutter.project_slug}}';
const PYPROJECT_TEMPLATE = [
  '[project]',
  'name = "{{ cookiecutter.project_slug }}"',
  'version = "0.1.0"',
  'requires-python = "==3.13.*"',
  'dependencies = [',
  '  {# one dependency a line #}',
  '  "django",',
  ']',
  '',
].join('\n');
const CONFIG_TEMPLATE = [
  '{',
  '  "name": "{{ cookiecutter.project_slug }}",',
  '  "customizations": {',
  '    {%- if cookiecutter.editor == "VS Code" %}',
  '    "vscode": {}',
  '    {%- endif %}',
  '  }',
  '}',
  '',
].join('\n');

async function run(dir: string) {
  return runCli([dir], dir, withoutHostCa());
}

describe('a template folder is named as one', () => {
  it('cookiecutter: pyproject.toml with a Jinja comment is refused with file:line and a hint to render the template', async () => {
    const root = makeRepo({ [`${SLUG}/pyproject.toml`]: PYPROJECT_TEMPLATE, 'cookiecutter.json': '{"project_slug": "demo"}\n' }, 'tmpl');
    const { code, stderr } = await run(`${root}/${SLUG}`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pyproject\.toml:[67]:\d+: error: .*\[pyproject-invalid-toml\]$/m);
    expect(stderr).toContain("pyproject.toml is a template, not a project's file: line 6 holds Jinja");
    expect(stderr).toContain('render the template first (cookiecutter, or copier copy)');
    expect(stderr).not.toContain('fix the TOML syntax');
  });

  it('cookiecutter: devcontainer.json with {%- if %} gets the same hint', async () => {
    const root = makeRepo({ 'pyproject.toml': '[project]\nname = "demo"\nversion = "0.1.0"\n', '.devcontainer/devcontainer.json': CONFIG_TEMPLATE }, 'app');
    const { code, stderr } = await run(root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[devcontainer-json-invalid\]/);
    expect(stderr).toContain('.devcontainer/devcontainer.json is a template');
  });

  it('copier: a folder with pyproject.toml.jinja and no pyproject.toml is named a template, not told to `uv init`', async () => {
    const root = makeRepo({ 'project/pyproject.toml.jinja': PYPROJECT_TEMPLATE, 'copier.yml': 'project_name: {type: str}\n_subdirectory: project\n' }, 'tmpl');
    const { code, stderr } = await run(`${root}/project`);
    expect(code).toBe(2);
    expect(stderr).toContain('[pyproject-missing]');
    expect(stderr).toContain('this folder is a template (pyproject.toml.jinja');
    expect(stderr).not.toContain('uv init');
  });

  it('a real syntax error keeps its hint, even with {{ in a string elsewhere in the file', async () => {
    const root = makeRepo({ 'pyproject.toml': '[project]\nname = "demo"\ndescription = "uses {{ braces }}"\nversion = 0.1.0\n' }, 'broken');
    const { code, stderr } = await run(root);
    expect(code).toBe(2);
    expect(stderr).toContain('fix the TOML syntax at line 4');
    expect(stderr).not.toContain('is a template');
  });
});
