import { commentText, shellCommand, shellWord } from '../../render/quote.js';
import type { FeatureOption, FeaturePlan } from './plan.js';

/**
 * `name` set to the option's variable, or to the option's default when the variable is unset (the
 * CLI passes every option; a run by hand may not). The default is a quoted word of its own line,
 * never inside a `${...}`, whose quoting rules differ from shell to shell.
 */
function optionVariable(name: string, option: FeatureOption): string {
  return `${name}=${shellWord(String(option.default))}; [ -z "\${${option.variable}+set}" ] || ${name}=$${option.variable}`;
}

/** The option named `id`. */
function option(feature: FeaturePlan, id: FeatureOption['id']): FeatureOption {
  const found = feature.options.find((o) => o.id === id);
  if (!found) throw new Error(`internal error: the feature has no option ${id}`);
  return found;
}

/**
 * install.sh: run as root when the image is built, with the options as variables (the CLI passes
 * option `pythonPreference` as PYTHONPREFERENCE; containers.dev implementors/features, "Options").
 * Every option value is checked against what it may be before it is used, and none is ever put
 * into a command line unquoted or evaluated: a value arrives as a variable and stays one.
 */
export function renderInstallScript(feature: FeaturePlan, header: readonly string[]): string {
  return [...checkedOptions(feature, header), ...uvFromIndex(feature), ...layoutInImage(feature)].join('\n');
}

/** The shebang, the header, and the options, each checked against what it may be. */
function checkedOptions(feature: FeaturePlan, header: readonly string[]): string[] {
  const preferences = option(feature, 'pythonPreference').enum ?? [];
  return [
    '#!/bin/sh',
    ...header.map((l) => `# ${l}`),
    '#',
    `# Installs what the ${commentText(feature.id)} feature needs in the image: the pinned uv, taken from its wheel`,
    "# on a PEP 503 index with the sha256 the index gives checked; uv's system settings for the",
    '# Python preference; the mount target, owned by the remote user (Docker fills a new, empty',
    "# volume with that folder's content and ownership); the lifecycle scripts the hooks run.",
    'set -eu',
    '',
    'fail() {',
    `    printf '%s: %s\\n' ${shellWord(feature.id)} "$*" >&2`,
    '    exit 1',
    '}',
    '',
    optionVariable('version', option(feature, 'version')),
    optionVariable('index', option(feature, 'index')),
    optionVariable('preference', option(feature, 'pythonPreference')),
    optionVariable('install_step', option(feature, 'installStep')),
    // The CLI sets _REMOTE_USER to the user the dev container's processes run as.
    'user=${_REMOTE_USER:-root}',
    'here=$(cd "$(dirname -- "$0")" && pwd)',
    '',
    '# A release number only: it becomes part of a file name and a pattern below.',
    'case $version in',
    "    '' | *[!0-9.]* | .* | *. | *..*) fail \"version: '$version' is no uv release number (X.Y.Z)\" ;;",
    'esac',
    'case $preference in',
    `    ${preferences.join(' | ')}) ;;`,
    `    *) fail "pythonPreference: '$preference' is none of ${preferences.join(', ')}" ;;`,
    'esac',
    'case $install_step in',
    '    true | false) ;;',
    `    *) fail "installStep: '$install_step' is neither true nor false" ;;`,
    'esac',
    '# A space, a quote or a backslash has no place in a URL: refusing them keeps the value one word.',
    'case $index in',
    '    *[[:space:]\\"\\\'\\<\\>\\`\\\\]*) fail "index: \'$index\' is no URL" ;;',
    '    http://* | https://*) ;;',
    '    *) fail "index: \'$index\' is no http:// or https:// URL" ;;',
    'esac',
    'case $index in */) ;; *) index=$index/ ;; esac',
    '',
  ];
}

