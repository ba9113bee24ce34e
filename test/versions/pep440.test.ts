import { describe, expect, it } from 'vitest';
import { compareVersions, formatSpecifiers, minorLineSatisfies, parseSpecifierSet, parseVersion, satisfies, type Version } from '../../src/versions/pep440.js';

const v = (text: string): Version => {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`test setup: invalid version ${text}`);
  return parsed;
};

describe('parseVersion', () => {
  it.each([
    ['1.0', '1.0'],
    ['  3.12.1\n', '3.12.1'],
    ['v1.0', '1.0'],
    ['V2', '2'],
    ['1!2.0', '1!2.0'],
    ['0!1.0', '1.0'],
    ['01.002.0', '1.2.0'],
    ['1.0a1', '1.0a1'],
    ['1.0.alpha.1', '1.0a1'],
    ['1.0-beta2', '1.0b2'],
    ['1.0c1', '1.0rc1'],
    ['1.0pre1', '1.0rc1'],
    ['1.0_preview_3', '1.0rc3'],
    ['1.0RC1', '1.0rc1'],
    ['1.0a', '1.0a0'],
    ['1.0-1', '1.0.post1'],
    ['1.0.post', '1.0.post0'],
    ['1.0-r2', '1.0.post2'],
    ['1.0rev3', '1.0.post3'],
    ['1.0.dev', '1.0.dev0'],
    ['1.0-dev_4', '1.0.dev4'],
    ['1.0a1.post2.dev3', '1.0a1.post2.dev3'],
    ['1.0+Ubuntu-1_a', '1.0+ubuntu.1.a'],
  ])('%j normalises to %j', (input, text) => {
    expect(parseVersion(input)?.text).toBe(text);
  });

  it('exposes structured parts', () => {
    expect(parseVersion('2!1.2.3rc4.post5.dev6+abc')).toEqual({
      epoch: 2,
      release: [1, 2, 3],
      pre: { kind: 'rc', n: 4 },
      post: 5,
      dev: 6,
      local: 'abc',
      text: '2!1.2.3rc4.post5.dev6+abc',
    });
  });

  it.each(['', '3.x', '1.', '.1', '1..0', '1.0-', 'a1', '1.0+', '1.0+a..b', '1.0 .1', 'vv1', '1.0gamma1', '3.12.*'])('rejects %j', (input) => {
    expect(parseVersion(input)).toBeUndefined();
  });
});

describe('compareVersions', () => {
  const ordered = ['0.9', '1.0.dev1', '1.0a1.dev1', '1.0a1', '1.0a1.post1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+abc', '1.0+5', '1.0.post1.dev1', '1.0.post1', '1.0.1', '1.1.dev0', '2.0', '1!0.1'];
  it.each(ordered.slice(1).map((b, i) => [ordered[i], b]))('%s < %s', (a, b) => {
    expect(compareVersions(v(a!), v(b))).toBe(-1);
    expect(compareVersions(v(b), v(a!))).toBe(1);
  });

  it.each([
    ['1.0', '1.0.0'],
    ['1', '1.0.0.0'],
    ['v1.0-1', '1.0.post1'],
    ['1.0+A-1', '1.0+a.1'],
  ])('%s == %s', (a, b) => {
    expect(compareVersions(v(a), v(b))).toBe(0);
  });
});

