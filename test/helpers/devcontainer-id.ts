import { createHash } from 'node:crypto';
import * as path from 'node:path';

/**
 * The id the Dev Container CLI substitutes for `${devcontainerId}`, computed as it does: the
 * labels that identify the container (`devcontainer.local_folder`, `devcontainer.config_file`) as
 * JSON with sorted keys, SHA-256, the number in base 32, padded with "0" to 52 characters
 * (devcontainers/spec docs/specs/devcontainer-id-variable.md, "Label-based Computation";
 * devcontainers/cli src/spec-common/variableSubstitution.ts devcontainerIdForLabels, and
 * src/spec-node/utils.ts findContainerAndIdLabels for the two labels).
 */
export function devcontainerId(workspaceFolder: string, configFile = path.join(workspaceFolder, '.devcontainer', 'devcontainer.json')): string {
  const labels: Record<string, string> = { 'devcontainer.local_folder': workspaceFolder, 'devcontainer.config_file': configFile };
  const json = JSON.stringify(labels, Object.keys(labels).sort());
  const hash = createHash('sha256').update(json, 'utf8').digest('hex');
  return BigInt(`0x${hash}`).toString(32).padStart(52, '0');
}
