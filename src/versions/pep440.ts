// PEP 440 versions and version specifiers (https://peps.python.org/pep-0440/), enough for
// `requires-python` and uv's `tool.uv.required-version`. Dependency-free on purpose: the
// generator only needs matching, not the full `packaging` feature set.

export interface Version {
  epoch: number;
  release: number[];
  pre?: { kind: 'a' | 'b' | 'rc'; n: number };
  post?: number;
  dev?: number;
  local?: string;
  /** Normalised text, e.g. "1.0rc1.post2+ubuntu.1". */
  text: string;
}

export type Operator = '==' | '!=' | '<=' | '>=' | '<' | '>' | '~=' | '===';

/** `version` is normalised; for wildcards it is the prefix without `.*` (e.g. "3.12"). For `===` it is kept verbatim. */
export interface Specifier {
  op: Operator;
  version: string;
  wildcard: boolean;
}

export type SpecifierSetResult = { ok: true; specifiers: Specifier[] } | { ok: false; error: string };

// One regex covering every spelling PEP 440 says must normalise to the canonical form.
const VERSION_RE = new RegExp(
  '^v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)' +
    '(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\\d+)?)?' +
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  'i',
);

const PRE_KIND: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const [, epoch, release, preKind, preN, implicitPost, postKw, postN, devKw, devN, local] = m;
  const v: Version = {
    epoch: epoch ? Number(epoch) : 0,
    release: (release ?? '').split('.').map(Number),
    text: '',
  };
  if (preKind) v.pre = { kind: PRE_KIND[preKind.toLowerCase()] ?? 'rc', n: Number(preN ?? 0) };
  if (implicitPost !== undefined) v.post = Number(implicitPost);
  else if (postKw) v.post = Number(postN ?? 0);
  if (devKw) v.dev = Number(devN ?? 0);
  if (local) v.local = local.toLowerCase().replace(/[-_]/g, '.');
  v.text = formatVersion(v);
  return v;
}

