import * as path from 'node:path';
import type { ExistingFile, RepoFacts } from '../analyze/facts.js';
import { isUnchangedOutput } from '../ownership.js';

/**
 * A file may be regenerated whole only when this tool wrote it and nobody changed it since: its
 * content still has the hash the manifest recorded. Anything else is the user's, and is edited in
 * place (devcontainer.json, compose files) or gets a marked block (Dockerfiles).
 */
export function isUneditedOutput(facts: RepoFacts, file: ExistingFile): boolean {
  return isUnchangedOutput(facts.devcontainer?.manifest?.hashes, file.file, file.text);
}

/** Path of `file` as written in a property of a file in `fromFolder` (devcontainer.json, compose). */
export function relativeTo(fromFolder: string, file: string): string {
  return path.posix.relative(fromFolder, file) || '.';
}
