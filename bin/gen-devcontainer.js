#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), so that starting the CLI initialises no ES module loader: the
// bundle's loader (scripts/bundle-loader.cjs) compiles each part with its V8 code cache.
// Exit 1 means drift; a failing output is none. `gen-devcontainer plan | head` closes the pipe early:
// the reader wanted no more, and the exit code stays the command's. Any other error writing the
// output (`> /dev/full`: ENOSPC, EIO) lost it: exit 2 with the reason on stderr (3 stays 3).
let outputError;
process.stdout.on('error', (err) => {
  if (outputError) return;
  outputError = err;
  if (err.code !== 'EPIPE') process.stderr.write(`gen-devcontainer: the output could not be written (${err.code || err.message}); nothing more was printed\n`);
});
process.stderr.on('error', () => {});
process.on('exit', () => {
  if (outputError && outputError.code !== 'EPIPE' && process.exitCode !== 3) process.exitCode = 2;
});
// A current folder that was deleted has no path: an absolute DIR still works (main refuses a
// relative one). The process moves to / first, since yargs asks process.cwd() as it loads.
let cwd = '';
try {
  cwd = process.cwd();
} catch {
  process.chdir('/');
}
const { main } = require('../dist/bundle/run.cjs');
const io = { stdout: (s) => outputError || process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd, env: process.env };
// main catches what a command throws; this is for what it could not (Node's own answer would be exit 1).
const internalError = (err) => {
  process.stderr.write(`gen-devcontainer: internal error: ${err?.stack || err}\nPlease report this, with the command you ran.\n`);
  process.exitCode = 3;
};
process.on('uncaughtException', internalError);
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
}, internalError);
