import type { EditorToolFacts, EditorToolName } from '../../analyze/facts.js';
import type { KeptContainerPath, PlanStep } from '../../plan/types.js';
import type { EditorPlan, EditorSetting, EditorTool } from './types.js';

/**
 * The dev container's editor: VS Code's extensions and settings (`customizations.vscode`, the only
 * editor block the spec defines: devcontainers/spec docs/specs/supporting-tools.md), from the core
 * plan's environment and the tools the project's own files show it uses (analyze/editor-tools.ts).
 * A pure function of its inputs; the renderer writes it, the merge adds it to a user's file.
 *
 * Extension ids are `publisher.name` of each extension's package.json:
 * - `ms-python.python`: microsoft/vscode-python;
 * - `charliermarsh.ruff`: astral-sh/ruff-vscode package.json ("publisher": "charliermarsh", "name": "ruff");
 * - `ms-python.black-formatter`: microsoft/vscode-black-formatter package.json, and its README's
 *   `"[python]": {"editor.defaultFormatter": "ms-python.black-formatter"}`;
 * - `ms-python.mypy-type-checker`: microsoft/vscode-mypy package.json; its README: the bundled mypy
 *   unless `mypy-type-checker.importStrategy` says `fromEnvironment`;
 * - `ms-python.vscode-pylance`: Pylance, "built on Pyright" (microsoft/pylance-release README), which
 *   the Python extension installs as an optional dependency;
 * - `detachhead.basedpyright`: DetachHead/basedpyright's marketplace page (release v0.2.0: "make sure
 *   you disable pylance when this extension is active").
 * Settings: `python.testing.pytestEnabled`, `python.testing.unittestEnabled`,
 * `python.languageServer` of the Python extension (microsoft/vscode-docs docs/python/settings-reference.md).
 *
 * JetBrains IDEs read `customizations.jetbrains` (`backend`, `plugins`: JetBrains' "Customizing
 * devcontainer.json file" help page), which the spec does not define; nothing is written there: the
 * IDE is the user's choice, and a plugin id not checked against the marketplace would be a guess.
 */
export function planEditor(
  environment: { mode: 'single' | 'per-project'; path: KeptContainerPath },
  tools: readonly EditorToolFacts[] | undefined,
  leaveOut: boolean | undefined,
  /** The core plan's steps: which requirement lists the install puts in the environment. */
  steps: readonly PlanStep[],
): EditorPlan {
  const base: EditorPlan =
    environment.mode === 'single'
      ? {
          extensions: [PYTHON],
          interpreterPath: `${environment.path}/bin/python`,
          reason: 'the Python extension, pointed at the environment on the volume, since it is not a .venv in the workspace',
        }
      : { extensions: [PYTHON], reason: "the Python extension; each project's .venv link is what it finds" };
  if (leaveOut || !tools?.length) return base;
  const found = new Map(tools.map((t) => [t.tool, t]));
  const planned = tools.flatMap((t) => {
    const tool = TOOL_RULES[t.tool](found, t, { mode: environment.mode, installed: t.requirements?.find((list) => installs(steps, list)) });
    return tool ? [{ tool: t.tool, source: sourceOf(t), ...tool }] : [];
  });
  if (planned.length === 0) return base;
  const extensions = [...new Set([...base.extensions, ...planned.flatMap((t) => t.extensions)])];
  return { ...base, extensions, tools: planned };
}

const PYTHON = 'ms-python.python';
const RUFF = 'charliermarsh.ruff';
const BLACK = 'ms-python.black-formatter';
const MYPY = 'ms-python.mypy-type-checker';
const PYLANCE = 'ms-python.vscode-pylance';
const BASEDPYRIGHT = 'detachhead.basedpyright';

type Found = ReadonlyMap<EditorToolName, EditorToolFacts>;
/** `installed`: the requirement list naming the tool that the install step puts in the environment. */
type Rule = (found: Found, facts: EditorToolFacts, context: { mode: 'single' | 'per-project'; installed?: string }) => Omit<EditorTool, 'tool' | 'source'> | undefined;

