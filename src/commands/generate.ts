import * as path from 'node:path';
import { type Diagnostic, hasErrors } from '../diagnostics.js';
import { prepareWrites, runPipeline } from '../pipeline.js';
import { caBundleSuggestion } from '../plan/ca-bundle.js';
import type { Plan } from '../plan/types.js';
import { shellCommand } from '../render/quote.js';
import { type AppliedWrite, applyWrites, refusalDiagnostic, type WriteAction, WriteRefused } from '../write/writer.js';
import { type PlanArgs, runPlace, toPlanOptions } from './args.js';
import { EXIT, type Io } from './io.js';
import { reportDiagnostics } from './report.js';

export interface GenerateArgs extends PlanArgs {
  dryRun?: boolean;
  check?: boolean;
  diff?: boolean;
  force?: boolean;
}

export async function generateCommand(args: GenerateArgs, io: Io, version: string): Promise<number> {
  const result = runPipeline(args.dir, toPlanOptions(args, version), runPlace(args, io));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const { plan, reader } = result;
  const writesNothing = args.check || args.diff || args.dryRun;
  const prepared = prepareWrites(result, { writing: !writesNothing });
  const { actions } = prepared;
  const diagnostics: Diagnostic[] = [...result.diagnostics, ...prepared.diagnostics];
  // A note for a run that goes ahead: a refused one has its error to fix first. What the plan
  // mounts counts, not the command line: a --ca-bundle remembered in the manifest is mounted too.
  const suggestion = hasErrors(diagnostics) ? undefined : caBundleSuggestion(io.env, plan.devcontainer.caBundle?.source);
  if (suggestion) diagnostics.push(suggestion);
  reportDiagnostics(io, diagnostics);
  if (diagnostics.some((d) => d.level === 'error')) return EXIT.usage;

  if (args.diff) return reportDiff(io, actions);
  if (args.check) return reportCheck(io, actions);
  if (args.dryRun) {
    for (const action of actions) {
      io.stdout(`${verb(action, true)} ${action.path}\n`);
      io.stdout(indentBlock(action.content));
    }
    return EXIT.ok;
  }

  let applied: AppliedWrite[];
  try {
    applied = applyWrites(reader.root, actions, result.force, plan.devcontainer.outputs.manifest.file);
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    reportDiagnostics(io, [refusalDiagnostic(err)]);
    return EXIT.usage;
  }
  const shownDir = io.cwd ? path.relative(io.cwd, args.dir) || '.' : args.dir;
  for (const action of actions) io.stdout(`${verb(action, false)} ${action.path}\n`);
  for (const a of applied) if (a.backup) io.stdout(`kept your previous ${a.path} as ${a.backup}\n`);
  io.stdout(
    [
      '',
      `Volume ${volumeLabel(plan)} at ${plan.volume.target.value} holds the uv cache, the environment, Pythons, tools and TMPDIR.`,
      `Python ${plan.python.value} (${plan.python.source}), uv ${plan.uv.version.value} (${plan.uv.version.source}), user ${plan.user.name.value}.`,
      ...(plan.options.length > 0 ? [`Options: ${shellCommand(plan.options)} (recorded in ${plan.devcontainer.outputs.manifest.file}: a run without options uses them again).`] : []),
      `Next: "Reopen in Container" in VS Code, or: devcontainer up --workspace-folder ${shellCommand([shownDir])}`,
      `Why each setting: gen-devcontainer plan ${shellCommand([shownDir])}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** The volume's name as people will find it in `docker volume ls`. */
function volumeLabel(plan: Plan): string {
  const { name } = plan.volume;
  const { perRepository } = plan.devcontainer;
  if (perRepository === 'devcontainerId') return `${name.value} (the Dev Container CLI fills in this checkout's id)`;
  if (perRepository === 'compose-project') return `${name.value} (Compose names it <project>_${name.value})`;
  return name.value;
}

export function reportCheck(io: Io, actions: readonly WriteAction[]): number {
  const stale = actions.filter((a) => a.status !== 'unchanged');
  for (const a of actions) {
    const state = { unchanged: 'up to date', create: 'missing', update: 'differs', conflict: 'differs (and was not written by gen-devcontainer)' }[a.status];
    io.stdout(`${a.path}: ${state}\n`);
  }
  if (stale.length === 0) return EXIT.ok;
  io.stderr(`${stale.length} file(s) differ from what gen-devcontainer would write; run gen-devcontainer to update them (--diff shows how)\n`);
  return EXIT.drift;
}

/** A unified diff of every file that would change; exit 1 when there is one, like `git diff --exit-code`. */
export async function reportDiff(io: Io, actions: readonly WriteAction[]): Promise<number> {
  const { createTwoFilesPatch } = await import('diff');
  const stale = actions.filter((a) => a.status !== 'unchanged');
  for (const a of stale) {
    const from = a.previous === undefined ? '/dev/null' : `a/${a.path}`;
    io.stdout(createTwoFilesPatch(from, `b/${a.path}`, a.previous ?? '', a.content, '', '', { context: 3 }).replace(/^={67}\n/, ''));
  }
  return stale.length === 0 ? EXIT.ok : EXIT.drift;
}

export function verb(action: WriteAction, dryRun: boolean): string {
  const words = {
    create: ['would create', 'created'],
    update: ['would update', 'updated'],
    unchanged: ['unchanged (already up to date)', 'unchanged'],
    conflict: ['would replace', 'replaced'],
  } as const;
  return words[action.status][dryRun ? 0 : 1];
}

/** Each line indented four spaces, trailing spaces dropped (an empty line stays empty). */
export function indentBlock(text: string): string {
  // Lines end at "\n" alone unless the text has another line terminator (which `^` and `$` of a
  // multi-line regular expression also take for one). Trailing spaces are cut by a loop: `/ +$/`
  // backtracks quadratically over a run of spaces inside a line.
  const parts = /[\r\u2028\u2029]/.test(text) ? text.split(/(\r|\n|\u2028|\u2029)/) : text.split(/(\n)/);
  for (let i = 0; i < parts.length; i += 2) parts[i] = parts[i] === '' ? '' : trimEndSpaces(`    ${parts[i]}`);
  return `${parts.join('')}\n`;
}

function trimEndSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 0x20) end--;
  return line.slice(0, end);
}
