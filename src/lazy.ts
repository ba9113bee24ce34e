import { createRequire } from 'node:module';
import type * as JsoncParser from 'jsonc-parser';

/**
 * Libraries that only some repositories need, loaded on first use: most runs read no compose file
 * and edit no devcontainer.json, and these two would otherwise cost ~60 ms of every start-up
 * (measured with scripts/bench-startup.mjs). Loading stays synchronous, so each must be CommonJS.
 *
 * In the bundle the bin runs (scripts/bundle.mjs), each is one prebuilt file beside the bundle's
 * own, which the build names by defining BUNDLED_YAML and BUNDLED_JSONC_PARSER, and `require` is
 * the bundle loader's, which compiles with the code cache (one file to read instead of dozens to
 * resolve: yaml loads in ~8 ms instead of ~30). Run from the sources, as the tests do, nothing
 * defines them, and both resolve from node_modules as usual. (The tests are written out in each
 * place so that the bundler can settle them at build time.)
 */
declare const BUNDLED_YAML: string | undefined;
declare const BUNDLED_JSONC_PARSER: string | undefined;
declare const BUNDLED_DEFERRED: boolean | undefined;
const load: (id: string) => unknown = typeof BUNDLED_YAML === 'string' ? require : createRequire(import.meta.url);
const files = {
  yaml: typeof BUNDLED_YAML === 'string' ? BUNDLED_YAML : 'yaml',
  jsonc: typeof BUNDLED_JSONC_PARSER === 'string' ? BUNDLED_JSONC_PARSER : 'jsonc-parser',
};

let yamlModule: typeof import('yaml') | undefined;
let jsoncModule: typeof JsoncParser | undefined;

export function yaml(): typeof import('yaml') {
  return (yamlModule ??= load(files.yaml) as typeof import('yaml'));
}

export function jsonc(): typeof JsoncParser {
  return (jsoncModule ??= load(files.jsonc) as typeof JsoncParser);
}

/**
 * A module of this program that only some runs need (the write transaction, the production
 * section's schema check), loaded on first call:
 * `deferred('write-transaction', transactionSource)` beside `import * as transactionSource from
 * './transaction.js'`.
 *
 * From the sources (the tests, dist/ module by module) the import is an ordinary one and this hands
 * it back. In the bundle, scripts/bundle.mjs builds the module as an entry of its own, NAME.cjs (its
 * DEFERRED table names each), and resolves that import to an empty stand-in, so that the module is
 * not in the chunks every run loads: its code is read, and its code cache deserialised, only when a
 * run first calls it (the start-up figures in the README say what that saves). The bundle's test
 * (test/unit/bundle-chunks.test.ts) checks which source modules each kind of run loads.
 */
export function deferred<T>(name: string, source: T): () => T {
  if (typeof BUNDLED_DEFERRED !== 'boolean') return () => source;
  let module: T | undefined;
  return () => (module ??= load(`./${name}.cjs`) as T);
}
