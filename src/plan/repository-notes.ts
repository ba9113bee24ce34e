import type { RepoFacts } from '../analyze/facts.js';
import { backendUvRuns } from '../analyze/pyproject.js';
import type { Diagnostic } from '../diagnostics.js';
import { RUST_BACKENDS } from './tables.js';

/** What the repository holds that the plan cannot change and the user should know: what its builds need, what is left out. */
export function reportRepositoryNotes(facts: RepoFacts, diagnostics: Diagnostic[]): void {
  // The project and, in a workspace, every member: `uv sync --all-packages` builds each of them.
  const built = [
    { what: 'the project', backend: facts.pyproject && facts.pyproject.uv.managed?.value !== false ? backendUvRuns(facts.pyproject) : undefined },
    ...(facts.workspace?.members ?? []).map((m) => ({ what: `the workspace member ${m.path}`, backend: m.buildBackend })),
  ];
  for (const { what, backend } of built) {
    if (!backend || !RUST_BACKENDS.includes(backend.value)) continue;
    diagnostics.push({
      level: 'warning',
      code: 'build-backend-needs-rust',
      message: `${what} is built by ${backend.value}, which compiles Rust: uv sync installs it (editable), so the install step needs cargo in the image (the default base image has none; an image of yours may)`,
      file: backend.file,
      line: backend.line,
      hint: `add a Rust toolchain to the image (the devcontainers "rust" feature, or rustup in your Dockerfile), or install only the dependencies with \`uv sync ${what === 'the project' ? '--no-install-project' : '--no-install-workspace'}\``,
    });
  }
  if (facts.hasWorkspaceVenv) {
    diagnostics.push({
      level: 'info',
      code: 'workspace-venv-ignored',
      message: "the .venv in the workspace is the host's; the container uses its own environment on the volume and leaves .venv alone",
    });
  }
  const nested = facts.nestedProjects;
  if (nested) {
    const count = nested.paths.length;
    const some = `${nested.paths.slice(0, 5).join(', ')}${count > 5 ? ` and ${count - 5} more` : ''}`;
    const root = facts.pyproject?.hasProjectTable || facts.workspace ? 'pyproject.toml' : 'requirements';
    diagnostics.push({
      level: 'warning',
      code: 'nested-projects-not-installed',
      message: `${count === 1 ? 'a project' : `${count} projects`} below the root (${some}${nested.stopped ? ', in the folders searched' : ''}) ${count === 1 ? 'is' : 'are'} not installed: the install step installs the root ${root === 'pyproject.toml' ? 'project' : "app's requirements"}, and ${root === 'pyproject.toml' ? `${count === 1 ? 'it is' : 'they are'} neither a workspace member nor a path source of it` : `no requirements file names ${count === 1 ? 'it' : 'them'}`}`,
      file: `${nested.paths[0]}/pyproject.toml`,
      hint:
        root === 'pyproject.toml'
          ? `to install ${count === 1 ? 'it' : 'them'} too, add ${count === 1 ? 'its folder' : 'their folders (a glob such as "src/integrations/*")'} to [tool.uv.workspace] members, or make ${count === 1 ? 'it a path source' : 'them path sources'} in [tool.uv.sources]; ${count === 1 ? 'it is' : 'each is'} also a project of its own: run gen-devcontainer in ${count === 1 ? 'its folder' : 'one of them'}`
          : `to install ${count === 1 ? 'it' : 'them'} into the environment too, add \`-e ./${nested.paths[0]}\`${count > 1 ? ' (and the others)' : ''} to a requirements file; or run gen-devcontainer in ${count === 1 ? 'its folder' : 'one of them'} for an environment of its own`,
    });
  }
  reportCheckoutNotes(facts, diagnostics);
}

/** What git leaves out of a clone, and the other configurations beside the one written. */
function reportCheckoutNotes(facts: RepoFacts, diagnostics: Diagnostic[]): void {
  const ignoredLock = facts.gitignore?.ignoresLock;
  if (ignoredLock) {
    const which = ignoredLock.first === 'uv.lock' ? 'uv.lock' : `the uv.lock of ${ignoredLock.count} project(s) (${ignoredLock.first} first)`;
    diagnostics.push({
      level: 'warning',
      code: 'uv-lock-gitignored',
      message: `.gitignore ignores ${which}, so a clone has no lock: uv resolves anew in every new container, and may install other versions than this checkout`,
      file: facts.gitignore!.file,
      line: ignoredLock.line,
      hint: 'remove that line and commit uv.lock (a lock already tracked stays tracked: `git ls-files uv.lock` shows it), then run again',
    });
  }
  if (facts.gitignore?.ignoresDevcontainer) {
    diagnostics.push({
      level: 'warning',
      code: 'devcontainer-gitignored',
      message: '.gitignore ignores .devcontainer, so the generated files will not be committed',
      file: facts.gitignore.file,
      hint: 'remove .devcontainer from .gitignore to share the dev container',
    });
  }
  // Named configurations beside the default one are left as they are (without a default one, the
  // run stops instead: targets/devcontainer/shadowed-configs.ts).
  const others = facts.devcontainer?.hasConfig ? facts.devcontainer.namedConfigs : undefined;
  if (others) {
    diagnostics.push({
      level: 'info',
      code: 'other-devcontainer-configs',
      message: `${others.length === 1 ? 'another configuration' : `${others.length} other configurations`} beside .devcontainer/devcontainer.json (${others.length <= 5 ? others.join(', ') : `${others.slice(0, 5).join(', ')} and ${others.length - 5} more`}), which editors offer too, ${others.length === 1 ? 'is' : 'are'} left as ${others.length === 1 ? 'it is' : 'they are'}: gen-devcontainer writes .devcontainer/devcontainer.json only`,
      file: others[0],
      hint: 'to give one of them this layout, move it to .devcontainer/devcontainer.json (paths in it are relative to its folder: adjust them) and run gen-devcontainer again',
    });
  }
  if (facts.devcontainer?.rootConfigIsAlias) {
    // The same file under the name editors also look for: its relative paths resolve from the root
    // when a tool opens it by that name (the generated "build": {"dockerfile": "Dockerfile"} among them).
    diagnostics.push({
      level: 'warning',
      code: 'root-devcontainer-json-alias',
      message:
        '.devcontainer.json is a link to .devcontainer/devcontainer.json: a tool that opens it by the root name resolves its relative paths from the repository root, where the Dockerfile and scripts it names are not',
      file: '.devcontainer.json',
      hint: 'remove the link: editors and the Dev Container CLI find .devcontainer/devcontainer.json by themselves',
    });
  } else if (facts.devcontainer?.hasRootConfig) {
    diagnostics.push({
      level: 'warning',
      code: 'root-devcontainer-json',
      message: 'a .devcontainer.json at the repository root also defines a dev container; editors ask which one to use',
      file: '.devcontainer.json',
      hint: 'remove one of the two',
    });
  }
}
