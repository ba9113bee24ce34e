import type { JSONPath } from 'jsonc-parser';
import { FOLDER_NAME_SOURCE } from '../../plan/names.js';
import { relativeTo } from '../../plan/outputs.js';
import { headerLines } from '../../render/header.js';
import { type Json, renderJsonc } from '../../render/jsonc.js';
import type { Plan } from '../types.js';
import { actionShell, lifecycleCommand, lifecycleRuns } from './lifecycle-script.js';
import type { EditorPlan } from './types.js';

export interface DesiredConfig {
  /** The properties the plan needs, in the order a fresh file lists them. */
  config: Record<string, Json>;
  /** Comments for a fresh file, by property path. */
  comments: Map<string, string>;
}

/**
 * What devcontainer.json must say for the plan to hold. A fresh file is exactly this; an existing
 * file gets these properties merged into it (merge-config.ts).
 */
export function desiredConfig(plan: Plan): DesiredConfig {
  const comments = new Map<string, string>();
  const lifecycle: Record<string, Json> = {};
  for (const step of lifecycleRuns(plan)) {
    lifecycle[step.property] = lifecycleCommand(plan, step);
    // The install is one short command: say which, since the script it is in is one step away.
    const runs = step.action.kind === 'uv-sync' || step.action.kind === 'uv-pip' ? `runs \`${actionShell(step.action, plan.devcontainer.outputs.checkScript.file).join('; ')}\`: ` : '';
    comments.set(step.property, `${runs}${step.reason}`);
  }
  const containerEnv: Record<string, string> = {};
  // A value the plan kept from the user's configuration stays where they wrote it, and is not the tool's.
  const adopted = new Set(plan.devcontainer.userSettings?.settings.filter((s) => s.action === 'adopted').map((s) => s.name));
  for (const variable of plan.env) {
    if (adopted.has(variable.name)) continue;
    containerEnv[variable.name] = variable.value;
    comments.set(`containerEnv.${variable.name}`, variable.reason);
  }
  if (plan.devcontainer.caBundle) {
    containerEnv.SSL_CERT_FILE = plan.devcontainer.caBundle.target;
    comments.set('containerEnv.SSL_CERT_FILE', plan.devcontainer.caBundle.reason);
  }
  const compose = plan.devcontainer.outputs.compose !== undefined;
  comments.set('mounts', `${plan.volume.name.reason}. A link only works inside one mount: the cache, environment, Pythons, tools and TMPDIR are all under ${plan.volume.target.value}.`);
  comments.set('remoteUser', `${plan.user.name.reason}. The Dockerfile creates ${plan.volume.target.value} owned by this user, so a new volume is writable by it.`);
  comments.set('customizations', plan.devcontainer.editor.reason);
  editorComments(plan.devcontainer.editor, comments);

  // A name from the repository is its text; one the plan gave in the CLI's own variable stays one.
  const config: Record<string, Json> = { name: plan.project.name.source === FOLDER_NAME_SOURCE ? plan.project.name.value : literal(plan.project.name.value) };
  if (compose) {
    config.dockerComposeFile = relativeTo('.devcontainer', plan.devcontainer.outputs.compose!.file);
    comments.set('dockerComposeFile', plan.devcontainer.outputs.compose!.reason);
  }
  if (plan.devcontainer.outputs.config.writesWorkspaceFolder) {
    config.workspaceFolder = plan.devcontainer.workspaceFolder.value;
    comments.set('workspaceFolder', plan.devcontainer.workspaceFolder.reason);
  }
  // A compose configuration builds and mounts through the compose file; the spec forbids both here.
  if (!compose) {
    if (!plan.devcontainer.outputs.config.keepsBuild) config.build = { dockerfile: relativeTo('.devcontainer', plan.devcontainer.outputs.dockerfile.file) };
    if (plan.devcontainer.workspaceMount) {
      config.workspaceMount = plan.devcontainer.workspaceMount.mount;
      config.workspaceFolder = plan.devcontainer.workspaceFolder.value;
      comments.set('workspaceMount', plan.devcontainer.workspaceMount.reason);
    }
    // The user's own volume, kept: their mount stays as they wrote it.
    const mounts: Json[] = plan.devcontainer.userSettings?.mount ? [] : [{ type: 'volume', source: plan.volume.name.value, target: plan.volume.target.value }];
    // The string form, the only one that says readonly (the object form has type, source and target).
    if (plan.devcontainer.caBundle) mounts.push(`type=bind,source=${plan.devcontainer.caBundle.source},target=${plan.devcontainer.caBundle.target},readonly`);
    if (mounts.length > 0) config.mounts = mounts;
  }
  // Compose configurations get read_only and tmpfs in the compose file: the CLI ignores runArgs there.
  if (plan.devcontainer.readOnlyRoot && !compose) {
    config.runArgs = ['--read-only', ...plan.devcontainer.readOnlyRoot.tmpfs.map((path) => `--tmpfs=${path}:${plan.devcontainer.readOnlyRoot!.tmpfsOptions.value}`)];
    comments.set('runArgs', plan.devcontainer.readOnlyRoot.reason);
  }
  // A configuration that runs as the plan's user by itself is left to say so itself.
  if (!plan.devcontainer.outputs.config.keepsUser) config.remoteUser = plan.user.name.value;
  Object.assign(config, {
    containerEnv,
    ...lifecycle,
    customizations: {
      vscode: {
        extensions: [...plan.devcontainer.editor.extensions],
        settings: editorSettings(plan.devcontainer.editor),
      },
    },
  });
  return { config, comments };
}

