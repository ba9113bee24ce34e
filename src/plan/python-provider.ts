import type { Diagnostic } from '../diagnostics.js';
import { imageFacts } from './image-facts.js';
import type { Decision, PythonProvider } from './types.js';

/**
 * The Python an image ships: `python:3.12-slim`, `docker.io/library/python:3.13`,
 * `ghcr.io/x/python:3.11.9-bookworm`, `mcr.microsoft.com/devcontainers/python:1-3.12`,
 * `ghcr.io/astral-sh/uv:python3.12-bookworm` -> "3.12" etc. (image-facts.ts knows the tag forms).
 */
export function imagePythonMinor(image: string): string | undefined {
  // An image image-facts.ts knows is read by its own tag rules (a devcontainers tag 1-3.12 starts with
  // the image's release, which the pattern below would take for Python); only others by the pattern.
  const known = imageFacts(image);
  if (known) return known.python;
  const match = /(?:^|\/)python:(\d+\.\d+)(?:[.-][\w.-]*)?(?:@sha256:[a-f0-9]+)?$/.exec(image);
  return match?.[1];
}

/**
 * Where the interpreter comes from. uv-managed Pythons live on the volume beside the environment
 * and survive image changes; a Python image's own interpreter needs no download. The image's is
 * taken when the base image is a Python image whose version is the one the plan chose (or when
 * asked for); otherwise uv manages it.
 */
export function choosePythonProvider(baseImage: string, python: string, option: PythonProvider | undefined, diagnostics: Diagnostic[]): Decision<PythonProvider> {
  const inImage = imagePythonMinor(baseImage);
  // A plain CPython request ("3.12", "3.12.4", "cpython@3.12"); another implementation is never the image's.
  // Only a bare X.Y request can be served by whatever patch release the image has; 3.12.4, 3.13t
  // or pypy@3.10 need an interpreter the image may not have, so uv manages those.
  const bare = /^(?:cpython[-@]?)?(\d+\.\d+)$/i.exec(python)?.[1];
  const wanted = bare ?? /^(?:cpython[-@]?)?(\d+\.\d+)/i.exec(python)?.[1];
  const otherImplementation = bare === undefined;
  if (option === 'uv-managed') return { value: 'uv-managed', source: '--python-from', reason: 'asked for on the command line: uv installs Python onto the volume' };
  if (option === 'image') {
    if (!inImage)
      diagnostics.push({
        level: 'warning',
        code: 'python-from-image-unknown',
        message: `--python-from image: ${baseImage} is not a python:X.Y image, so the generator cannot tell which Python it has`,
        hint: 'uv sync fails if the image has no Python that satisfies the project',
      });
    else if (wanted && wanted !== inImage)
      diagnostics.push({
        level: 'warning',
        code: 'python-from-image-mismatch',
        message: `--python-from image: ${baseImage} has Python ${inImage}, the plan chose ${python}`,
        hint: 'pick a base image with the right Python, or leave --python-from out',
      });
    return { value: 'image', source: '--python-from', reason: "asked for on the command line: the base image's Python, no download" };
  }
  if (inImage && !otherImplementation && wanted === inImage) {
    return {
      value: 'image',
      source: 'base image',
      reason: `${baseImage} ships Python ${inImage}, the version the plan chose: uv uses it and downloads nothing. The environment is tied to the image, and uv recreates it when a rebuilt image brings another interpreter`,
    };
  }
  return {
    value: 'uv-managed',
    source: 'plan',
    reason: inImage
      ? `${baseImage} ships Python ${inImage}, not ${python}: uv installs ${python} onto the volume instead`
      : 'uv installs Python onto the volume, beside the environment: it survives image rebuilds, and the base image needs no Python',
  };
}
