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

/** Every file loaded so far: its module object, and its script (for writeCodeCaches). */
const loaded = new Map();

function load(file) {
  const known = loaded.get(file);
  if (known) return known.module.exports;
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
exports.main = (argv, io) => load(path.join(__dirname, 'main.cjs')).main(argv, io);

/** Per loaded file: whether a code cache was there, and whether V8 took it. */
exports.codeCacheStatus = () => [...loaded].map(([file, { script, cached }]) => ({ file: path.basename(file), cached, rejected: script.cachedDataRejected === true }));

/** For the build only (scripts/bundle-warm.mjs): writes a code cache for every file this process loaded. */
exports.writeCodeCaches = () => {
  for (const [file, { script }] of loaded) fs.writeFileSync(cacheFileOf(file), script.createCachedData());
};
