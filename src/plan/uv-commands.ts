import type { RepoFacts } from '../analyze/facts.js';
import type { UvCommand } from '../analyze/uv-commands.js';
import type { Diagnostic } from '../diagnostics.js';
import type { CorePlan } from './types.js';

/** Options that choose what an exact sync installs: two syncs that differ in them undo each other. */
const SELECTION = new Set([
  '--extra',
  '--all-extras',
  '--no-extra',
  '--group',
  '--all-groups',
  '--no-group',
  '--only-group',
  '--no-default-groups',
  '--dev',
  '--no-dev',
  '--only-dev',
  '--all-packages',
  '--package',
  '--no-install-project',
  '--no-install-workspace',
]);

/** The selection options gen-devcontainer itself takes, to pass instead of a sync of one's own. */
const OURS = new Set(['--extra', '--all-extras', '--group', '--all-groups', '--no-dev']);

/** When a lifecycle property runs. */
const WHEN: Record<string, string> = {
  onCreateCommand: 'every time the container is created',
  updateContentCommand: 'every time the container is created',
  postCreateCommand: 'every time the container is created',
  postStartCommand: 'every time the container starts',
  postAttachCommand: 'every time an editor attaches',
};

/** What uv 0.13.9 did to a lock uv 0.8.24 wrote (test/docker/uv-behaviour.test.ts). */
const OLDER_LOCK = 'a lock an older uv wrote is upgraded: uv 0.13.9 turned revision = 3 into 5';

/** uv's switches that a command's own variables can set, and the flags they stand for. */
const SWITCH_FLAGS: Readonly<Record<string, string>> = { UV_FROZEN: '--frozen', UV_LOCKED: '--locked', UV_NO_SYNC: '--no-sync', UV_SYSTEM_PYTHON: '--system' };

const truthy = (v: string) => /^(1|true|yes|on|y|t)$/i.test(v.trim());

/**
 * A user's own uv commands in lifecycle commands (or the scripts they run) that fight the plan's
 * install step: a lock written on every start of the container, an exact sync whose extras the
 * install step's sync removes again (and the other way round), a package installed beside uv.lock
 * that the next sync uninstalls. Each stays (it is the user's); the warning names the line, what goes
 * wrong, and the option to use instead. What real uv does is shown in test/docker/uv-behaviour.test.ts.
 */
export function reportUvCommands(plan: CorePlan, facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const commands = facts.keptSettings?.uvCommands ?? [];
  if (commands.length === 0) return;
  const install = plan.steps.find((s) => s.step === 'install');
  const ourSync = install?.action.kind === 'uv-sync' || install?.action.kind === 'uv-sync-each' ? install.action.args : undefined;
  // --all-packages selects nothing more where a plain sync already installs everything: at a
  // virtual workspace root (no [project]) uv installs the entire workspace either way (astral-sh/uv
  // crates/uv/src/commands/project/sync.rs, `identify_installation_target`), and in a single
  // project it changes nothing. In a folder of projects the install step passes it to each folder,
  // and which folder a command of the user's runs in is not known here: comparing it would name
  // members that are not there. Either way it is left out of both sides of the comparison.
  const allPackagesNoop = facts.workspace?.virtualRoot === true || install?.action.kind === 'uv-sync-each';
  const settings = (facts.userUvSettings?.settings ?? []).filter((s) => !s.tool);
  const lockKeptBy = settings.find((s) => (s.name === 'UV_FROZEN' || s.name === 'UV_LOCKED') && truthy(s.value));
  const systemPython = settings.some((s) => s.name === 'UV_SYSTEM_PYTHON' && truthy(s.value));
  for (const command of commands) {
    const found = problems(command, ourSync, lockKeptBy !== undefined, systemPython, allPackagesNoop);
    if (!found) continue;
    const after = /^post(Create|Start|Attach)Command$/.test(command.property) ? '; the in-container check runs before it and does not see what it changes' : '';
    diagnostics.push({
      level: 'warning',
      code: 'uv-command-in-lifecycle',
      message: `${command.property} runs \`${command.command}\`, ${WHEN[command.property] ?? 'when the container runs it'}: ${found.what.join('; ')}${after}`,
      file: command.file,
      line: command.line,
      hint: found.fix.join('; '),
    });
  }
}

