/**
 * Locks a copy of an example anew with a real uv release against the loopback index: its
 * committed uv.lock points at PyPI, which containers here reach only through that index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from './engine.js';
import type { UvRelease } from './uv-release.js';

/** The uv.lock files of a project folder, outside `.devcontainer/`. */
export function findLocks(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'uv.lock' && !f.split(path.sep).includes('.devcontainer')).map((f) => path.join(folder, f));
}

/** `uv lock` by `release` in a container of `image` on the host's network; throws with uv's output when it fails. */
export function relock(engine: Engine, options: { folder: string; projectDir: string; release: UvRelease; indexUrl: string; image: string; python: string }): void {
  const { folder, projectDir, release, indexUrl, image, python } = options;
  const relative = path.relative(folder, projectDir) || '.';
  const result = engine.docker(
    [
      'run',
      '--rm',
      '--network=host',
      '-v',
      `${folder}:/w`,
      '-w',
      path.posix.join('/w', relative),
      '-v',
      `${release.dir}:/uvbin:ro`,
      '-e',
      `UV_DEFAULT_INDEX=${indexUrl}`,
      '-e',
      'UV_CACHE_DIR=/tmp/uv-cache',
      '-e',
      'UV_PYTHON_PREFERENCE=only-system',
      image,
      '/uvbin/uv',
      'lock',
      '--python',
      python,
    ],
    { allowFailure: true },
  );
  if (result.status !== 0) throw new Error(`uv ${release.version} lock failed in ${relative}:\n${result.stderr}`);
  const lock = fs.readFileSync(path.join(projectDir, 'uv.lock'), 'utf8');
  if (!lock.includes(indexUrl.replace('/simple', ''))) throw new Error(`uv ${release.version} lock in ${relative} does not point at the loopback index`);
}
