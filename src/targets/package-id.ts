import type { Diagnostic } from '../diagnostics.js';

/**
 * A feature's or template's id: the folder's name (the spec wants them equal), and the last part of
 * the OCI repository it is published under, so it must be a name component of the OCI distribution
 * spec (`[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`, spec.md "Pulling manifests"), which also keeps it out
 * of harm's way in shell and JSON.
 */
export const PACKAGE_ID = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

/** Why `id` cannot name a package of this kind, as a diagnostic; undefined when it can. */
export function packageIdProblem(kind: 'feature' | 'template', id: string, example: string): Diagnostic | undefined {
  if (PACKAGE_ID.test(id)) return undefined;
  return {
    level: 'error',
    code: kind === 'feature' ? 'feature-id' : 'template-id',
    message: `${JSON.stringify(id)} cannot be a ${kind} id: the folder's name is the id, and it must be lower-case letters and digits, joined by ".", "_", "__" or dashes (it becomes part of the OCI name it is published under)`,
    hint: `write the ${kind} to a folder named like ${example}`,
  };
}
