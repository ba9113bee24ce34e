#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), so that starting the CLI initialises no ES module loader: the
// bundle's loader (scripts/bundle-loader.cjs) compiles each part with its V8 code cache.
const { main } = require('../dist/bundle/run.cjs');

// `gen-devcontainer plan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd(), env: process.env }).then((code) => {
  process.exitCode = code;
});
