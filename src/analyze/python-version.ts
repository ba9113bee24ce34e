import type { PythonVersionFileFacts } from './facts.js';

/**
 * `.python-version` holds one request per line (uv reads several for `uv python install`; the
 * project uses the first). Blank lines and `#` comments are skipped, as uv does.
 */
export function readPythonVersionFile(file: string, text: string): PythonVersionFileFacts | undefined {
  const lines = text.split(/\r?\n/);
  const all: { value: string; line: number }[] = [];
  lines.forEach((raw, index) => {
    const value = raw.trim();
    if (value && !value.startsWith('#')) all.push({ value, line: index + 1 });
  });
  const first = all[0];
  if (!first) return undefined;
  return { request: { value: first.value, file, line: first.line }, all: all.map((r) => r.value) };
}
