import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { BaseImage } from './base-image.js';
import { isValidUserName } from './names.js';
import { rootEvidence } from './root-evidence.js';
import { DEFAULT_USER } from './tables.js';
import type { Decision } from './types.js';
import { usersOwnConfig, usersOwnDockerfile, usersOwnValue } from './users-config.js';

export interface ContainerUser {
  name: Decision<string>;
  uid: number;
  gid: number;
  /** Why the uid and gid are what they are, when that is not simply "created with them". */
  ids?: Decision<string>;
  /**
   * devcontainer.json needs no remoteUser from the tool: the user's own remoteUser is the plan's
   * user, or the file has none and the configuration runs as the plan's user by itself. A value the
   * tool wrote earlier stays written (and the tool's), so a second run leaves the file as it is.
   */
  keepsRemoteUser: boolean;
}

const ROOT = { uid: 0, gid: 0 } as const;

/**
 * Who runs lifecycle commands and the editor's tools, in the order the Dev Container CLI decides it:
 * devcontainer.json's remoteUser, else the remoteUser of the image's devcontainer.metadata label
 * (src/spec-node/imageMetadata.ts), else the user the container runs as (containerUser, Compose
 * `user:`, the Dockerfile's last USER, the image's own USER), else root
 * (src/spec-node/utils.ts, createContainerProperties: `remoteUser || Config.User || 'root'`).
 * A configuration that runs as root keeps doing so unless --user asks otherwise: the volume is
 * made writable for root instead of a user being imposed. With no configuration at all, the
 * default is a non-root vscode. A value an earlier run wrote counts for nothing here
 * (users-config.ts): the second run decides from the same evidence as the first.
 */
export function resolveUser(option: string | undefined, facts: RepoFacts, baseImage: BaseImage | undefined, diagnostics: Diagnostic[]): ContainerUser | undefined {
  if (option !== undefined) return userFromOption(option, baseImage, diagnostics);
  const config = usersOwnConfig(facts);
  const unusable: { key: string; value: string }[] = [];
  const user = deriveUser(facts, baseImage, unusable, diagnostics);
  for (const { key, value } of unusable) {
    diagnostics.push({
      level: 'warning',
      code: 'existing-user-unusable',
      message: `${config!.file} runs as ${JSON.stringify(value)} (${key}), which is not a user name gen-devcontainer can use; the volume is made for ${user.name.value} instead`,
      file: config!.file,
      hint: 'root can write to the volume anyway; pass --user NAME to choose another non-root user',
    });
  }
  return user;
}

function deriveUser(facts: RepoFacts, baseImage: BaseImage | undefined, unusable: { key: string; value: string }[], diagnostics: Diagnostic[]): ContainerUser {
  const config = usersOwnConfig(facts);
  const image = baseImage?.known;
  // Derived from anything but the user's own remoteUser: no remoteUser is needed when the file has none.
  const keeps = facts.devcontainer?.config?.remoteUser === undefined;

  const remoteUser = usersOwnValue(facts, 'remoteUser');
  if (remoteUser !== undefined) {
    const named = namedUser(remoteUser, config!.file, `your configuration runs as ${remoteUser}`, baseImage);
    if (named) return { ...named, keepsRemoteUser: true };
    unusable.push({ key: 'remoteUser', value: remoteUser });
  }
  const metadata = baseImage?.fromConfiguration && config ? image?.metadataUser : undefined;
  if (metadata) {
    return {
      name: { value: metadata.name, source: baseImage!.decision.source, reason: `${image!.evidence}; your configuration runs as that user, and the volume is made for it` },
      uid: metadata.uid,
      gid: metadata.uid,
      keepsRemoteUser: keeps,
    };
  }
  const containerUser = usersOwnValue(facts, 'containerUser');
  if (containerUser !== undefined) {
    const named = namedUser(containerUser, config!.file, `your configuration runs as ${containerUser} (containerUser)`, baseImage);
    if (named) return { ...named, keepsRemoteUser: keeps };
    unusable.push({ key: 'containerUser', value: containerUser });
  }

  const composeUser = config?.compose?.definition?.user;
  if (composeUser) {
    const source = `${composeUser.file}${composeUser.line ? ` line ${composeUser.line}` : ''}`;
    const named = namedUser(composeUser.value, source, `the service runs as ${composeUser.value} (user: in ${composeUser.file})`, baseImage);
    if (named) return { ...named, keepsRemoteUser: keeps };
    diagnostics.push({
      level: 'info',
      code: 'compose-user-unknown',
      message: `the service runs as ${JSON.stringify(composeUser.value)} (user: in ${composeUser.file}), a uid or a value Compose interpolates; gen-devcontainer cannot tell that user's name, so the plan's user is decided as if it were not set`,
      file: composeUser.file,
      ...(composeUser.line ? { line: composeUser.line } : {}),
      hint: 'give the user by name there (user: root, or user: vscode), or pass --user',
    });
  }

  const dockerfile = usersOwnDockerfile(facts);
  const stageUser = dockerfile?.stage?.user;
  if (stageUser) {
    const source = `${dockerfile!.file} line ${stageUser.line}`;
    const named = stageUser.value === undefined ? undefined : namedUser(stageUser.value, source, `your Dockerfile's stage ends with USER ${stageUser.written}`, baseImage);
    if (named) return { ...named, keepsRemoteUser: keeps };
    diagnostics.push({
      level: 'info',
      code: 'dockerfile-user-unknown',
      message: `${dockerfile!.file} line ${stageUser.line}: USER ${stageUser.written} names ${stageUser.value === undefined ? `a user decided at build time (${stageUser.unresolved})` : 'a uid, not a user name'}; the plan's user is decided as if it were not there`,
      file: dockerfile!.file,
      line: stageUser.line,
      hint: 'write USER with a name, set "remoteUser" in devcontainer.json, or pass --user',
    });
  } else if (config && baseImage?.fromConfiguration && image?.runsAsRoot) {
    // No USER anywhere: the container runs as the image's user, and this image's is root.
    return {
      name: {
        value: 'root',
        source: baseImage.decision.source,
        reason: `your configuration names no user${dockerfile ? ' and its Dockerfile sets no USER' : ''}, and ${image.evidence}. It keeps running as root, and the volume is made writable for root; --user NAME would make a non-root user instead`,
      },
      ...ROOT,
      keepsRemoteUser: keeps,
    };
  }
  // Only when nothing names a user at all: a uid or a `${...}` named one is reported where it is read.
  const namesNone = remoteUser === undefined && containerUser === undefined && !composeUser && !stageUser;
  if (config && baseImage?.fromConfiguration && !image && namesNone) {
    const root = rootOfUnknownImage(facts, baseImage, keeps, diagnostics);
    if (root) return root;
  }
  return defaultUser(baseImage);
}

