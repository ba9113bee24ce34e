'use strict';
// The bundle's loader, copied to dist/bundle/run.cjs by scripts/bundle.mjs; bin/gen-devcontainer.js
// requires it. Each file of the bundle is a CommonJS module, written already inside Node's module
// wrapper (wrap() below, which the build uses, so that the text read from disk is the very text V8
// compiles), and V8 compiles it with the code cache the build made beside it (FILE.cache): most of
// a cold start is V8 compiling the functions a run calls, and the cache hands them over already
// compiled. Node 20 gives V8 a code cache only through vm.Script, which is why the bundle is
// CommonJS and loaded here rather than by import().
//
// A cache that does not fit (another Node or V8 version, other V8 flags) is rejected by V8 and the
// file compiles as usual: slower, never wrong. The build deletes the folder before it writes it, and
// every chunk but main.cjs has a content hash in its name, so a cache never outlives its source.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

// Sparkplug, V8's baseline compiler, compiles the functions a run calls often to machine code. A
// run of a few dozen milliseconds never earns that back: callgrind counted ~49 M instructions in
// it for a --dry-run on examples/uv-app (BaselineBatchCompiler::CompileBatch, of ~309 M). With it
// off (the interpreter runs the rest; TurboFan still takes over code that gets hot, in a long run
// on a big lock or tree) that run went from ~311 M to ~269 M and `plan` on it from ~342 M to
// ~290 M (median of 3, 2026-12-06). node:v8 costs ~12 M to load, which --help (main.cjs and the
// files it requires as it loads) would pay for nothing, so the flag is set when a run loads a file
// after those: a command's. It is one Node documents as unsafe to change at run time in general;
// this one only decides whether later functions get baseline code. V8 takes a code cache only
// under the flags it was made with: the start-up files' caches are made before the flag, the
// others' after (scripts/bundle-warm.mjs; test/unit/bundle.test.ts checks V8 takes them).
let started = false;
let baselineOff = false;
function turnBaselineOff() {
  if (baselineOff || !started) return;
  baselineOff = true;
  require('node:v8').setFlagsFromString('--no-sparkplug');
}

/** Every file loaded so far: its module object, and its script (for writeCodeCaches). */
const loaded = new Map();

function load(file) {
  const known = loaded.get(file);
  if (known) return known.module.exports;
  turnBaselineOff();
  const module = { exports: {} };
  const cachedData = readCache(file);
  const script = new vm.Script(fs.readFileSync(file, 'utf8'), { filename: file, cachedData });
  loaded.set(file, { module, script, cached: cachedData !== undefined });
  const dir = path.dirname(file);
  // The bundle's files name each other './x.cjs'; anything else is one of Node's own modules.
  const requireHere = (id) => (id.startsWith('./') ? load(path.join(dir, id)) : require(id));
  script.runInThisContext().call(module.exports, module.exports, requireHere, module, file, dir);
  return module.exports;
}

function cacheFileOf(file) {
  return file.replace(/\.cjs$/, '.cache');
}

function readCache(file) {
  try {
    return fs.readFileSync(cacheFileOf(file));
  } catch {
    return undefined;
  }
}

/** For the build: a CommonJS module's text as a file of the bundle holds it, in Node's module wrapper. */
exports.wrap = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/** The CLI's main(argv, io) (src/cli/main.ts). */
exports.main = (argv, io) => {
  const { main } = load(path.join(__dirname, 'main.cjs'));
  started = true;
  return main(argv, io);
};

/** Per loaded file: whether a code cache was there, and whether V8 took it. */
exports.codeCacheStatus = () => [...loaded].map(([file, { script, cached }]) => ({ file: path.basename(file), cached, rejected: script.cachedDataRejected === true }));

/** Whether this process turned V8's baseline compiler off (a run that loaded a command's file). */
exports.baselineCompilerOff = () => baselineOff;

/**
 * For the build only (scripts/bundle-warm.mjs): writes a code cache for each file this process
 * loaded whose name `which` accepts. A cache holds the V8 flags of the moment it is made.
 */
exports.writeCodeCaches = (which = () => true) => {
  for (const [file, { script }] of loaded) if (which(path.basename(file))) fs.writeFileSync(cacheFileOf(file), script.createCachedData());
};