function problems(command: UvCommand, ourSync: string[] | undefined, lockKept: boolean, systemPython: boolean, allPackagesNoop: boolean): { what: string[]; fix: string[] } | undefined {
  // A switch the command sets for itself is its option (astral-sh/uv crates/uv-static/src/env_vars.rs:
  // UV_FROZEN, UV_LOCKED, UV_NO_SYNC and UV_SYSTEM_PYTHON are each "equivalent to" their flag).
  const own = Object.entries(SWITCH_FLAGS)
    .filter(([name]) => truthy(command.env[name] ?? ''))
    .map(([, flag]) => flag);
  const has = (...flags: string[]) => command.options.some((o) => flags.includes(o.flag)) || own.some((flag) => flags.includes(flag));
  const what: string[] = [];
  const fix: string[] = [];
  const locks = !lockKept && !has('--frozen', '--locked', '--no-sync', '--dry-run');
  switch (command.subcommand) {
    case 'sync': {
      if (locks) {
        what.push(`without --frozen it locks first, and rewrites uv.lock whenever this uv would write it otherwise (${OLDER_LOCK})`);
        fix.push('add --frozen, which installs uv.lock as it is (not --locked: it fails on a lock an older uv wrote)');
      }
      if (ourSync && !has('--inexact', '--dry-run')) {
        const compared = (words: string[]) => (allPackagesNoop ? words.filter((w) => w !== '--all-packages') : words);
        const theirs = compared(selection(command.options));
        const ours = compared(selection(wordsToOptions(ourSync)));
        if (theirs.join(' ') !== ours.join(' ')) {
          const members = ours.includes('--all-packages') && !theirs.includes('--all-packages') ? ', and without --all-packages it uninstalls every workspace member' : '';
          what.push(
            `it syncs exactly, with ${theirs.length ? theirs.join(' ') : 'no extras or groups'} where the install step syncs with ${ours.length ? ours.join(' ') : 'none'}: each removes what the other installed, on every rebuild${members}`,
          );
          const passable = theirs.filter((w) => OURS.has(w.split(' ')[0]!));
          fix.push(
            passable.length > 0
              ? `pass ${passable.join(' ')} to gen-devcontainer instead, so that the install step installs them, and remove this command`
              : `make it the install step's selection (${ours.join(' ') || 'uv sync'}), remove it, or add --inexact so that it removes nothing`,
          );
        }
      }
      break;
    }
    case 'lock':
      if (!has('--check', '--locked', '--check-exists', '--dry-run')) {
        what.push(`it rewrites uv.lock whenever this uv would write it otherwise (${OLDER_LOCK})`);
        fix.push('remove it (the install step installs uv.lock as committed), or use `uv lock --check`, which fails instead of writing');
      }
      break;
    case 'add':
    case 'remove':
      what.push(`it edits pyproject.toml${has('--frozen') ? '' : ' and uv.lock'} and changes the environment, files you track`);
      fix.push(
        `run it once and commit pyproject.toml and uv.lock; for something only the dev container needs, declare an extra or dependency group and pass --extra NAME or --group NAME to gen-devcontainer`,
      );
      break;
    case 'run':
      if (locks && !has('--no-project', '--script', '--isolated')) {
        what.push(`uv run locks and syncs the project before it runs, so it rewrites uv.lock whenever this uv would write it otherwise (${OLDER_LOCK})`);
        fix.push('use `uv run --frozen`, which runs from uv.lock as it is');
      }
      break;
    default: {
      // uv pip install | sync | uninstall, into the project environment (VIRTUAL_ENV) unless told another.
      if (!ourSync || systemPython || has('--system', '--target', '--prefix', '--python', '-p')) break;
      const exact = command.subcommand === 'pip sync' ? ' (uv pip sync also uninstalls everything its file does not list)' : '';
      what.push(`it changes the project environment outside uv.lock${exact}, and the next exact sync (the install step on a rebuild, or any \`uv sync\`) undoes it`);
      fix.push('declare the package in pyproject.toml once (`uv add NAME`, committed), or in an extra or dependency group passed to gen-devcontainer with --extra or --group');
    }
  }
  return what.length > 0 ? { what, fix } : undefined;
}

/** The install step's words as options. */
function wordsToOptions(words: readonly string[]): { flag: string; value?: string }[] {
  const options: { flag: string; value?: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) continue;
    const next = words[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      options.push({ flag: word, value: next });
      i++;
    } else options.push({ flag: word });
  }
  return options;
}

/** The selection options, each as written (`--extra fast`), sorted: the same set compares equal. */
function selection(options: readonly { flag: string; value?: string }[]): string[] {
  return options
    .filter((o) => SELECTION.has(o.flag))
    .map((o) => (o.value === undefined ? o.flag : `${o.flag} ${o.value}`))
    .sort();
}
