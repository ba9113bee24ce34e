import type { MountPlace, RepoFacts, SettingPlace } from '../analyze/facts.js';

/** Something in the user's configuration that only makes sense when the container runs as root, with where it is. */
export interface RootEvidence {
  what: string;
  file: string;
  line: number;
}

const PLACE: Record<SettingPlace, string> = {
  dockerfile: "the Dockerfile's ENV",
  'compose-env-file': 'an env_file of the Compose service',
  'compose-environment': "the Compose service's environment",
  containerEnv: 'containerEnv',
  remoteEnv: 'remoteEnv',
};

/** A mount of the user's, by the channel that asks for it (every one analyze/uv-settings-elsewhere.ts reads). */
const MOUNT: Record<MountPlace, string> = {
  mounts: 'a mount',
  workspaceMount: 'the workspaceMount',
  runArgs: 'a mount in runArgs',
  'compose-volumes': 'a Compose volume',
  'compose-tmpfs': 'a tmpfs of the Compose service',
  'dockerfile-volume': "the Dockerfile's VOLUME",
};

/** root's home, alone or as one entry of a PATH-like list. */
const ROOT_HOME = /(^|:)\/root(\/|:|$)/;

/**
 * Everything in the user's own configuration that shows it runs as root, in every channel the
 * analyzer reads: commands only root can run in the lifecycle commands and the scripts they run
 * (analyze/root-commands.ts, found by the same walk as pip installs); PIP_ROOT_USER_ACTION (pip's
 * switch for the warning it prints when run as root) and a path in `/root` in containerEnv,
 * remoteEnv, the Dockerfile's ENV or the Compose service's environment (`UV_CACHE_DIR=/root/.cache/uv`,
 * `PATH=/root/.local/bin:$PATH`); a mount whose target is in `/root` (devcontainer.json `mounts`,
 * Compose `volumes`). A value gen-devcontainer wrote itself is not the user's evidence. In the
 * order of the files, lifecycle commands last.
 */
export function rootEvidence(facts: RepoFacts): RootEvidence[] {
  const found: RootEvidence[] = [];
  for (const s of facts.userUvSettings?.settings ?? []) {
    if (s.tool) continue;
    if (s.name === 'PIP_ROOT_USER_ACTION') found.push({ what: `${PLACE[s.place]} sets PIP_ROOT_USER_ACTION, which only quiets pip when it runs as root`, file: s.file, line: s.line });
    else if (ROOT_HOME.test(s.value)) found.push({ what: `${PLACE[s.place]} sets ${s.name}=${clip(s.value)}, in root's home, which no other user can enter`, file: s.file, line: s.line });
  }
  for (const m of facts.userUvSettings?.mounts ?? []) {
    if (ROOT_HOME.test(m.target)) found.push({ what: `${MOUNT[m.place]} at ${clip(m.target)}, in root's home`, file: m.file, line: m.line });
  }
  for (const c of facts.keptSettings?.rootCommands ?? []) {
    found.push({ what: `${c.property} runs \`${clip(c.command)}\`: ${c.why}`, file: c.file, line: c.line });
  }
  return found;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
