import type { Diagnostic } from '../../diagnostics.js';
import { reportDeadUvMounts, reportPipInstalls } from '../../plan/kept-settings.js';
import type { PlanStep } from '../../plan/types.js';
import { reportUvCommands } from '../../plan/uv-commands.js';
import { reportOtherUvOnPath } from '../../plan/uv-on-path.js';
import type { TargetDraft, TargetInput, TargetPlanning } from '../target.js';
import { CA_BUNDLE_TARGET, planCaBundle } from './ca-bundle.js';
import { planEditor } from './editor.js';
import { linkDiagnostics, linksToOutputs } from './links.js';
import { planOutputs } from './plan-outputs.js';
import { shadowedConfigDiagnostics } from './shadowed-configs.js';
import type { DevcontainerPlan, LifecycleStep, PlanOutputs } from './types.js';
import { settleUserSettings, userSettingsDiagnostics } from './user-settings.js';
import { type PlacedWorkspace, planWorkspaceMount, workspacePairDiagnostics } from './workspace-mount.js';

/** The dev container's slots, each filled by one step below; `section` puts them together last. */
interface DevcontainerDraft extends TargetDraft<'devcontainer'> {
  placed?: PlacedWorkspace;
  lifecycle?: LifecycleStep[];
  outputs?: PlanOutputs;
  caBundle?: DevcontainerPlan['caBundle'];
  readOnlyRoot?: DevcontainerPlan['readOnlyRoot'];
  userSettings?: DevcontainerPlan['userSettings'];
  links?: DevcontainerPlan['links'];
}

/**
 * The dev container's own decisions, on the finished core plan: where the repository is mounted,
 * which devcontainer.json property runs each of the plan's steps, which files are written and how,
 * the CA bundle and read-only root, what becomes of the user's own uv settings, links to the files
 * written, and what a write must refuse. Its diagnostics follow the core's, in this order.
 */
export const DEVCONTAINER_PLANNING: TargetPlanning<'devcontainer', DevcontainerDraft> = {
  section: 'devcontainer',
  draft: (on: TargetInput): DevcontainerDraft => ({ ...on }),
  steps: [
    { name: 'lifecycle', run: lifecycleStep },
    { name: 'workspace pair', run: workspaceMountStep },
    { name: 'outputs', run: outputsStep },
    { name: 'caBundle', run: caBundleStep },
    { name: 'readOnlyRoot', run: readOnlyRootStep },
    { name: 'userSettings', run: userSettingsStep },
    { name: 'kept settings', run: reportKeptSettingsStep },
    { name: 'links', run: (d) => void (d.links = linksToOutputs(d.plan, d.outputs!, d.decided.volume.perRepository, d.facts)) },
    { name: 'beforeWriting', run: beforeWritingStep },
    { name: 'section', run: sectionStep },
  ],
};

/**
 * The dev container's property for the install step, and why there: the layouts say what the step
 * runs, this target says when. updateContentCommand runs after onCreateCommand, on creation and
 * when a prebuild refreshes the content, so a prebuilt container has the environment installed
 * (containers.dev implementors/json_reference, "Lifecycle scripts").
 */
const INSTALL_PROPERTY = { property: 'updateContentCommand', why: 'Runs in updateContentCommand so that prebuilds (Codespaces) include it' } as const;

/** When the dev container runs each of the core's steps (its lifecycle properties), in its own words: the lifecycle script's comments. */
function lifecycleStep(d: DevcontainerDraft): undefined {
  const root = d.plan.volume.target.value;
  const when: Record<PlanStep['step'], (reason: string) => LifecycleStep> = {
    prepare: () => ({
      property: 'onCreateCommand',
      step: 'prepare',
      reason: `gives ${root} to the user when an older image or another uid left it (updateRemoteUserUID changes the user's uid, not a volume's owner), cheaply when there is nothing to fix; then makes any missing folder, since TMPDIR must exist before anything runs. A command of yours in the same property runs after it, never beside it`,
    }),
    install: (reason) => ({ property: INSTALL_PROPERTY.property, step: 'install', reason: `${reason} ${INSTALL_PROPERTY.why}` }),
    check: (reason) => ({ property: 'postCreateCommand', step: 'check', reason }),
  };
  d.lifecycle = d.plan.steps.map((step) => when[step.step](step.reason));
  return undefined;
}

/**
 * Where uv needs more than this folder, the plan decides the pair: workspaceFolder is this folder
 * inside the mount, whatever the user wrote (theirs is refused or, with --force, replaced).
 */
function workspaceMountStep(d: DevcontainerDraft, out: Diagnostic[]): undefined {
  d.placed = planWorkspaceMount(d.facts, d.decided.workspaceFolder.decision, out);
  return undefined;
}

