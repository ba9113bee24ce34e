import type { ExistingConfig, ExistingDockerfile, RepoFacts } from '../analyze/facts.js';
import { isUneditedOutput } from './outputs.js';

/**
 * The existing configuration when it is the user's. One this tool generated (and nobody edited)
 * is not a source of decisions: a second run must decide exactly what the first did.
 */
export function usersOwnConfig(facts: RepoFacts): ExistingConfig | undefined {
  const config = facts.devcontainer?.config;
  return config && !isUneditedOutput(facts, config) ? config : undefined;
}

/**
 * A top-level string of the user's devcontainer.json, unless it is the value an earlier run wrote
 * there: the manifest records those (managedValues, merge-config.ts), and such a value is the
 * tool's own decision, not the user's choice. So a second run decides it again, from the same
 * evidence, instead of crediting the user with it.
 */
export function usersOwnValue(facts: RepoFacts, key: 'remoteUser' | 'containerUser' | 'workspaceFolder' | 'workspaceMount'): string | undefined {
  const value = usersOwnConfig(facts)?.[key];
  if (value === undefined) return undefined;
  const written = facts.devcontainer?.manifest?.managedValues[JSON.stringify([key])];
  return written === value ? undefined : value;
}

/** The Dockerfile the configuration builds when it is the user's: it exists, and this tool did not write it as it is. */
export function usersOwnDockerfile(facts: RepoFacts): ExistingDockerfile | undefined {
  const config = facts.devcontainer?.config;
  const dockerfile = config?.kind === 'dockerfile' ? config.dockerfile : config?.compose?.dockerfile;
  return dockerfile?.exists && !isUneditedOutput(facts, dockerfile) ? dockerfile : undefined;
}