/** uv and uvx from the release's wheel on the index, its sha256 checked against the index's. */
function uvFromIndex(feature: FeaturePlan): string[] {
  const bin = feature.core.uv.bin.value;
  return [
    ...fetchFunctions(),
    '',
    '# The wheel for this machine: uv publishes one per platform, each holding uv and uvx in',
    '# uv-X.Y.Z.data/scripts/. A static musl build where the C library is musl, else a manylinux one.',
    'case $(uname -m) in',
    '    x86_64 | amd64) arch=x86_64 ;;',
    '    aarch64 | arm64) arch=aarch64 ;;',
    '    *) fail "no uv wheel is picked for this machine ($(uname -m))" ;;',
    'esac',
    'if ldd --version 2>&1 | grep -qi musl; then libc=musllinux; else libc=manylinux; fi',
    // Not TMPDIR: the feature's containerEnv is already set in this build, and its folder comes later.
    'work=$(mktemp -d /tmp/gen-devcontainer.XXXXXX)',
    'trap \'rm -rf "$work"\' EXIT',
    'fetch "$index" "$work/index.html" || fail "could not read the index $index"',
    '# PEP 503: every file is a link whose fragment is its sha256; a link may be relative to the page.',
    'pattern="uv-$(printf \'%s\' "$version" | sed \'s/\\./\\\\./g\')-py3-none-[^/#]*$libc[^/#]*_$arch\\\\.whl#sha256=[0-9a-f]{64}\\$"',
    "link=$(tr '<>' '\\n\\n' <\"$work/index.html\" | sed -n 's/.*[[:space:]]href=\"\\([^\"]*\\)\".*/\\1/p' | sed 's/&amp;/\\&/g' | grep -E \"(^|/)$pattern\" | head -n 1)",
    '[ -n "$link" ] || fail "the index $index lists no $libc wheel of uv $version for $arch"',
    'url=${link%%#*}',
    'sha=${link##*#sha256=}',
    'case $url in',
    '    http://* | https://*) ;;',
    "    /*) url=$(printf '%s' \"$index\" | sed 's#^\\(https*://[^/]*\\).*#\\1#')$url ;;",
    '    *) url=$index$url ;;',
    'esac',
    'fetch "$url" "$work/uv.whl" || fail "could not download $url"',
    'got=$(sha256 "$work/uv.whl")',
    '[ "$got" = "$sha" ] || fail "$url: sha256 $got, but the index says $sha"',
    'mkdir -p "$work/bin"',
    'unpack "$work/uv.whl" "uv-$version.data/scripts" "$work/bin"',
    `mkdir -p ${shellWord(bin)}`,
    `install -m 0755 "$work/bin/uv" "$work/bin/uvx" ${shellWord(bin)}/`,
    `ln -sf ${shellWord(`${bin}/uv`)} ${shellWord(`${bin}/uvx`)} /usr/local/bin/`,
    `said=$(${shellWord(`${bin}/uv`)} --version)`,
    'case $said in "uv $version" | "uv $version "*) ;; *) fail "the wheel\'s uv says \'$said\', not uv $version" ;; esac',
    'echo "installed $said from $url (sha256 $sha)"',
    '',
  ];
}

/** uv's system settings, the mount target owned by the remote user, and the hooks' scripts. */
function layoutInImage(feature: FeaturePlan): string[] {
  return [
    "# uv's system settings (uv docs, docs/concepts/configuration-files.md: /etc/uv/uv.toml); a",
    "# project's own settings and UV_* variables outrank them, as the user would expect.",
    "if [ -f /etc/uv/uv.toml ] && grep -Eq '^[[:space:]]*python-(preference|downloads)[[:space:]]*=' /etc/uv/uv.toml; then",
    '    fail "/etc/uv/uv.toml already sets python-preference or python-downloads; leave it, or remove them"',
    'fi',
    'mkdir -p /etc/uv',
    `printf '# the pythonPreference option of the %s feature\\npython-preference = "%s"\\n' ${shellWord(commentText(feature.id))} "$preference" >>/etc/uv/uv.toml`,
    // As the generator does with the image's Python: a download would only hide a mismatch.
    'if [ "$preference" = only-system ]; then printf \'python-downloads = "never"\\n\' >>/etc/uv/uv.toml; fi',
    '',
    "# The mount target and its folders, the remote user's.",
    `mkdir -p ${shellCommand(feature.folders)}`,
    'id "$user" >/dev/null 2>&1 || fail "the remote user $user does not exist in the image"',
    `chown -R "$user:$(id -g "$user")" ${shellWord(feature.mount.target)}`,
    '',
    '# The scripts the lifecycle hooks run; install-off tells hook.sh that installStep is false.',
    `mkdir -p ${shellWord(feature.installDir)}`,
    `install -m 0755 "$here/hook.sh" "$here/uv-lifecycle.sh" "$here/check-uv-layout.sh" ${shellWord(feature.installDir)}/`,
    `rm -f ${shellWord(`${feature.installDir}/install-off`)}`,
    `if [ "$install_step" = false ]; then : >${shellWord(`${feature.installDir}/install-off`)}; fi`,
    '',
  ];
}

/** fetch, sha256 and unpack with what the image has: curl, wget or python3; sha256sum or python3; unzip or python3. */
function fetchFunctions(): string[] {
  return [
    'fetch() { # url file',
    '    if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$2" "$1"',
    '    elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" "$1"',
    '    elif command -v python3 >/dev/null 2>&1; then python3 -c \'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])\' "$1" "$2"',
    '    else fail "the image has none of curl, wget and python3 to download uv with"',
    '    fi',
    '}',
    'sha256() { # file',
    '    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d " " -f 1',
    '    else python3 -c \'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())\' "$1"',
    '    fi',
    '}',
    'unpack() { # wheel folder-in-wheel destination',
    '    if command -v unzip >/dev/null 2>&1; then unzip -q -j -o "$1" "$2/uv" "$2/uvx" -d "$3"',
    '    elif command -v python3 >/dev/null 2>&1; then',
    '        python3 -c \'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [open(sys.argv[3] + "/" + n, "wb").write(z.read(sys.argv[2] + "/" + n)) for n in ("uv", "uvx")]\' "$1" "$2" "$3"',
    '    else fail "the image has neither unzip nor python3 to unpack the uv wheel with"',
    '    fi',
    '}',
  ];
}