/**
 * An image gen-devcontainer does not know, and no user named: root when the configuration's own
 * commands and settings show that it runs as root; otherwise undefined, with a warning (the
 * default user is made).
 */
function rootOfUnknownImage(facts: RepoFacts, baseImage: BaseImage, keeps: boolean, diagnostics: Diagnostic[]): ContainerUser | undefined {
  // An image gen-devcontainer does not know, and no user named: the configuration's own commands and
  // settings may still show that it runs as root (root-evidence.ts). Then a non-root user would
  // break them (`apt-get install` without sudo fails as vscode): root stays.
  const evidence = rootEvidence(facts);
  if (evidence.length > 0) {
    const first = evidence[0]!;
    diagnostics.push({
      level: 'info',
      code: 'root-kept',
      message: `the configuration runs as root (${first.what}), so the plan keeps root instead of making a non-root ${DEFAULT_USER.name}`,
      file: first.file,
      line: first.line,
      hint: 'set "remoteUser" to a user of the image and use sudo in your commands, or pass --user NAME, to run as another user',
    });
    // Where else it shows, each place once (`apt-get update && apt-get install` is one line).
    const places = [...new Set(evidence.map((e) => `${e.file}:${e.line}`))].filter((p) => p !== `${first.file}:${first.line}`);
    const more = places.length > 0 ? `; also at ${places.slice(0, 3).join(', ')}${places.length > 3 ? `, and ${places.length - 3} more` : ''}` : '';
    return {
      name: {
        value: 'root',
        source: `${first.file}:${first.line}`,
        reason: `your configuration names no user, gen-devcontainer does not know which user ${baseImage.decision.value} runs as, and the configuration runs as root: ${first.what} (${first.file}:${first.line})${more}. It keeps running as root, and the volume is made writable for root; --user NAME would make a non-root user instead`,
      },
      ...ROOT,
      keepsRemoteUser: keeps,
    };
  }
  // The user's own image, not in the table: nothing says which user it runs as.
  diagnostics.push({
    level: 'warning',
    code: 'image-user-unknown',
    message: `your configuration names no user, and gen-devcontainer does not know which user ${baseImage.decision.value} runs as (src/plan/image-facts.ts): the plan makes a non-root ${DEFAULT_USER.name} with uid ${DEFAULT_USER.uid} and writes "remoteUser" for it`,
    file: baseImage.decision.source.split(' ')[0],
    hint: 'if the container is meant to run as root (rootless Podman, user namespaces) or as a user of the image, set "remoteUser" to it in devcontainer.json and run again; --user NAME chooses another non-root user',
  });
  return undefined;
}

