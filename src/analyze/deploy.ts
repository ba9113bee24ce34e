import { PRODUCTION_PATHS } from '../outputs.js';
import { parseManifest } from '../ownership.js';
import { type RepoReader, repoPath } from './repo-reader.js';

/**
 * The hashes deploy/gen-devcontainer.manifest.json records, read as untrusted text (only plain
 * relative paths and hex hashes are taken): which production files are the tool's to regenerate.
 * Empty when there is none, or it is no JSON (then every file there is the user's until rewritten).
 */
export function readProductionHashes(reader: RepoReader): Record<string, string> {
  const read = reader.readText(PRODUCTION_PATHS.manifest);
  if (read.kind !== 'ok') return {};
  return parseManifest(read.text, (file) => repoPath('', file) === file)?.hashes ?? {};
}
