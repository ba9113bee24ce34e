/**
 * The real uv, from PyPI. Every uv release is published there as a wheel whose
 * `uv-X.Y.Z.data/scripts/` holds the `uv` and `uvx` binaries, under the same number as its
 * `ghcr.io/astral-sh/uv:X.Y.Z` image (whose root holds the same two files). Fetched once per
 * version with pip, cached by version, and checked by asking the binary its version.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface UvRelease {
  version: string;
  /** Folder holding `uv` and `uvx`. */
  dir: string;
  uv: string;
  /** The wheel it came from, for labels. */
  wheel: string;
}

/** The x86_64 Linux wheel of uv `version`, unpacked into `<cacheDir>/uv/<version>/`. */
export function uvRelease(version: string, cacheDir: string): UvRelease {
  const dir = path.join(cacheDir, 'uv', version);
  const uv = path.join(dir, 'uv');
  const wheelNote = path.join(dir, 'wheel');
  if (!fs.existsSync(wheelNote)) {
    const download = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-uv-wheel-'));
    const pip = spawnSync(
      'python3',
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--platform', 'manylinux_2_17_x86_64', '--python-version', '3.11', '--no-cache-dir', `uv==${version}`, '-d', download],
      { encoding: 'utf8', env: { ...process.env, PIP_FIND_LINKS: '' } },
    );
    if (pip.status !== 0) throw new Error(`uv ${version} could not be downloaded from PyPI:\n${pip.stderr}`);
    const wheel = fs.readdirSync(download).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`pip downloaded no wheel for uv ${version}`);
    const staging = `${dir}.part`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const extract = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'for name in ("uv", "uvx"):',
      `    member = next(n for n in z.namelist() if n.endswith(".data/scripts/" + name))`,
      '    open(sys.argv[2] + "/" + name, "wb").write(z.read(member))',
    ].join('\n');
    execFileSync('python3', ['-c', extract, path.join(download, wheel), staging]);
    fs.chmodSync(path.join(staging, 'uv'), 0o755);
    fs.chmodSync(path.join(staging, 'uvx'), 0o755);
    fs.writeFileSync(path.join(staging, 'wheel'), `${wheel}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(staging, dir);
    fs.rmSync(download, { recursive: true, force: true });
  }
  const said = execFileSync(uv, ['--version'], { encoding: 'utf8' }).trim();
  if (!said.startsWith(`uv ${version}`)) throw new Error(`${uv} says "${said}", not uv ${version}`);
  return { version, dir, uv, wheel: fs.readFileSync(wheelNote, 'utf8').trim() };
}

/** Every uv release PyPI lists (its JSON API), for the check that the tables name real ones. */
export async function pypiUvReleases(): Promise<string[]> {
  const response = await fetch('https://pypi.org/pypi/uv/json');
  if (!response.ok) throw new Error(`PyPI answered ${response.status} for uv's release list`);
  const data = (await response.json()) as { releases: Record<string, { yanked?: boolean }[]> };
  return Object.entries(data.releases)
    .filter(([, files]) => files.length > 0 && files.some((f) => !f.yanked))
    .map(([version]) => version);
}