/** A user the configuration names: root, or a plain user name; undefined for anything else (a uid, `${...}`). */
function namedUser(value: string, source: string, why: string, baseImage: BaseImage | undefined): Omit<ContainerUser, 'keepsRemoteUser'> | undefined {
  const name = value.split(':')[0]!;
  if (name === 'root' || name === '0') {
    return { name: { value: 'root', source, reason: `${why}: it keeps running as root, and the volume is made writable for root. --user NAME would make a non-root user instead` }, ...ROOT };
  }
  if (!isValidUserName(name)) return undefined;
  const image = baseImage?.known;
  const known = image?.metadataUser?.name === name ? image.metadataUser.uid : image?.uid1000 === name ? 1000 : undefined;
  const ids: Decision<string> | undefined =
    known !== undefined
      ? undefined
      : image?.uid1000 !== undefined
        ? renamedHolder(image.uid1000, name, DEFAULT_USER.uid, baseImage!)
        : image
          ? undefined
          : {
              value: `${DEFAULT_USER.uid}:${DEFAULT_USER.gid}`,
              source: 'plan',
              reason: `the image is not one gen-devcontainer knows: if it has no user ${name}, the Dockerfile creates one with uid and gid ${DEFAULT_USER.uid}; a user ${name} the image already has keeps its own ids`,
            };
  return { name: { value: name, source, reason: `${why}; the volume is made for that user` }, uid: known ?? DEFAULT_USER.uid, gid: known ?? DEFAULT_USER.gid, ...(ids ? { ids } : {}) };
}

function defaultUser(baseImage: BaseImage | undefined): ContainerUser {
  const image = baseImage?.known;
  const holder = image?.uid1000 !== undefined && image.uid1000 !== DEFAULT_USER.name ? image.uid1000 : undefined;
  return {
    name: { value: DEFAULT_USER.name, source: 'default', reason: 'non-root, uid 1000 like most host users, so files in the workspace keep their owner' },
    uid: DEFAULT_USER.uid,
    gid: DEFAULT_USER.gid,
    ...(holder ? { ids: renamedHolder(holder, DEFAULT_USER.name, DEFAULT_USER.uid, baseImage!) } : {}),
    keepsRemoteUser: false,
  };
}

/** The uid is another user's in this image: the Dockerfile renames that user, so the plan's uid holds. */
function renamedHolder(holder: string, name: string, uid: number, baseImage: BaseImage): Decision<string> {
  return {
    value: `${uid}:${uid}`,
    source: baseImage.decision.source,
    reason: `${baseImage.known!.evidence}. When the Dockerfile's block finds no user ${name}, it renames ${holder} to ${name} (its home, its group and a sudo rule of its name follow), so ${name} has uid ${uid} as the plan says, instead of silently getting the next free one; a ${name} the image already has keeps its own ids`,
  };
}

function userFromOption(option: string, baseImage: BaseImage | undefined, diagnostics: Diagnostic[]): ContainerUser | undefined {
  const bad = (why: string) => {
    diagnostics.push({ level: 'error', code: 'option-user-invalid', message: `--user ${JSON.stringify(option)}: ${why}`, hint: 'write NAME, NAME:UID or NAME:UID:GID, e.g. --user dev:1001' });
    return undefined;
  };
  const parts = option.split(':');
  if (parts.length > 3) return bad('it has more than three parts');
  const [name, uidText, gidText] = parts;
  if (!name || !isValidUserName(name)) return bad('the name must be a lower-case POSIX user name, and not root');
  if (uidText !== undefined && !/^\d+$/.test(uidText)) return bad(`the uid ${JSON.stringify(uidText)} must be a whole number written in digits`);
  if (gidText !== undefined && !/^\d+$/.test(gidText)) return bad(`the gid ${JSON.stringify(gidText)} must be a whole number written in digits`);
  const uid = uidText !== undefined ? Number(uidText) : DEFAULT_USER.uid;
  const gid = gidText !== undefined ? Number(gidText) : uid;
  if (!Number.isInteger(uid) || uid < 1 || uid > 60000) return bad('the uid must be between 1 and 60000 (the user must not be root)');
  if (!Number.isInteger(gid) || gid < 1 || gid > 60000) return bad('the gid must be between 1 and 60000');
  const image = baseImage?.known;
  const holder = uid === 1000 && image?.uid1000 !== undefined && image.uid1000 !== name ? image.uid1000 : undefined;
  return {
    name: { value: name, source: '--user', reason: 'asked for on the command line' },
    uid,
    gid,
    ...(holder ? { ids: renamedHolder(holder, name, uid, baseImage!) } : {}),
    keepsRemoteUser: false,
  };
}
