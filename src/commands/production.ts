import { prepareProductionWrites, runProductionPipeline } from '../production-pipeline.js';
import { shellCommand } from '../render/quote.js';
import type { ProductionOptions } from '../targets/production/options.js';
import { type AppliedWrite, applyWrites, refusalDiagnostic, WriteRefused } from '../write/writer.js';
import { runPlace, toPlanOptions } from './args.js';
import { type GenerateArgs, indentBlock, reportCheck, reportDiff, verb } from './generate.js';
import { EXIT, type Io } from './io.js';
import { productionOptions, splitForget } from './production-args.js';
import { reportDiagnostics } from './report.js';

export type ProductionArgs = GenerateArgs & ProductionOptions;

/** `gen-devcontainer production`: deploy/Dockerfile, its ignore file, kubernetes.yaml and compose.yaml, with --check, --diff and --dry-run as the default command has them. */
export async function productionCommand(args: ProductionArgs, io: Io, version: string): Promise<number> {
  const split = splitForget(args);
  const result = runProductionPipeline(args.dir, toPlanOptions(split.args, version), productionOptions(args), runPlace(args, io), split.forget);
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics);
    return EXIT.usage;
  }
  const { plan, reader } = result;
  const section = plan.production!;
  const writesNothing = args.check || args.diff || args.dryRun;
  const prepared = prepareProductionWrites(result, { writing: !writesNothing });
  const { actions } = prepared;
  const diagnostics = [...result.diagnostics, ...prepared.diagnostics];
  reportDiagnostics(io, diagnostics);
  if (diagnostics.some((d) => d.level === 'error')) return EXIT.usage;
  if (args.diff) return reportDiff(io, actions);
  if (args.check) return reportCheck(io, actions);
  if (args.dryRun) {
    for (const action of actions) io.stdout(`${verb(action, true)} ${action.path}\n${indentBlock(action.content)}`);
    return EXIT.ok;
  }
  let applied: AppliedWrite[];
  try {
    applied = applyWrites(reader.root, actions, result.force, section.outputs.manifest.file);
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    reportDiagnostics(io, [refusalDiagnostic(err)]);
    return EXIT.usage;
  }
  for (const action of actions) io.stdout(`${verb(action, false)} ${action.path}\n`);
  for (const a of applied) if (a.backup) io.stdout(`kept your previous ${a.path} as ${a.backup}\n`);
  io.stdout(
    [
      '',
      `Image ${section.image.value}: Python ${section.python} (${section.pythonImage.value}), uv ${plan.uv.version.value} in the build${section.withUv ? ' and the image' : ' only'}, user ${section.user.uid}:${section.user.gid}, command ${shellCommand(section.command.value)}.`,
      `One writable volume at ${section.volume.target.value}; the root file system is read-only.`,
      `Build: DOCKER_BUILDKIT=1 docker build -f ${section.outputs.dockerfile.file} -t ${section.image.value} .`,
      `Why each setting: gen-devcontainer plan --production`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
