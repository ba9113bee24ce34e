#!/bin/sh
# check-uv-layout.sh: proves, where uv will run, that uv can link from its cache into the
# environment instead of copying, and that every folder uv writes is writable by this user.
#
# Usage: sh check-uv-layout.sh [--json] [--project DIR] [--uv-version X.Y.Z]
# Exit: 0 every check passed, 1 a check failed, 2 bad usage. NOTE lines say something to know
# and fail nothing.
#
# POSIX sh on purpose: it runs in images that have no Node or Python yet. It reads the same
# variables uv reads, with uv's own defaults, so it checks what uv will really do.
set -u

usage() {
    cat <<'EOF'
Usage: sh check-uv-layout.sh [--json] [--project DIR] [--uv-version X.Y.Z]
Checks that uv can link from its cache into the environment, and that every folder uv writes
is writable and owned by this user; with --uv-version, that the uv on PATH is that release.
Exit: 0 all passed, 1 a check failed, 2 bad usage.
EOF
}

json=0
project=$PWD
uv_version=''
while [ $# -gt 0 ]; do
    case $1 in
        --json) json=1 ;;
        --project)
            [ $# -ge 2 ] || { echo "check-uv-layout: --project needs a folder" >&2; exit 2; }
            project=$2
            shift
            ;;
        --uv-version)
            [ $# -ge 2 ] || { echo "check-uv-layout: --uv-version needs a version" >&2; exit 2; }
            uv_version=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "check-uv-layout: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ -d "$project" ] || { echo "check-uv-layout: project folder not found: $project" >&2; exit 2; }
project=$(cd "$project" && pwd -P)

me=$(id -u)
home=${HOME:-/}
data_home=${XDG_DATA_HOME:-$home/.local/share}
tmp_dir=${TMPDIR:-/tmp}
# uv reads booleans as 1/true/yes/on (any case); anything else is false.
truthy() {
    case $(printf '%s' "$1" | tr 'A-Z' 'a-z') in
        1 | true | yes | on | y | t) return 0 ;;
        *) return 1 ;;
    esac
}