/** Which files are written and how, and what the config file's output says about the user and workspaceFolder values (the renderer writes or leaves them). */
function outputsStep(d: DevcontainerDraft): undefined {
  const outputs = planOutputs(d.facts, d.plan.project.slug);
  const { config } = outputs;
  const { user, workspaceFolder } = d.decided;
  if (user.keepsRemoteUser) {
    config.keepsUser = {
      reason:
        d.facts.devcontainer?.config?.remoteUser !== undefined
          ? `your remoteUser stays as you wrote it, and yours: the manifest does not record it as a value gen-devcontainer set`
          : `no remoteUser is written: the configuration runs as ${user.name.value} by itself (${user.name.source})`,
    };
  }
  if (workspaceFolder.write) config.writesWorkspaceFolder = { reason: `"workspaceFolder": ${JSON.stringify(workspaceFolder.decision.value)} is written into ${config.file}` };
  d.outputs = outputs;
  return undefined;
}

function caBundleStep(d: DevcontainerDraft, out: Diagnostic[]): undefined {
  const caBundle = planCaBundle(d.options.caBundle, out);
  if (!caBundle) return undefined;
  // Compose mounts come from the override file, whose own variable syntax is not the CLI's.
  if (d.outputs!.compose !== undefined)
    out.push({
      level: 'error',
      code: 'ca-bundle-compose',
      message: '--ca-bundle with a Docker Compose configuration: gen-devcontainer does not mount it into a Compose service yet',
      hint: `mount the bundle in your compose file (volumes: - /path/ca.pem:${CA_BUNDLE_TARGET}:ro) and set SSL_CERT_FILE=${CA_BUNDLE_TARGET} in its environment, then run without --ca-bundle`,
    });
  else d.caBundle = caBundle;
  return undefined;
}

function readOnlyRootStep(d: DevcontainerDraft): undefined {
  if (!d.options.readOnly) return undefined;
  const { user } = d.plan;
  const home = user.uid === 0 ? '/root' : `/home/${user.name.value}`;
  d.readOnlyRoot = {
    tmpfs: ['/tmp', '/var/tmp', '/run', home],
    tmpfsOptions: {
      value: 'exec',
      source: 'plan',
      reason: "Docker mounts a tmpfs noexec unless told otherwise; programs run what they unpack in /tmp and the home folder (the editor's server, build back-ends, pre-commit hooks)",
    },
    reason: `the container's root file system is read-only (--read-only). Everything uv and Python write is on the volume (cache, environments and their lock files, Pythons, tools, TMPDIR, XDG_CACHE_HOME); /tmp, /var/tmp and /run are tmpfs for other programs, and so is ${home}, ${
      user.uid === 0
        ? "root's own: it keeps the image folder's mode (0700; a tmpfs takes the mode of the folder it covers), since root's uid never changes"
        : "which the Dockerfile makes world-writable (a tmpfs takes the image folder's mode) so it works whatever uid updateRemoteUserUID gives the user"
    }; the editor installs its server there on each start`,
    ...(user.uid === 0 ? {} : { openHome: home }),
  };
  return undefined;
}

function userSettingsStep(d: DevcontainerDraft, out: Diagnostic[]): undefined {
  const { adoption, notAdopted } = d.decided.locations;
  d.userSettings = settleUserSettings(d.plan, d.facts, adoption, notAdopted, out);
  return undefined;
}

/** What of the user's own set-up stays and works against the plan: notes and warnings only. */
function reportKeptSettingsStep(d: DevcontainerDraft, out: Diagnostic[]): undefined {
  reportPipInstalls(d.plan, d.facts, out);
  reportDeadUvMounts(d.plan, d.facts, out);
  reportUvCommands(d.plan, d.facts, out);
  reportOtherUvOnPath(d.plan, d.facts, out);
  return undefined;
}

/**
 * Every refusal a write makes that --force lifts, decided here with it: a configuration the new one
 * would shadow, the user's own uv settings and workspace pair the plan needs changed, and links
 * through which the files written would reach other repositories. Without --force each is an
 * error; with it, what the run does instead (a warning or a note).
 */
function beforeWritingStep(d: DevcontainerDraft): undefined {
  const force = d.options.force === true;
  d.beforeWriting = [
    ...shadowedConfigDiagnostics(d.facts.devcontainer, force),
    ...userSettingsDiagnostics(d.userSettings, force),
    ...workspacePairDiagnostics(d.placed?.mount, force),
    ...linkDiagnostics(d.links, force),
  ];
  return undefined;
}

/**
 * The section from the slots before it, in the order plan.json shows them. The workspace folder is
 * the one the workspace pair step settled (it ran on the core's decision, so nothing is patched after).
 */
function sectionStep(d: DevcontainerDraft): undefined {
  const { environment } = d.plan;
  const { perRepository } = d.decided.volume;
  d.section = {
    workspaceFolder: d.placed?.workspaceFolder ?? d.decided.workspaceFolder.decision,
    ...(perRepository ? { perRepository } : {}),
    editor: planEditor(environment, d.facts.editorTools, d.options.noEditorTools, d.plan.steps),
    lifecycle: d.lifecycle!,
    outputs: d.outputs!,
    ...(d.caBundle ? { caBundle: d.caBundle } : {}),
    ...(d.readOnlyRoot ? { readOnlyRoot: d.readOnlyRoot } : {}),
    ...(d.placed?.mount ? { workspaceMount: d.placed.mount } : {}),
    ...(d.userSettings ? { userSettings: d.userSettings } : {}),
    ...(d.links ? { links: d.links } : {}),
  };
  return undefined;
}
