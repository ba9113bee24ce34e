// Makes the bundle's V8 code caches (scripts/bundle.mjs runs this in a fresh Node, with no
// NODE_OPTIONS, so that the caches fit a plain `node`). It runs the commands people run, on every
// example, in-process, then has V8 write out what it compiled: the caches then hold the functions
// those runs called. Everything here only reads (--dry-run, --check, --diff, plan, explain, env);
// doctor, which runs a shell script against this machine's uv, is left out.
//
//   node scripts/bundle-warm.mjs ROOT
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = process.argv[2];
const bundle = createRequire(import.meta.url)(join(root, 'dist', 'bundle', 'run.cjs'));
const io = { stdout() {}, stderr() {}, cwd: root, env: {} };

const examples = existsSync(join(root, 'examples'))
  ? readdirSync(join(root, 'examples'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(root, 'examples', e.name))
      .sort()
  : [];
// Runs that load main.cjs (and what it requires as it loads) and no command.
const helpRuns = [['--help'], ['--version'], ['plan', '--help'], ['env', '--help'], ['doctor', '--help'], ['--no-such-option']];
const runs = [];
for (const dir of examples) {
  runs.push([dir, '--dry-run'], [dir, '--check'], ['plan', dir], ['plan', dir, '--json'], ['explain', dir], ['env', dir], ['env', dir, '--format', 'json']);
}
if (examples.length > 0) runs.push([examples[0], '--diff']);

// The caches of main.cjs and the files it requires as it loads are written before any command's
// file is loaded, under the V8 flags a run starts with; the loader turns Sparkplug off when a run
// loads a command's file (scripts/bundle-loader.cjs), and the other caches are made after that.
for (const argv of helpRuns) await bundle.main(argv, io);
const startup = new Set(bundle.codeCacheStatus().map((l) => l.file));
bundle.writeCodeCaches((file) => startup.has(file));
for (const argv of runs) await bundle.main(argv, io);
bundle.writeCodeCaches((file) => !startup.has(file));