# One value from a TOML file: `key = "value"` in [section] ("" for the top level). Enough for the
# two uv settings read here; where uv is installed, uv itself is asked where its folders are.
toml_value() { # file section key
    awk -v section="$2" -v key="$3" '
        /^[ \t]*\[/ { line = $0; sub(/#.*/, "", line); gsub(/[ \t]/, "", line); current = substr(line, 2, length(line) - 2); next }
        current == section {
            line = $0
            sub(/^[ \t]+/, "", line)
            if (substr(line, 1, length(key)) != key) next
            rest = substr(line, length(key) + 1)
            if (rest !~ /^[ \t]*=/) next
            sub(/^[ \t]*=[ \t]*/, "", rest)
            quote = substr(rest, 1, 1)
            if (quote != "\"" && quote != "\047") next
            rest = substr(rest, 2)
            print substr(rest, 1, index(rest, quote) - 1)
            exit
        }' "$1" 2>/dev/null
}
# uv's settings files, in uv's order: the project's uv.toml, its pyproject.toml [tool.uv], the
# user's uv.toml, the system's. Environment variables outrank them all, as in uv.
setting_value=''
setting_file=''
try_setting() { # file section key
    [ -r "$1" ] || return 1
    setting_value=$(toml_value "$1" "$2" "$3")
    [ -n "$setting_value" ] || return 1
    setting_file=$1
}
uv_setting() { # key
    setting_value=''
    setting_file=''
    if truthy "${UV_NO_CONFIG:-}"; then return 0; fi
    if [ -n "${UV_CONFIG_FILE:-}" ]; then
        try_setting "$UV_CONFIG_FILE" '' "$1" || true
        return 0
    fi
    try_setting "$project/uv.toml" '' "$1" || try_setting "$project/pyproject.toml" tool.uv "$1" ||
        try_setting "${XDG_CONFIG_HOME:-$home/.config}/uv/uv.toml" '' "$1" || try_setting /etc/uv/uv.toml '' "$1" || true
}
# uv's own answer, where uv is installed.
ask_uv() { # uv subcommand words...
    command -v uv >/dev/null 2>&1 || return 1
    (cd "$project" && uv "$@" 2>/dev/null) | tail -n 1
}

no_cache=0
truthy "${UV_NO_CACHE:-}" && no_cache=1
cache_from=''
if [ "$no_cache" = 1 ]; then
    # uv --no-cache still uses a cache: a temporary one in TMPDIR.
    cache_dir=$tmp_dir
    cache_from=', a temporary cache (UV_NO_CACHE)'
elif [ -n "${UV_CACHE_DIR:-}" ]; then
    cache_dir=$UV_CACHE_DIR
elif uv_setting cache-dir && [ -n "$setting_value" ]; then
    cache_dir=$setting_value
    case $cache_dir in /*) ;; *) cache_dir=$project/$cache_dir ;; esac
    cache_from=", from cache-dir in $setting_file"
elif answer=$(ask_uv cache dir) && [ -n "$answer" ]; then
    cache_dir=$answer
else
    cache_dir=${XDG_CACHE_HOME:-$home/.cache}/uv
fi
# With the centralized-project-envs preview (and no explicit environment), uv keeps project
# environments in the cache's environments bucket and links .venv there.
centralized=0
case ",$(printf '%s' "${UV_PREVIEW_FEATURES:-}" | tr ' ' ',')," in *,centralized-project-envs,*) centralized=1 ;; esac
truthy "${UV_PREVIEW:-}" && centralized=1
if [ -z "${UV_PROJECT_ENVIRONMENT:-}" ] && [ "$centralized" = 1 ] && [ "$no_cache" = 0 ]; then
    env_dir=$cache_dir/environments-v2
else
    env_dir=${UV_PROJECT_ENVIRONMENT:-.venv}
    case $env_dir in /*) ;; *) env_dir=$project/$env_dir ;; esac
fi
if [ -n "${UV_PYTHON_INSTALL_DIR:-}" ]; then
    python_dir=$UV_PYTHON_INSTALL_DIR
elif answer=$(ask_uv python dir) && [ -n "$answer" ]; then
    python_dir=$answer
else
    python_dir=$data_home/uv/python
fi
if [ -n "${UV_TOOL_DIR:-}" ]; then
    tools_dir=$UV_TOOL_DIR
elif answer=$(ask_uv tool dir) && [ -n "$answer" ]; then
    tools_dir=$answer
else
    tools_dir=$data_home/uv/tools
fi
# The link mode: UV_LINK_MODE, else `link-mode` in a settings file, else uv's default.
link_mode=${UV_LINK_MODE:-}
link_mode_from=UV_LINK_MODE
if [ -z "$link_mode" ] && uv_setting link-mode && [ -n "$setting_value" ]; then
    link_mode=$setting_value
    link_mode_from="link-mode in $setting_file"
fi

failures=0
json_checks=''

# One result line; in JSON mode the same facts as an object.
report() { # status name detail fix
    if [ "$1" = FAIL ]; then failures=$((failures + 1)); fi
    if [ "$json" = 1 ]; then
        item=$(printf '{"status":"%s","check":"%s","detail":"%s","fix":"%s"}' "$1" "$(json_escape "$2")" "$(json_escape "$3")" "$(json_escape "$4")")
        json_checks=${json_checks:+$json_checks,}$item
    elif [ -n "$4" ]; then
        printf '%-4s  %-24s %s\n      fix: %s\n' "$1" "$2" "$3" "$4"
    else
        printf '%-4s  %-24s %s\n' "$1" "$2" "$3"
    fi
}

# Backslash and quote escaped; every control character (newline included) becomes a space.
json_escape() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | LC_ALL=C tr '\001-\037\177' '                                '
}

# A path as one single-quoted shell word, for the fixes we print.
quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The folder itself if it exists, else its nearest existing ancestor: where uv will create it.
existing() {
    p=$1
    while [ ! -d "$p" ]; do
        case $p in */*) p=${p%/*}; [ -n "$p" ] || p=/ ;; *) p=/ ;; esac
    done
    (cd "$p" && pwd -P)
}

# "id mountpoint" of the mount holding a folder. st_dev cannot tell two bind mounts of one file
# system apart, and link() fails across them all the same, so this reads the kernel's mount table.
mount_of() {
    if [ ! -r /proc/self/mountinfo ]; then
        echo "? ?"
        return
    fi
    CHECK_PATH=$1 awk '
        BEGIN { p = ENVIRON["CHECK_PATH"] }
        function unescape(s) { gsub(/\\040/, " ", s); gsub(/\\011/, "\t", s); gsub(/\\012/, "\n", s); gsub(/\\134/, "\\", s); return s }
        {
            mp = unescape($5)
            if (mp == "/" || p == mp || index(p, mp "/") == 1) {
                # The longest mount point wins; among equal ones the later (it is mounted on top).
                if (length(mp) >= best_len) { best = $1; best_mp = mp; best_len = length(mp) }
            }
        }
        END { print best " " best_mp }
    ' /proc/self/mountinfo
}

owner_of() {
    stat -c %u "$1" 2>/dev/null || stat -f %u "$1" 2>/dev/null || echo '?'
}

# Folder checks: where it is, which mount, whose, writable. TMPDIR only needs to be writable
# (a shared /tmp belongs to root); a folder that does not exist yet needs a writable parent.
check_folder() { # role path [where it was set]
    role=$1
    path=$2
    from=${3:-}
    if [ -e "$path" ] && [ ! -d "$path" ]; then
        report FAIL "$role" "$path exists and is not a folder" "remove it, or point the variable elsewhere"
        at=$(existing "${path%/*}")
    else
        at=$(existing "$path")
    fi
    mount_info=$(mount_of "$at")
    mount_id=${mount_info%% *}
    mount_point=${mount_info#* }
    where="$path"
    [ "$at" = "$path" ] || where="$path (not created yet; checked $at)"
    probe="$at/.check-uv-layout.$$"
    if (umask 077 && : >"$probe") 2>/dev/null; then
        rm -f "$probe"
        owner=$(owner_of "$at")
        if [ "$owner" = "$me" ] || [ "$at" != "$path" ] || [ "$role" = tmp ]; then
            report OK "$role" "$where on mount $mount_id ($mount_point)$from" ''
        else
            report FAIL "$role" "$where is owned by uid $owner, not by this user (uid $me)" "sudo chown -R $me:$(id -g) $(quote "$path")"
        fi
    elif [ "$at" = "$path" ]; then
        report FAIL "$role" "$where is not writable by uid $me (mount $mount_id, $mount_point)" "sudo chown -R $me:$(id -g) $(quote "$path"), or create it in the image owned by this user"
    else
        report FAIL "$role" "$where cannot be created: $at is not writable by uid $me" "sudo mkdir -p $(quote "$path") && sudo chown $me:$(id -g) $(quote "$path")"
    fi
    eval "mount_$role=\$mount_id; mountpoint_$role=\$mount_point; at_$role=\$at"
}

# A real link() from a file in one folder to another, cleaned up after.
check_link() { # from-role to-role why
    eval "from=\$at_$1; to=\$at_$2; from_id=\$mount_$1; to_id=\$mount_$2; from_mp=\$mountpoint_$1; to_mp=\$mountpoint_$2"
    source_file="$from/.check-uv-layout-src.$$"
    target_file="$to/.check-uv-layout-dst.$$"
    if ! (: >"$source_file") 2>/dev/null; then
        report FAIL "link $1 -> $2" "cannot create a file in $from" "make $from writable by uid $me"
        return
    fi
    if error=$(ln "$source_file" "$target_file" 2>&1); then
        report OK "link $1 -> $2" "a hardlink from $from to $to works: $3" ''
    elif [ "$from_id" != "$to_id" ]; then
        report FAIL "link $1 -> $2" "cross-device: $from is on mount $from_id ($from_mp) and $to on mount $to_id ($to_mp); uv would copy every file" "put both under one mount: set the uv variables to folders on the same volume (gen-devcontainer plan shows the layout)"
    else
        report FAIL "link $1 -> $2" "link failed inside one mount ($from_id, $from_mp): $error" "if it says Permission denied, the files belong to another user; otherwise the file system may not support hardlinks"
    fi
    rm -f "$source_file" "$target_file"
}

check_folder cache "$cache_dir" "$cache_from"
check_folder environment "$env_dir"
check_folder python "$python_dir"
check_folder tools "$tools_dir"
check_folder tmp "$tmp_dir"

check_link cache environment 'uv installs packages by linking from its cache'
check_link cache tools 'uv tool install links from the same cache'
check_link tmp environment 'uv --no-cache links from a temporary cache in TMPDIR'

case $link_mode in
    '' | clone | hardlink) report OK 'link mode' "${link_mode:-uv's default}: uv clones or hardlinks from its cache" '' ;;
    copy) report FAIL 'link mode' "$link_mode_from is copy: uv copies every file, whatever the mounts" "remove it (uv then clones or hardlinks), then reinstall: uv sync --reinstall" ;;
    symlink) report FAIL 'link mode' "$link_mode_from is symlink: the environment's files point into the cache, and uv cache clean breaks the environment" "remove it (uv then clones or hardlinks), then reinstall: uv sync --reinstall" ;;
    *) report FAIL 'link mode' "$link_mode_from is $(quote "$link_mode"), which uv does not know" "remove it, or set clone or hardlink" ;;
esac

# Whether a copy-on-write clone from the cache into the environment works (cp --reflink=always).
reflinks_work() {
    source_file="$at_cache/.check-uv-layout-src.$$"
    target_file="$at_environment/.check-uv-layout-dst.$$"
    (: >"$source_file") 2>/dev/null || return 1
    if cp --reflink=always "$source_file" "$target_file" 2>/dev/null; then result=0; else result=1; fi
    rm -f "$source_file" "$target_file"
    return $result
}

# What uv really did. Every file a package installed (its RECORD, less the files uv writes itself
# at install time: RECORD, INSTALLER, REQUESTED, direct_url.json, uv_*.json) is a hardlink (the
# cache holds the same inode, so its link count is 2 or more), a reflink (an inode of its own that
# shares the cache's blocks), or a copy.
count_site() { # site-packages folder -> "packages files copied example"
    find "$1" -type f -links 1 >"$singles" 2>/dev/null
    find "$1" -maxdepth 2 -path '*.dist-info/RECORD' -type f -exec awk -v site="$1" -v singles="$singles" '
        BEGIN { while ((getline line < singles) > 0) single[line] = 1 }
        FNR == 1 { packages++ }
        {
            line = $0
            sub(/\r$/, "", line)
            if (substr(line, 1, 1) == "\"") { rest = substr(line, 2); path = substr(rest, 1, index(rest, "\",") - 1); gsub(/""/, "\"", path) }
            else { i = index(line, ","); path = i ? substr(line, 1, i - 1) : line }
            if (path == "" || substr(path, 1, 1) == "/" || path ~ /(^|\/)\.\.(\/|$)/) next
            if (path ~ /\.dist-info\/(RECORD|INSTALLER|REQUESTED|direct_url\.json|uv_[A-Za-z0-9_]*\.json)$/) next
            files++
            if ((site "/" path) in single) { copied++; if (example == "") example = path }
        }
        END { printf "%d %d %d %s\n", packages, files, copied, (example == "" ? "-" : example) }' {} +
}
check_packages() {
    # TMPDIR may not exist yet (that is reported above); /tmp serves then.
    singles=$(mktemp "$tmp_dir/check-uv-layout.XXXXXX" 2>/dev/null || mktemp /tmp/check-uv-layout.XXXXXX 2>/dev/null) || {
        report FAIL packages 'cannot create a temporary file' "make $tmp_dir writable"
        return
    }
    # One environment, or (centralized-project-envs) one per project in the bucket.
    counts=$(for site in "$env_dir"/lib/python*/site-packages "$env_dir"/*/lib/python*/site-packages; do
        [ -d "$site" ] && count_site "$site"
    done | awk '{ p += $1; f += $2; c += $3; if (e == "" && $4 != "-") e = $4 } END { printf "%d %d %d %s\n", p, f, c, (e == "" ? "-" : e) }')
    rm -f "$singles"
    # read, not set -- $counts: the example is a file name, which may hold spaces or a *.
    read -r packages files copied example <<EOF
$counts
EOF
    linked=$((files - copied))
    if [ "$files" -eq 0 ]; then
        report OK packages "no packages installed in $env_dir yet (uv sync installs them)" ''
    elif [ "$copied" -eq 0 ]; then
        report OK packages "$linked files linked from the cache, 0 copied ($packages packages in $env_dir)" ''
    elif [ "$link_mode" != hardlink ] && [ "$link_mode" != copy ] && reflinks_work; then
        report OK packages "$linked files hardlinked, $copied cloned ($packages packages in $env_dir): reflinks work here and uv clones first; a clone shares the cache's blocks, though ls cannot tell it from a copy" ''
    else
        report FAIL packages "$copied of $files files uv installed were copied, not linked from the cache (for example $example, in $env_dir)" "fix what the checks above say, then reinstall: uv sync --reinstall"
    fi
}
check_packages

# The uv that runs is the first on PATH: with --uv-version, it must be the pinned release. Another
# uv ahead of it (an installer script's in ~/.local/bin, a pip-installed one, the image's own, one
# a feature added) would run instead, whatever the Dockerfile pinned.
uv_first=$(command -v uv 2>/dev/null || true)
# The others, less links to the first (/usr/local/bin/uv is one to the pinned uv).
uv_others=$(IFS=:; for dir in $PATH; do [ -n "$dir" ] && [ -x "$dir/uv" ] && [ "$dir/uv" != "$uv_first" ] && ! [ "$dir/uv" -ef "$uv_first" ] 2>/dev/null && printf ' %s' "$dir/uv"; done)
uv_also=${uv_others:+; also on PATH, after it:$uv_others}
if [ -z "$uv_first" ]; then
    if [ -n "$uv_version" ]; then
        report FAIL uv "no uv on PATH; uv $uv_version is the pinned release" "put the folder of the pinned uv on PATH (the generated Dockerfile puts it first)"
    else
        report OK uv "no uv on PATH" ''
    fi
else
    uv_found=$(uv --version 2>/dev/null | awk 'NR == 1 { print $2 }')
    if [ -z "$uv_version" ]; then
        report OK uv "uv ${uv_found:-of unknown version} at $uv_first$uv_also" ''
    elif [ "$uv_found" = "$uv_version" ]; then
        report OK uv "uv $uv_found at $uv_first, the pinned release$uv_also" ''
    else
        report FAIL uv "uv on PATH is ${uv_found:-a uv of unknown version} ($uv_first), not the pinned uv $uv_version$uv_also" "remove that uv, or put the pinned one's folder first on PATH (the generated Dockerfile does; a PATH set in containerEnv, remoteEnv, Compose or a feature can undo it)"
    fi
fi

# The variables must agree with each other, or uv and the tools around it disagree on the environment.
if [ -n "${VIRTUAL_ENV:-}" ] && [ "${VIRTUAL_ENV%/}" != "${env_dir%/}" ]; then
    report FAIL 'VIRTUAL_ENV' "VIRTUAL_ENV=$VIRTUAL_ENV but the project environment is $env_dir; uv warns and ignores it" "set VIRTUAL_ENV to $env_dir, or unset it"
else
    report OK 'VIRTUAL_ENV' "${VIRTUAL_ENV:-unset}; consistent with the project environment" ''
fi
first_python=$(command -v python 2>/dev/null || true)
case ":$PATH:" in
    *":$env_dir/bin:"*)
        if [ -x "$env_dir/bin/python" ] && [ "$first_python" != "$env_dir/bin/python" ]; then
            report FAIL 'PATH' "python resolves to $first_python, not the environment's $env_dir/bin/python" "put $env_dir/bin first on PATH"
        else
            report OK 'PATH' "$env_dir/bin is on PATH" ''
        fi
        ;;
    *)
        if [ -n "${VIRTUAL_ENV:-}" ]; then
            report FAIL 'PATH' "VIRTUAL_ENV is set but $env_dir/bin is not on PATH, so python and the project's scripts come from elsewhere" "export PATH=\"$env_dir/bin:\$PATH\""
        else
            report OK 'PATH' "no active environment (VIRTUAL_ENV unset); use uv run, or put $env_dir/bin on PATH" ''
        fi
        ;;
esac

# In a uv workspace whose root is a project, a plain `uv sync` at the root installs the root project
# only and uninstalls the members; uv has no variable or setting that means --all-packages, so this
# says which to type. At a virtual root (no [project] table) a plain sync installs every member.
if [ -r "$project/pyproject.toml" ] && grep -Eq '^[[:space:]]*\[tool\.uv\.workspace\][[:space:]]*(#.*)?$' "$project/pyproject.toml" && grep -Eq '^[[:space:]]*\[project\][[:space:]]*(#.*)?$' "$project/pyproject.toml"; then
    report NOTE workspace "a uv workspace: sync with uv sync --all-packages; a plain uv sync here uninstalls every member (uv has no setting that means --all-packages)" ''
fi

if [ "$json" = 1 ]; then
    ok=true
    [ "$failures" -eq 0 ] || ok=false
    printf '{"ok":%s,"failures":%d,"checks":[%s]}\n' "$ok" "$failures" "$json_checks"
elif [ "$failures" -eq 0 ]; then
    echo "uv layout OK: uv will link from its cache, and every folder is writable by uid $me"
else
    echo "uv layout: $failures check(s) failed"
fi
[ "$failures" -eq 0 ]
