import type { Diagnostic } from '../diagnostics.js';
import type { RepoReader } from './repo-reader.js';

/**
 * Jinja's markers, as cookiecutter and copier templates hold them: `{% if %}` and `{# note #}` (tags
 * no TOML or JSON outside a string has), and `{{ var }}`, which a string may hold too.
 */
const JINJA_TAG = /\{%|\{#/;
const JINJA_VALUE = /\{\{/;

const RENDER = 'render the template first (cookiecutter, or copier copy) and run gen-devcontainer in the project it makes';

/**
 * A template's folder (cookiecutter's `{{cookiecutter.project_slug}}`, copier's `project/`) holds
 * files that become a project's once rendered. Read as they are, its pyproject.toml or
 * devcontainer.json is not valid TOML or JSONC, and "fix the syntax at line 17" would send the
 * user to edit a template that is right. Where the line the parser stopped at holds Jinja, the
 * hint says what the folder is instead; the error stays (nothing can be generated from it).
 */
export function explainTemplateSyntax(reader: RepoReader, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.level !== 'error' || d.file === undefined || d.line === undefined) continue;
    if (!d.code.endsWith('-invalid-toml') && d.code !== 'devcontainer-json-invalid') continue;
    const read = reader.readText(d.file);
    if (read.kind !== 'ok') continue;
    const lines = read.text.split(/\r?\n/);
    // The parser may stop on the line after a tag (an unclosed `{% if %}` before a key); a `{{` counts
    // only on the line it stopped at, since a string on a line that parsed may hold one.
    const has = (line: number, marker: RegExp) => marker.test(lines[line - 1] ?? '');
    const at = d.line;
    const marked = has(at, JINJA_TAG) || has(at, JINJA_VALUE) ? at : has(at - 1, JINJA_TAG) ? at - 1 : undefined;
    if (marked === undefined) continue;
    d.hint = `${d.file} is a template, not a project's file: line ${marked} holds Jinja ({{ }}, {% %} or {# #}), as cookiecutter and copier templates do; ${RENDER}`;
  }
}

/** The hint for a folder with no pyproject.toml but a copier template's pyproject.toml.jinja, or undefined. */
export function templateFolderHint(reader: RepoReader): string | undefined {
  return reader.kindOf('pyproject.toml.jinja') === 'file' ? `this folder is a template (pyproject.toml.jinja, as copier templates have): ${RENDER}` : undefined;
}
