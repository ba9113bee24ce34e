// The CLI as the bin runs it, in dist/bundle: the whole program in a handful of files, one lazy
// chunk per command, and a V8 code cache beside each. Called by scripts/build.mjs after tsc, which
// still writes dist/ module by module for the tests that import it.
//
// Why each part. Whole-process medians on Node 20, as a multiple of `node -e 0`, for `--dry-run` on
// examples/uv-app and for `--help`: 6.3x and 3.2x from dist/ module by module; 4.4x and 2.6x as an
// ES module bundle; 2.6x and 1.8x as it is built here (scripts/bench-startup.mjs).
// - One bundle instead of ~110 modules: Node no longer resolves, reads and links a file per module.
// - A chunk per command (esbuild's code splitting, through `await import()` in src/cli/main.ts):
//   `--help` loads yargs and the options, no template, TOML parser or schema validator.
// - CommonJS, loaded by run.cjs (scripts/bundle-loader.cjs) with a code cache made at build time by
//   running the examples (scripts/bundle-warm.mjs): even bundled, most of a cold start is V8
//   compiling what the run calls, and Node 20 takes a code cache only for scripts, never for ES
//   modules (and an ES module entry alone costs ~8 ms, hence the CommonJS bin too). esbuild splits
//   only ES modules, so the chunks are split as ESM, then turned into CommonJS file by file
//   (imports become require calls between chunks: still one instance of each module).
// - V8's baseline compiler off once a run loads a command's file (scripts/bundle-loader.cjs): a
//   --dry-run on examples/uv-app 311 M -> 269 M instructions; the warm run makes the start-up
//   files' caches before the flag and the others after, since a cache holds the flags.
//
//   dist/bundle/run.cjs             the loader: main(argv, io)
//   dist/bundle/main.cjs            yargs, the options, main(); the commands are required on demand
//   dist/bundle/<command>-*.cjs     a chunk per command; chunk-*.cjs what commands share
//   dist/bundle/write-transaction.cjs  what only some runs need (DEFERRED below), loaded on first call
//   dist/bundle/validate-production.cjs
//   dist/bundle-chunks.json         which source modules each file holds (test/unit/bundle-chunks.test.ts)
//   dist/bundle/yaml.cjs            yaml and jsonc-parser, one file each, loaded synchronously on
//   dist/bundle/jsonc-parser.cjs      first use (src/lazy.ts)
//   dist/bundle/*.cache             V8 code caches
//   dist/bundle/yargs-locales/      yargs' translations, which it reads from disk
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { build, transform } from 'esbuild';

/**
 * Modules of the program that only some runs need, by the name src/lazy.ts's deferred() loads them
 * under. Each is an entry of the split build (NAME.cjs, sharing chunks with the rest, so one instance
 * of every module), and the import at its call site resolves to an empty stand-in (deferredModules),
 * so the chunks every run loads do not hold it. A run that writes nothing loads none of them; the
 * README's start-up figures say what they save.
 *
 * Each entry costs the runs that do load it, and may cost every run: the modules it shares with the
 * rest go to a chunk of their own (esbuild splits by which entries reach a file), one more file to
 * read. Measured as instructions (valgrind, median of 5) of a --dry-run on examples/uv-app and on
 * examples/plain-pep621, against no entry at all: the transaction alone, -0.7 M and -3.1 M (one
 * small chunk more: write/lock.ts and outputs.ts); with the lock's wheel scanner too, +1.0 M and
 * -2.3 M (a uv project has a lock, so it is loaded all the same, from one more file); with the
 * devcontainer.json merge and its JSONC editor (22 KB) too, ~+4 M (five more chunks: it shares a
 * dozen analyze/ and plan/ modules with the planner). Hence only the transaction. The production
 * section's schema validator (80 KB, shares nothing) took the --dry-run on uv-app from ~310 M to
 * ~307 M (median of 3; the validator left for every run, 224 KB, still costs ~17 M: ~10 M to load, ~7 M to run).
 */
