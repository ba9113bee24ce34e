/**
 * The user-making RUN of the Dockerfile block, run for real with POSIX sh against an account
 * database in a temporary folder: getent, id, usermod, groupmod, useradd and groupadd are stubs
 * over those files (the real ones would change this machine's accounts). What it shows is the
 * shell's logic: a uid another user holds is taken over by renaming that user, so the uid the plan
 * states is the one the user gets (issue 10, item 7: on ubuntu:noble the new user silently got
 * 1001). The Docker tier builds the same lines on a real image.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDockerfileBlock } from '../../src/targets/devcontainer/dockerfile.js';
import { baseFacts, planOk, tempDir } from './support.js';

/** getent/id/usermod/groupmod/useradd/groupadd over $DB/passwd and $DB/group (name:x:id:gid::home:shell, name:x:gid:). */
const STUBS: Record<string, string> = {
  getent: `#!/bin/sh
db=$1 key=$2; file="$DB/$db"
awk -F: -v k="$key" '$1 == k || $3 == k { print; found = 1 } END { exit found ? 0 : 2 }' "$file"`,
  id: `#!/bin/sh
case $1 in -u|-g|-gn) opt=$1; name=$2 ;; *) opt=all; name=$1 ;; esac
line=$(awk -F: -v k="$name" '$1 == k' "$DB/passwd")
[ -n "$line" ] || { echo "id: '$name': no such user" >&2; exit 1; }
uid=$(echo "$line" | cut -d: -f3); gid=$(echo "$line" | cut -d: -f4)
group=$(awk -F: -v g="$gid" '$3 == g { print $1 }' "$DB/group")
case $opt in -u) echo "$uid" ;; -g) echo "$gid" ;; -gn) echo "$group" ;; *) echo "uid=$uid($name) gid=$gid($group)" ;; esac`,
  usermod: `#!/bin/sh
echo "usermod $*" >>"$DB/log"
while [ $# -gt 1 ]; do case $1 in --login) new=$2; shift 2 ;; --home) home=$2; shift 2 ;; --move-home) shift ;; *) shift ;; esac; done
old=$1
awk -F: -v OFS=: -v o="$old" -v n="$new" -v h="$home" '$1 == o { $1 = n; $6 = h } { print }' "$DB/passwd" >"$DB/p" && mv "$DB/p" "$DB/passwd"`,
  groupmod: `#!/bin/sh
echo "groupmod $*" >>"$DB/log"
awk -F: -v OFS=: -v o="$3" -v n="$2" '$1 == o { $1 = n } { print }' "$DB/group" >"$DB/g" && mv "$DB/g" "$DB/group"`,
  groupadd: `#!/bin/sh
echo "groupadd $*" >>"$DB/log"
if [ "$1" = --gid ]; then gid=$2; name=$3; else name=$1; gid=$(awk -F: 'BEGIN { m = 999 } $3 > m { m = $3 } END { print m + 1 }' "$DB/group"); fi
echo "$name:x:$gid:" >>"$DB/group"`,
  useradd: `#!/bin/sh
echo "useradd $*" >>"$DB/log"
uid=''
while [ $# -gt 1 ]; do case $1 in --uid) uid=$2; shift 2 ;; --gid) group=$2; shift 2 ;; --shell) shift 2 ;; *) shift ;; esac; done
[ -n "$uid" ] || uid=$(awk -F: 'BEGIN { m = 999 } $3 > m { m = $3 } END { print m + 1 }' "$DB/passwd")
gid=$(awk -F: -v g="$group" '$1 == g { print $3 }' "$DB/group")
echo "$1:x:$uid:$gid::/home/$1:/bin/sh" >>"$DB/passwd"`,
};

/** The block's user RUN, as the shell runs it (Dockerfile continuations are shell continuations). */
function userRun(block: string): string {
  const start = block.indexOf('RUN set -eu; \\\n    if ! id -u');
  const end = block.indexOf('\n\n', start);
  return block.slice(start + 'RUN '.length, end);
}

