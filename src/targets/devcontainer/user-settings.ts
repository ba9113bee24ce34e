import type { RepoFacts, SettingPlace, UserSetting } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import { OUTPUT_PATHS } from '../../outputs.js';
import type { CorePlan } from '../../plan/types.js';
import { type Adoption, effectiveSettings, LOCATION_ROLES, type NotAdopted, PLACE_WORDS, systemPythonSetting } from '../../plan/user-uv-settings.js';
import type { UserSettingAction, UserSettingsPlan } from './types.js';

/**
 * Every setting of the user's that concerns the plan, with what becomes of it: kept (the plan
 * adopted it), replaced or removed (a place this tool edits; needs --force), overridden (a place it
 * cannot edit, which containerEnv outranks: needs --force for a location, a note otherwise), stuck
 * (a place it cannot edit, for a variable the plan does not set: only the user can remove it), or
 * kept with a warning (remoteEnv values that are not locations).
 */
export function settleUserSettings(plan: CorePlan, facts: RepoFacts, adoption: Adoption | undefined, notAdopted: NotAdopted | undefined, diagnostics: Diagnostic[]): UserSettingsPlan | undefined {
  const user = facts.userUvSettings;
  if (!user) return undefined;
  reportEnvironmentOffPath(plan, facts, diagnostics);
  const planned = new Map(plan.env.map((v) => [v.name, v.value]));
  const settings: UserSettingsPlan['settings'] = [];
  const add = (s: UserSetting, action: UserSettingAction, reason: string) => {
    const ours = planned.get(s.name);
    settings.push({ name: s.name, value: s.value, place: s.place, file: s.file, line: s.line, action, reason, ...(ours !== undefined ? { planned: ours } : {}) });
  };
  const effective = effectiveSettings(user.settings);
  const target = plan.volume.target.value;
  const systemPython = systemPythonSetting(facts);
  for (const s of user.settings) {
    if (s.tool) continue; // the plan's own value from an earlier run: the merge updates it
    const ours = planned.get(s.name);
    const location = LOCATION_ROLES[s.name] !== undefined;
    // Adopted, every location that takes effect is on the user's volume (adoptUserLocations checked each).
    if (location && adoption && effective.includes(s)) {
      add(s, 'adopted', `on your volume ${adoption.mount.source} at ${adoption.mount.target}: the plan keeps it`);
      continue;
    }
    if (s === systemPython) {
      // Not a location, but it takes `uv pip` away from the environment on the volume.
      diagnostics.push({
        level: 'warning',
        code: 'user-uv-system-python',
        message: `UV_SYSTEM_PYTHON=${s.value} (${s.file} line ${s.line}) makes \`uv pip install\` and \`uv pip sync\` install into the image's Python, not into the environment on the volume (${plan.environment.path}) that VIRTUAL_ENV and PATH name; uv sync and uv run are not affected`,
        file: s.file,
        line: s.line,
        hint: 'remove it from the configuration the dev container uses (keep it for the production stage only), or use uv sync / uv add instead of uv pip in the container',
      });
      continue;
    }
    if (!location && ours === undefined) continue; // a uv setting the plan does not set: not its business
    if (s.value === ours) continue;
    if (!effective.includes(s)) {
      if (location || s.place === 'dockerfile') {
        const stronger = effective.find((e) => e.name === s.name && e.place !== 'remoteEnv');
        const by = stronger?.tool ? `the containerEnv ${s.name} that gen-devcontainer wrote (its manifest records it)` : `a stronger setting of ${s.name} in your configuration`;
        add(s, 'overridden', `${by} replaces it in the container${s.place === 'dockerfile' ? '; it applies to the image build only' : ''}`);
      }
      continue;
    }
    if (location) {
      const why = notAdopted?.problems.get(s) ?? notAdopted?.problem ?? `the plan puts every folder uv writes on its volume at ${target}`;
      const split = `not kept: ${why}. Beside the plan's folders on ${target}, it would split what uv writes across mounts, and uv would copy instead of linking`;
      if (s.place === 'containerEnv' || s.place === 'remoteEnv') add(s, s.place === 'remoteEnv' || ours === undefined ? 'remove' : 'replace', split);
      else add(s, ours !== undefined ? 'override' : 'stuck', split);
      continue;
    }
    if (s.place === 'remoteEnv') {
      const checked = s.name === 'UV_LINK_MODE' ? ' (the in-container check\'s "link mode" line fails on copy or symlink)' : '';
      add(s, 'keep', `remoteEnv outranks the plan's containerEnv ${s.name}=${ours} for terminals and lifecycle commands, so uv runs with yours there${checked}`);
    } else if (s.place !== 'containerEnv') {
      const linkMode = s.name === 'UV_LINK_MODE' && s.place === 'dockerfile' ? ' (copy is right for a build step with a cache mount, which is a mount apart from the image)' : '';
      add(s, 'overridden', `containerEnv ${s.name}=${ours} overrides it in the container${s.place === 'dockerfile' ? `; yours stays in effect for the image build${linkMode}` : ''}`);
    }
  }
  if (settings.length === 0 && !adoption) return undefined;
  const result: UserSettingsPlan = {
    settings,
    reason: adoption
      ? adoption.reason
      : "uv settings found in your configuration, and what the plan does with each. Where uv writes is decided for all folders at once: keeping some of yours beside the plan's would split them across mounts, and uv would copy",
  };
  if (adoption) result.mount = { target: adoption.mount.target, volume: adoption.mount.source!, file: adoption.mount.file, line: adoption.mount.line };
  return result;
}