const DEFERRED = {
  // Only a run that writes.
  'write-transaction': 'src/write/transaction.ts',
  // Only a run whose plan has a production section (the plan's schema check, src/targets/validate.ts).
  'validate-production': 'src/targets/production/validate.ts',
};

/** Builds dist/bundle from src (the generated sources must already be written). */
export async function bundle(root) {
  const out = join(root, 'dist', 'bundle');
  const require = createRequire(join(root, 'package.json'));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const common = {
    platform: 'node',
    target: 'node20',
    // Whitespace and syntax only: names stay, so an internal error's stack still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  };

  // The lazily loaded libraries, each as one CommonJS file (src/lazy.ts requires them synchronously).
  const { wrap } = createRequire(import.meta.url)('./bundle-loader.cjs');
  const lazyModules = { yaml: 'yaml.cjs', jsonc: 'jsonc-parser.cjs' };
  // jsonc-parser's main build is UMD, which esbuild cannot follow; its ESM build bundles cleanly.
  const jsoncEsm = join(dirname(require.resolve('jsonc-parser/package.json')), 'lib', 'esm', 'main.js');
  for (const [entry, file] of [
    [require.resolve('yaml'), lazyModules.yaml],
    [jsoncEsm, lazyModules.jsonc],
  ]) {
    const lib = await build({ ...common, bundle: true, legalComments: 'eof', entryPoints: [entry], format: 'cjs', write: false });
    writeFileSync(join(out, file), wrap(lib.outputFiles[0].text));
  }

  cpSync(join(dirname(require.resolve('yargs/package.json')), 'locales'), join(out, 'yargs-locales'), { recursive: true });

  const split = await build({
    ...common,
    bundle: true,
    legalComments: 'eof',
    absWorkingDir: root,
    entryPoints: { main: join(root, 'src', 'cli', 'main.ts'), ...Object.fromEntries(Object.entries(DEFERRED).map(([name, file]) => [name, join(root, file)])) },
    format: 'esm',
    splitting: true,
    outdir: out,
    outExtension: { '.js': '.cjs' },
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    define: {
      BUNDLED_YAML: JSON.stringify(`./${lazyModules.yaml}`),
      BUNDLED_JSONC_PARSER: JSON.stringify(`./${lazyModules.jsonc}`),
      BUNDLED_DEFERRED: 'true',
      BUNDLED_HELP_WRAP: 'true',
    },
    plugins: [yargsShimForBundle(), cliuiWordWrap(root), deferredModules(root)],
    // A deferred module's call site must reach it through deferred(), never through the stand-in.
    logOverride: { 'import-is-undefined': 'error' },
    metafile: true,
    write: false,
  });
  checkDeferredNames(split.outputFiles);
  const chunks = {};
  for (const [file, output] of Object.entries(split.metafile.outputs)) chunks[file.split('/').pop()] = Object.keys(output.inputs).sort();
  // Beside the bundle, not in it: the package ships dist/bundle whole, and only the tests read this.
  writeFileSync(join(root, 'dist', 'bundle-chunks.json'), `${JSON.stringify(chunks, null, 2)}\n`);
  for (const file of split.outputFiles) {
    const cjs = await transform(file.text, {
      ...common,
      format: 'cjs',
      // `import('./generate-*.cjs')` becomes a require: the loader hands each chunk its require.
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__importMetaUrl' },
    });
    if (/\bimport\(/.test(cjs.code)) throw new Error(`${file.path}: an import() is left; the loader has no ES module loader`);
    // The chunks were ES modules, so strict; and import.meta.url is this file's URL, as it was.
    const importMetaUrl = cjs.code.includes('__importMetaUrl') ? 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' : '';
    writeFileSync(file.path, wrap(`"use strict";${importMetaUrl}${cjs.code}`));
  }

  copyFileSync(join(root, 'scripts', 'bundle-loader.cjs'), join(out, 'run.cjs'));
  await bundleLibrary(root, common);

  // The code caches, made by a plain Node: V8 rejects a cache made under other flags.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const warm = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-warm.mjs'), root], { env, stdio: 'inherit' });
  if (warm.status !== 0) throw new Error(`scripts/bundle-warm.mjs exited ${warm.status ?? warm.signal}`);
}

/**
 * The library (`import { plan, render, generate } from 'gen-devcontainer'`, src/index.ts): one ES
 * module, dist/lib/index.js, with every library inlined (the package has no dependencies), and its
 * declarations in dist/types. Neither the bin's loader nor its code caches: a program imports it once.
 * src/lazy.ts loads yaml and jsonc-parser on first use with a require of Node's; here the same
 * requires are the bundle's own, still on first use: yaml's CommonJS code requires node:process as
 * it loads, and Node's require reads a variable of its own, so nothing of it may run at import.
 */
async function bundleLibrary(root, common) {
  const require = createRequire(join(root, 'package.json'));
  const jsoncEsm = join(dirname(require.resolve('jsonc-parser/package.json')), 'lib', 'esm', 'main.js');
  const lib = join(root, 'dist', 'lib');
  rmSync(lib, { recursive: true, force: true });
  await build({
    ...common,
    bundle: true,
    legalComments: 'eof',
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'index.ts')],
    format: 'esm',
    outfile: join(lib, 'index.js'),
    // yaml's CommonJS build requires node:process and node:buffer; an ES module has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';const require=__createRequire(import.meta.url);" },
    plugins: [
      {
        name: 'lazy-as-static-imports',
        setup(build) {
          build.onLoad({ filter: /[\\/]src[\\/]lazy\.ts$/ }, () => ({
            contents: `let yamlModule, jsoncModule;\nexport const yaml = () => (yamlModule ??= require('yaml'));\nexport const jsonc = () => (jsoncModule ??= require(${JSON.stringify(jsoncEsm)}));\n// One file: a deferred module is inlined as an ordinary import, and handed back.\nexport const deferred = (_name, source) => () => source;\n`,
            loader: 'js',
            resolveDir: root,
          }));
        },
      },
    ],
  });
  copyDeclarations(join(root, 'dist'), 'index.d.ts', join(root, 'dist', 'types'));
}