function runUserRun(options: { user?: string; passwd: string; group: string; tools?: string[] }) {
  const { plan } = planOk(baseFacts(), options.user ? { user: options.user } : {});
  const script = userRun(renderDockerfileBlock(plan));
  const db = tempDir();
  const bin = path.join(db, 'bin');
  fs.mkdirSync(bin);
  for (const [name, text] of Object.entries(STUBS)) {
    if (options.tools && !options.tools.includes(name)) continue;
    fs.writeFileSync(path.join(bin, name), `${text}\n`, { mode: 0o755 });
  }
  fs.writeFileSync(path.join(db, 'passwd'), options.passwd);
  fs.writeFileSync(path.join(db, 'group'), options.group);
  const args = { USERNAME: plan.user.name.value, USER_UID: String(plan.user.uid), USER_GID: String(plan.user.gid) };
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, DB: db, ...args } });
  const read = (f: string) => (fs.existsSync(path.join(db, f)) ? fs.readFileSync(path.join(db, f), 'utf8') : '');
  return { plan, status: result.status, stdout: result.stdout, stderr: result.stderr, passwd: read('passwd'), group: read('group'), log: read('log') };
}

const ROOT = 'root:x:0:0::/root:/bin/sh\n';
const ROOT_GROUP = 'root:x:0:\n';

describe('the user the Dockerfile block makes', () => {
  it('ubuntu:noble: "ubuntu" holds 1000, so it is renamed to vscode, with its group; the plan\'s uid holds', () => {
    const r = runUserRun({ passwd: `${ROOT}ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n`, group: `${ROOT_GROUP}ubuntu:x:1000:\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.plan.user.uid).toBe(1000);
    expect(r.passwd).toContain('vscode:x:1000:1000:Ubuntu:/home/vscode:/bin/bash');
    expect(r.passwd).not.toContain('ubuntu:');
    expect(r.group).toContain('vscode:x:1000:');
    expect(r.log).toBe('usermod --login vscode --home /home/vscode --move-home ubuntu\ngroupmod --new-name vscode ubuntu\n');
    expect(r.stdout).toContain('gen-devcontainer: uid 1000 belonged to ubuntu, now renamed vscode');
    expect(r.stderr).toBe('');
  });

  it("a free uid: useradd with the plan's uid and gid, nothing renamed", () => {
    const r = runUserRun({ passwd: ROOT, group: ROOT_GROUP });
    expect(r.status, r.stderr).toBe(0);
    expect(r.passwd).toContain('vscode:x:1000:1000::/home/vscode:/bin/sh');
    expect(r.log).toBe('groupadd --gid 1000 vscode\nuseradd --uid 1000 --gid vscode --create-home --shell /bin/sh vscode\n');
  });

  it('the user exists already (the devcontainers images have vscode): nothing is done', () => {
    const r = runUserRun({ passwd: `${ROOT}vscode:x:1000:1000::/home/vscode:/bin/bash\n`, group: `${ROOT_GROUP}vscode:x:1000:\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.log).toBe('');
  });

  it('--user dev:1001 where 1001 is taken: that user is renamed, whatever its name', () => {
    const r = runUserRun({ user: 'dev:1001', passwd: `${ROOT}app:x:1001:1001::/home/app:/bin/sh\n`, group: `${ROOT_GROUP}app:x:1001:\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.passwd).toContain('dev:x:1001:1001::/home/dev:/bin/sh');
  });

  it('without usermod (no shadow tools), the next free uid, and the build says so instead of staying silent', () => {
    const r = runUserRun({ passwd: `${ROOT}ubuntu:x:1000:1000::/home/ubuntu:/bin/sh\n`, group: `${ROOT_GROUP}ubuntu:x:1000:\n`, tools: ['getent', 'id', 'useradd', 'groupadd'] });
    expect(r.status, r.stderr).toBe(0);
    expect(r.passwd).toContain('vscode:x:1001:');
    expect(r.stderr).toContain('gen-devcontainer: 1000:1000 is taken here; uid=1001(vscode)');
  });
});
