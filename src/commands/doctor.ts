import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { scripts } from '../generated/scripts.js';
import { EXIT, type Io } from './io.js';

/**
 * Runs the very script the dev container runs after creation (check-uv-layout.sh) against the
 * current environment: one implementation for the host, CI and any container. It is fed to `sh`
 * on standard input, so nothing is written to disk to run it.
 */
export function doctorCommand(args: { dir: string; json?: boolean }, io: Io): number {
  if (!fs.existsSync(args.dir) || !fs.statSync(args.dir).isDirectory()) {
    io.stderr(`gen-devcontainer: directory not found: ${args.dir}\n  hint: pass the project folder whose environment uv manages\n`);
    return EXIT.usage;
  }
  const result = spawnSync('sh', ['-s', '--', '--project', args.dir, ...(args.json ? ['--json'] : [])], {
    input: scripts['check-uv-layout.sh'],
    env: io.env,
    encoding: 'utf8',
  });
  if (result.error) {
    io.stderr(`gen-devcontainer: cannot run sh: ${result.error.message}\n  hint: doctor needs a POSIX shell (sh) on PATH\n`);
    return EXIT.usage;
  }
  io.stdout(result.stdout);
  io.stderr(result.stderr);
  return result.status === 0 ? EXIT.ok : result.status === 1 ? EXIT.drift : EXIT.usage;
}
