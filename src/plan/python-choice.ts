import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PlanOptions } from './options.js';
import { resolvePythonVersion } from './python.js';
import { choosePythonProvider, imagePythonMinor } from './python-provider.js';
import type { Decision, PythonProvider } from './types.js';

/**
 * How uv in the container is held to the chosen version. `UV_PYTHON`: --python asked for it, and
 * only that variable outranks .python-version for every uv command. `version-file`: .python-version
 * names it, and uv reads that file itself. `sync`: nothing does, so the install step's `uv sync`
 * (or `uv venv`) is told it.
 */
export type PythonPin = 'UV_PYTHON' | 'version-file' | 'sync';

/** Everything about the environment's Python, decided once (decidePython). */
export interface PythonChoice {
  /** The version (or request, such as `pypy@3.10`) and where it comes from. */
  decision: Decision<string>;
  /** The image's interpreter, or one uv installs onto the volume. */
  provider: Decision<PythonProvider>;
  pin: PythonPin;
}

/**
 * The Python of the plan, in one pass. When the interpreter will come from the image (asked for,
 * or a Python image, the user's own or --base-image, whose version nothing else overrides), any
 * version the image has will do; otherwise uv downloads it, and only versions the pinned uv has a
 * stable build of are chosen (`uv`; undefined when uv's version is not settled, which stops the run).
 * Without a base image there is no provider to choose: the run stops on that image's own error.
 */
export function decidePython(facts: RepoFacts, options: PlanOptions, baseImage: Decision<string> | undefined, uv: string | undefined, diagnostics: Diagnostic[]): PythonChoice | undefined {
  const minor = baseImage && options.pythonFrom !== 'uv-managed' ? imagePythonMinor(baseImage.value) : undefined;
  const image = minor && baseImage ? { minor, image: baseImage.value, source: baseImage.source } : undefined;
  // --python-from image: uv downloads nothing. Otherwise uv downloads any version but the image's own minor.
  const downloader = options.pythonFrom === 'image' ? undefined : uv;
  const version = resolvePythonVersion(facts, options.python, diagnostics, downloader, image, image?.minor);
  if (!version || !baseImage) return undefined;
  const provider = choosePythonProvider(baseImage.value, version.decision.value, options.pythonFrom, diagnostics);
  const pin: PythonPin = options.python !== undefined ? 'UV_PYTHON' : version.fromVersionFile ? 'version-file' : 'sync';
  return { decision: version.decision, provider, pin };
}
