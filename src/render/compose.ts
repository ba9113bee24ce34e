import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ExistingCompose } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import { relativeTo } from '../plan/outputs.js';
import type { Plan } from '../plan/types.js';

/**
 * A Docker Compose configuration gets the volume in its compose file: the service mounts it at the
 * plan's target (replacing a mount at the same target), and the top-level `volumes` declares it
 * with an explicit `name`, so Compose does not prefix it with the project name. When the service
 * runs a plain image, it is built from the generated Dockerfile instead, which starts FROM that
 * image. Edited through the yaml library's document API, so comments stay; an unchanged file is
 * returned byte for byte.
 */
export function mergeCompose(compose: ExistingCompose, plan: Plan): { text: string; notes: Diagnostic[] } {
  const notes: Diagnostic[] = [];
  const doc = parseDocument(compose.text);
  let changed = false;
  const service = doc.getIn(['services', compose.service]) as YAMLMap;
  const volumeName = plan.volume.name.value;
  const target = plan.volume.target.value;
  const entry = `${volumeName}:${target}`;

  let volumes = service.get('volumes', true) as YAMLSeq | undefined;
  if (!isSeq(volumes)) {
    volumes = doc.createNode([]) as YAMLSeq;
    service.set('volumes', volumes);
  }
  const index = volumes.items.findIndex((item) => composeMountTarget(item) === target);
  if (index === -1) {
    volumes.add(doc.createNode(entry));
    changed = true;
  } else if (composeMountSource(volumes.items[index]) !== volumeName) {
    notes.push({ level: 'info', code: 'replaced-mount', message: `services.${compose.service}.volumes: the mount at ${target} now holds the uv volume`, file: compose.file });
    volumes.items[index] = doc.createNode(entry);
    changed = true;
  }

  if (doc.getIn(['volumes', volumeName, 'name']) !== volumeName) {
    if (!isMap(doc.get('volumes', true))) doc.set('volumes', doc.createNode({}));
    doc.setIn(['volumes', volumeName], doc.createNode({ name: volumeName }));
    changed = true;
  }

  if (plan.readOnlyRoot) {
    // The Dev Container CLI ignores runArgs for Compose: the service itself is made read-only.
    if (service.get('read_only') !== true) {
      service.set('read_only', true);
      changed = true;
    }
    let tmpfs = service.get('tmpfs', true) as YAMLSeq | undefined;
    if (!isSeq(tmpfs)) {
      const existing = service.get('tmpfs');
      tmpfs = doc.createNode(typeof existing === 'string' ? [existing] : []) as YAMLSeq;
      service.set('tmpfs', tmpfs);
      changed = true;
    }
    for (const path of plan.readOnlyRoot.tmpfs) {
      if (!tmpfs.items.some((item) => isScalar(item) && String(item.value).split(':')[0] === path)) {
        tmpfs.add(doc.createNode(`${path}:exec`));
        changed = true;
      }
    }
  }

  if (compose.image !== undefined && plan.outputs.dockerfile.mode === 'generate') {
    changed = buildFromDockerfile(doc, service, compose, plan) || changed;
    notes.push({ level: 'info', code: 'image-to-dockerfile', message: `services.${compose.service}: image ${compose.image} is now the base image of ${plan.outputs.dockerfile.file}, which the service builds`, file: compose.file });
  }
  return { text: changed ? doc.toString() : compose.text, notes };
}

function buildFromDockerfile(doc: Document, service: YAMLMap, compose: ExistingCompose, plan: Plan): boolean {
  const context = relativeTo(path.posix.dirname(compose.file), path.posix.dirname(plan.outputs.dockerfile.file));
  const build = { context, dockerfile: path.posix.basename(plan.outputs.dockerfile.file) };
  const current = service.get('build');
  if (service.has('image') || JSON.stringify(current) !== JSON.stringify(build)) {
    // The image's comments move with it, onto the build that now holds it.
    const image = service.get('image', true) as { comment?: string | null; commentBefore?: string | null } | undefined;
    const node = doc.createNode(build);
    const comments = [image?.commentBefore, image?.comment].filter(Boolean).join(' ');
    if (comments) node.commentBefore = ` image ${compose.image} is now this Dockerfile's base image. Its comment: ${comments.trim()}`;
    service.delete('image');
    service.set('build', node);
    return true;
  }
  return false;
}

/** Target of a Compose volume entry: "src:target[:mode]" or { target }. */
function composeMountTarget(item: unknown): string | undefined {
  if (isScalar(item) && typeof item.value === 'string') return item.value.split(':')[1] ?? item.value;
  if (isMap(item)) return String(item.get('target') ?? '');
  return undefined;
}

function composeMountSource(item: unknown): string | undefined {
  if (isScalar(item) && typeof item.value === 'string') return item.value.includes(':') ? item.value.split(':')[0] : undefined;
  if (isMap(item)) return String(item.get('source') ?? '');
  return undefined;
}
