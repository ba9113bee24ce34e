/**
 * Every diagnostic code, with what it means and how to fix it in general terms: `Diagnostic.code`
 * is a key of this table, so the compiler refuses a code that is not here, and README.md's list
 * "Diagnostic codes" is written from it by `npm run build` (scripts/diagnostic-codes.mjs).
 * One entry per code, in alphabetical order; the message at the push site says the particulars.
 */
/** How grave a diagnostic is: an error stops the run; warnings and notes are printed and the run goes on. */
export type DiagnosticLevel = 'error' | 'warning' | 'info';

export interface DiagnosticCodeInfo {
  /** The levels the code is pushed with. */
  levels: readonly DiagnosticLevel[];
  /** What happened, in one sentence a user understands. */
  meaning: string;
  /** What to do about it, in general terms (the diagnostic's hint says it for the case at hand). */
  fix: string;
  /**
   * `devcontainer`: advice about the dev container alone (how to sync inside it, whether its files
   * are committed): a run that writes other targets' files (`gen-devcontainer production`) leaves
   * it out, whatever file it names.
   */
  scope?: 'devcontainer';
}

const E = ['error'] as const;
const W = ['warning'] as const;
const I = ['info'] as const;

export const DIAGNOSTIC_CODES = {
  'all-extras-unreadable': { levels: E, meaning: '--all-extras was given for a setup.py project, whose extras the generator cannot read.', fix: 'Name each extra with --extra NAME.' },
  'all-groups-pip': { levels: E, meaning: "--all-groups was given, but this repository installs with uv's pip interface, which has no such option.", fix: 'Name each group with --group NAME.' },
  'base-image-with-users-dockerfile': {
    levels: E,
    meaning: '--base-image was given, but the dev container builds from your Dockerfile, whose FROM the generator never changes.',
    fix: 'Change the FROM line yourself and run without --base-image.',
  },
  'block-outside-devcontainer': {
    levels: W,
    meaning: 'The uv block goes into a Dockerfile outside .devcontainer/, so other images built from it get it too.',
    fix: 'Give the dev container a Dockerfile or build target of its own if that matters.',
  },
  'build-args-override-block': {
    levels: E,
    meaning: "A build argument you set would change the user the uv block's ARG makes, so the image would run as another user than the plan's.",
    fix: 'Say the user with --user, or remove that build argument.',
  },
  'build-backend-needs-rust': {
    levels: W,
    meaning: 'The project is built by a backend that compiles Rust, so the install step needs cargo in the image.',
    fix: 'Add a Rust toolchain to the image, or install only the dependencies.',
  },
  'ca-bundle-compose': {
    levels: E,
    meaning: '--ca-bundle was given for a Docker Compose configuration, which the generator does not mount it into yet.',
    fix: 'Mount the bundle and set SSL_CERT_FILE in your compose file, then run without --ca-bundle.',
  },
  'changed-during-run': { levels: E, meaning: 'A file changed on disk while gen-devcontainer ran, so nothing was written.', fix: 'Run gen-devcontainer again.' },
  'combined-command': { levels: I, meaning: 'Your lifecycle command is kept and runs after the generated one has succeeded.', fix: 'Nothing to do.' },
  'compose-config-incomplete': {
    levels: E,
    meaning: 'devcontainer.json uses dockerComposeFile but names no file or no service.',
    fix: 'Set "dockerComposeFile" and "service" as the Dev Container spec requires.',
  },
  'compose-dockerfile-inline': {
    levels: E,
    meaning: 'The Compose service builds from dockerfile_inline, which has no file for the uv block to go into.',
    fix: 'Move the inline Dockerfile into a file named by build.dockerfile.',
  },
  'compose-extends': {
    levels: E,
    meaning: 'The Compose service uses extends, so the generator cannot tell which Dockerfile would carry the uv block.',
    fix: 'Write the service out in full, or give the dev container a service of its own.',
  },
  'compose-invalid': { levels: E, meaning: "The Compose service's build is neither a folder nor a mapping.", fix: 'Write build as a path or as { context, dockerfile }.' },
  'compose-invalid-yaml': { levels: E, meaning: 'A compose file is not valid YAML.', fix: 'Fix the YAML syntax; nothing was changed.' },
  'compose-property-type': { levels: E, meaning: 'A Compose service property has a value of the wrong type.', fix: 'Write it with the type the Compose specification gives it, or remove it.' },
  'compose-service-missing': { levels: E, meaning: 'No compose file that devcontainer.json lists defines the service it names.', fix: 'Add the service, or fix "service" in devcontainer.json.' },
  'compose-user-unknown': {
    levels: I,
    meaning: "The Compose service runs as a uid or an interpolated value, so the user's name is unknown and the plan decides the user as if it were not set.",
    fix: 'Give the user by name in the compose file, or pass --user.',
  },
  'compose-workspace-unknown': {
    levels: E,
    meaning: 'No workspaceFolder is set and the Compose service mounts no folder holding the repository, so lifecycle commands would run in /.',
    fix: 'Mount the repository in the service, or set "workspaceFolder" to where the service has it.',
  },
  'config-shadows-existing': {
    levels: W,
    meaning: '--force adds .devcontainer/devcontainer.json beside another configuration, which editors will also offer.',
    fix: "Open the one you want with `devcontainer up --config` or the editor's picker.",
  },
  'config-would-shadow': {
    levels: E,
    meaning: 'The dev container is configured elsewhere, and writing .devcontainer/devcontainer.json would add a second configuration.',
    fix: 'Move your configuration to .devcontainer/devcontainer.json, or run with --force.',
  },
  'dependency-names-per-project': {
    levels: E,
    meaning: 'Extras or groups were named for a folder of independent projects, each with extras and groups of its own.',
    fix: "Run `uv sync --extra NAME` in that project's folder inside the container.",
  },
  'dependency-options-unused': { levels: W, meaning: 'Dependency options were given, but there is no install step to add them to.', fix: 'Leave them out.' },
  'devcontainer-gitignored': {
    levels: W,
    meaning: '.gitignore ignores .devcontainer, so the generated files will not be committed.',
    fix: 'Remove .devcontainer from .gitignore to share the dev container.',
    scope: 'devcontainer',
  },
  'devcontainer-is-link': {
    levels: E,
    meaning: '.devcontainer is a symbolic link that leads outside the repository or nowhere, and the generator never writes through a link.',
    fix: 'Replace the link with a folder of its own.',
  },
  'devcontainer-json-duplicate-key': { levels: E, meaning: 'devcontainer.json has the same key twice in one object, so an edit to the first would change nothing.', fix: 'Merge the two into one.' },
  'devcontainer-json-invalid': { levels: E, meaning: 'devcontainer.json is not valid JSONC.', fix: 'Fix the syntax at the line and column given; nothing was changed.' },
  'devcontainer-json-too-deep': { levels: E, meaning: 'devcontainer.json nests objects or arrays deeper than any Dev Container property needs.', fix: 'Flatten it.' },
  'devcontainer-linked': {
    levels: ['warning', 'error'],
    meaning: 'A path in the repository is a symbolic link to a folder this run edits, so the edit appears there too.',
    fix: 'Replace the link with a copy first, or run with --force if the linked folder should carry the change.',
  },
  'devcontainer-property-type': { levels: E, meaning: 'A devcontainer.json property has a value of the wrong type.', fix: 'Write it with the type the Dev Container spec gives it, or remove it.' },
  'directory-not-found': { levels: E, meaning: 'The folder given is not a folder that can be read.', fix: 'Pass the path of a repository folder, or run inside one.' },
  'disk-full': { levels: E, meaning: 'The disk is full, so the files could not be written.', fix: 'Free some space, then run again.' },
  'dockerfile-block-unbalanced': {
    levels: E,
    meaning: 'The Dockerfile does not hold exactly one gen-devcontainer block (one start marker, then one end marker).',
    fix: 'Remove the partial block, then run again.',
  },
  'dockerfile-not-read-for-settings': {
    levels: W,
    meaning: 'The Dockerfile is too large to read, so its stages, ENV lines and uv install go unseen.',
    fix: 'Check that it is the Dockerfile you meant.',
  },
  'dockerfile-open-continuation': {
    levels: E,
    meaning: 'A Dockerfile instruction ends with a line continuation that runs on into a later FROM, so Docker sees fewer stages than the file shows.',
    fix: 'Finish the instruction (remove its last trailing continuation).',
  },
  'dockerfile-outside-repo': { levels: E, meaning: 'The configuration names a Dockerfile outside the repository, which the generator does not edit.', fix: 'Move the Dockerfile into the repository.' },
  'dockerfile-target-missing': { levels: E, meaning: 'The Dockerfile has no stage of the name the build targets.', fix: 'Fix build.target, or name the stage.' },
  'dockerfile-unreadable': { levels: E, meaning: 'The Dockerfile could not be read.', fix: 'Make it a readable regular file inside the repository.' },
  'dockerfile-user-unknown': {
    levels: I,
    meaning: 'A Dockerfile USER names a uid or a variable, so the plan decides the user as if it were not there.',
    fix: 'Write USER with a name, set "remoteUser", or pass --user.',
  },
  'enclosing-pyproject-invalid-toml': { levels: E, meaning: 'The pyproject.toml of an enclosing folder is not valid TOML.', fix: 'Fix the TOML syntax at the line and column given.' },
  'enclosing-pyproject-unreadable': { levels: E, meaning: 'The pyproject.toml of an enclosing folder could not be read.', fix: 'Make it a readable regular file.' },
  'enclosing-workspace-not-member': {
    levels: I,
    meaning: 'An enclosing folder declares a uv workspace that does not include this folder, so uv and the plan treat it as a project of its own.',
    fix: 'Add the folder to the workspace members if it belongs there.',
  },
  'env-file-unreadable': {
    levels: W,
    meaning: 'An env file the configuration names could not be read, so uv settings in it are not seen.',
    fix: 'Make the file readable, or remove it from the configuration.',
  },
  'environment-off-path': {
    levels: W,
    meaning: "remoteEnv's PATH holds a dev container variable, so the environment's bin folder is not first and `python` is not the environment's.",
    fix: "Put the environment's bin folder first in remoteEnv's PATH.",
  },
  'existing-file-unreadable': { levels: E, meaning: 'A file the configuration names does not exist or cannot be read.', fix: 'Create it, or fix the name that points at it.' },
  'existing-image-unusable': {
    levels: E,
    meaning: 'The configuration\'s "image" is not a plain image reference, so it cannot become the base of a Dockerfile.',
    fix: 'Pass --base-image with the image to build on.',
  },
  'existing-user-unusable': {
    levels: W,
    meaning: 'The configuration runs as a user the generator cannot use by name, so the volume is made for another user.',
    fix: 'Pass --user NAME to choose the non-root user.',
  },
  'extras-without-project': {
    levels: E,
    meaning: '--extra was given, but the repository installs from requirements files and has no project to carry extras.',
    fix: 'Leave out --extra, or add the packages to a requirements file.',
  },
  'feature-id': {
    levels: E,
    meaning: "The feature folder's name cannot be a feature id, which must equal it and becomes part of an OCI name when published.",
    fix: 'Write the feature to a folder named with lower-case letters, digits, dots, underscores and dashes, such as uv-one-volume.',
  },
  'feature-uv-index': {
    levels: E,
    meaning: '--uv-index is not an http:// or https:// URL that is one word.',
    fix: "Give the URL of a PEP 503 page listing uv's wheels, such as https://pypi.org/simple/uv/.",
  },
  'file-busy': { levels: E, meaning: 'A file could not be replaced because it is busy, most likely a mount point.', fix: 'Edit it where it is mounted from, or unmount it.' },
  'file-in-version-control': { levels: E, meaning: "The configuration names a file inside version control's data, which the generator will not edit.", fix: 'Point it at a file of the project.' },
  'file-outside-repo': { levels: E, meaning: 'The configuration names a file outside the repository, which the generator does not edit.', fix: 'Move the file into the repository.' },
  'host-ca-bundle': {
    levels: I,
    meaning: 'This machine names a CA bundle that uv in the container may need behind a TLS-intercepting proxy, and the generated files do not mount it.',
    fix: 'Pass --ca-bundle if a proxy intercepts TLS.',
  },
  'image-python-outside-requires-python': {
    levels: W,
    meaning: 'The image ships a Python that requires-python does not allow, so uv installs another one onto the volume.',
    fix: 'Build on an image with an allowed Python, or widen requires-python.',
  },
  'image-to-dockerfile': { levels: I, meaning: 'The configuration\'s "image" becomes the base of a generated Dockerfile that carries the uv block.', fix: 'Nothing to do.' },
  'image-user-unknown': {
    levels: W,
    meaning: "No user is named and the image's user is unknown, so the plan makes a non-root user of its own.",
    fix: 'Set "remoteUser" to the user the container should run as, or pass --user.',
  },
  'kept-user-setting': {
    levels: I,
    meaning: "An editor setting of yours differs from the one the project's tools suggest; yours is kept (even with --force).",
    fix: 'Nothing to do; remove yours to get the suggested one, or run with --no-editor-tools.',
  },
  'kept-user-value': {
    levels: W,
    meaning: 'A value of yours differs from what the plan wants, and yours is kept.',
    fix: "Change or remove it if the plan's value is the one you want, or run with --force.",
  },
  'library-option-invalid': {
    levels: E,
    meaning: 'A program called the library (plan, generate) with an option it does not have, or a value of the wrong type.',
    fix: 'Pass the options as the Options type declares them (README: Library API).',
  },
  'lifecycle-script-unreadable': {
    levels: W,
    meaning: 'A script a lifecycle command runs is no regular file of the repository (a link out, a FIFO, a folder), so what it does is not read.',
    fix: 'Make it a regular file inside the repository.',
  },
  'link-search-stopped': { levels: I, meaning: 'The search for links to .devcontainer stopped after a limited number of folders.', fix: 'Nothing to do, unless a link further on exists.' },
  'lock-not-a-file': { levels: E, meaning: "The run's lock file is not a regular file, so nothing was written.", fix: 'Remove the lock file, then run again.' },
  locked: { levels: E, meaning: 'Another run holds the lock, or the lock could not be taken, so nothing was written.', fix: 'Wait for the other run, or remove a stale lock file, then run again.' },
  'manifest-invalid': { levels: W, meaning: "The generator's manifest is not valid JSON; it is ignored and rewritten.", fix: 'Nothing to do.' },
  'manifest-option-invalid': {
    levels: E,
    meaning: 'An option the manifest records is unknown, of the wrong type, or outside its choices.',
    fix: 'Give the option again on the command line, or drop it with --forget NAME.',
  },
  'member-lock-ignored': { levels: W, meaning: "A workspace member holds a uv.lock that uv never reads; the workspace's lock is at its root.", fix: "Delete the member's uv.lock." },
  'member-pyproject-invalid-toml': { levels: E, meaning: "A workspace member's pyproject.toml is not valid TOML.", fix: 'Fix the TOML syntax at the line and column given.' },
  'member-pyproject-unreadable': { levels: E, meaning: "A workspace member's pyproject.toml could not be read.", fix: 'Make it a readable regular file.' },
  'member-required-version-ignored': {
    levels: W,
    meaning: 'A workspace member sets tool.uv.required-version, which uv ignores outside the workspace root.',
    fix: 'Move it to the workspace root, or delete it.',
  },
  'mount-at-volume-target': {
    levels: E,
    meaning: 'A mount of yours is at the place the uv volume goes, and the generated override would replace it.',
    fix: 'Give the uv volume another place with --mount-target, or remove that mount.',
  },
  'mount-inside-volume': {
    levels: E,
    meaning: 'A mount of yours is inside the uv volume, so uv would copy instead of linking.',
    fix: 'Remove that mount, or give the uv volume another place with --mount-target.',
  },
  'nested-projects-not-installed': {
    levels: W,
    meaning: 'Projects below the root are not installed by the install step.',
    fix: 'Make them workspace members or path sources, or run the generator in their folder.',
  },
  'nested-pyproject-invalid-toml': { levels: E, meaning: 'The pyproject.toml of a nested project is not valid TOML.', fix: 'Fix the TOML syntax at the line and column given.' },
  'nested-pyproject-unreadable': { levels: E, meaning: 'The pyproject.toml of a nested project could not be read.', fix: 'Make it a readable regular file.' },
  'no-dev-nothing-to-leave-out': { levels: I, meaning: '--no-dev changes nothing here: uv pip installs no dependency group unless asked.', fix: 'Leave it out.' },
  'not-a-project-root': { levels: E, meaning: 'The folder holds no project files, so it is not a project root.', fix: 'Run in the project, or add --allow-any-folder if you mean this folder.' },
  'not-generated-by-us': {
    levels: E,
    meaning: 'A file exists that gen-devcontainer did not write (or you changed), and it is left as it is.',
    fix: 'See the difference with --diff, move it aside, or run with --force (yours is kept as .bak).',
  },
  'not-writable': { levels: E, meaning: 'A file could not be written: not permitted, or the file system is read-only.', fix: 'Make the folder writable by you, then run again.' },
  'option-base-image-invalid': { levels: E, meaning: '--base-image is not a valid image reference.', fix: 'Write it as Docker does, e.g. debian:trixie-slim.' },
  'option-ca-bundle-invalid': { levels: E, meaning: '--ca-bundle is not a usable path to a PEM bundle.', fix: 'Give an absolute path, a path inside this folder, or a ${localEnv:...} reference.' },
  'option-dependency-name-invalid': { levels: E, meaning: 'An --extra or --group name is not a valid name.', fix: 'Give one name per option, as pyproject.toml declares it.' },
  'option-dev-conflict': { levels: E, meaning: '--no-dev and --group dev were both given.', fix: 'Give one of the two.' },
  'option-extras-conflict': { levels: E, meaning: '--extra and --all-extras were both given, which uv refuses.', fix: 'Give --all-extras alone, or name each extra.' },
  'option-groups-conflict': { levels: E, meaning: '--group and --all-groups were both given.', fix: 'Give --all-groups alone, or name each group.' },
  'option-mount-target-invalid': { levels: E, meaning: '--mount-target cannot be used as the place of the uv volume.', fix: 'Use an absolute folder such as /opt/uv.' },
  'option-python-invalid': { levels: E, meaning: '--python is not a Python version.', fix: 'Give a version such as 3.12 or 3.12.7.' },
  'option-user-invalid': { levels: E, meaning: '--user is not a valid user.', fix: 'Write NAME, NAME:UID or NAME:UID:GID.' },
  'option-uv-version-invalid': { levels: E, meaning: '--uv-version is not a uv release number.', fix: 'Give a full version such as 0.8.0.' },
  'option-volume-invalid': { levels: E, meaning: '--volume is not a valid Docker volume name.', fix: 'Use letters, digits, "_", "." and "-", starting with a letter or digit.' },
  'options-remembered': {
    levels: I,
    meaning: 'Options of the last run, recorded in the manifest, were used because none were given.',
    fix: 'Give an option to replace it, --no-NAME to turn a flag off, or --forget NAME to drop it.',
  },
  'other-devcontainer-configs': {
    levels: I,
    meaning: 'Other dev container configurations exist beside .devcontainer/devcontainer.json and are left as they are.',
    fix: 'Move one to .devcontainer/devcontainer.json to give it this layout.',
  },
  'output-unreadable': { levels: E, meaning: 'A file the generator would write exists but could not be read.', fix: 'Make it a readable regular file, or remove it.' },
  'package-folder': {
    levels: E,
    meaning: 'The folder a feature or template is written to is not a folder, or holds files gen-devcontainer did not write.',
    fix: 'Name a new or empty folder, or pass --force to write over it.',
  },
  'path-before-pinned-uv': { levels: W, meaning: "Your PATH replaces the image's, so the pinned uv is no longer first on it.", fix: "Start that PATH with the pinned uv's folder, or remove it." },
  'path-invalid': { levels: E, meaning: 'The configuration names a file with control characters in its name.', fix: 'Fix the file name.' },
  'path-source-absolute': {
    levels: W,
    meaning: 'A tool.uv.sources path is absolute, so the container has it only if the image does.',
    fix: 'Make it a path relative to the project, inside the repository.',
  },
  'path-source-missing': { levels: W, meaning: 'A tool.uv.sources path points at nothing, so uv sync will fail.', fix: 'Create it, or correct the path.' },
  'path-source-outside-repository': {
    levels: E,
    meaning: 'uv needs a path source outside the repository, which the container does not have.',
    fix: 'Bring it into the repository (e.g. a git submodule), or take it from an index.',
  },
  'pdm-lock-ignored': { levels: W, meaning: 'pdm.lock is not read by uv, so the container resolves anew.', fix: 'Convert once with `uvx migrate-to-uv` to keep the pinned versions.' },
  'pip-outside-environment': { levels: W, meaning: 'A lifecycle command runs pip where it does not install into the environment on the volume.', fix: 'Remove it: the uv install step does this.' },
  'pipfile-only': { levels: E, meaning: 'This is a Pipenv project, and uv cannot read Pipfile.', fix: 'Convert once with `uvx migrate-to-uv`, or export a requirements.txt.' },
  'poetry-groups-ignored': {
    levels: W,
    meaning: 'Poetry dependency groups are not read by uv, so none of them is installed.',
    fix: 'Convert them to [dependency-groups] with `uvx migrate-to-uv` or by hand.',
  },
  'poetry-lock-ignored': { levels: W, meaning: 'poetry.lock is not read by uv, so the container resolves anew.', fix: 'Convert once with `uvx migrate-to-uv` to keep the pinned versions.' },
  'poetry-metadata': { levels: E, meaning: 'This Poetry project keeps its metadata in [tool.poetry], which uv cannot read.', fix: 'Convert once with `uvx migrate-to-uv`.' },
  'production-command-invalid': {
    levels: E,
    meaning: 'The --command given for the production image cannot be split into words (an unclosed quote) or is empty.',
    fix: "Give the command as words, quoted as a shell would, e.g. --command 'gunicorn app:app'.",
  },
  'production-image-invalid': { levels: E, meaning: '--image is not a Docker image reference.', fix: 'Give NAME[:TAG], e.g. registry.example.com/team/app:1.2.' },
  'production-lock-missing': {
    levels: E,
    meaning: 'A production image installs exactly what uv.lock records, and the project has no uv.lock (or .gitignore keeps it out of every clone).',
    fix: 'Run uv lock and commit uv.lock.',
  },
  'production-no-command': {
    levels: E,
    meaning: 'The production image needs a command to run, and the project installs no [project.scripts] entry.',
    fix: 'Declare one under [project.scripts] (with a build system), or give --command.',
  },
  'production-package-invalid': {
    levels: E,
    meaning: '--package names no member of the uv workspace, or was given for a repository that is no workspace.',
    fix: 'Give one of the member names the message lists, or leave --package out.',
  },
  'production-path-source-outside': {
    levels: E,
    meaning: 'A path source of the project is outside the folder, so a build from this folder cannot see it.',
    fix: 'Run gen-devcontainer production in the folder that holds both, with --project naming this one.',
  },
  'production-path-unsafe': {
    levels: E,
    meaning: 'A folder the production image copies or mounts has a name the Dockerfile cannot hold safely (a space, a comma, a quote).',
    fix: 'Rename the folder to letters, digits, ".", "_" and "-".',
  },
  'production-port-invalid': { levels: E, meaning: '--port is not a port number from 1 to 65535.', fix: 'Give the port the application listens on, e.g. --port 8000.' },
  'production-project-invalid': {
    levels: E,
    meaning: '--project names no project folder of this repository, or was given where the folder is one project.',
    fix: 'Give one of the project folders the message lists, or leave --project out.',
  },
  'production-python-unsupported': { levels: E, meaning: "The plan's Python is not a CPython version X.Y with an official python:X.Y-slim image.", fix: 'Give --python X.Y.' },
  'production-several-commands': { levels: E, meaning: 'The project installs several [project.scripts] entries, and the production image runs one.', fix: 'Choose it with --command NAME.' },
  'production-several-projects': { levels: E, meaning: 'The folder holds several independent projects, and a production image runs one.', fix: 'Choose it with --project FOLDER.' },
  'production-unmanaged': {
    levels: E,
    meaning: 'tool.uv.managed is false: uv is told not to install the project, and a production image is nothing but that install.',
    fix: 'Remove tool.uv.managed = false, or write the Dockerfile yourself.',
  },
  'production-uv-too-old': { levels: E, meaning: "The pinned uv is older than the flags the production image's install needs.", fix: 'Leave --uv-version out, or give a newer one.' },
  'production-workspace-member': {
    levels: E,
    meaning: 'The folder is a member of a uv workspace above it: its image is built from the workspace root, with the workspace lock.',
    fix: 'Run gen-devcontainer production at the workspace root with --package NAME.',
  },
  'project-search-stopped': {
    levels: W,
    meaning: 'The search for projects stopped after a limited number of folders.',
    fix: 'Add generated or vendored folders to .gitignore, or run in the folder that holds the projects.',
  },
  'projects-in-workspace': {
    levels: E,
    meaning: 'The projects found are members of one uv workspace, which uv syncs into one environment.',
    fix: 'Run in the workspace root, or in one member folder.',
  },
  'pyproject-invalid-toml': { levels: E, meaning: 'pyproject.toml is not valid TOML.', fix: 'Fix the TOML syntax at the line and column given.' },
  'pyproject-missing': { levels: E, meaning: 'No pyproject.toml, requirements file or setup.py is here; the project root is elsewhere.', fix: 'Run gen-devcontainer in the project root.' },
  'pyproject-name-invalid': {
    levels: E,
    meaning: '[project].name is not a name uv accepts (PEP 508: letters, digits, ".", "_" and "-", starting and ending with a letter or digit).',
    fix: 'Rename the project in pyproject.toml.',
  },
  'pyproject-no-project': {
    levels: E,
    meaning: 'Nothing says what to install: no [project] table, no workspace, no requirements file or setup.py.',
    fix: 'Add a [project] table (`uv init`) or a requirements.txt.',
  },
  'pyproject-unreadable': { levels: E, meaning: 'pyproject.toml could not be read.', fix: 'Make it a readable regular file.' },
  'pyproject-wrong-type': { levels: E, meaning: 'A pyproject.toml value has a type that uv itself refuses.', fix: 'Write it as the pyproject.toml specification says.' },
  'python-end-of-life': { levels: W, meaning: 'The newest Python the project allows is past its end of life.', fix: 'Upgrade what holds it back, and widen requires-python.' },
  'python-from-image-mismatch': {
    levels: W,
    meaning: "--python-from image: the image's Python differs from the one the plan chose.",
    fix: 'Pick a base image with the right Python, or leave --python-from out.',
  },
  'python-from-image-unknown': { levels: W, meaning: "--python-from image: the image's Python cannot be told from its name.", fix: 'Make sure the image has a Python that satisfies the project.' },
  'python-lacks-locked-wheels': {
    levels: W,
    meaning: 'Some locked packages have no wheel for the chosen Python, so uv builds them from source in the container.',
    fix: 'Upgrade those packages, or choose a Python they have wheels for.',
  },
  'python-no-locked-wheels': {
    levels: W,
    meaning: 'No allowed Python has a wheel of every locked package, so uv builds some from source.',
    fix: 'Upgrade those packages, or pin the Python the lock was made for.',
  },
  'python-not-installable': { levels: E, meaning: 'uv of this version cannot install the Python asked for.', fix: 'Pin a newer uv, ask for another Python, or use a Python image.' },
  'python-option-overrides-file': { levels: I, meaning: '--python overrides the Python file in the container through UV_PYTHON.', fix: 'Nothing to do.' },
  'python-outside-requires-python': {
    levels: W,
    meaning: 'The Python asked for does not satisfy requires-python, so uv sync will refuse it.',
    fix: 'Pick an allowed Python, or change requires-python.',
  },
  'python-patch-unverified': { levels: W, meaning: 'It is unknown whether this uv has the Python patch release asked for.', fix: 'Ask for a known release, or pin the newest uv of the line.' },
  'python-unsatisfiable': { levels: E, meaning: 'requires-python allows only Pythons this uv cannot install.', fix: 'Pin a newer uv, or use a Python image.' },
  'python-version-empty': { levels: W, meaning: '.python-version names no version and is ignored.', fix: 'Write a version such as 3.12 in it, or delete it.' },
  'python-version-invalid': { levels: E, meaning: '.python-version holds control characters, so it names no Python.', fix: 'Write a version such as 3.12 on that line.' },
  'python-version-nonstandard': { levels: I, meaning: '.python-version asks for something uv resolves but the generator does not check against requires-python.', fix: 'Nothing to do.' },
  'python-version-unreadable': { levels: W, meaning: '.python-version could not be read.', fix: 'Make it a readable regular file.' },
  'removed-stale-value': { levels: I, meaning: 'A value an earlier run added is no longer needed and was removed.', fix: 'Nothing to do.' },
  'replaced-mount': { levels: I, meaning: "A mount at the uv volume's place now holds the uv volume.", fix: 'Nothing to do.' },
  'replaced-user-value': { levels: I, meaning: "A value of yours was replaced with the plan's (--force).", fix: 'Nothing to do.' },
  'requirements-in-unpinned': { levels: W, meaning: 'Only pip-tools inputs exist, so the container installs them unpinned.', fix: 'Compile them with `uv pip compile` and commit the result.' },
  'requires-python-invalid': { levels: W, meaning: 'requires-python is not a valid version specifier and is ignored.', fix: 'Write it as a PEP 440 specifier, e.g. ">=3.11".' },
  'root-devcontainer-json': { levels: W, meaning: 'A .devcontainer.json at the repository root also defines a dev container.', fix: 'Remove one of the two.' },
  'root-devcontainer-json-alias': {
    levels: W,
    meaning: '.devcontainer.json links to .devcontainer/devcontainer.json, whose relative paths then resolve from the wrong folder.',
    fix: 'Remove the link.',
  },
  'root-kept': { levels: I, meaning: 'The configuration runs as root, so the plan keeps root.', fix: 'Set "remoteUser" or pass --user NAME to run as another user.' },
  'runtime-txt-unrecognised': { levels: W, meaning: 'runtime.txt does not name a Python as python-X.Y[.Z] and is ignored.', fix: 'Write e.g. python-3.12.4, or use .python-version.' },
  'setup-py-imports-own-package': {
    levels: W,
    meaning: "setup.py imports the project's own package, which may fail in uv's isolated build.",
    fix: 'Read the version without importing, or add what it imports to build-system.requires.',
  },
  'shared-cache-as-root': { levels: E, meaning: "--shared-cache with a configuration that runs as root would make the shared volume root's.", fix: 'Leave --shared-cache out, or pass --user NAME.' },
  'shared-cache-unnamed-project': {
    levels: W,
    meaning: '--shared-cache with a project that has no [project].name: every such repository would share one environment on the shared volume.',
    fix: 'Give the project a name in pyproject.toml, or leave --shared-cache out.',
  },
  'subproject-pyproject-unreadable': {
    levels: W,
    meaning: "A subproject's pyproject.toml is not a regular file of the repository, so it is left out.",
    fix: "Make it a file of the repository's own.",
  },
  'template-id': {
    levels: E,
    meaning: "The template folder's name cannot be a template id, which must equal it and becomes part of an OCI name when published.",
    fix: 'Write the template to a folder named with lower-case letters, digits, dots, underscores and dashes, such as uv-one-volume-template.',
  },
  'unknown-extra': { levels: E, meaning: '--extra names an extra the project does not declare.', fix: 'Use a declared extra, or declare it.' },
  'unknown-group': { levels: E, meaning: '--group names a group the project does not declare.', fix: 'Use a declared group, or declare it in [dependency-groups].' },
  'unreadable-own-file': {
    levels: E,
    meaning: 'A file the generator owns (its lock, a previous output) is no regular file of the repository, so nothing was written.',
    fix: 'Remove or replace it with a regular file, then run again.',
  },
  'unsafe-output-path': {
    levels: E,
    meaning: 'An output path leads through a link or out of the repository, so it is not written.',
    fix: 'Replace the link with a real folder or file inside the repository.',
  },
  'user-uv-location-replaced': { levels: I, meaning: "A uv location of yours was replaced with the plan's (--force).", fix: 'Nothing to do.' },
  'user-uv-location-stuck': { levels: E, meaning: 'A setting of yours places a folder uv writes, and the plan cannot override it.', fix: 'Remove it from where it is set.' },
  'user-uv-locations': { levels: E, meaning: 'A setting of yours places a folder uv writes away from the volume.', fix: 'Remove it, or run with --force.' },
  'user-uv-lock-setting-without-lock': { levels: W, meaning: 'A setting of yours makes uv sync fail without a uv.lock, and there is none.', fix: 'Commit a uv.lock, or remove the setting.' },
  'user-uv-locked-kept': { levels: I, meaning: 'UV_LOCKED is kept, and the install step runs uv sync --locked.', fix: 'Nothing to do.' },
  'user-uv-mount-unused': { levels: W, meaning: 'A mount of yours is where uv keeps a folder by default, but the plan puts it on the volume, so uv never writes there.', fix: 'Remove the mount.' },
  'user-uv-setting-kept': { levels: W, meaning: "A uv setting of yours is kept over the plan's.", fix: "Remove it to use the plan's, or run with --force." },
  'user-uv-setting-overridden': { levels: I, meaning: 'A uv setting of yours is overridden in the container.', fix: 'Nothing to do.' },
  'user-uv-setting-removed': { levels: I, meaning: 'A uv setting of yours was removed from remoteEnv (--force).', fix: 'Nothing to do.' },
  'user-uv-system-python': {
    levels: W,
    meaning: "UV_SYSTEM_PYTHON makes uv pip install into the image's Python, not the environment on the volume.",
    fix: "Remove it from the dev container's configuration, or use uv sync / uv add.",
  },
  'uv-command-in-lifecycle': { levels: W, meaning: 'A lifecycle command of yours runs uv in a way that works against the plan.', fix: 'Change or remove the command, as the hint says.' },
  'uv-feature': { levels: W, meaning: 'A dev container feature installs a uv of its own, which may come first on PATH.', fix: 'Remove the feature: the Dockerfile installs uv.' },
  'uv-ignores-variable': { levels: I, meaning: 'This uv does not read a variable the plan would set, so it is not set.', fix: 'Nothing to do, or use a newer uv.' },
  'uv-lock-gitignored': { levels: W, meaning: '.gitignore ignores uv.lock, so a clone has no lock.', fix: 'Remove that line and commit uv.lock.', scope: 'devcontainer' },
  'uv-lock-invalid-toml': { levels: E, meaning: 'uv.lock is not valid TOML.', fix: 'Fix the TOML syntax, or lock again with `uv lock`.' },
  'uv-lock-unreadable': { levels: ['warning', 'error'], meaning: 'uv.lock could not be read.', fix: 'Make it a readable regular file.' },
  'uv-lock-wheels-not-read': { levels: I, meaning: 'uv.lock is too large for its wheels to be read, so the Python is chosen without checking them.', fix: 'Pin the Python the lock was made for.' },
  'uv-newer-than-known': { levels: W, meaning: 'The uv version is newer than any release the generator knows.', fix: 'Use a newer gen-devcontainer.' },
  'uv-not-a-release': { levels: E, meaning: 'The uv version is not a uv release, so its image does not exist.', fix: 'Give a released uv version.' },
  'uv-outside-uv-build-range': { levels: W, meaning: "The uv version is outside the project's uv_build range, so uv warns on every build.", fix: 'Use a uv in the range, or widen it.' },
  'uv-pin-differs': { levels: W, meaning: 'Your Dockerfile installs another uv than --uv-version asks for, so the image holds both.', fix: 'Drop --uv-version, or change that line.' },
  'uv-pin-unusable': { levels: W, meaning: 'Your Dockerfile installs a uv the plan cannot keep, so the image holds two.', fix: "Change that line to the plan's uv, or remove it." },
  'uv-pins-disagree': { levels: W, meaning: 'Your Dockerfile installs several uv versions, and none is kept.', fix: 'Install one uv, or pass --uv-version.' },
  'uv-required-version-invalid': { levels: E, meaning: 'tool.uv.required-version is not a valid version specifier.', fix: 'Write it as a PEP 440 specifier, e.g. ">=0.8".' },
  'uv-too-old': { levels: E, meaning: 'The uv version is too old for the generated setup.', fix: 'Use a newer uv.' },
  'uv-too-old-for-option': { levels: E, meaning: 'An option needs a newer uv than the plan has.', fix: 'Use a newer --uv-version, or leave the option out.' },
  'uv-too-old-for-projects': { levels: E, meaning: 'A folder of several projects needs a newer uv than the plan has.', fix: 'Leave --uv-version out, or give a newer one.' },
  'uv-too-old-for-workspace': { levels: E, meaning: 'A uv workspace needs a newer uv than the plan has.', fix: 'Leave --uv-version out, or give a newer one.' },
  'uv-unmanaged': { levels: I, meaning: 'tool.uv.managed is false, so the container does not run uv sync.', fix: 'Nothing to do.' },
  'uv-unpinned-in-dockerfile': { levels: W, meaning: 'Your Dockerfile installs uv without a version, so the image holds two and rebuilds may differ.', fix: 'Remove that line, or pin it.' },
  'uv-version-rejected-by-project': { levels: E, meaning: "The uv version given does not satisfy the project's tool.uv.required-version.", fix: 'Use an allowed --uv-version, or leave it out.' },
  'uv-version-unsatisfiable': { levels: E, meaning: 'tool.uv.required-version allows only uv releases too old for the generated setup.', fix: 'Allow a newer uv in tool.uv.required-version.' },
  'volume-inside-mount': {
    levels: E,
    meaning: "The uv volume's place is inside a mount of yours, so it is reached through that mount's owner and mode.",
    fix: 'Give the uv volume a place outside it with --mount-target.',
  },
  'volume-inside-workspace': {
    levels: E,
    meaning: "The uv volume's place is inside the mounted workspace, so Docker would create it in your repository folder.",
    fix: 'Use --mount-target with a folder outside it, such as /opt/uv.',
  },
  'workspace-folder-compose': { levels: E, meaning: "workspaceFolder is not the folder uv needs inside the Compose service's mount.", fix: 'Set "workspaceFolder" to that folder.' },
  'workspace-glob-too-wide': { levels: W, meaning: 'A workspace members glob matches too many folders to list.', fix: 'Name the member folders more narrowly, e.g. "packages/*".' },
  'workspace-glob-unsupported': {
    levels: W,
    meaning: 'A workspace members glob uses **, which the generator does not expand.',
    fix: 'List members with single-segment globs to see them in the plan.',
  },
  'workspace-lock-missing': {
    levels: E,
    meaning: 'The enclosing uv workspace has no uv.lock, so uv sync would write one when the container is created.',
    fix: 'Lock the workspace once and commit the lock.',
  },
  'workspace-mount-compose': { levels: E, meaning: 'The Compose service does not mount the folder uv needs.', fix: 'Add the mount to the service and set "workspaceFolder".' },
  'workspace-mount-name': { levels: E, meaning: 'The folder uv needs cannot be mounted by name.', fix: 'Use plain folder names, or a Compose configuration that mounts it.' },
  'workspace-outside-repository': {
    levels: E,
    meaning: 'uv needs a folder outside the repository, which the container does not have.',
    fix: 'Bring it into the repository, or take it from an index.',
  },
  'workspace-pair-contradicts': {
    levels: E,
    meaning: 'Your workspaceMount or workspaceFolder contradicts the workspace mount uv needs.',
    fix: 'Remove them (the plan writes both), or run with --force.',
  },
  'workspace-plain-sync': {
    levels: I,
    meaning: "In the container, the workspace syncs with the install step's command, not a plain uv sync.",
    fix: 'Use the command the message names.',
    scope: 'devcontainer',
  },
  'workspace-venv-ignored': { levels: I, meaning: "The workspace's .venv is the host's; the container uses its own environment on the volume.", fix: 'Nothing to do.' },
  'write-failed': { levels: E, meaning: 'The file system refused a write.', fix: 'Check the disk and the folder, then run again.' },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** A code of the table above: a diagnostic with any other code does not compile. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
