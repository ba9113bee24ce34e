import { createRequire } from 'node:module';

/**
 * Libraries that only some repositories need, loaded on first use: most runs read no compose file
 * and edit no devcontainer.json, and these two would otherwise cost ~60 ms of every start-up
 * (measured with scripts/bench-startup.mjs). Both ship CommonJS builds, so this stays synchronous.
 */
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
let jsoncModule: typeof import('jsonc-parser') | undefined;

export function yaml(): typeof import('yaml') {
  return (yamlModule ??= require('yaml') as typeof import('yaml'));
}

export function jsonc(): typeof import('jsonc-parser') {
  return (jsoncModule ??= require('jsonc-parser') as typeof import('jsonc-parser'));
}
