import type { Plan } from '../../plan/types.js';
import { commentText, shellCommand } from '../../render/quote.js';

/** The production container as a picture for the terminal (`explain --production`): which folder on which mount, whose, and why. */
export function renderProductionLayoutText(plan: Plan): string {
  const p = plan.production!;
  const target = p.volume.target.value;
  const folders = p.volume.folders.map((f) => ({ folder: `${f.path.slice(target.length + 1)}/`, variables: f.variables.join(', '), reason: f.reason }));
  const width = Math.max(...folders.map((f) => f.folder.length));
  const lines = [
    `production container ${p.image.value} (user ${p.user.uid}:${p.user.gid}, runs ${shellCommand(p.command.value)} in ${p.app.runIn})`,
    `├── ${target}  ══ the one writable volume (kubernetes.yaml: an emptyDir of ${p.volume.sizeLimit.value}, mounted once, no subPath) ══`,
    ...folders.map((f, i) => `│   ${i === folders.length - 1 ? '└──' : '├──'} ${f.folder.padEnd(width)}  ${f.variables}`),
    `├── ${p.environment.path}  the environment, built in the image: root's, read-only to the user`,
    `├── ${p.app.path}        the application: root's, read-only to the user`,
    `└── /           the image's own file system, read-only (readOnlyRootFilesystem, read_only, docker run --read-only)`,
    '',
    'Why each folder on the volume is there:',
    ...folders.map((f) => `  ${f.folder.padEnd(width)}  ${f.reason}`),
  ];
  return `${lines.map(commentText).join('\n')}\n`;
}
