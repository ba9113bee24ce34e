/**
 * Runs the generated lifecycle script (.devcontainer/uv-lifecycle.sh) for real, with POSIX sh on
 * the host, and a stub `uv` first on PATH that records each call instead of doing anything.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One call of the stub uv: the folder it ran in (physical path), its arguments, and what it read on stdin. */
export interface UvCall {
  cwd: string;
  args: string[];
  stdin: string;
}

/**
 * The stub: appends a record to $UV_STUB_LOG (fields split by \x1f, records ended by \x1e, so any
 * byte of a folder name or argument survives) and exits with $UV_STUB_EXIT (0 by default). It
 * reads its standard input, which the script must have pointed at /dev/null.
 */
const STUB_UV = [
  '#!/bin/sh',
  'input=$(cat)',
  '{ pwd -P; printf \'\\037\'; [ $# -eq 0 ] || printf \'%s\\037\' "$@"; printf \'\\035%s\\036\' "$input"; } >>"$UV_STUB_LOG"',
  'exit "${UV_STUB_EXIT:-0}"',
  '',
].join('\n');

export interface LifecycleRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The stub uv's calls, in order; a user command can add its own records with `mark` below. */
  calls: UvCall[];
  /** Every record in the log, in order: "uv <args>" for uv, or what a `mark` wrote. */
  events: string[];
}

export interface LifecycleOptions {
  /** Arguments after the step: `--` and a user's command. */
  extra?: string[];
  /** The stub uv's exit status. */
  uvExit?: number;
  /** Written to the script's standard input; the steps must not read it. */
  input?: string;
  /** Files to put beside the script (e.g. a stub check-uv-layout.sh), name -> content. */
  beside?: Record<string, string>;
}

/** A shell command (for after `--`) that appends `text` to the log, as an event of its own. */
export function mark(text: string): string[] {
  return ['/bin/sh', '-c', 'printf "%s\\036" "$1" >>"$UV_STUB_LOG"', 'mark', text];
}

/**
 * Writes `script` to a folder of its own (as .devcontainer/uv-lifecycle.sh would be) and runs
 * `sh <script> <step> ...extra` in `cwd`, with nothing on PATH but the stub uv and the system.
 */
export function runLifecycle(script: string, step: string, cwd: string, options: LifecycleOptions = {}): LifecycleRun {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-lifecycle-'));
  try {
    const bin = path.join(work, 'bin');
    const scripts = path.join(work, 'scripts');
    fs.mkdirSync(bin);
    fs.mkdirSync(scripts);
    fs.writeFileSync(path.join(bin, 'uv'), STUB_UV, { mode: 0o755 });
    const file = path.join(scripts, 'uv-lifecycle.sh');
    fs.writeFileSync(file, script);
    for (const [name, content] of Object.entries(options.beside ?? {})) fs.writeFileSync(path.join(scripts, name), content);
    const log = path.join(work, 'uv.log');
    fs.writeFileSync(log, '');
    const run = spawnSync('sh', [file, step, ...(options.extra ?? [])], {
      cwd,
      encoding: 'utf8',
      input: options.input ?? '',
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: work, UV_STUB_LOG: log, UV_STUB_EXIT: String(options.uvExit ?? 0) },
    });
    const records = fs.readFileSync(log, 'utf8').split('\x1e').slice(0, -1);
    const calls: UvCall[] = [];
    const events: string[] = [];
    for (const record of records) {
      const separator = record.indexOf('\x1f');
      if (separator === -1) {
        events.push(record);
        continue;
      }
      const [fields, stdin] = record.split('\x1d') as [string, string];
      const parts = fields.split('\x1f');
      // `pwd -P` ends its line with a newline; the last field is empty (each argument ends with \x1f).
      const call = { cwd: parts[0]!.replace(/\n$/, ''), args: parts.slice(1, -1), stdin };
      calls.push(call);
      events.push(`uv ${call.args.join(' ')}`);
    }
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls, events };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `sh -n`: the text parses as a POSIX shell script (dash here). */
export function shSyntax(text: string): { status: number | null; stderr: string } {
  const run = spawnSync('sh', ['-n', '-c', text], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}