/** VS Code's settings object: the interpreter, then each tool's settings, a language's inside its `"[language]"` block. */
function editorSettings(editor: EditorPlan): Record<string, Json> {
  const settings: Record<string, Json> = editor.interpreterPath ? { 'python.defaultInterpreterPath': editor.interpreterPath } : {};
  for (const setting of (editor.tools ?? []).flatMap((t) => t.settings)) {
    if (!setting.language) settings[setting.key] = setting.value;
    else ((settings[`[${setting.language}]`] ??= {}) as Record<string, Json>)[setting.key] = setting.value;
  }
  return settings;
}

/** Why each tool's extension and setting is there, from where: above the extension list, and above each setting. */
function editorComments(editor: EditorPlan, comments: Map<string, string>): void {
  const tools = editor.tools ?? [];
  const withExtensions = tools.filter((t) => t.extensions.length > 0);
  if (withExtensions.length > 0) comments.set('customizations.vscode.extensions', withExtensions.map((t) => `${t.extensions.join(', ')}: ${t.reason} (from ${t.source})`).join('. '));
  for (const tool of tools) {
    // Once per tool, above its first setting: a tool without an extension of its own says why there.
    const first = tool.settings[0];
    if (!first) continue;
    const key = `customizations.vscode.settings.${first.language ? `[${first.language}].` : ''}${first.key}`;
    comments.set(key, tool.extensions.length > 0 ? `for ${tool.tool} (from ${tool.source})` : `${tool.reason} (from ${tool.source})`);
  }
}

/**
 * The user's values that --force takes out of their devcontainer.json, as JSON paths: remoteEnv
 * entries (remoteEnv outranks the plan's containerEnv), and containerEnv entries the plan has no
 * value of its own for. containerEnv values the plan does set are replaced by the merge itself.
 */
export function removedUserValues(plan: Plan): JSONPath[] {
  const settings = plan.devcontainer.userSettings?.settings ?? [];
  return settings.filter((s) => (s.place === 'remoteEnv' || s.place === 'containerEnv') && (s.action === 'remove' || s.action === 'keep')).map((s) => [s.place, s.name]);
}

/** A fresh `.devcontainer/devcontainer.json`: a pure function of the plan. */
export function renderDevcontainerJson(plan: Plan): string {
  const { config, comments } = desiredConfig(plan);
  return renderJsonc(config, { header: headerLines(plan), comments });
}

/**
 * Text from the repository as a devcontainer.json string: the Dev Container CLI replaces every
 * `${...}` in the file's strings (a project named `${localEnv:GH_TOKEN}` would show a secret in
 * the container's name), so the pair is broken with a space.
 */
export function literal(text: string): string {
  return text.replace(/\$\{/g, '$ {');
}
