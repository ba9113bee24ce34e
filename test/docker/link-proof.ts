/** Shared by the Docker tier's dev container tests (tier.test.ts) and its production tests (production.test.ts). */

/**
 * The proof from uv's own result: every file a package installed (its RECORD, less the files uv
 * writes at install time) shares its inode with a file in UV_CACHE_DIR. Run inside the container.
 * The environments: PROOF_ENVS when set (blank-separated folders: uv's tool environments), else
 * UV_PROJECT_ENVIRONMENT, else the cache's environments. Prints "environments packages files linked notlinked first-not-linked".
 */
export const LINK_PROOF = `
set -eu
cache=$UV_CACHE_DIR
work=$(mktemp -d "${'$'}{TMPDIR:-/tmp}/proof.XXXXXX")
find "$cache" -type f -printf '%i\\n' | sort -u >"$work/cache"
if [ -n "${'$'}{PROOF_ENVS:-}" ]; then envs=$PROOF_ENVS; elif [ -n "${'$'}{UV_PROJECT_ENVIRONMENT:-}" ]; then envs=$UV_PROJECT_ENVIRONMENT; else envs=$(ls -d "$cache"/environments-v2/*/ | sed 's#/$##'); fi
: >"$work/installed"
count=0
for env in $envs; do
  count=$((count + 1))
  for site in "$env"/lib/python*/site-packages; do
    : >"$work/files"
    find "$site" -type f -printf '%i %p\\n' >"$work/inodes"
    for record in "$site"/*.dist-info/RECORD; do
      awk -F, -v site="$site" '{ print site "/" $1 }' "$record" | grep -v -E '\\.dist-info/(RECORD|INSTALLER|REQUESTED|direct_url\\.json|uv_[a-z_]+\\.json)$' | grep -v '/\\.\\./' >>"$work/files"
    done
    awk 'NR == FNR { inode[$2] = $1; next } ($0 in inode) { print inode[$0], $0 }' "$work/inodes" "$work/files" >>"$work/installed"
  done
done
packages=$(for env in $envs; do ls -d "$env"/lib/python*/site-packages/*.dist-info; done | wc -l)
awk -v envs="$count" -v packages="$packages" 'NR == FNR { cache[$1] = 1; next } { files++; if ($1 in cache) linked++; else if (first == "") first = $2 } END { printf "%d %d %d %d %d %s\\n", envs, packages, files, linked, files - linked, (first == "" ? "-" : first) }' "$work/cache" "$work/installed"
rm -rf "$work"
`;