/**
 * Whether the install step puts a requirement list in the environment: with `uv sync`, the
 * project's dependencies, the dev group (also under its old name) unless `--no-dev`, a group or an
 * extra its arguments name (`--group X`, `--all-groups`, `--extra X`, `--all-extras`); with
 * `uv pip install`, a requirements file it names after `-r`.
 */
function installs(steps: readonly PlanStep[], list: string): boolean {
  return steps.some(({ action }) => {
    if (action.kind === 'uv-pip') return action.install.some((word, i) => word === list && action.install[i - 1] === '-r');
    if (action.kind !== 'uv-sync' && action.kind !== 'uv-sync-each') return false;
    const named = (flag: string, name: string) => action.args.some((word, i) => word === flag && action.args[i + 1] === name);
    if (list === 'project.dependencies') return true;
    if (DEV_LISTS.has(list) && !action.args.includes('--no-dev')) return true;
    const group = /^dependency-groups\.(.+)$/.exec(list)?.[1];
    if (group !== undefined) return action.args.includes('--all-groups') || named('--group', group);
    const extra = /^project\.optional-dependencies\.(.+)$/.exec(list)?.[1];
    return extra !== undefined && (action.args.includes('--all-extras') || named('--extra', extra));
  });
}

const DEV_LISTS = new Set(['dependency-groups.dev', 'tool.uv.dev-dependencies']);

const formatter = (id: string): EditorSetting => ({ key: 'editor.defaultFormatter', value: id, language: 'python' });

/** One rule per tool: what the editor gets for it, given every tool found (Black formats where both Black and Ruff are used). */
const TOOL_RULES: Readonly<Record<EditorToolName, Rule>> = {
  ruff: (found) =>
    found.has('black')
      ? {
          extensions: [RUFF],
          settings: [],
          reason: 'the Ruff extension lints Python files as they are edited, with the configuration `ruff` itself reads; Black, which the project uses too, formats them',
        }
      : { extensions: [RUFF], settings: [formatter(RUFF)], reason: 'the Ruff extension lints and formats Python files as they are edited, with the configuration `ruff` itself reads' },
  black: () => ({
    extensions: [BLACK],
    settings: [formatter(BLACK)],
    reason: 'the Black Formatter extension formats Python files, with the Black of the environment when it has one (its bundled Black otherwise)',
  }),
  mypy: (_found, _facts, { installed }) => ({
    extensions: [MYPY],
    settings: installed ? [{ key: 'mypy-type-checker.importStrategy', value: 'fromEnvironment' }] : [],
    reason: installed
      ? `the mypy extension type-checks Python files with the environment's mypy (the install step installs ${installed}): the project's own version and plugins, not the extension's bundled one`
      : 'the mypy extension type-checks Python files with the mypy it bundles: no requirement list the install step installs names mypy',
  }),
  // basedpyright, a fork of pyright, takes its place where both are found.
  pyright: (found) =>
    found.has('basedpyright')
      ? undefined
      : {
          extensions: [PYLANCE],
          settings: [{ key: 'python.languageServer', value: 'Pylance' }],
          reason: "Pylance, built on pyright, type-checks Python files with the project's pyright configuration; it is the Python extension's language server",
        },
  basedpyright: () => ({
    extensions: [BASEDPYRIGHT],
    settings: [{ key: 'python.languageServer', value: 'None' }],
    reason:
      "the basedpyright extension type-checks Python files with the project's configuration; Pylance, the Python extension's language server, is turned off so the two do not report the same code twice",
  }),
  pytest: (_found, _facts, environment) => ({
    extensions: [],
    settings: [
      { key: 'python.testing.pytestEnabled', value: true },
      { key: 'python.testing.unittestEnabled', value: false },
    ],
    reason:
      environment.mode === 'single'
        ? "the Python extension's test explorer discovers and runs the tests with pytest, in the environment on the volume (the interpreter above)"
        : "the Python extension's test explorer discovers and runs the tests with pytest, in the environment of the project's interpreter",
  }),
};

function sourceOf(facts: EditorToolFacts): string {
  const { file, line, what } = facts.evidence;
  const where = `${file}${line ? `:${line}` : ''}`;
  return what === file ? where : `${what}, ${where}`;
}
