/**
 * Run in a template's project folder whose files parse (the placeholders sit inside strings), the
 * values uv would refuse are placeholders: `name = "{{ cookiecutter.project_slug }}"`. Each such
 * diagnostic says the file is a template, to be rendered first, not "name the project with
 * letters"; a value that is wrong without any placeholder keeps its own hint.
 */
import { describe, expect, it } from 'vitest';
import { runCli, withoutHostCa } from '../helpers/cli.js';
import { makeRepo } from './support.js';

const SLUG = '{{cookiecutter.project_slug}}';
const TEMPLATE_HINT = "is a template, not a project's file";

describe('values that are placeholders', () => {
  it('cookiecutter: project.name and requires-python as placeholders are named template values, each with its line', async () => {
    const root = makeRepo(
      {
        [`${SLUG}/pyproject.toml`]: '[project]\nname = "{{ cookiecutter.project_slug }}"\nversion = "0.1.0"\nrequires-python = ">={{ cookiecutter.python_version }}"\n',
        [`${SLUG}/.python-version`]: '{{ cookiecutter.python_version }}\n',
        'cookiecutter.json': '{"project_slug": "demo"}\n',
      },
      'tmpl',
    );
    const { code, stderr } = await runCli([`${root}/${SLUG}`], root, withoutHostCa());
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pyproject\.toml:2: error: .*\[pyproject-name-invalid\]\n  hint: pyproject\.toml is a template, not a project's file: line 2 holds Jinja/m);
    expect(stderr).toMatch(/^pyproject\.toml:4: error: .*\[requires-python-invalid\]\n  hint: pyproject\.toml is a template, not a project's file: line 4 holds Jinja/m);
    expect(stderr).not.toContain('name the project with letters');
    expect(stderr).not.toContain('PEP 440 specifiers');
  });

  it('a value wrong without a placeholder keeps its own hint, even with a placeholder elsewhere in the file', async () => {
    const root = makeRepo({ 'pyproject.toml': '[project]\nname = "my app"\ndescription = "made from {{ a template }}"\nversion = "0.1.0"\n' }, 'app');
    const { code, stderr } = await runCli([root], root, withoutHostCa());
    expect(code).toBe(2);
    expect(stderr).toContain('name the project with letters');
    expect(stderr).not.toContain(TEMPLATE_HINT);
  });
});