/**
 * The declarations the entry's types reach (tsc wrote one per module into dist/), copied into
 * `to`: only those, so the package ships the public types and not the program's. A declaration
 * that names a package (a devDependency's types) would not resolve where the package is installed:
 * the build stops on one.
 */
function copyDeclarations(from, entry, to) {
  rmSync(to, { recursive: true, force: true });
  const todo = [entry];
  const seen = new Set();
  while (todo.length > 0) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(from, file), 'utf8');
    // Comments may quote an import (the library's own example does): only code counts.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [, name] of code.matchAll(/(?:\bfrom\s+|\bimport\()\s*['"]([^'"]+)['"]/g)) {
      if (!name.startsWith('.')) throw new Error(`${file}: the library's declarations import ${name}, which its users do not have`);
      todo.push(join(dirname(file), name.replace(/\.js$/, '.d.ts')));
    }
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), text);
  }
}

/**
 * The import of a deferred module at its call site (src/lazy.ts) resolves to an empty module: the
 * module itself is an entry of its own (DEFERRED), and deferred() loads that file on first call. An
 * entry point is the module itself; any other import of it from the program is a call site.
 */
function deferredModules(root) {
  const files = new Set(Object.values(DEFERRED).map((file) => join(root, file)));
  const names = Object.values(DEFERRED).map((file) => basename(file, '.ts').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    name: 'deferred-modules',
    setup(build) {
      build.onResolve({ filter: new RegExp(`[\\\\/](?:${names.join('|')})\\.js$`) }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const file = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return files.has(file) ? { path: file, namespace: 'deferred-stand-in' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'deferred-stand-in' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
}

/** Every deferred('NAME', ...) in the bundle names a file of it, and every DEFERRED entry is used. */
function checkDeferredNames(outputFiles) {
  const built = new Set(outputFiles.map((file) => basename(file.path)));
  const used = new Set();
  for (const file of outputFiles) for (const match of file.text.matchAll(/\bdeferred\("([^"]*)"/g)) used.add(match[1]);
  for (const name of used) if (!built.has(`${name}.cjs`)) throw new Error(`deferred("${name}") names no file of the bundle; add it to DEFERRED in scripts/bundle.mjs`);
  for (const name of Object.keys(DEFERRED)) if (!used.has(name)) throw new Error(`DEFERRED names ${name}, which no deferred() call loads`);
}

/**
 * cliui's ES module build wraps help text every N characters, through words; the bundle's cliui is
 * src/cli/help-wrap.ts's helpLayout (whose comments say why), as the sources' is once main()
 * patches yargs at run time. Checked like the shim's edits: a cliui whose entry changed stops the build.
 */
function cliuiWordWrap(root) {
  const expected = ["import { cliui } from './build/lib/index.js'", "import { wrap, stripAnsi } from './build/lib/string-utils.js'"];
  const contents = [
    "import { cliui } from './build/lib/index.js'",
    "import { stripAnsi } from './build/lib/string-utils.js'",
    `import { helpLayout } from ${JSON.stringify(join(root, 'src', 'cli', 'help-wrap.ts'))}`,
    'export default helpLayout(cliui, stripAnsi)',
  ].join('\n');
  return {
    name: 'cliui-word-wrap',
    setup(build) {
      build.onLoad({ filter: /[\\/]cliui[\\/]index\.mjs$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        for (const line of expected) if (!source.includes(line)) throw new Error(`${args.path}: no ${line}; check this cliui version`);
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * Three edits to yargs' ESM shim (its platform layer), each checked so that a yargs release that
 * moves them stops the build instead of the CLI:
 * - yargs finds its translations at `../../../locales` from the shim, a path that means nothing once
 *   the shim is inside the bundle; point it at the copy beside the bundle, so `--help` under
 *   LANG=de_DE prints the same German headings as yargs run from node_modules.
 * - The shim takes two functions from node:assert for yargs' internal consistency checks (a key
 *   is a string, a frozen state exists), and loading node:assert costs every run ~1.3 ms, 4% of a
 *   bare Node's start; the same checks, throwing a plain Error, cost nothing to load.
 */
function yargsShimForBundle() {
  const edits = [
    ["resolve(__dirname, '../../../locales')", "fileURLToPath(new URL('./yargs-locales', import.meta.url))"],
    [
      "import { notStrictEqual, strictEqual } from 'assert'",
      'const notStrictEqual = (actual, expected, message) => { if (Object.is(actual, expected)) throw new Error(message ?? `yargs: expected a value other than ${String(expected)}`) };\n' +
        'const strictEqual = (actual, expected, message) => { if (!Object.is(actual, expected)) throw new Error(message ?? `yargs: expected ${String(expected)}, got ${String(actual)}`) }',
    ],
    // No package.json search: as yargs() is made, it guesses the program's version from the nearest
    // package.json above where the shim lives, which in the bundle is the current folder: it listed
    // every folder from there up to one holding a package.json (in a Python repository, up to /; a
    // crowded /tmp alone cost ~50 M instructions), and the version it found is replaced by
    // .version(VERSION) in src/cli/main.ts. The search is its only use (pkgConf is never called).
    ['  findUp: escalade,', '  findUp: () => undefined,'],
  ];
  return {
    name: 'yargs-shim-for-bundle',
    setup(build) {
      build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (!source.includes(from)) throw new Error(`${args.path}: no ${from} to replace; check this yargs version's shim`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}
