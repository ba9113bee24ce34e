import type { Diagnostic } from '../diagnostics.js';
import type { RepoReader } from './repo-reader.js';

/**
 * Jinja's markers, as cookiecutter and copier templates hold them: `{% if %}` and `{# note #}` (tags
 * no TOML or JSON outside a string has), and `{{ var }}`, which a string may hold too.
 */
const JINJA_TAG = /\{%|\{#/;
const JINJA_VALUE = /\{\{/;

const RENDER = 'render the template first (cookiecutter, or copier copy) and run gen-devcontainer in the project it makes';

/** A whole placeholder, `{{ cookiecutter.project_slug }}`: on the line of a value refused, that value is a template's. */
const JINJA_PLACEHOLDER = /\{\{.*\}\}/;

/**
 * A template's folder (cookiecutter's `{{cookiecutter.project_slug}}`, copier's `project/`) holds
 * files that become a project's once rendered. Read as they are, its pyproject.toml or
 * devcontainer.json is not valid TOML or JSONC, or is, with values that are placeholders
 * (`name = "{{ cookiecutter.project_slug }}"`, `requires-python = ">={{ python_version }}"`), and
 * "fix the syntax at line 17" or "name the project with letters" would send the user to edit a
 * template that is right. Where the line a diagnostic points at holds Jinja, the hint says what the
 * folder is instead; the diagnostic stays (nothing can be generated from it).
 */
export function explainTemplateSyntax(reader: RepoReader, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.level === 'info' || d.file === undefined || d.line === undefined) continue;
    const read = reader.readText(d.file);
    if (read.kind !== 'ok') continue;
    const lines = read.text.split(/\r?\n/);
    const has = (line: number, marker: RegExp) => marker.test(lines[line - 1] ?? '');
    const at = d.line;
    let marked: number | undefined;
    if (d.code.endsWith('-invalid-toml') || d.code === 'devcontainer-json-invalid') {
      // The parser may stop on the line after a tag (an unclosed `{% if %}` before a key); a `{{` counts
      // only on the line it stopped at, since a string on a line that parsed may hold one.
      marked = has(at, JINJA_TAG) || has(at, JINJA_VALUE) ? at : has(at - 1, JINJA_TAG) ? at - 1 : undefined;
    } else {
      // A value read and refused: its own line holds a placeholder or a tag.
      marked = has(at, JINJA_TAG) || has(at, JINJA_PLACEHOLDER) ? at : undefined;
    }
    if (marked === undefined) continue;
    d.hint = `${d.file} is a template, not a project's file: line ${marked} holds Jinja ({{ }}, {% %} or {# #}), as cookiecutter and copier templates do; ${RENDER}`;
  }
}

/** The files that make a folder a template's repository: cookiecutter's, and copier's. */
const TEMPLATE_REPOSITORY_FILES = ['cookiecutter.json', 'copier.yml', 'copier.yaml'];

/**
 * The hint for a folder with no project of its own that is a template: a copier template's folder
 * (pyproject.toml.jinja), or a template's repository (cookiecutter.json, copier.yml, or a folder
 * named with placeholders, which the search for projects passes over). "Create one with `uv init`"
 * would send the user to turn the template's repository into a project; undefined for any other folder.
 */
export function templateFolderHint(reader: RepoReader): string | undefined {
  if (reader.kindOf('pyproject.toml.jinja') === 'file') return `this folder is a template (pyproject.toml.jinja, as copier templates have): ${RENDER}`;
  const marker = TEMPLATE_REPOSITORY_FILES.find((file) => reader.kindOf(file) === 'file');
  const folder = marker ? undefined : reader.listFolders('.').find(isTemplateName);
  if (marker === undefined && folder === undefined) return undefined;
  const what = marker ? `a template's repository (${marker})` : `a template's repository (its folder ${JSON.stringify(folder!.slice(0, 100))} is named with placeholders)`;
  return (
    `this folder is ${what}, whose projects exist only once rendered: ${RENDER} (a copier task or a cookiecutter hook does it for every project: ` +
    'README, "Templates: copier and cookiecutter"); for a dev container to work on the template itself, give its root a pyproject.toml of its own'
  );
}

/**
 * A folder named with a template's placeholders (cookiecutter's `{{cookiecutter.project_slug}}`,
 * Jinja's `{% if %}`) holds a template of a project, whose pyproject.toml uv cannot read until the
 * template is rendered: it is no project to sync.
 */
export function isTemplateName(name: string): boolean {
  return name.includes('{{') || name.includes('{%');
}
