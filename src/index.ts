/**
 * The package's library entry (package.json `exports`): `import { plan, render, generate } from
 * 'gen-devcontainer'`. Importing it runs nothing (src/library.ts says what each function does);
 * the types are the ones the command line uses.
 */
export type { Diagnostic, DiagnosticCode, DiagnosticLevel } from './diagnostics.js';
export {
  type FileResult,
  type Generated,
  type GenerateOptions,
  generate,
  type Options,
  type Planned,
  type PlanResult,
  plan,
  type Rendered,
  type RenderedFile,
  render,
} from './library.js';
export type { PlanOptionKey } from './plan/options.js';
export type { Plan } from './targets/types.js';
