/** Where a command's output goes; tests pass buffers, the bin shim passes the process streams. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder that relative paths are resolved against; '' when the current folder no longer exists (deleted while a shell was in it). */
  cwd: string;
  /** Environment variables, for commands that read the uv variables (doctor). */
  env: NodeJS.ProcessEnv;
  /** The terminal's width, which --help wraps to (at most 100); unset: process.stdout's, else 100. */
  columns?: number;
}

export const EXIT = {
  ok: 0,
  /** `--check` found files that differ from what would be generated; `doctor` found a failing check. */
  drift: 1,
  /** Bad usage or bad input: the message says what to fix. Nothing was written. */
  usage: 2,
  /** A bug in gen-devcontainer. */
  internal: 3,
} as const;

/** A mistake in how the command was called: reported with exit 2 and a pointer to --help, never as an internal error. */
export class UsageError extends Error {}
