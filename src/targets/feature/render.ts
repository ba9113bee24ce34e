import { GENERATED_MARKER, headerLines } from '../../render/header.js';
import { commentText, shellCommand, shellWord } from '../../render/quote.js';
import { renderCheckScript } from '../devcontainer/check-script.js';
import { renderLifecycleScript } from '../devcontainer/lifecycle-script.js';
import { renderInstallScript } from './install-script.js';
import type { FeaturePlan } from './plan.js';

/** A file of a package (a feature, a template), relative to its folder. */
export interface PackageFile {
  path: string;
  content: string;
  /** 0o755 for a script the Dev Container CLI runs as a program. */
  mode?: number;
}

/** The header of every feature file, without comment syntax. */
export function featureHeader(feature: FeaturePlan): string[] {
  return [`${GENERATED_MARKER} ${feature.version} (the ${feature.id} feature). Edits here are overwritten: change the options instead.`, `Regenerate: ${shellCommand(feature.regenerate)}`].map(
    commentText,
  );
}

/** A script rendered for a dev container, with the feature's header in place of the dev container's. */
function withFeatureHeader(text: string, feature: FeaturePlan): string {
  const theirs = headerLines(feature.core).map((l) => `# ${l}`);
  const lines = text.split('\n');
  if (lines.slice(1, 1 + theirs.length).join('\n') !== theirs.join('\n')) throw new Error('internal error: a script without the generated header');
  return [lines[0], ...featureHeader(feature).map((l) => `# ${l}`), ...lines.slice(1 + theirs.length)].join('\n');
}

