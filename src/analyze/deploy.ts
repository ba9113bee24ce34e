import { PRODUCTION_PATHS } from '../outputs.js';
import { type ManifestData, parseManifest } from '../ownership.js';
import { type RepoReader, repoPath } from './repo-reader.js';

/**
 * deploy/gen-devcontainer.manifest.json, read as untrusted text (only plain relative paths and hex
 * hashes are taken; the options are checked where they are used): which production files are the
 * tool's to regenerate, and the options of the run that wrote them. Undefined when there is none,
 * or it is no JSON (then every file there is the user's until rewritten).
 */
export function readProductionManifest(reader: RepoReader): (ManifestData & { file: string }) | undefined {
  const read = reader.readText(PRODUCTION_PATHS.manifest);
  if (read.kind !== 'ok') return undefined;
  const data = parseManifest(read.text, (file) => repoPath('', file) === file);
  return data ? { file: PRODUCTION_PATHS.manifest, ...data } : undefined;
}
