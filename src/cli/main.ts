import * as fs from 'node:fs';
import * as path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { EXIT, type Io, UsageError } from '../commands/io.js';
import { VERSION } from '../generated/version.js';
import { ENV_FORMATS, type EnvFormat } from '../targets/env/render.js';
import { once, planOptions, productionOptions } from './options.js';
import { closest, unknownOptionSuggestions } from './suggest.js';

const EPILOGUE = `Everything uv writes (cache, environment, managed Pythons, tools, TMPDIR) goes on one named
volume at one mount target, so uv can hardlink or reflink from its cache instead of copying.

Exit codes: 0 done, 1 --check found files that differ or doctor found a failing check, 2 bad usage
or bad input (nothing written), 3 internal error (please report it). plan, explain and env print
their output and exit 2 when writing would be refused (a file in the way that gen-devcontainer did
not write or that you edited, a lock held by another run, a configuration it cannot edit), with the
same message the default command gives.`;

/** The exit codes of plan, explain and env, in their own --help. */
const FORCE_AS_IF = { type: 'boolean', describe: 'Answer as `gen-devcontainer --force` would write: your values and files the plan needs replaced are no refusal' } as const;

/** plan and explain --production: the plan `gen-devcontainer production` writes from. */
const PRODUCTION_PLAN = { type: 'boolean', describe: 'The plan of `gen-devcontainer production` (with its options): the image, the volume, the manifests' } as const;

const READ_ONLY_EXIT_CODES = `Exit codes: 0 done; 2 bad usage or bad input, or writing these files would be refused (a file in
the way that gen-devcontainer did not write or that you edited, a lock held by another run, a
configuration it cannot edit): the output is printed all the same, and the message is the one the
default command gives; 3 internal error.`;

declare const BUNDLED_HELP_WRAP: boolean | undefined;
let wordWrap: Promise<void> | undefined;

/**
 * The whole CLI as a function: tests call it in-process, the bin shim calls it with process.argv.
 * Command implementations are imported when their command runs, so `--help` loads none of them.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  // The bundle's cliui already wraps at spaces (scripts/bundle.mjs); the sources' is patched once.
  if (typeof BUNDLED_HELP_WRAP !== 'boolean') await (wordWrap ??= import('./help-wrap.js').then((m) => m.useWordWrapInYargs()));
  let exitCode: number = EXIT.ok;
  const run = (code: number) => {
    exitCode = code;
  };
  const parser = commandLine(argv, io, run);

  try {
    await parser.parseAsync([...argv], {}, (_err, _args, output) => {
      if (output) io.stdout(`${output}\n`);
    });
    return exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`gen-devcontainer: ${err.message}\nRun 'gen-devcontainer --help' for usage.\n`);
      return EXIT.usage;
    }
    io.stderr(`gen-devcontainer: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\nPlease report this, with the command you ran.\n`);
    return EXIT.internal;
  }
}

/** The parser: every command, and what they share (help, version, how a usage mistake is reported). */
function commandLine(argv: readonly string[], io: Io, run: (code: number) => void): Argv {
  // yargs asks process.cwd() unless told, which throws in a deleted folder; it reads nothing from there.
  const parser: Argv = withCommands(
    yargs([], io.cwd || path.sep)
      .scriptName('gen-devcontainer')
      .usage('$0 [DIR] [options]\n\nWrite .devcontainer/devcontainer.json and .devcontainer/Dockerfile for the uv project in DIR.'),
    io,
    run,
  )
    .strict()
    // `--no-dev` is an option of its own (uv's), not the negation of a `--dev`; no option here is
    // meant to be negated, so yargs' `--no-X` = `X: false` is turned off for all of them.
    // `--` ends the options: the word after it is the folder even when it starts with `-`
    // (`gen-devcontainer -- -odd-name`); yargs keeps such words apart (populate--) for resolveDir.
    .parserConfiguration({ 'boolean-negation': false, 'populate--': true })
    .exitProcess(false)
    .wrap(Math.min(100, io.columns ?? (process.stdout.columns || 100)))
    .epilogue(EPILOGUE)
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .fail((message, error) => {
      // yargs reports usage mistakes with a message and no error; anything thrown by a handler keeps its error.
      // A YError is yargs' own: a usage mistake too (an option's coerce refused its value).
      if (error && error.name !== 'YError') throw error;
      const suggestions = unknownOptionSuggestions(argv, optionNames(parser)).map(({ given, meant }) => `\n${given}: did you mean ${meant}?`);
      throw new UsageError(`${error?.message ?? message}${suggestions.join('')}`);
    });
  return parser;
}

