/**
 * Fuzz class: pyproject.toml and devcontainer.json files made of valid lines with Jinja (the
 * markers of cookiecutter and copier templates) put in at random places, inside strings or not.
 * The properties: the analysis never throws; a file that does not parse is an error with its file
 * and line; its hint names a template exactly when the line the parser stopped at holds a Jinja
 * tag or `{{` (or the line before holds a tag), and says to fix the syntax otherwise; in a file that
 * parses, only a value refused on a line that holds a whole placeholder or a tag gets one
 * (test/fuzz/template-repositories.test.ts: inside a template folder). In memory (MemoryRepo): no
 * disk, no process per case.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { FUZZ_RUNS, fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const tally = fuzzTally();

const TOML_LINES = ['[project]', 'name = "demo"', 'version = "0.1.0"', 'requires-python = ">=3.11"', 'dependencies = [', '  "django",', ']', '[tool.ruff]', 'line-length = 100', '# a comment'];
const JSON_LINES = ['{', '  "name": "demo",', '  "image": "python:3.12",', '  // a comment', '  "remoteUser": "vscode"', '}'];
const JINJA = ['{{ cookiecutter.project_slug }}', '{%- if cookiecutter.use_docker == "y" %}', '{% endif %}', '{# a note #}', '{{', '{%', '{#'];

/** A file: base lines, each possibly with a Jinja marker put in at the start, the end, or inside its quotes. */
const file = (base: readonly string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...base), fc.option(fc.tuple(fc.constantFrom(...JINJA), fc.constantFrom('start', 'end', 'quote', 'alone')), { freq: 3 })), { minLength: 1, maxLength: 12 })
    .map((lines) =>
      lines
        .flatMap(([line, jinja]) => {
          if (!jinja) return [line];
          const [marker, where] = jinja;
          if (where === 'alone') return [line, marker];
          if (where === 'start') return [`${marker} ${line}`];
          if (where === 'end') return [`${line} ${marker}`];
          const quote = line.indexOf('"');
          return [quote < 0 ? `${line}${marker}` : `${line.slice(0, quote + 1)}${marker}${line.slice(quote + 1)}`];
        })
        .join('\n'),
    );

const hasTag = (line: string | undefined) => line !== undefined && /\{%|\{#/.test(line);
const hasValue = (line: string | undefined) => line !== undefined && /\{\{/.test(line);

it(`template syntax: ${FUZZ_RUNS} files with Jinja, the hint names a template exactly when the stopped-at line holds it`, () => {
  fc.assert(
    fc.property(file(TOML_LINES), file(JSON_LINES), (pyproject, config) => {
      const files = { 'pyproject.toml': pyproject, '.devcontainer/devcontainer.json': config };
      const { diagnostics } = analyzeRepo(new MemoryRepo(files), 'demo');
      for (const [path, code] of [
        ['pyproject.toml', 'pyproject-invalid-toml'],
        ['.devcontainer/devcontainer.json', 'devcontainer-json-invalid'],
      ] as const) {
        const error = diagnostics.find((d) => d.code === code && d.file === path);
        if (!error) {
          const lines = files[path].split('\n');
          const named = diagnostics.filter((d) => d.file === path && d.hint?.includes('is a template'));
          expect(named.filter((d) => d.line === undefined || !(hasTag(lines[d.line - 1]) || /\{\{.*\}\}/.test(lines[d.line - 1] ?? '')))).toEqual([]);
          tally.count('template-syntax', `${code === 'pyproject-invalid-toml' ? 'toml' : 'jsonc'} parsed`);
          continue;
        }
        expect(error.line).toBeGreaterThan(0);
        const lines = files[path].split('\n');
        const at = error.line!;
        const template = hasTag(lines[at - 1]) || hasValue(lines[at - 1]) || hasTag(lines[at - 2]);
        expect(error.hint?.includes('is a template'), `${path}:${at}\n${files[path]}`).toBe(template);
        tally.count('template-syntax', `${code === 'pyproject-invalid-toml' ? 'toml' : 'jsonc'} ${template ? 'template hint' : 'syntax hint'}`);
      }
    }),
    fuzzSettings,
  );
  expect(tally.total('template-syntax')).toBe(2 * FUZZ_RUNS);
});
