/**
 * deploy/kubernetes.yaml against the Kubernetes API's own rules, without a cluster: test/k8s (Go)
 * decodes every object strictly into the official k8s.io/api types (sigs.k8s.io/yaml
 * UnmarshalStrict: unknown, misplaced or duplicated fields rejected) and evaluates every pod
 * template with the official Pod Security admission library (k8s.io/pod-security-admission,
 * "restricted", latest), plus issue 20's own rules that "restricted" does not check (a read-only
 * root, the one volume mounted once, no subPath, an emptyDir with a size limit). All k8s.io
 * modules at one release (test/k8s/go.mod); go.sum committed. Needs Go (/usr/local/go/bin or
 * PATH) and, the first time, the Go module proxy; its caches live in the tier's cache folder, so
 * a second run is offline. Controls break one rule each, so the check is seen failing.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Document, parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { CACHE_DIR } from './engine.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = path.join(repoRoot, 'test/k8s');
const GO_CACHE = path.join(CACHE_DIR, 'go');

interface Report {
  objects: string[];
  podTemplates: number;
  violations: { object: string; source: 'pod-security' | 'one-mount'; reason: string; detail?: string }[];
  error?: string;
}

let checker: string;

/** The checker, built once per content of test/k8s (and Go version) into the cache. */
function buildChecker(): string {
  const go = fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
  const version = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`Go not found (${go}): test/k8s needs it, see README "The Docker tier"`);
  const hash = createHash('sha256').update(version.stdout);
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(fs.readFileSync(path.join(SOURCE, file)));
  const binary = path.join(GO_CACHE, 'bin', `podsecurity-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(binary)) return binary;
  const env = {
    ...process.env,
    GOMODCACHE: path.join(GO_CACHE, 'mod'),
    GOCACHE: path.join(GO_CACHE, 'build'),
    // go.sum is committed: the build verifies every module against it and never edits it.
    GOFLAGS: '-mod=readonly -buildvcs=false',
    GOTOOLCHAIN: 'local',
  };
  const built = spawnSync(go, ['build', '-o', `${binary}.part`, '.'], { cwd: SOURCE, env, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`go build of test/k8s failed:\n${built.stderr}`);
  fs.renameSync(`${binary}.part`, binary);
  return binary;
}

function check(manifest: string): { code: number; report: Report } {
  const file = path.join(tempDir('gdc-psa-'), 'kubernetes.yaml');
  fs.writeFileSync(file, manifest);
  const run = spawnSync(checker, [file], { encoding: 'utf8' });
  return { code: run.status ?? -1, report: JSON.parse(run.stdout) as Report };
}

async function generated(example: string, options: string[]): Promise<string> {
  const root = path.join(tempDir('gdc-psa-ws-'), example);
  fs.cpSync(path.join(repoRoot, 'examples', example), root, { recursive: true });
  const run = await runCli(['production', root, ...options]);
  if (run.code !== 0) throw new Error(`gen-devcontainer production ${options.join(' ')} failed on ${example}:\n${run.stderr}`);
  return fs.readFileSync(path.join(root, 'deploy/kubernetes.yaml'), 'utf8');
}

beforeAll(() => {
  checker = buildChecker();
});

const PRINT = '--command';
const CASES: { example: string; options: string[] }[] = [
  { example: 'uv-app', options: [PRINT, 'python -c "print(1)"'] },
  { example: 'uv-app', options: [PRINT, 'python -c "print(1)"', '--port', '8000'] },
  { example: 'uv-app', options: [PRINT, 'python -c "print(1)"', '--with-uv', '--port', '8080', '--image', 'registry.example.com/team/uv-app:1.2'] },
  { example: 'uv-workspace', options: [PRINT, 'python -c "import acme_cli"'] },
  { example: 'uv-workspace', options: [PRINT, 'python -c "import acme_cli"', '--package', 'acme-cli', '--with-uv'] },
  { example: 'path-source-sibling', options: [PRINT, 'python -c "import report_app"', '--project', 'app'] },
  { example: 'fastapi-fullstack', options: [PRINT, 'fastapi run app/main.py', '--port', '8000', '--with-uv'] },
  { example: 'many-projects', options: [PRINT, 'python -c "import stripe"', '--project', 'billing'] },
  { example: 'pip-requirements', options: [PRINT, 'python app.py', '--port', '5000'] },
  { example: 'weather-station', options: [PRINT, 'python -c "import weatherstation"'] },
];

describe('deploy/kubernetes.yaml: strict decoding into k8s.io/api and Pod Security "restricted"', () => {
  for (const { example, options } of CASES) {
    it(`${example} ${options.filter((o) => o.startsWith('--') && o !== PRINT).join(' ') || '(defaults)'}: every object decodes strictly, 0 violations`, async () => {
      const manifest = await generated(example, options);
      const { code, report } = check(manifest);
      console.log(
        `--- ${example} ${options.join(' ')}: ${report.objects.join(', ')}; ${report.podTemplates} pod template(s), ${report.violations.length} violation(s)${report.error ? `; ${report.error}` : ''}`,
      );
      expect(report.error).toBeUndefined();
      expect(report.violations).toEqual([]);
      expect(code).toBe(0);
      expect(report.podTemplates).toBe(1);
      expect(report.objects.some((o) => o.startsWith('Service/'))).toBe(options.includes('--port'));
    });
  }
});

/** One rule broken in the generated manifest of uv-app, each; what the checker must say. */
function edit(manifest: string, change: (deployment: Document) => void): string {
  const docs = parseAllDocuments(manifest);
  change(docs.find((d) => d.get('kind') === 'Deployment')!);
  return docs.map((d) => d.toString()).join('---\n');
}

const POD = ['spec', 'template', 'spec'];
const CONTAINER = [...POD, 'containers', 0];

describe('the check can fail: controls, each breaking one rule of the generated manifest', () => {
  let manifest: string;
  beforeAll(async () => {
    manifest = await generated('uv-app', [PRINT, 'python -c "print(1)"', '--port', '8000']);
    expect(check(manifest).code).toBe(0);
  });

  it('the seed (astral-sh/uv#11385): the volume split with subPath at the cache, the tools and TMPDIR', () => {
    const broken = edit(manifest, (d) => {
      const mount = (d.getIn([...CONTAINER, 'volumeMounts', 0]) as { toJSON(): { name: string; mountPath: string } }).toJSON();
      d.setIn(
        [...CONTAINER, 'volumeMounts'],
        ['cache', 'tools', 'tmp'].map((sub) => ({ name: mount.name, mountPath: `${mount.mountPath}/${sub}`, subPath: sub })),
      );
    });
    const { code, report } = check(broken);
    console.log(`--- subPath split: exit ${code}: ${report.violations.map((v) => v.reason).join('; ')}`);
    expect(code).toBe(1);
    expect(report.violations.filter((v) => v.reason === 'subPath mount')).toHaveLength(3);
    expect(report.violations.map((v) => v.reason)).toContain('volume mounted more than once');
  });

  it('runAsUser 0 (pod and container): Pod Security names runAsUser=0', () => {
    const broken = edit(manifest, (d) => {
      d.setIn([...POD, 'securityContext', 'runAsUser'], 0);
      d.setIn([...CONTAINER, 'securityContext', 'runAsUser'], 0);
    });
    const { code, report } = check(broken);
    expect(code).toBe(1);
    expect(report.violations).toContainEqual(expect.objectContaining({ source: 'pod-security', reason: 'runAsUser=0' }));
  });

  it('no seccompProfile: Pod Security names seccompProfile', () => {
    const broken = edit(manifest, (d) => {
      d.deleteIn([...POD, 'securityContext', 'seccompProfile']);
      d.deleteIn([...CONTAINER, 'securityContext', 'seccompProfile']);
    });
    const { code, report } = check(broken);
    expect(code).toBe(1);
    expect(report.violations).toContainEqual(expect.objectContaining({ source: 'pod-security', reason: 'seccompProfile' }));
  });

  it('capabilities not dropped, privilege escalation allowed, a writable root: each named', () => {
    const broken = edit(manifest, (d) => {
      d.deleteIn([...CONTAINER, 'securityContext', 'capabilities']);
      d.setIn([...CONTAINER, 'securityContext', 'allowPrivilegeEscalation'], true);
      d.setIn([...CONTAINER, 'securityContext', 'readOnlyRootFilesystem'], false);
    });
    const { report } = check(broken);
    expect(report.violations.map((v) => v.reason).sort()).toEqual(['allowPrivilegeEscalation != false', 'root file system writable', 'unrestricted capabilities']);
  });

  it("an unknown field (readOnlyRootFileSystem, a typo) and a misplaced one (runAsUser in the container's resources): rejected by the strict decoding", () => {
    const typo = check(edit(manifest, (d) => d.setIn([...CONTAINER, 'securityContext', 'readOnlyRootFileSystem'], true)));
    expect(typo.code).toBe(2);
    expect(typo.report.error).toMatch(/unknown field "spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem"/);
    const misplaced = check(edit(manifest, (d) => d.setIn([...CONTAINER, 'resources', 'runAsUser'], 10001)));
    expect(misplaced.code).toBe(2);
    expect(misplaced.report.error).toMatch(/unknown field "spec\.template\.spec\.containers\[0\]\.resources\.runAsUser"/);
  });
});
