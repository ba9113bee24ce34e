/**
 * Which CPython 3 minors a wheel installs on, in a Linux container: the part of uv's tag matching
 * (astral-sh/uv crates/uv-platform-tags/src/tags.rs, `Tags::from_env`, and `compatible_tags` for
 * the platforms) that tells one Python from another. Minors are bits of a mask: bit Y is 3.Y.
 *
 * What uv accepts for CPython 3.Y (not free-threaded, not a debug build: what uv installs by default):
 * `cp3Y-cp3Y` (and `cp3Ym` before 3.8), `cp3Z-abi3` for every Z <= Y, `cp3Y-none`, `py3Z-none` for
 * Z <= Y and `py3-none`; each with a platform below, or `any`. `py2` and other interpreters
 * (`pp`, `graalpy`) never match; `abi3t` and `cp3Yt` are free-threaded only.
 *
 * Platforms: `manylinux1`, `manylinux2010`, `manylinux2014`, `manylinux_2_N` and `linux`, on x86_64
 * or aarch64. The container is glibc-based (the default image is Debian, and uv's managed CPython
 * is a glibc build there), so `musllinux` wheels do not count, and no glibc ceiling is applied: a
 * wheel that needs a newer glibc than the image's is rare among locked pins.
 */

/** Minors 3.0 to 3.29: a 30-bit mask, so that every operation stays on small integers. */
export const MINOR_BITS = 30;
export const ALL_MINORS = 2 ** MINOR_BITS - 1;

/** From minor `from` upward. */
const fromMinor = (from: number): number => (from >= MINOR_BITS ? 0 : ALL_MINORS - (2 ** from - 1));
const onlyMinor = (minor: number): number => (minor >= MINOR_BITS ? 0 : 2 ** minor);

/** The two architectures dev containers run on: x86_64 (Linux and Windows hosts, Codespaces) and aarch64 (Apple silicon, ARM hosts). */
export interface WheelMinors {
  x86_64: number;
  aarch64: number;
}

const PLATFORM = /^(?:manylinux1|manylinux2010|manylinux2014|manylinux_\d+_\d+|linux)_(x86_64|aarch64)$/;
const LANGUAGE = /^(cp|py)3(\d{0,2})$/;

/**
 * The minors a wheel file installs on, per architecture; both 0 when it is no wheel name or fits
 * neither. `name-version(-build)?-python-abi-platform.whl`, each tag possibly a `.`-joined set
 * (PEP 425's compressed tags, `py2.py3`, `manylinux_2_17_x86_64.manylinux2014_x86_64`).
 */
export function wheelMinors(filename: string): WheelMinors {
  const result: WheelMinors = { x86_64: 0, aarch64: 0 };
  if (!filename.endsWith('.whl')) return result;
  const parts = filename.slice(0, -4).split('-');
  if (parts.length < 5 || parts.length > 6) return result;
  const [languages, abis, platforms] = parts.slice(-3) as [string, string, string];
  let minors = 0;
  for (const language of languages.split('.')) for (const abi of abis.split('.')) minors |= languageAbiMinors(language, abi);
  if (minors === 0) return result;
  for (const platform of platforms.split('.')) {
    if (platform === 'any') {
      result.x86_64 |= minors;
      result.aarch64 |= minors;
      continue;
    }
    const arch = PLATFORM.exec(platform)?.[1];
    if (arch === 'x86_64') result.x86_64 |= minors;
    else if (arch === 'aarch64') result.aarch64 |= minors;
  }
  return result;
}

function languageAbiMinors(language: string, abi: string): number {
  const match = LANGUAGE.exec(language);
  if (!match) return 0;
  const [, implementation, digits] = match as unknown as [string, 'cp' | 'py', string];
  if (digits === '') return implementation === 'py' && abi === 'none' ? ALL_MINORS : 0;
  const minor = Number(digits);
  if (implementation === 'py') return abi === 'none' ? fromMinor(minor) : 0;
  if (abi === 'abi3') return fromMinor(minor);
  if (abi === 'none' || abi === `cp3${digits}` || (minor < 8 && abi === `cp3${digits}m`)) return onlyMinor(minor);
  return 0;
}