function formatVersion(v: Omit<Version, 'text'>): string {
  let s = (v.epoch ? `${v.epoch}!` : '') + v.release.join('.');
  if (v.pre) s += `${v.pre.kind}${v.pre.n}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local !== undefined) s += `+${v.local}`;
  return s;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Release numbers compared zero-padded (1.0 == 1.0.0): -1, 0 or 1. */
export function compareRelease(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0); // zero padding: 1.0 == 1.0.0
    if (d) return sign(d);
  }
  return 0;
}

// Sort keys that turn "absent" into +/-Infinity so that dev < pre < final < post falls out numerically.
function suffixKey(v: Version): number[] {
  const PRE_RANK = { a: 0, b: 1, rc: 2 };
  // A bare dev release (1.0.dev1) sorts before every pre-release of 1.0.
  const pre = v.pre ? [PRE_RANK[v.pre.kind], v.pre.n] : v.post === undefined && v.dev !== undefined ? [-Infinity, 0] : [Infinity, 0];
  return [...pre, v.post ?? -Infinity, v.dev ?? Infinity];
}

function compareLocal(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1; // no local label sorts before any local label
  if (b === undefined) return 1;
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d) return sign(d);
      continue;
    }
    if (xn !== yn) return xn ? 1 : -1; // numeric segments outrank alphanumeric ones
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return sign(a.epoch - b.epoch);
  const r = compareRelease(a.release, b.release);
  if (r) return r;
  const ka = suffixKey(a);
  const kb = suffixKey(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] ?? 0;
    const y = kb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return compareLocal(a.local, b.local);
}

const CLAUSE_RE = /^(===|~=|==|!=|<=|>=|<|>)?\s*(.*)$/;

function parseClause(clause: string, strict: boolean): Specifier | string {
  const m = CLAUSE_RE.exec(clause);
  if (strict && !m?.[1]) return `no operator before '${clause}' (write e.g. >=${clause})`;
  const op = (m?.[1] ?? '==') as Operator; // bare "0.5.3" means "==0.5.3", as uv accepts for required-version
  const rest = m?.[2] ?? '';
  if (!rest) return `missing version after '${op}'`;
  if (op === '===' && !(strict && parseVersion(rest) === undefined)) return /\s/.test(rest) ? 'arbitrary equality (===) must not contain whitespace' : { op, version: rest, wildcard: false };
  if (op === '===') return `'${rest}' is not a valid PEP 440 version`;
  if (/^[<>=!~]/.test(rest)) return `unknown operator '${(m?.[1] ?? '') + (/^[<>=!~]+/.exec(rest)?.[0] ?? '')}'`;
  const wildcard = rest.endsWith('.*');
  const v = parseVersion(wildcard ? rest.slice(0, -2) : rest);
  if (!v) return `'${rest}' is not a valid PEP 440 version`;
  if (wildcard) {
    if (op !== '==' && op !== '!=') return `wildcard '.*' is only allowed with == and !=`;
    if (v.pre || v.post !== undefined || v.dev !== undefined || v.local !== undefined) return `wildcard '.*' may only follow a release number (e.g. 3.12.*)`;
  }
  // PEP 440 only gives local labels a meaning for exact (in)equality.
  if (v.local !== undefined && op !== '==' && op !== '!=') return `local version label '+${v.local}' is not allowed with '${op}'`;
  if (op === '~=' && v.release.length < 2) return `'~=' needs at least two release segments (e.g. ~=3.11)`;
  return { op, version: v.text, wildcard };
}

/**
 * A comma-separated specifier set. `strict`: as uv reads a requires-python (VersionSpecifiers'
 * FromStr, astral-sh/uv crates/uv-pep440/src/version_specifier.rs): every clause needs an operator
 * (MissingOperator), `===` takes a version too (its version is parsed like any other), and only the
 * empty text is the empty set (a blank one is a clause without an operator). Checked against uv
 * 0.13.9 itself in test/unit/uv-grammar.test.ts. Without it, a bare version is `==` (uv's
 * required-version, crates/uv-settings, reads a plain version first).
 */
export function parseSpecifierSet(text: string, { strict = false }: { strict?: boolean } = {}): SpecifierSetResult {
  if (strict && text !== '' && text.trim() === '') return { ok: false, error: `'${text}' is blank: write nothing, or e.g. >=3.11` };
  if (text.trim() === '') return { ok: true, specifiers: [] };
  const specifiers: Specifier[] = [];
  const clauses = text.split(',');
  for (const [i, raw] of clauses.entries()) {
    const clause = raw.trim();
    const where = `clause ${i + 1} of '${text.trim()}'`;
    if (!clause) return { ok: false, error: `empty ${where} (stray comma?)` };
    const r = parseClause(clause, strict);
    if (typeof r === 'string') return { ok: false, error: `invalid ${where}, '${clause}': ${r}` };
    specifiers.push(r);
  }
  return { ok: true, specifiers };
}

export function formatSpecifiers(specifiers: Specifier[]): string {
  return specifiers.map((s) => `${s.op}${s.version}${s.wildcard ? '.*' : ''}`).join(', ');
}

const isPre = (v: Version): boolean => v.pre !== undefined || v.dev !== undefined;
const sameBase = (a: Version, b: Version): boolean => a.epoch === b.epoch && compareRelease(a.release, b.release) === 0;
const withoutLocal = (v: Version): Version => (v.local === undefined ? v : { ...v, local: undefined });

// Prefix match on epoch + release; the candidate is zero-padded so 3.12 matches ==3.12.0.*.
function prefixMatch(candidate: Version, prefix: Version): boolean {
  return candidate.epoch === prefix.epoch && prefix.release.every((n, i) => (candidate.release[i] ?? 0) === n);
}

function matchOne(candidate: Version | undefined, raw: string, s: Specifier): boolean {
  if (s.op === '===') return raw.trim().toLowerCase() === s.version.toLowerCase();
  const spec = parseVersion(s.version);
  if (!candidate || !spec) return false;
  // Local labels of the candidate are ignored unless the specifier pins one itself.
  const c = spec.local === undefined ? withoutLocal(candidate) : candidate;
  const cmp = compareVersions(c, spec);
  switch (s.op) {
    case '==':
      return s.wildcard ? prefixMatch(c, spec) : cmp === 0;
    case '!=':
      return s.wildcard ? !prefixMatch(c, spec) : cmp !== 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
    // "<3.12" must not admit 3.12.0rc1, even though it sorts lower.
    case '<':
      return cmp < 0 && !(!isPre(spec) && isPre(c) && sameBase(c, spec));
    // ">3.12" must not admit 3.12.post1, even though it sorts higher.
    case '>':
      return cmp > 0 && !(spec.post === undefined && c.post !== undefined && sameBase(c, spec));
    case '~=': {
      const prefix = { ...spec, release: spec.release.slice(0, -1) };
      return cmp >= 0 && prefixMatch(c, prefix);
    }
  }
}

/** All clauses must hold. Throws if `specifiers` is a string that fails to parse. */
export function satisfies(version: Version | string, specifiers: Specifier[] | string): boolean {
  const specs = resolveSpecifiers(specifiers);
  const raw = typeof version === 'string' ? version : version.text;
  const candidate = typeof version === 'string' ? parseVersion(version) : version;
  return specs.every((s) => matchOne(candidate, raw, s));
}

function resolveSpecifiers(specifiers: Specifier[] | string): Specifier[] {
  if (typeof specifiers !== 'string') return specifiers;
  const r = parseSpecifierSet(specifiers);
  if (!r.ok) throw new Error(r.error);
  return r.specifiers;
}

/** True when some release in the minor line `major.minor` (patches 0..50) satisfies the specifiers. */
export function minorLineSatisfies(major: number, minor: number, specifiers: Specifier[] | string): boolean {
  const specs = resolveSpecifiers(specifiers);
  for (let patch = 0; patch <= 50; patch++) {
    const v: Version = { epoch: 0, release: [major, minor, patch], text: `${major}.${minor}.${patch}` };
    if (satisfies(v, specs)) return true;
  }
  return false;
}
