/**
 * The write lock and the refusal a write ends in: what a run that does not write also asks (is a
 * run writing here now?), apart from the transaction itself (transaction.ts), which only a run that
 * writes loads (src/lazy.ts, deferred).
 */
import type { DiagnosticCode } from '../diagnostics.js';
import { OUTPUT_FOLDER } from '../outputs.js';

/** Why a set of writes was not made (or not all of it), with what the disk holds now. */
export class WriteRefused extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode,
    readonly file: string | undefined,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The lock a run holds while it writes, in the folder of the files it writes. */
export const LOCK_FILE = `${OUTPUT_FOLDER}/.gen-devcontainer.lock`;

/** The pid in a lock file's text, when that run is alive and is not this one. */
export function liveHolder(text: string | undefined): number | undefined {
  const holder = Number.parseInt(text ?? '', 10);
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder) ? holder : undefined;
}

export function lockedBy(holder: number): WriteRefused {
  return new WriteRefused(
    `another gen-devcontainer run (pid ${holder}) is writing in this repository; nothing was written`,
    'locked',
    LOCK_FILE,
    `wait for it to finish, then run again (remove ${LOCK_FILE} if no such run exists)`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