describe('parseSpecifierSet', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['>=3.10', [{ op: '>=', version: '3.10', wildcard: false }]],
    [
      ' >= 3.9 ,< 3.13 ',
      [
        { op: '>=', version: '3.9', wildcard: false },
        { op: '<', version: '3.13', wildcard: false },
      ],
    ],
    ['==3.12.*', [{ op: '==', version: '3.12', wildcard: true }]],
    ['!=3.9.*', [{ op: '!=', version: '3.9', wildcard: true }]],
    ['~=3.11', [{ op: '~=', version: '3.11', wildcard: false }]],
    ['0.5.3', [{ op: '==', version: '0.5.3', wildcard: false }]],
    ['===1.0-Foo', [{ op: '===', version: '1.0-Foo', wildcard: false }]],
    ['==1.0+Local', [{ op: '==', version: '1.0+local', wildcard: false }]],
    ['>=1.0.ALPHA1', [{ op: '>=', version: '1.0a1', wildcard: false }]],
  ])('%j', (text, specifiers) => {
    expect(parseSpecifierSet(text)).toEqual({ ok: true, specifiers });
  });

  it.each([
    ['>=', /clause 1.*missing version after '>='/],
    ['3.x', /clause 1.*'3\.x' is not a valid PEP 440 version/],
    ['>=3.10,,', /empty clause 2/],
    ['>=3.10,', /empty clause 2/],
    [',>=3.10', /empty clause 1/],
    ['~=3', /'~=' needs at least two release segments/],
    ['>=3.*', /wildcard '\.\*' is only allowed with == and !=/],
    ['~=3.1.*', /wildcard/],
    ['==3.12a1.*', /wildcard '\.\*' may only follow a release number/],
    ['>=1.0+local', /local version label '\+local' is not allowed with '>='/],
    ['=>3.10', /unknown operator '=>'/],
    ['=3.10', /unknown operator '='/],
    ['>=3.8, <>3.9', /clause 2.*unknown operator '<>'/],
    ['>=3.8 <3.9', /clause 1.*not a valid PEP 440 version/],
  ])('rejects %j', (text, message) => {
    const r = parseSpecifierSet(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('formats canonically', () => {
    const r = parseSpecifierSet('>= v3.8 ,!=3.9.* ,<4,~=3.10.0rc1,0.5.3');
    expect(r.ok && formatSpecifiers(r.specifiers)).toBe('>=3.8, !=3.9.*, <4, ~=3.10.0rc1, ==0.5.3');
    expect(formatSpecifiers([])).toBe('');
  });
});

describe('satisfies', () => {
  it.each([
    // == / != (zero padding, wildcards, locals)
    ['1.0', '==1.0.0', true],
    ['1.0.1', '==1.0', false],
    ['1.0+local', '==1.0', true],
    ['1.0+local', '==1.0+local', true],
    ['1.0', '==1.0+local', false],
    ['1.0+other', '==1.0+local', false],
    ['3.12.4', '==3.12.*', true],
    ['3.12', '==3.12.0.*', true],
    ['3.12.0rc1', '==3.12.*', true],
    ['3.13.0', '==3.12.*', false],
    ['3.1', '==3.12.*', false],
    ['1!3.12', '==3.12.*', false],
    ['1.0', '!=1.0.0', false],
    ['1.1', '!=1.0', true],
    ['3.9.18', '!=3.9.*', false],
    ['3.10.0', '!=3.9.*', true],
    // ordered comparisons
    ['3.10', '>=3.10', true],
    ['3.9.18', '>=3.10', false],
    ['3.10.0', '<=3.10', true],
    ['3.10.1', '<=3.10', false],
    ['3.12.9', '<3.13', true],
    ['3.13.0', '<3.13', false],
    ['3.13.0rc1', '<3.13', false],
    ['3.13.0.dev1', '<3.13', false],
    ['3.13.0a1', '<3.13.0b1', true],
    ['3.12.0rc1', '<3.13', true],
    ['3.13', '>3.12', true],
    ['3.12.1', '>3.12', true],
    ['3.12.post1', '>3.12', false],
    ['3.12+local', '>3.12', false],
    ['1.0.post2', '>1.0.post1', true],
    ['1.0', '>1.0rc1', true],
    // ~=
    ['3.11', '~=3.11', true],
    ['3.15', '~=3.11', true],
    ['4.0', '~=3.11', false],
    ['3.10', '~=3.11', false],
    ['2.2.5', '~=2.2.0', true],
    ['2.3.0', '~=2.2.0', false],
    ['2.2.0', '~=2.2.1', false],
    ['1.4.5', '~=1.4.5.0', true],
    ['2.2.post3', '~=2.2.post3', true],
    ['2.2', '~=2.2.post3', false],
    // ===
    ['1.0-Foo', '===1.0-foo', true],
    ['1.0', '===1.0.0', false],
    ['not-a-version', '===not-a-version', true],
    ['not-a-version', '>=1', false],
    // realistic requires-python
    ['3.10.2', '>=3.10', true],
    ['3.12.1', '>=3.9,<3.13', true],
    ['3.13.0', '>=3.9,<3.13', false],
    ['3.8.10', '>=3.9,<3.13', false],
    ['3.12.0', '~=3.11', true],
    ['3.12.3', '==3.12.*', true],
    ['3.11.9', '==3.12.*', false],
    ['3.8.1', '>=3.8, !=3.9.*', true],
    ['3.9.2', '>=3.8, !=3.9.*', false],
    ['3.10.0', '>=3.8, !=3.9.*', true],
    // uv required-version
    ['0.5.0', '>=0.5.0', true],
    ['0.4.30', '>=0.5.0', false],
    ['0.4.18', '==0.4.*', true],
    ['0.5.0', '==0.4.*', false],
    ['0.8.12', '>=0.8,<0.9', true],
    ['0.9.0', '>=0.8,<0.9', false],
    ['0.5.3', '0.5.3', true],
    ['0.5.4', '0.5.3', false],
    ['1.2.3', '', true],
  ])('%s satisfies %j: %s', (version, spec, expected) => {
    expect(satisfies(version, spec)).toBe(expected);
    const parsed = parseVersion(version);
    if (parsed && !spec.startsWith('===')) expect(satisfies(parsed, spec)).toBe(expected);
  });

  it('accepts parsed specifiers and throws on an invalid specifier string', () => {
    const r = parseSpecifierSet('>=3.10');
    expect(r.ok && satisfies(v('3.11'), r.specifiers)).toBe(true);
    expect(() => satisfies('3.11', '>=3.10,,')).toThrow(/empty clause 2/);
  });
});

describe('minorLineSatisfies', () => {
  it.each([
    [3, 12, '>=3.12.1', true],
    [3, 12, '<3.12', false],
    [3, 12, '!=3.12.*', false],
    [3, 11, '!=3.12.*', true],
    [3, 12, '==3.12.*', true],
    [3, 12, '>=3.10', true],
    [3, 9, '>=3.10', false],
    [3, 12, '>=3.9,<3.13', true],
    [3, 13, '>=3.9,<3.13', false],
    [3, 12, '~=3.12.4', true],
    [3, 13, '~=3.12.4', false],
    [3, 12, '>3.12.50', false],
    [3, 12, '', true],
  ])('%i.%i under %j: %s', (major, minor, spec, expected) => {
    expect(minorLineSatisfies(major, minor, spec)).toBe(expected);
    const r = parseSpecifierSet(spec);
    expect(r.ok && minorLineSatisfies(major, minor, r.specifiers)).toBe(expected);
  });
});
