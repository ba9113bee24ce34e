import type { ExistingDevcontainerFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';

/** How many configurations a message names before it says "and N more". */
const NAMED_IN_MESSAGE = 5;

/**
 * A repository whose dev container is configured somewhere other than
 * `.devcontainer/devcontainer.json` (a root `.devcontainer.json`, or named configurations in
 * `.devcontainer/<folder>/`) would, once the tool writes `.devcontainer/devcontainer.json`, have
 * that one opened in their place: the Dev Container CLI looks for `.devcontainer/devcontainer.json`
 * first and then `.devcontainer.json`, never in a sub-folder unless given `--config`
 * (devcontainers/cli src/spec-configuration/configurationCommonUtils.ts,
 * getWellKnownDevContainerPaths), and the spec puts the named ones last in precedence
 * (devcontainers/spec docs/specs/devcontainer-reference.md). So the run stops and names them,
 * unless --force says to add the default configuration beside them.
 */
export function shadowedConfigDiagnostics(devcontainer: ExistingDevcontainerFacts | undefined, force: boolean): Diagnostic[] {
  if (!devcontainer || devcontainer.hasConfig) return [];
  const shadowed = [...(devcontainer.hasRootConfig && !devcontainer.rootConfigIsAlias ? ['.devcontainer.json'] : []), ...(devcontainer.namedConfigs ?? [])];
  if (shadowed.length === 0) return [];
  const named = shadowed.slice(0, NAMED_IN_MESSAGE).join(', ') + (shadowed.length > NAMED_IN_MESSAGE ? ` and ${shadowed.length - NAMED_IN_MESSAGE} more` : '');
  const them = shadowed.length === 1 ? 'it' : 'them';
  const shadows = `.devcontainer/devcontainer.json, which the Dev Container CLI and editors open before ${named}: ${shadowed.length === 1 ? 'that configuration' : 'those configurations'} would no longer be used unless chosen by hand`;
  if (force) {
    return [
      {
        level: 'warning',
        code: 'config-shadows-existing',
        message: `--force: the run adds ${shadows}`,
        file: shadowed[0],
        hint: `open ${them} with \`devcontainer up --config ${shadowed[0]}\` or the editor's configuration picker`,
      },
    ];
  }
  return [
    {
      level: 'error',
      code: 'config-would-shadow',
      message: `the dev container is configured in ${named}; the run would create ${shadows}`,
      file: shadowed[0],
      hint: `gen-devcontainer writes .devcontainer/devcontainer.json and the files beside it, and cannot generate into ${shadowed.length === 1 ? 'that file' : 'one of these'}: move the configuration you want to .devcontainer/devcontainer.json (with the files it names) to have it edited in place, or run with --force to add a default configuration beside ${them}`,
    },
  ];
}
