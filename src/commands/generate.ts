import * as path from 'node:path';
import { EXIT, type Io } from '../cli/io.js';
import { type PlanArgs, toPlanOptions } from '../cli/options.js';
import { type Diagnostic, hasErrors } from '../diagnostics.js';
import { runPipeline } from '../pipeline.js';
import { linkDiagnostics } from '../plan/links.js';
import { userSettingsDiagnostics } from '../plan/user-uv-settings.js';
import { renderFiles } from '../render/files.js';
import { shellCommand } from '../render/quote.js';
import { type AppliedWrite, applyWrites, planWrites, type WriteAction, WriteRefused } from '../write/writer.js';
import { reportDiagnostics } from './report.js';

export interface GenerateArgs extends PlanArgs {
  dryRun?: boolean;
  check?: boolean;
  diff?: boolean;
  force?: boolean;
}

export async function generateCommand(args: GenerateArgs, io: Io, version: string): Promise<number> {
  const result = runPipeline(args.dir, toPlanOptions(args, version));
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const { plan, reader, facts } = result;
  // The user's own uv settings and links to the files written: stop before rendering anything unless --force.
  const choices = [...userSettingsDiagnostics(plan.userSettings, args.force === true), ...linkDiagnostics(plan.links, args.force === true)];
  if (hasErrors(choices)) {
    reportDiagnostics(io, [...result.diagnostics, ...choices]);
    return EXIT.usage;
  }
  const rendering = renderFiles(plan, facts.devcontainer, args.force === true);
  const diagnostics: Diagnostic[] = [...result.diagnostics, ...choices, ...rendering.diagnostics];
  const actions = planWrites(reader, rendering.files, facts.devcontainer?.manifest?.hashes ?? {}, diagnostics);
  const writesNothing = args.check || args.diff || args.dryRun;
  if (!args.force && !writesNothing) {
    for (const c of actions.filter((a) => a.status === 'conflict')) {
      diagnostics.push({
        level: 'error',
        code: 'not-generated-by-us',
        message: `${c.path} exists, and is not a file gen-devcontainer wrote and you left unchanged; it is left as it is`,
        file: c.path,
        hint: `see the difference with --diff; move it aside, or run again with --force to replace it (yours is kept as ${c.path}.bak)`,
      });
    }
  }
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
    applied = applyWrites(reader.root, actions, args.force === true, plan.outputs.manifest.file);
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    reportDiagnostics(io, [{ level: 'error', code: err.code, message: err.message, ...(err.file ? { file: err.file } : {}), hint: err.hint }]);
    return EXIT.usage;
  }
  const shownDir = path.relative(io.cwd, args.dir) || '.';
  for (const action of actions) io.stdout(`${verb(action, false)} ${action.path}\n`);
  for (const a of applied) if (a.backup) io.stdout(`kept your previous ${a.path} as ${a.backup}\n`);
  io.stdout(
    [
      '',
      `Volume ${plan.volume.name.value} at ${plan.volume.target.value} holds the uv cache, the environment, Pythons, tools and TMPDIR.`,
      `Python ${plan.python.value} (${plan.python.source}), uv ${plan.uv.version.value} (${plan.uv.version.source}), user ${plan.user.name.value}.`,
      `Next: "Reopen in Container" in VS Code, or: devcontainer up --workspace-folder ${shellCommand([shownDir])}`,
      `Why each setting: gen-devcontainer plan ${shellCommand([shownDir])}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function reportCheck(io: Io, actions: readonly WriteAction[]): number {
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
async function reportDiff(io: Io, actions: readonly WriteAction[]): Promise<number> {
  const { createTwoFilesPatch } = await import('diff');
  const stale = actions.filter((a) => a.status !== 'unchanged');
  for (const a of stale) {
    const from = a.previous === undefined ? '/dev/null' : `a/${a.path}`;
    io.stdout(createTwoFilesPatch(from, `b/${a.path}`, a.previous ?? '', a.content, '', '', { context: 3 }).replace(/^={67}\n/, ''));
  }
  return stale.length === 0 ? EXIT.ok : EXIT.drift;
}

function verb(action: WriteAction, dryRun: boolean): string {
  const words = {
    create: ['would create', 'created'],
    update: ['would update', 'updated'],
    unchanged: ['unchanged (already up to date)', 'unchanged'],
    conflict: ['would replace', 'replaced'],
  } as const;
  return words[action.status][dryRun ? 0 : 1];
}

function indentBlock(text: string): string {
  return `${text.replace(/^/gm, '    ').replace(/ +$/gm, '')}\n`;
}
