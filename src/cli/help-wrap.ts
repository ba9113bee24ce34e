import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { wrapWords } from '../text.js';

/**
 * How `--help` wraps its columns: at spaces only. yargs lays its help out with cliui, whose ES
 * module build (the one `import yargs from 'yargs'` loads) wraps text every `width` characters,
 * wherever that falls ("configu / ration", "--all-ex / tras"): cliui's build/lib/string-utils.js
 * calls itself a minimal replacement for wrap-ansi. Here a line breaks between words, and a word
 * longer than its column stays whole on a line of its own (the line is then longer than the
 * column: a word cut in two is worse, since it can no longer be copied or searched for).
 */
export function wrapHelpText(text: string, width: number): string {
  // One column less than cliui offers: cliui pads a column only up to its width, so a line that
  // filled it would run into the next column ("against it)[string]").
  const room = width - 1;
  return text
    .split('\n')
    .map((line) => wrapWords(line.split(' '), room, widthOf).join('\n'))
    .join('\n');
}

/** Width in columns as cliui's ES module build counts it (a code point, a column): the help is plain text. */
function widthOf(text: string): number {
  return [...text].length;
}

type Cliui = (opts: unknown, mixin: { stringWidth(s: string): number; stripAnsi(s: string): string; wrap(s: string, width: number): string }) => CliuiUi;
interface CliuiUi {
  wrap: boolean;
  renderInline(source: string, previousLine: { text: string; span?: boolean }): string;
}

/**
 * cliui as --help uses it, from cliui's own layout (`cliui` of its build/lib/index.js) and its
 * stripAnsi: wrapHelpText for wrapping, and one more fix. cliui puts a right-aligned column (yargs'
 * `[boolean]`, `[default: "."]`) on the line before when the line's text ends left of where that
 * column starts, and also when it ends exactly there, so the two touch ("--no-dev)[boolean]");
 * then it goes on a line of its own, as when the text is longer.
 */
export function helpLayout(cliui: Cliui, stripAnsi: (s: string) => string): (opts: unknown) => CliuiUi {
  return (opts) => {
    const ui = cliui(opts, { stringWidth: widthOf, stripAnsi, wrap: wrapHelpText });
    const renderInline = ui.renderInline.bind(ui);
    ui.renderInline = (source, previousLine) => {
      const indent = /^ */.exec(source)?.[0].length ?? 0;
      if (ui.wrap && previousLine.span && indent === widthOf(previousLine.text.trimEnd())) return source;
      return renderInline(source, previousLine);
    };
    return ui;
  };
}

/**
 * Run from the sources (the tests, dist/ module by module), yargs is node_modules' ES module build:
 * its platform layer (lib/platform-shims/esm.mjs, one object yargs reads `cliui` from whenever it
 * prints help) gets helpLayout. The files are imported by path, as the packages do not export
 * them, which gives the very module instances yargs and cliui use. The bundle
 * (scripts/bundle.mjs) makes the same substitution at build time instead.
 */
export async function useWordWrapInYargs(): Promise<void> {
  const require = createRequire(import.meta.url);
  const fileUrl = (file: string) => pathToFileURL(file).href;
  // require.resolve gives each package's CommonJS entry: yargs/index.cjs, cliui/build/index.cjs.
  const yargsDir = path.dirname(require.resolve('yargs'));
  const cliuiLib = path.join(path.dirname(createRequire(path.join(yargsDir, 'index.cjs')).resolve('cliui')), 'lib');
  const shim = (await import(fileUrl(path.join(yargsDir, 'lib', 'platform-shims', 'esm.mjs')))).default as { cliui: unknown };
  const { cliui } = (await import(fileUrl(path.join(cliuiLib, 'index.js')))) as { cliui: Cliui };
  const { stripAnsi } = (await import(fileUrl(path.join(cliuiLib, 'string-utils.js')))) as { stripAnsi: (s: string) => string };
  shim.cliui = helpLayout(cliui, stripAnsi);
}