/**
 * An environment the plan kept from the user with a dev container variable in its path
 * (`/cache/venv-for${localWorkspaceFolder}`) cannot go into the image's ENV PATH: only a remoteEnv
 * PATH can put it first, and the Dev Container CLI substitutes it there. Without one, `python` is
 * not the environment's (the in-container check's PATH line fails too).
 */
function reportEnvironmentOffPath(plan: CorePlan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const env = plan.environment;
  if (env.mode !== 'single' || !env.path.includes('${')) return;
  const path = facts.userUvSettings?.settings.find((s) => s.name === 'PATH' && s.place === 'remoteEnv');
  if (path?.value.split(':').some((entry) => entry.replace(/\/+$/, '') === `${env.path}/bin`)) return;
  const config = facts.devcontainer?.config?.file ?? OUTPUT_PATHS.config;
  diagnostics.push({
    level: 'warning',
    code: 'environment-off-path',
    message: `your environment ${env.path} holds a dev container variable, so the image's ENV PATH cannot put it first, and ${path ? 'your remoteEnv PATH does not either' : 'no remoteEnv PATH does'}: \`python\` and the project's scripts are not the environment's`,
    file: path?.file ?? config,
    ...(path ? { line: path.line } : {}),
    hint: `set "PATH": "${env.path}/bin:\${containerEnv:PATH}" in remoteEnv`,
  });
}

/** What outranks what: containerEnv over a Dockerfile's ENV and Compose's environment, remoteEnv over containerEnv. */
const OUTRANKS: Readonly<Record<SettingPlace, string>> = {
  dockerfile: "docker run -e, which the Dev Container CLI passes containerEnv with, outranks the image's ENV",
  'compose-env-file': "the Dev Container CLI writes containerEnv into a Compose override file it lists after yours, and Compose's environment outranks env_file",
  'compose-environment': 'the Dev Container CLI writes containerEnv into a Compose override file it lists after yours',
  containerEnv: '',
  remoteEnv: '',
};

/**
 * What a run says about the user's settings, given --force: without it, a refusal (exit 2) for
 * every location it would have to replace, naming the place and the fix; with it, what was done to
 * each. Settings kept or overridden without harm are notes either way.
 */
export function userSettingsDiagnostics(userSettings: UserSettingsPlan | undefined, force: boolean): Diagnostic[] {
  if (!userSettings) return [];
  const out: Diagnostic[] = [];
  for (const s of userSettings.settings) {
    const at = { file: s.file, line: s.line };
    const what = `${s.name}=${JSON.stringify(s.value)} (${PLACE_WORDS[s.place]})`;
    const ours = s.planned === undefined ? '' : `${s.name}=${s.planned}`;
    switch (s.action) {
      case 'adopted':
        break;
      case 'replace':
      case 'remove':
      case 'override': {
        if (!force) {
          out.push({ level: 'error', code: 'user-uv-locations', message: `${what} places a folder uv writes, and is ${s.reason}`, ...at, hint: fixFor(s) });
          break;
        }
        const done =
          s.action === 'replace'
            ? `replaced with ${s.planned}`
            : s.action === 'remove'
              ? s.place === 'remoteEnv'
                ? `removed from remoteEnv, which outranks containerEnv for terminals and lifecycle commands${ours ? `: the plan's containerEnv ${ours} applies` : ''}`
                : `removed from containerEnv (the plan sets no ${s.name})`
              : `stays in ${s.file}, which gen-devcontainer does not edit; containerEnv ${ours} overrides it in the container (${OUTRANKS[s.place]})${s.place === 'dockerfile' ? `, while the image build's own steps still see ${s.value}` : ''}`;
        out.push({ level: 'info', code: 'user-uv-location-replaced', message: `${what}: ${done} (--force)`, ...at });
        break;
      }
      case 'stuck':
        out.push({
          level: 'error',
          code: 'user-uv-location-stuck',
          message: `${what} places a folder uv writes, and is ${s.reason}. The plan sets no ${s.name} that could override it, and gen-devcontainer does not edit ${s.file}`,
          ...at,
          hint: `remove it from ${s.file} line ${s.line}, then run again`,
        });
        break;
      case 'keep':
        out.push(
          force
            ? { level: 'info', code: 'user-uv-setting-removed', message: `${what}: removed from remoteEnv (--force); the plan's containerEnv ${ours} applies`, ...at }
            : {
                level: 'warning',
                code: 'user-uv-setting-kept',
                message: `${what} is kept: ${s.reason}`,
                ...at,
                hint: `remove it from remoteEnv to use the plan's ${ours}, or run with --force, which removes it`,
              },
        );
        break;
      case 'overridden':
        out.push({ level: 'info', code: 'user-uv-setting-overridden', message: `${what}: ${s.reason}`, ...at });
        break;
    }
  }
  return out;
}

function fixFor(s: UserSettingsPlan['settings'][number]): string {
  const keepYours = 'or, to keep your own layout, put every folder uv writes on one named volume of yours (gen-devcontainer then keeps them all there)';
  switch (s.place) {
    case 'containerEnv':
      return `run with --force to ${s.planned === undefined ? 'remove it' : `replace it with ${s.planned}`} in place, or remove it from containerEnv yourself; ${keepYours}`;
    case 'remoteEnv':
      return `run with --force to remove it from remoteEnv (which outranks containerEnv for terminals and lifecycle commands), or remove it yourself; ${keepYours}`;
    case 'dockerfile':
      return `remove that ENV from ${s.file} line ${s.line}, or run with --force: the line stays, and containerEnv ${s.name}=${s.planned} overrides it in the container (docker run -e outranks the image's ENV); ${keepYours}`;
    default:
      return `remove it from ${s.file}, or run with --force: containerEnv ${s.name}=${s.planned} then overrides it (the Dev Container CLI writes containerEnv into a Compose override file it lists after yours); ${keepYours}`;
  }
}
