import type { Plan } from '../plan/types.js';
import { actionShell, lifecycleCommand } from '../render/lifecycle-script.js';
import { commentText, shellCommand } from '../render/quote.js';

/** The plan for people: every line is built from the plan's own values and reasons. */
export function describePlan(plan: Plan): string {
  const lines: string[] = [];
  const decision = (label: string, d: { value: string; source: string; reason: string }) =>
    lines.push(`${label.padEnd(10)} ${d.value}  (${d.source})`, `${''.padEnd(10)} ${d.reason}`);

  lines.push(`Plan for ${plan.project.name.value}`, '');
  lines.push(`Volume     ${plan.volume.name.value} mounted at ${plan.volume.target.value}  (${plan.volume.name.source})`);
  lines.push(`           ${plan.volume.name.reason}`);
  const variablesFor = (dirPath: string) => plan.env.filter((v) => v.value === dirPath).map((v) => v.name);
  const width = Math.max(...plan.directories.map((d) => d.path.length));
  for (const dir of plan.directories) {
    lines.push(`  ${dir.path.padEnd(width)}  ${variablesFor(dir.path).join(', ')}`);
    lines.push(`  ${''.padEnd(width)}  ${dir.reason}`);
  }
  if (plan.workspace) {
    lines.push('', `Workspace  ${plan.workspace.members.join(', ') || '(no members found)'}`, `           ${plan.workspace.reason}`);
  }
  lines.push('');
  decision('Python', plan.python);
  lines.push(`${''.padEnd(10)} from: ${plan.python.provider.value} (${plan.python.provider.source}): ${plan.python.provider.reason}`);
  decision('uv', plan.uv.version);
  decision('Image', plan.baseImage);
  lines.push(`User       ${plan.user.name.value} (uid ${plan.user.uid}, gid ${plan.user.gid})  (${plan.user.name.source})`, `           ${plan.user.name.reason}`);
  lines.push('', 'Settings');
  for (const v of plan.env.filter((e) => !plan.directories.some((d) => d.path === e.value))) {
    lines.push(`  ${v.name}=${v.value}`, `    ${v.reason}`);
  }
  lines.push(`  PATH=${plan.pathPrepend.value.join(':')}:$PATH`, `    ${plan.pathPrepend.reason}`);
  lines.push('', 'After the container is created');
  for (const step of plan.lifecycle) {
    lines.push(`  ${step.property}: ${shellCommand(lifecycleCommand(plan, step))}`, `    ${step.reason}`);
    lines.push(...actionShell(step.action, plan.outputs.checkScript.file).map((l) => `      | ${l}`));
  }
  // Values come from the repository: no control character reaches the terminal.
  return `${lines.map(commentText).join('\n')}\n`;
}
