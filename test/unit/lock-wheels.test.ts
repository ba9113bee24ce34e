import { describe, expect, it } from 'vitest';
import { markerMinors } from '../../src/analyze/lock-markers.js';
import { type LockScanWork, scanLockWheels } from '../../src/analyze/uv-lock-wheels.js';
import { ALL_MINORS, wheelMinors } from '../../src/analyze/wheel-tags.js';

/** The minors (3.Y) in a mask, as strings, from 3.6 to 3.16 (enough to tell every case apart). */
const minors = (mask: number) =>
  Array.from({ length: 11 }, (_, i) => i + 6)
    .filter((m) => mask & (2 ** m))
    .map((m) => `3.${m}`);

describe('wheel tags: which CPython minors a wheel installs on in a Linux container (uv-platform-tags tags.rs)', () => {
  it.each([
    ['PyYAML-6.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', ['3.12'], []],
    ['PyYAML-6.0.2-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl', [], ['3.12']],
    ['cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl', ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15', '3.16'], []],
    ['six-1.16.0-py2.py3-none-any.whl', 'all', 'all'],
    ['attrs-26.1.0-py3-none-any.whl', 'all', 'all'],
    ['tomli-2.0.1-py311-none-any.whl', ['3.11', '3.12', '3.13', '3.14', '3.15', '3.16'], ['3.11', '3.12', '3.13', '3.14', '3.15', '3.16']],
    ['futures-3.4.0-py2-none-any.whl', [], []],
    ['x-1.0-cp37-cp37m-manylinux1_x86_64.whl', ['3.7'], []],
    ['x-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl', [], []],
    ['x-1.0-cp313-abi3t-manylinux_2_17_x86_64.whl', [], []],
    ['x-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl', [], []],
    ['x-1.0-cp312-cp312-musllinux_1_2_x86_64.whl', [], []],
    ['x-1.0-cp312-cp312-win_amd64.whl', [], []],
    ['x-1.0-cp312-cp312-macosx_11_0_arm64.whl', [], []],
    ['x-1.0-cp312-cp312-linux_x86_64.whl', ['3.12'], []],
    ['x-1.0-cp312-none-manylinux2010_x86_64.whl', ['3.12'], []],
    ['x-1.0-1build-cp311-cp311-manylinux_2_17_x86_64.whl', ['3.11'], []],
    ['x-1.0-py3-none-manylinux_2_17_x86_64.whl', 'all', []],
    ['not-a-wheel.tar.gz', [], []],
    ['x-1.0-cp312.whl', [], []],
  ])('%s', (file, x86, arm) => {
    const got = wheelMinors(file);
    expect(x86 === 'all' ? got.x86_64 : minors(got.x86_64)).toEqual(x86 === 'all' ? ALL_MINORS : x86);
    expect(arm === 'all' ? got.aarch64 : minors(got.aarch64)).toEqual(arm === 'all' ? ALL_MINORS : arm);
  });
});

describe('markers: the minors a uv.lock marker may be true for in the container', () => {
  it.each([
    ["python_full_version < '3.11'", ['3.6', '3.7', '3.8', '3.9', '3.10']],
    ["python_full_version >= '3.11.4'", ['3.11', '3.12', '3.13', '3.14', '3.15', '3.16']],
    ["python_version == '3.12'", ['3.12']],
    ["'3.10' > python_version", ['3.6', '3.7', '3.8', '3.9']],
    ["python_full_version >= '3.10' and python_full_version < '3.12'", ['3.10', '3.11']],
    ["python_full_version < '3.8' or python_full_version >= '3.15'", ['3.6', '3.7', '3.15', '3.16']],
    ["sys_platform == 'win32'", []],
    ["sys_platform == 'linux' and python_full_version >= '3.14'", ['3.14', '3.15', '3.16']],
    ["platform_python_implementation != 'PyPy'", 'all'],
    ["implementation_name == 'pypy'", []],
    ["platform_machine == 'x86_64'", 'all'],
    ["platform_machine == 'arm64'", []],
    ["extra == 'speedups'", 'all'],
    ["(sys_platform == 'darwin' or sys_platform == 'linux') and python_version < '3.9'", ['3.6', '3.7', '3.8']],
    ['python_full_version < "3.9"', ['3.6', '3.7', '3.8']],
    ["python_version in '3.8 3.9'", 'all'],
    ['this is ( not a marker', 'all'],
    ['', 'all'],
  ])('%s', (marker, expected) => {
    const got = markerMinors(marker);
    expect(expected === 'all' ? got : minors(got)).toEqual(expected === 'all' ? ALL_MINORS : expected);
  });
});

const wheel = (file: string) => `    { url = "https://files.example/${file}", hash = "sha256:00", size = 1 },\n`;
const pkg = (name: string, version: string, body = '') => `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\n${body}\n`;
const wheels = (...files: string[]) => `wheels = [\n${files.map(wheel).join('')}]\n`;
const cpWheels = (name: string, version: string, from: number, to: number, arch = 'x86_64') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${name}-${version}-cp3${from + i}-cp3${from + i}-manylinux_2_17_${arch}.whl`);
const root = (deps: string[]) => `[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n${deps.map((d) => `    ${d},\n`).join('')}]\n\n`;
const head = 'version = 1\nrevision = 3\nrequires-python = ">=3.9"\n\n';
const gapMinors = (text: string) =>
  scanLockWheels(text)
    .lacking.map((g) => g.minor)
    .filter((m) => Number(m.split('.')[1]) >= 9 && Number(m.split('.')[1]) <= 15);

describe('scanLockWheels: which minors some locked package lacks a wheel for', () => {
  it('the 2024 pins: cp39..cp312 only, so 3.13 and up lack one, naming the first package and its line', () => {
    const lock =
      head + root(['{ name = "zeroconf" }']) + pkg('zeroconf', '0.132.2', `sdist = { url = "https://files.example/zeroconf-0.132.2.tar.gz" }\n${wheels(...cpWheels('zeroconf', '0.132.2', 9, 12))}`);
    const facts = scanLockWheels(lock);
    expect(gapMinors(lock)).toEqual(['3.13', '3.14', '3.15']);
    expect(facts.lacking.find((g) => g.minor === '3.13')).toEqual({ minor: '3.13', count: 1, first: { name: 'zeroconf', version: '0.132.2', line: 13 } });
    expect(facts.packages).toBe(2);
  });

  it('a pure wheel beside compiled ones covers every minor; an sdist-only package and the editable project limit none', () => {
    const lock =
      head +
      root(['{ name = "charset-normalizer" }', '{ name = "sdist-only" }']) +
      pkg('charset-normalizer', '3.3.2', wheels(...cpWheels('charset_normalizer', '3.3.2', 9, 12), 'charset_normalizer-3.3.2-py3-none-any.whl')) +
      pkg('sdist-only', '1.0', 'sdist = { url = "https://files.example/sdist_only-1.0.tar.gz" }\n');
    expect(gapMinors(lock)).toEqual([]);
  });

  it('a package with Windows wheels only (no Linux wheel) limits nothing: on Linux it builds from source on every Python alike', () => {
    const lock = head + root(['{ name = "pywin32-ctypes" }']) + pkg('pywin32-ctypes', '1.0', wheels('pywin32_ctypes-1.0-cp312-cp312-win_amd64.whl'));
    expect(gapMinors(lock)).toEqual([]);
  });

  it('each architecture that has Linux wheels holds the choice: aarch64 wheels stopping at cp311 limit 3.12', () => {
    const lock = head + root(['{ name = "x" }']) + pkg('x', '1.0', wheels(...cpWheels('x', '1.0', 9, 12), ...cpWheels('x', '1.0', 9, 11, 'aarch64')));
    expect(gapMinors(lock)).toEqual(['3.12', '3.13', '3.14', '3.15']);
  });

  it('a package only needed below 3.11 (an edge marker) limits nothing above it', () => {
    const lock = head + root(['{ name = "backport", marker = "python_full_version < \'3.11\'" }']) + pkg('backport', '1.0', wheels(...cpWheels('backport', '1.0', 9, 10)));
    expect(gapMinors(lock)).toEqual([]);
  });

  it('and neither does what only it pulls in (markers carry along the edges)', () => {
    const lock =
      head +
      root(['{ name = "backport", marker = "python_full_version < \'3.11\'" }']) +
      pkg('backport', '1.0', `dependencies = [\n    { name = "helper" },\n]\n${wheels('backport-1.0-py3-none-any.whl')}`) +
      pkg('helper', '1.0', wheels(...cpWheels('helper', '1.0', 9, 10)));
    expect(gapMinors(lock)).toEqual([]);
  });

  it('a fork: numpy 2.0.2 below 3.10 (cp39 wheels) and 2.2.0 from 3.10 (cp310..cp313): only 3.14 and up lack one', () => {
    const lock =
      'version = 1\nrevision = 3\nrequires-python = ">=3.9"\nresolution-markers = [\n    "python_full_version >= \'3.10\'",\n    "python_full_version < \'3.10\'",\n]\n\n' +
      root([
        '{ name = "numpy", version = "2.0.2", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < \'3.10\'" }',
        '{ name = "numpy", version = "2.2.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= \'3.10\'" }',
      ]) +
      pkg('numpy', '2.0.2', `resolution-markers = [\n    "python_full_version < '3.10'",\n]\n${wheels(...cpWheels('numpy', '2.0.2', 9, 12))}`) +
      pkg('numpy', '2.2.0', `resolution-markers = [\n    "python_full_version >= '3.10'",\n]\n${wheels(...cpWheels('numpy', '2.2.0', 10, 13))}`);
    expect(gapMinors(lock)).toEqual(['3.14', '3.15']);
  });

  it('extras and dependency groups count; metadata (requires-dist) does not', () => {
    const lock =
      head +
      `[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\n\n[package.optional-dependencies]\nfast = [\n    { name = "speedups" },\n]\n\n[package.metadata]\nrequires-dist = [\n    { name = "other" },\n]\n\n` +
      pkg('speedups', '1.0', wheels(...cpWheels('speedups', '1.0', 9, 13))) +
      pkg('other', '1.0', wheels(...cpWheels('other', '1.0', 9, 10)));
    // `other` has no edge leading to it, so it counts as a root here too (a lock uv wrote has none such): the gap from 3.11 is its.
    const facts = scanLockWheels(lock);
    expect(facts.lacking.find((g) => g.minor === '3.14')?.count).toBe(2);
    expect(facts.lacking.find((g) => g.minor === '3.12')?.first.name).toBe('other');
  });

  it('inline arrays, [[distribution]], CRLF line ends and wheels named by path or filename are read too', () => {
    const lock = `${head}[[distribution]]\r\nname = "x"\r\nversion = "1.0"\r\nsource = { path = "wheels/x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl" }\r\nwheels = [{ filename = "x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl" }, { path = "x-1.0-cp311-cp311-manylinux_2_17_x86_64.whl" }]\r\n`;
    expect(gapMinors(lock)).toEqual(['3.9', '3.10', '3.13', '3.14', '3.15']);
  });

  it('work is linear in the size of the lock: 10x the packages, 10x the lines and edge visits (counted, not timed)', () => {
    const chain = (n: number) => {
      const parts = [head, root(['{ name = "p0" }'])];
      for (let i = 0; i < n; i++) {
        parts.push(
          pkg(
            `p${i}`,
            '1.0',
            `dependencies = [\n    { name = "p${i + 1}", marker = "python_full_version < '3.${9 + (i % 6)}'" },\n    { name = "dup" },\n]\n${wheels(...cpWheels(`p${i}`, '1.0', 9, 12))}`,
          ),
        );
        // Many entries of one name, reached by edges without a version: one name vertex, no product.
        parts.push(pkg('dup', `${i}.0`, wheels(`dup-${i}.0-py3-none-any.whl`)));
      }
      return parts.join('');
    };
    const measure = (n: number) => {
      const work: LockScanWork = { lines: 0, edgeVisits: 0 };
      scanLockWheels(chain(n), work);
      return work;
    };
    const small = measure(300);
    const large = measure(3000);
    expect(large.lines / small.lines).toBeLessThan(10.1);
    expect(large.edgeVisits / small.edgeVisits).toBeLessThan(10.5);
    // Each edge is followed at most once per minor a need grows by (30 bits), whatever the shape.
    expect(large.edgeVisits).toBeLessThan(3000 * 3 * 31);
  });
});
