import { substituteDevcontainerId } from '../../plan/names.js';
import { BASENAME } from '../../plan/workspace-folder.js';
import { headerLines, htmlCommentText } from '../../render/header.js';
import { commentText } from '../../render/quote.js';
import type { Plan } from '../types.js';

interface Row {
  role: Plan['directories'][number]['role'];
  folder: string;
  variables: string[];
  reason: string;
}

/** One row per folder on the volume: the data both pictures are drawn from, by role, never by matching paths. */
function rows(plan: Plan): Row[] {
  const target = plan.volume.target.value;
  return plan.directories.map((d) => ({
    role: d.role,
    folder: `${d.path.slice(target.length + 1)}/`,
    // uv's bucket of project environments is placed by a preview feature, not by a path variable.
    variables: d.role === 'environment' && plan.environment.mode === 'per-project' ? ['UV_PREVIEW_FEATURES=centralized-project-envs'] : d.variables,
    reason: d.reason,
  }));
}

/** The workspace folder for a picture: the CLI's `${localWorkspaceFolderBasename}` is the repository folder's name, shown as `…`. */
function workspaceShown(plan: Plan): string {
  return plan.devcontainer.workspaceFolder.value.replaceAll(BASENAME, '…');
}

/** The layout as a picture for the terminal: which folder on which mount, whose, and why. */
export function renderLayoutText(plan: Plan): string {
  const target = plan.volume.target.value;
  const table = rows(plan);
  const width = Math.max(...table.map((r) => r.folder.length));
  const workspace = workspaceShown(plan);
  const lines = [
    `container (user ${plan.user.name.value})`,
    plan.devcontainer.workspaceMount
      ? `├── ${workspace}  your folder, inside a bind mount of ${plan.devcontainer.workspaceMount.ancestor} on the host (a mount of its own)`
      : `├── ${workspace.padEnd(22)} your repository: a bind mount of the host folder (a mount of its own)`,
    `├── ${target}  ══ volume ${plan.volume.name.value}: ONE mount, owned by ${plan.user.name.value}; links work anywhere inside ══`,
    ...table.map((r, i) => `│   ${i === table.length - 1 ? '└──' : '├──'} ${r.folder.padEnd(width)}  ${r.variables.join(', ') || '-'}`),
    ...imageFileSystem(plan),
    '',
    'Why each folder is there:',
    ...table.map((r) => `  ${r.folder.padEnd(width)}  ${r.reason}`),
  ];
  return `${lines.map(commentText).join('\n')}\n`;
}

/**
 * What is left of the container: the image's file system, and with a read-only root the tmpfs
 * mounts the plan gives the programs that still write outside the volume (plan.devcontainer.readOnlyRoot).
 */
function imageFileSystem(plan: Plan): string[] {
  if (!plan.devcontainer.readOnlyRoot) return [`└── /, /tmp, /home          the image's own file system (another mount: nothing uv writes lives here)`];
  const { tmpfs, tmpfsOptions } = plan.devcontainer.readOnlyRoot;
  return [
    `├── ${tmpfs.join(', ')}  tmpfs (${tmpfsOptions.value}): in memory, a mount each, emptied when the container stops`,
    `└── /                      the image's own file system, read-only (--read-only): nothing can write here`,
  ];
}

/** Mermaid text inside ["..."] labels: quotes become entities, nothing else can break out. */
function label(text: string): string {
  return `"${commentText(text)
    .replace(/"/g, '#quot;')
    .replace(/[[\]{}<>]/g, ' ')}"`;
}

/** Text for a Markdown table cell: one line, and no `|` that would end the cell. */
function cell(text: string): string {
  return commentText(text).replace(/\|/g, '\\|');
}

/** `.devcontainer/README.md`: the same layout as a Mermaid diagram, for people reading the repository. */
export function renderLayoutReadme(plan: Plan): string {
  const target = plan.volume.target.value;
  const table = rows(plan);
  const id = (r: Row) => `d_${r.folder.replace(/[^a-z0-9]/gi, '_')}`;
  const envRow = table.find((r) => r.role === 'environment');
  const cacheRow = table.find((r) => r.role === 'cache');
  const toolsRow = table.find((r) => r.role === 'tools');
  const tmpRow = table.find((r) => r.role === 'tmp');
  const links =
    cacheRow && envRow
      ? [
          `  ${id(cacheRow)} -- "hardlink / reflink" --> ${id(envRow)}`,
          ...(toolsRow ? [`  ${id(cacheRow)} -- "hardlink / reflink" --> ${id(toolsRow)}`] : []),
          ...(tmpRow ? [`  ${id(tmpRow)} -. "uv --no-cache" .-> ${id(envRow)}`] : []),
        ]
      : [];
  return [
    ...headerLines(plan).map((line) => `<!-- ${htmlCommentText(line)} -->`),
    '',
    `# Dev container: where uv writes`,
    '',
    `Everything uv writes lives on the volume \`${commentText(plan.volume.name.value)}\`, mounted at \`${target}\` and owned by`,
    `\`${commentText(plan.user.name.value)}\`. A hardlink or reflink only works inside one mount, so with the cache and the`,
    'environment on the same volume uv links packages instead of copying them. The check',
    '`sh .devcontainer/check-uv-layout.sh` proves it inside the container.',
    '',
    '```mermaid',
    'flowchart LR',
    `  ws[${label(plan.devcontainer.workspaceMount ? `${workspaceShown(plan)} (in a bind mount of ${plan.devcontainer.workspaceMount.ancestor})` : `${workspaceShown(plan)} (bind mount of your repository)`)}]`,
    // Mermaid labels cannot hold braces: the CLI's variable is shown in parentheses there.
    `  subgraph vol[${label(`volume ${substituteDevcontainerId(plan.volume.name.value, '(devcontainerId)')} at ${target}, owned by ${plan.user.name.value}`)}]`,
    ...table.map((r) => `    ${id(r)}[${label(`${r.folder} ${r.variables.join(', ')}`)}]`),
    '  end',
    ...links,
    `  ws -. "uv sync / uv run" .-> ${envRow ? id(envRow) : 'vol'}`,
    '```',
    '',
    '| folder | variables | why |',
    '| --- | --- | --- |',
    ...table.map((r) => `| \`${cell(r.folder)}\` | ${r.variables.map((v) => `\`${v}\``).join(', ')} | ${cell(r.reason)} |`),
    '',
    ...workspaceSync(plan),
    'Every decision, with where it came from: `npx gen-devcontainer plan`.',
    '',
  ].join('\n');
}

/** In a workspace, the sync to type: a plain one uninstalls the members (plan.workspace.plainSync says why). */
function workspaceSync(plan: Plan): string[] {
  const sync = plan.workspace?.plainSync;
  if (!sync) return [];
  return ['## Syncing in the container', '', `Run \`${commentText(sync.value)}\`, not a plain \`uv sync\`: ${commentText(sync.reason)}.`, ''];
}
