import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import { DockerfileParser } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';

const SPEC_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/devcontainer-spec/devContainer.base.schema.json');

export type JsonValidator = (value: unknown) => string[];

/**
 * The Dev Container spec's own schema, from ../shared. Under CI it must be there (the test fails
 * otherwise); elsewhere its absence is announced and the schema checks are skipped.
 */
export function loadSpecValidator(): JsonValidator | undefined {
  if (!fs.existsSync(SPEC_SCHEMA)) {
    if (process.env.CI === 'true') throw new Error(`the spec schema is missing at ${SPEC_SCHEMA}; CI must run with ../shared beside the repository`);
    console.warn(
      `NOTICE: ${SPEC_SCHEMA} not found; the schema checks are left out (mandatory when CI=true), while test/unit/devcontainer-cli-reads.test.ts still has the Dev Container CLI read every generated devcontainer.json`,
    );
    return undefined;
  }
  const ajv = new Ajv2019.default({ allErrors: true, strict: false });
  // The schema's editor-only keywords, declared so that Ajv neither rejects nor ignores them silently.
  for (const keyword of [
    'allowComments',
    'allowTrailingCommas',
    'deprecationMessage',
    'markdownDescription',
    'enumDescriptions',
    'defaultSnippets',
    'errorMessage',
    'doNotSuggest',
    'markdownEnumDescriptions',
  ]) {
    ajv.addKeyword(keyword);
  }
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SPEC_SCHEMA, 'utf8')));
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

/** Parses JSONC strictly enough to catch anything an editor would flag. */
export function parseJsoncStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0) {
    throw new Error(errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`).join('; '));
  }
  return value;
}

/** Problems a real Dockerfile parser and linter find (dockerfile-ast / dockerfile-utils, as used by editors). */
export function dockerfileProblems(text: string): string[] {
  const problems = lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const dockerfile = DockerfileParser.parse(text);
  if (dockerfile.getFROMs().length === 0) problems.push('no FROM instruction');
  return problems;
}
