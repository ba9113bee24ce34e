import { yaml } from '../../lazy.js';
import type { Plan, ProductionPlan } from '../../plan/types.js';
import { commentText } from '../../render/quote.js';
import { productionHeader } from './header.js';

/**
 * YAML as every reader takes it alike: each string double-quoted, so that no value reads as
 * something else in a YAML 1.1 parser (docker-compose 1.x's PyYAML reads 8000:8000 as a base-60
 * number, and go-yaml v2, under Kubernetes' sigs.k8s.io/yaml, reads a name "no" or "on" as a boolean).
 */
function yamlText(value: unknown): string {
  return yaml().stringify(value, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}

function comments(lines: readonly string[]): string {
  return lines.map((line) => `# ${commentText(line)}`).join('\n');
}

/** Labels the Deployment selects its pods by, and the Service its endpoints (the recommended app.kubernetes.io labels). */
function labels(p: ProductionPlan): Record<string, string> {
  return { 'app.kubernetes.io/name': p.name.value };
}

/**
 * The pod's security settings, which the Pod Security Standards' "restricted" level asks for
 * (kubernetes.io/docs/concepts/security/pod-security-standards: runAsNonRoot, seccompProfile
 * RuntimeDefault or Localhost, allowPrivilegeEscalation false, capabilities drop ALL), with the
 * image's uid and gid, and fsGroup so the emptyDir is the group's to write.
 */
function podSecurity(p: ProductionPlan): Record<string, unknown> {
  return { runAsNonRoot: true, runAsUser: p.user.uid, runAsGroup: p.user.gid, fsGroup: p.user.gid, seccompProfile: { type: 'RuntimeDefault' } };
}

function containerSecurity(): Record<string, unknown> {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
}

/** kubernetes.yaml: a Deployment (and a Service with --port) whose one writable volume is an emptyDir mounted once, never by subPath. */
export function renderKubernetes(plan: Plan): string {
  const p = plan.production!;
  const volume = p.volume;
  const container: Record<string, unknown> = {
    name: p.name.value,
    image: p.image.value,
    // A :latest image is pulled on every start by default; one built on the node (docker build, podman) is not in any registry.
    imagePullPolicy: 'IfNotPresent',
    ...(p.port ? { ports: [{ name: 'http', containerPort: p.port.value }] } : {}),
    securityContext: containerSecurity(),
    volumeMounts: [{ name: volume.name, mountPath: volume.target.value }],
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: p.name.value, labels: labels(p) },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels(p) },
      template: {
        metadata: { labels: labels(p) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity(p),
          containers: [container],
          volumes: [{ name: volume.name, emptyDir: { sizeLimit: volume.sizeLimit.value } }],
        },
      },
    },
  };
  const documents: unknown[] = [deployment];
  if (p.port) {
    documents.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: p.name.value, labels: labels(p) },
      spec: { selector: labels(p), ports: [{ name: 'http', port: p.port.value, targetPort: 'http' }] },
    });
  }
  const header = comments([
    ...productionHeader(plan),
    `The root file system is read-only; everything written at run time is on the one emptyDir at ${volume.target.value},`,
    'mounted once: a subPath mount of it would be another mount, and links between mounts fail (uv copies instead, or fails).',
  ]);
  return `${header}\n${documents.map(yamlText).join('---\n')}`;
}

/** compose.yaml: the same container locally, with a read-only root and the one named volume. */
export function renderCompose(plan: Plan): string {
  const p = plan.production!;
  const service: Record<string, unknown> = {
    // compose.yaml is in deploy/: the context is the repository, as for docker build.
    build: { context: '..', dockerfile: p.outputs.dockerfile.file },
    image: p.image.value,
    read_only: true,
    user: `${p.user.uid}:${p.user.gid}`,
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    volumes: [`${p.volume.name}:${p.volume.target.value}`],
    ...(p.port ? { ports: [`${p.port.value}:${p.port.value}`] } : {}),
  };
  const header = comments([
    ...productionHeader(plan),
    `Run: docker compose -f ${p.outputs.compose.file} up --build. The root file system is read-only; the one volume at ${p.volume.target.value} holds everything written at run time.`,
  ]);
  return `${header}\n${yamlText({ services: { [p.name.value]: service }, volumes: { [p.volume.name]: {} } })}`;
}

/**
 * deploy/Dockerfile.dockerignore, which BuildKit reads instead of a root .dockerignore for a build
 * with -f deploy/Dockerfile (docs.docker.com build/concepts/context, "Filename and location"): what
 * never belongs in an image, and would change the source layer on every build.
 */
export function renderDockerignore(plan: Plan): string {
  return `${comments(productionHeader(plan))}
# Environments made outside the image (the image makes its own).
**/.venv
# Version control, caches, build output (at the root only: a package of yours may be called build).
.git
**/__pycache__
**/*.py[cod]
**/.pytest_cache
**/.mypy_cache
**/.ruff_cache
**/.tox
**/.nox
/build
/dist
**/*.egg-info
# The dev container and these files: not part of the application.
.devcontainer
.devcontainer.json
deploy
`;
}