/** The commands, each importing its implementation only when it runs. */
function withCommands(y: Argv, io: Io, run: (code: number) => void): Argv {
  return withProduction(y, io, run)
    .command(
      '$0 [dir]',
      'Write the dev container files (the default command)',
      (y) =>
        writeOptions(planOptions(y), 'Replace your values where the plan needs others, and files gen-devcontainer did not write (each kept as FILE.bak)')
          .example('$0', 'Generate for the project in the current folder')
          .example('$0 path/to/repo --python 3.12', 'Use Python 3.12 whatever the project says')
          .example('$0 --check', 'In CI: fail when the committed files are out of date')
          .example('$0 --diff', 'Show what a run would change in your files')
          .example('$0 --dry-run --user dev:1001', 'Preview the files for a user "dev" with uid 1001')
          .example('$0 --all-extras --group docs', 'Install every extra and the docs group too, as `uv sync --all-extras --group docs` would'),
      async (args) => run(await (await import('../commands/generate.js')).generateCommand({ ...args, dir: defaultCommandDir(io, args) }, io, VERSION)),
    )
    .command(
      'plan [dir]',
      'Show every decision, where it came from and why',
      (y) =>
        productionOptions(planOptions(y))
          .option('production', PRODUCTION_PLAN)
          .option('json', { type: 'boolean', describe: 'Print the plan as JSON (schema: schemas/plan.schema.json)' })
          .option('force', FORCE_AS_IF)
          .example('$0 plan', 'Explain the layout for the current folder')
          .example('$0 plan --json | jq .volume', 'Read one decision from a script')
          .epilogue(READ_ONLY_EXIT_CODES),
      async (args) => run((await import('../commands/plan.js')).planCommand({ ...args, dir: resolveDir(io, args) }, io, VERSION)),
    )
    .command(
      'explain [dir]',
      'Draw the layout: which folder on which mount, who owns it, and why',
      (y) =>
        productionOptions(planOptions(y))
          .option('production', PRODUCTION_PLAN)
          .option('force', FORCE_AS_IF)
          .example('$0 explain', 'The picture and every decision, for the current folder')
          .epilogue(READ_ONLY_EXIT_CODES),
      async (args) => run((await import('../commands/explain.js')).explainCommand({ ...args, dir: resolveDir(io, args) }, io, VERSION)),
    )
    .command(
      'env [dir]',
      'Print the uv environment variables, for CI, docker run or a shell',
      (y) =>
        planOptions(y)
          .option('force', FORCE_AS_IF)
          .option('format', { choices: ENV_FORMATS, default: 'sh' as EnvFormat, describe: 'sh (export lines), dotenv (docker --env-file) or json', coerce: once<EnvFormat>('format') })
          .example('eval "$($0 env)"', 'Use the same layout in a shell')
          .example('$0 env --format dotenv > uv.env && docker run --env-file uv.env -v uv-myapp:/opt/uv IMAGE', 'Use it with plain docker run')
          .epilogue(READ_ONLY_EXIT_CODES),
      async (args) => run((await import('../commands/env.js')).envCommand({ ...args, dir: resolveDir(io, args) }, io, VERSION)),
    )
    .command(
      'doctor [dir]',
      'Check, where you run it, that uv can link from its cache into the environment',
      (y) =>
        y
          .positional('dir', { type: 'string', defaultDescription: '"."', describe: 'Project folder (a relative UV_PROJECT_ENVIRONMENT resolves against it)' })
          .option('json', { type: 'boolean', describe: 'Print the results as JSON' })
          .example('$0 doctor', 'Check the uv variables of this shell: mounts, a real link, ownership, PATH')
          .example('docker run --rm -v uv-myapp:/opt/uv --env-file uv.env IMAGE sh .devcontainer/check-uv-layout.sh', 'The same check in any container'),
      async (args) => run((await import('../commands/doctor.js')).doctorCommand({ dir: resolveDir(io, args), json: args.json }, io)),
    );
}