/** devcontainer-feature.json (containers.dev implementors/features; schema: devContainerFeature.schema.json). */
export function renderFeatureJson(feature: FeaturePlan): string {
  const { core } = feature;
  const json = {
    id: feature.id,
    version: feature.version,
    name: 'uv on one volume',
    description: `uv ${core.uv.version.value} (or the version option's), and everything uv writes (cache, environment, managed Pythons, tools, TMPDIR) on one volume at ${feature.mount.target}, so uv links from its cache instead of copying. ${GENERATED_MARKER} ${feature.version}.`,
    keywords: ['uv', 'python', 'cache', 'volume'],
    options: Object.fromEntries(
      feature.options.map((o) => [o.id, { type: o.type, ...(o.enum ? { enum: o.enum } : {}), ...(o.proposals ? { proposals: o.proposals } : {}), default: o.default, description: o.description }]),
    ),
    mounts: [{ type: 'volume', source: feature.mount.source, target: feature.mount.target }],
    containerEnv: Object.fromEntries(feature.containerEnv.map((v) => [v.name, v.value])),
    ...Object.fromEntries(feature.hooks.map((h) => [h.property, h.command])),
    customizations: {
      vscode: {
        extensions: core.devcontainer.editor.extensions,
        ...(core.devcontainer.editor.interpreterPath ? { settings: { 'python.defaultInterpreterPath': core.devcontainer.editor.interpreterPath } } : {}),
      },
    },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** hook.sh: what the feature's lifecycle hooks run; the install step obeys the installStep option. */
export function renderHookScript(feature: FeaturePlan): string {
  return [
    '#!/bin/sh',
    ...featureHeader(feature).map((l) => `# ${l}`),
    '#',
    "# The feature's lifecycle hooks (devcontainer-feature.json) run this with a step's name; it runs",
    "# uv-lifecycle.sh beside it, the generator's own lifecycle script. install.sh leaves install-off",
    '# here when the installStep option is false: the install step then does nothing, as it does in a',
    '# workspace folder with no pyproject.toml.',
    'set -eu',
    'here=$(dirname -- "$0")',
    'if [ "${1:-}" = install ] && [ -e "$here/install-off" ]; then',
    `    echo ${shellWord(`${feature.id}: the install step is off (installStep: false); run uv sync yourself`)}`,
    '    exit 0',
    'fi',
    // The hooks run in the workspace folder. Any repository may use the feature: where it holds no
    // project yet, uv sync would only fail ("No `pyproject.toml` found"), so the step says so instead.
    'if [ "${1:-}" = install ] && [ ! -e pyproject.toml ]; then',
    `    echo ${shellWord(`${feature.id}: no pyproject.toml in the workspace folder, so no uv sync; the layout is ready for one`)}`,
    '    exit 0',
    'fi',
    'exec sh "$here/uv-lifecycle.sh" "$@"',
    '',
  ].join('\n');
}

/** One `check` of the Dev Container CLI's test library: a label and a command run by sh -c. */
function check(label: string, script: string): string {
  return shellCommand(['check', label, 'sh', '-c', script]);
}

/** The checks every scenario makes: the layout is there, as the feature's plan says. */
function layoutChecks(feature: FeaturePlan): string[] {
  const { target } = feature.mount;
  const uv = `${feature.core.uv.bin.value}/uv`;
  return [
    check(`uv on PATH is the feature's (${uv})`, `[ "$(command -v uv)" = ${shellWord(uv)} ]`),
    check(`one volume is mounted at ${target}`, `awk -v t=${shellWord(target)} '$5 == t { found = 1 } END { exit !found }' /proc/self/mountinfo`),
    check(`${target} belongs to the remote user`, `[ "$(stat -c %u ${shellWord(target)})" = "$(id -u)" ]`),
    ...feature.containerEnv.filter((v) => v.name !== 'PATH').map((v) => check(`${v.name}=${v.value}`, `[ "\${${v.name}-}" = ${shellWord(v.value)} ]`)),
    check('the in-container check passes', shellCommand(['sh', `${feature.installDir}/check-uv-layout.sh`])),
  ];
}

/** A test script of `devcontainer features test` (its library is put beside it by the CLI). */
function testScript(feature: FeaturePlan, about: string, checks: string[]): string {
  return [
    '#!/bin/bash',
    ...featureHeader(feature).map((l) => `# ${l}`),
    '#',
    `# ${commentText(about)}`,
    'set -e',
    'source dev-container-features-test-lib',
    ...layoutChecks(feature),
    ...checks,
    'reportResults',
    '',
  ].join('\n');
}

/**
 * The feature's own tests for `devcontainer features test`: test.sh (the feature with its
 * defaults, on the --base-image the command is given) and scenarios, each with its options. The
 * CLI wants them in test/<id>/ of a collection, beside src/<id>/.
 */
function renderTests(feature: FeaturePlan): PackageFile[] {
  const { core } = feature;
  const user = core.user.name.value;
  const scenarios = {
    install_step_off: { image: core.baseImage.value, remoteUser: user, features: { [feature.id]: { installStep: false } } },
    only_system_python: { image: core.baseImage.value, remoteUser: user, features: { [feature.id]: { pythonPreference: 'only-system' } } },
  };
  const offMarker = `${feature.installDir}/install-off`;
  return [
    { path: 'test/scenarios.json', content: `${JSON.stringify(scenarios, null, 2)}\n` },
    { path: 'test/test.sh', content: testScript(feature, 'The feature with its default options.', [check('the install step is on', `[ ! -e ${shellWord(offMarker)} ]`)]), mode: 0o755 },
    {
      path: 'test/install_step_off.sh',
      content: testScript(feature, 'installStep false: the layout all the same, and no install step.', [
        check('install.sh left install-off', `[ -e ${shellWord(offMarker)} ]`),
        check('the install step does nothing', `sh ${shellWord(`${feature.installDir}/hook.sh`)} install | grep -q 'the install step is off'`),
      ]),
      mode: 0o755,
    },
    {
      path: 'test/only_system_python.sh',
      content: testScript(feature, "pythonPreference only-system: uv's system settings say so, and turn Python downloads off.", [
        check('/etc/uv/uv.toml has python-preference only-system', `grep -qx 'python-preference = "only-system"' /etc/uv/uv.toml`),
        check('/etc/uv/uv.toml turns Python downloads off', `grep -qx 'python-downloads = "never"' /etc/uv/uv.toml`),
      ]),
      mode: 0o755,
    },
  ];
}

/** Every file of the feature folder, in order. */
export function renderFeature(feature: FeaturePlan): PackageFile[] {
  return [
    { path: 'devcontainer-feature.json', content: renderFeatureJson(feature) },
    { path: 'install.sh', content: renderInstallScript(feature, featureHeader(feature)), mode: 0o755 },
    { path: 'hook.sh', content: renderHookScript(feature), mode: 0o755 },
    { path: 'uv-lifecycle.sh', content: withFeatureHeader(renderLifecycleScript(feature.core), feature), mode: 0o755 },
    { path: 'check-uv-layout.sh', content: withFeatureHeader(renderCheckScript(feature.core), feature), mode: 0o755 },
    ...renderTests(feature),
  ];
}
