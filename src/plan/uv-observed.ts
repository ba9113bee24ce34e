// Written by test/docker/uv-releases.test.ts (`npm run update:uv-table`) from what PyPI lists and what
// the uv binaries themselves report; do not edit by hand. CI checks it against both.

/** uv release lines on PyPI, from the oldest pinnable one; every patch from X.Y.0 to `newest` exists. */
export const UV_RELEASE_LINES: readonly { line: string; newest: string }[] = [
  {
    line: '0.4',
    newest: '0.4.30',
  },
  {
    line: '0.5',
    newest: '0.5.31',
  },
  {
    line: '0.6',
    newest: '0.6.17',
  },
  {
    line: '0.7',
    newest: '0.7.22',
  },
  {
    line: '0.8',
    newest: '0.8.24',
  },
  {
    line: '0.9',
    newest: '0.9.30',
  },
  {
    line: '0.10',
    newest: '0.10.12',
  },
  {
    line: '0.11',
    newest: '0.11.33',
  },
  {
    line: '0.12',
    newest: '0.12.24',
  },
  {
    line: '0.13',
    newest: '0.13.9',
  },
];

/**
 * Newest stable CPython of each minor that the newest uv of each line can download (its
 * compiled-in download list, x86_64 Linux glibc builds; other platforms get the same versions).
 */
export const UV_PYTHON_DOWNLOADS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '0.4.30': {
    '3.8': '3.8.20',
    '3.9': '3.9.20',
    '3.10': '3.10.15',
    '3.11': '3.11.10',
    '3.12': '3.12.7',
    '3.13': '3.13.0',
  },
  '0.5.31': {
    '3.7': '3.7.9',
    '3.8': '3.8.20',
    '3.9': '3.9.21',
    '3.10': '3.10.16',
    '3.11': '3.11.11',
    '3.12': '3.12.9',
    '3.13': '3.13.2',
  },
  '0.6.17': {
    '3.7': '3.7.9',
    '3.8': '3.8.20',
    '3.9': '3.9.22',
    '3.10': '3.10.17',
    '3.11': '3.11.12',
    '3.12': '3.12.10',
    '3.13': '3.13.3',
  },
  '0.7.22': {
    '3.8': '3.8.20',
    '3.9': '3.9.23',
    '3.10': '3.10.18',
    '3.11': '3.11.13',
    '3.12': '3.12.11',
    '3.13': '3.13.5',
  },
  '0.8.24': {
    '3.8': '3.8.20',
    '3.9': '3.9.23',
    '3.10': '3.10.18',
    '3.11': '3.11.13',
    '3.12': '3.12.11',
    '3.13': '3.13.7',
  },
  '0.9.30': {
    '3.8': '3.8.20',
    '3.9': '3.9.25',
    '3.10': '3.10.19',
    '3.11': '3.11.14',
    '3.12': '3.12.12',
    '3.13': '3.13.12',
    '3.14': '3.14.3',
  },
  '0.10.12': {
    '3.8': '3.8.20',
    '3.9': '3.9.25',
    '3.10': '3.10.20',
    '3.11': '3.11.15',
    '3.12': '3.12.13',
    '3.13': '3.13.12',
    '3.14': '3.14.3',
  },
  '0.11.33': {
    '3.8': '3.8.20',
    '3.9': '3.9.25',
    '3.10': '3.10.20',
    '3.11': '3.11.15',
    '3.12': '3.12.13',
    '3.13': '3.13.14',
    '3.14': '3.14.6',
  },
  '0.12.24': {
    '3.8': '3.8.20',
    '3.9': '3.9.25',
    '3.10': '3.10.22',
    '3.11': '3.11.17',
    '3.12': '3.12.15',
    '3.13': '3.13.16',
    '3.14': '3.14.8',
  },
  '0.13.9': {
    '3.8': '3.8.20',
    '3.9': '3.9.25',
    '3.10': '3.10.22',
    '3.11': '3.11.18',
    '3.12': '3.12.16',
    '3.13': '3.13.18',
    '3.14': '3.14.10',
    '3.15': '3.15.2',
  },
};

/** The first uv release that can download a stable build of each CPython minor newer than the oldest pinnable uv has. */
export const UV_FIRST_STABLE_PYTHON: Readonly<Record<string, string>> = {
  '3.13': '0.4.20',
  '3.14': '0.9.0',
  '3.15': '0.13.0',
};