/** The options of a command that writes: what it does instead of writing, and --force. */
function writeOptions<T>(y: Argv<T>, force: string) {
  return y
    .option('dry-run', { type: 'boolean', describe: 'Write nothing; show what would be written' })
    .option('check', { type: 'boolean', describe: 'Write nothing; exit 1 when the files on disk differ from what would be written' })
    .option('diff', { type: 'boolean', describe: 'Write nothing; print a unified diff of what would change, exit 1 when anything would' })
    .option('force', { type: 'boolean', describe: force })
    .conflicts('dry-run', ['check', 'diff'])
    .conflicts('check', 'diff');
}

/** `production [dir]`: the production target's files (targets/production/). */
function withProduction(y: Argv, io: Io, run: (code: number) => void): Argv {
  return y.command(
    'production [dir]',
    'Write deploy/: a production Dockerfile, its ignore file, kubernetes.yaml and compose.yaml (read-only root, one writable volume)',
    (y) =>
      writeOptions(productionOptions(planOptions(y)), 'Replace files gen-devcontainer did not write (each kept as FILE.bak)')
        .example('$0 production --port 8000', 'An image of the project in the current folder, and a Service on port 8000')
        .example('$0 production --package api --image registry.example.com/api:1.0', 'The member api of a uv workspace')
        .example('$0 production --with-uv --command "uv run app"', 'Keep uv in the image, for uv run and uvx at run time'),
    async (args) => run(await (await import('../commands/production.js')).productionCommand({ ...args, dir: resolveDir(io, args) }, io, VERSION)),
  );
}

/**
 * The folder a command works in: DIR, or the one word after `--`, else the current folder. Words
 * after `--` are never dropped: more than one, or one besides DIR, is a usage error.
 */
function resolveDir(io: Io, args: { dir?: string; '--'?: unknown[] }): string {
  const afterDashes = (args['--'] ?? []).map(String);
  if (afterDashes.length > 1) throw new UsageError(`one folder, not ${afterDashes.length}, may follow --: ${afterDashes.join(' ')}`);
  if (afterDashes.length === 1 && args.dir !== undefined) throw new UsageError(`a folder was given twice, ${args.dir} and ${afterDashes[0]} after --; give one`);
  const dir = afterDashes[0] ?? args.dir ?? '.';
  if (!io.cwd && !path.isAbsolute(dir))
    throw new UsageError(`the current folder no longer exists (deleted or moved since this shell entered it), so ${dir} names no folder; cd to one that exists, or give its absolute path`);
  return path.resolve(io.cwd, dir);
}

/** The commands a word in DIR's place may have been meant as. */
const COMMAND_NAMES = ['plan', 'explain', 'env', 'doctor', 'production'];

/**
 * The default command's folder. A DIR that does not exist and is a command's name mistyped
 * (`gen-devcontainer paln`) is a usage error naming the command, not a missing folder.
 */
function defaultCommandDir(io: Io, args: { dir?: string; '--'?: unknown[] }): string {
  const resolved = resolveDir(io, args);
  const dir = args.dir;
  const meant = dir === undefined || fs.existsSync(resolved) ? undefined : closest(dir, COMMAND_NAMES);
  if (meant !== undefined) throw new UsageError(`${dir}: no such folder, and no such command; did you mean \`gen-devcontainer ${meant}\`?`);
  return resolved;
}

/** Every long option the command being parsed takes (and --help, --version): yargs holds the command's options while it runs it. */
function optionNames(parser: Argv): string[] {
  const { key } = (parser as unknown as { getOptions(): { key: Record<string, boolean> } }).getOptions();
  return Object.keys(key).filter((name) => name.length > 1 && name !== 'dir');
}
