/**
 * What the generator knows about well-known base images from their reference alone: the Python they
 * ship, the user they run as, and who holds uid 1000. Nothing is pulled: an image not listed here
 * is unknown, and the planner says so rather than guess.
 */

export interface ImageFacts {
  /** The CPython minor (X.Y) the image ships on PATH (/usr/local/bin), read from its tag. */
  python?: string;
  /**
   * The user the Dev Container CLI runs tools and lifecycle commands as: the `remoteUser` of the
   * image's `devcontainer.metadata` label, which the CLI takes when devcontainer.json sets none
   * (devcontainers/cli src/spec-node/imageMetadata.ts, mergeConfiguration).
   */
  metadataUser?: { name: string; uid: number };
  /** The image sets no USER, so its processes run as root. */
  runsAsRoot?: boolean;
  /** The user that already holds uid 1000 in the image. */
  uid1000?: string;
  /** Where the facts about its users come from, for the plan's reasons. */
  evidence: string;
}

/** `ubuntu:X` tags from 23.04 on, which have a user `ubuntu` at uid 1000 (Launchpad bug 2005129; jupyterhub/repo2docker#1346). */
const UBUNTU_CODENAMES_WITH_USER = new Set(['lunar', 'mantic', 'noble', 'oracular', 'plucky', 'questing', 'resolute', 'latest', 'rolling', 'devel']);

/**
 * The devcontainers images and the remoteUser each names (devcontainers/images,
 * src/<image>/.devcontainer/devcontainer.json, "remoteUser" and common-utils' "userUid": 1000).
 */
const DEVCONTAINERS_USERS: Record<string, string> = { 'javascript-node': 'node', 'typescript-node': 'node', universal: 'codespace' };

/** Docker Hub official images that set no USER, so run as root (docker-library's Dockerfiles for each). */
const OFFICIAL_ROOT_IMAGES = new Set(['python', 'debian', 'ubuntu', 'buildpack-deps', 'alpine', 'fedora', 'node']);

/** The facts for an image reference, or undefined when the generator knows nothing about that image. */
export function imageFacts(reference: string): ImageFacts | undefined {
  const ref = parseReference(reference);
  if (!ref) return undefined;
  const { repository, tag } = ref;

  const devcontainers = /^mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/([a-z0-9._-]+)$/.exec(repository)?.[1];
  if (devcontainers) {
    const name = DEVCONTAINERS_USERS[devcontainers] ?? 'vscode';
    // Tags are [VERSION-]VARIANT, VERSION being the image's own release (1, 1.3, 1.3.5): "1-3.12", "3.12-bookworm".
    const python = devcontainers === 'python' ? knownMinor(/^(?:\d+(?:\.\d+){0,2}-)?(\d+\.\d+)(?:-[a-z][a-z0-9.-]*)?$/.exec(tag)?.[1]) : undefined;
    return {
      ...(python ? { python } : {}),
      metadataUser: { name, uid: 1000 },
      uid1000: name,
      evidence: `the devcontainers images name remoteUser "${name}" (uid 1000) in their devcontainer.metadata label, which the Dev Container CLI applies when devcontainer.json names none`,
    };
  }

  if (repository === 'ghcr.io/astral-sh/uv') {
    // uv's derived images: [VERSION-]pythonX.Y-DISTRO, built on the official python images (uv docs, guides/integration/docker.md, "Available images").
    const python = knownMinor(/^(?:\d+(?:\.\d+){0,2}-)?python(\d+\.\d+)(?:-[a-z][a-z0-9.-]*)?$/.exec(tag)?.[1]);
    if (!python) return undefined;
    return { python, runsAsRoot: true, evidence: `uv's derived images are built on the official python images, which set no USER, so they run as root` };
  }

  const official = /^(?:docker\.io\/|index\.docker\.io\/)?(?:library\/)?([a-z0-9._-]+)$/.exec(repository)?.[1];
  if (!official || !OFFICIAL_ROOT_IMAGES.has(official)) return undefined;
  const facts: ImageFacts = { runsAsRoot: true, evidence: `the official ${official} image sets no USER, so it runs as root` };
  if (official === 'python') {
    const python = knownMinor(/^(\d+\.\d+)(?:[.-][a-z0-9.-]*)?$/.exec(tag)?.[1]);
    if (python) facts.python = python;
  }
  if (official === 'ubuntu' && ubuntuHasUserAt1000(tag)) {
    facts.uid1000 = 'ubuntu';
    facts.evidence = `ubuntu:${tag} sets no USER, so it runs as root, and has a user "ubuntu" at uid 1000 (Ubuntu images from 23.04 on do, Launchpad bug 2005129)`;
  }
  if (official === 'node') {
    facts.uid1000 = 'node';
    facts.evidence = 'the official node image sets no USER, so it runs as root, and creates a user "node" at uid 1000';
  }
  return facts;
}

/** `[registry/]path[:tag][@digest]` -> repository (lower case as written) and tag (`latest` when absent). */
function parseReference(reference: string): { repository: string; tag: string } | undefined {
  if (reference.includes('$') || /\s/.test(reference)) return undefined;
  const bare = reference.replace(/@sha256:[a-f0-9]+$/, '');
  const slash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  const hasTag = colon > slash;
  return { repository: hasTag ? bare.slice(0, colon) : bare, tag: hasTag ? bare.slice(colon + 1) : 'latest' };
}

/** A plausible CPython minor (3.6 and later): a tag `3.1` is an image's own release, not Python 3.1. */
function knownMinor(minor: string | undefined): string | undefined {
  if (!minor) return undefined;
  const [major, rest] = minor.split('.').map(Number) as [number, number];
  return major === 3 && rest >= 6 && rest <= 30 ? minor : undefined;
}

function ubuntuHasUserAt1000(tag: string): boolean {
  const numbered = /^(\d+)\.(\d+)/.exec(tag);
  if (numbered) return Number(numbered[1]) * 100 + Number(numbered[2]) >= 2304;
  return UBUNTU_CODENAMES_WITH_USER.has(tag.split('-')[0]!);
}
