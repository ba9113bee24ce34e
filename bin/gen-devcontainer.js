#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// `gen-devcontainer plan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
process.exitCode = await main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd(), env: process.env });
