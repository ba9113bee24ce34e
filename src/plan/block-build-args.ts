import type { RepoFacts } from '../analyze/facts.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ContainerUser } from './container-user.js';

/**
 * The build arguments the Dockerfile block declares (templates/dockerfile-block.hbs) and what the
 * plan says each must be. A build argument of the same name passed by the configuration
 * (devcontainer.json `build.args`, a Compose service's `build.args`) replaces an ARG's default for
 * the whole build ("docker build --build-arg ... overrides the default", Dockerfile reference,
 * `ARG`): the image would then make and run as another user than the one the plan, the prepare
 * step and the in-container check name. So such an argument must say what the plan says.
 */
function blockArgs(user: ContainerUser): Record<string, string> {
  return user.uid === 0 ? { USERNAME: user.name.value } : { USERNAME: user.name.value, USER_UID: String(user.uid), USER_GID: String(user.gid) };
}

export function blockArgConflicts(facts: RepoFacts, user: ContainerUser): Diagnostic[] {
  const config = facts.devcontainer?.config;
  // Only a Dockerfile the configuration builds, with arguments it passes, carries the block with them.
  const dockerfile = config?.kind === 'dockerfile' ? config.dockerfile : config?.kind === 'compose' ? config.compose?.dockerfile : undefined;
  const given = dockerfile?.buildArgs;
  if (!config || !given) return [];
  // devcontainer.json passes them in build.args, and as `--build-arg` in build.options (analyze/devcontainer.ts).
  const where =
    config.kind === 'compose' ? `build.args of the service "${config.compose!.service}"` : config.text.includes('--build-arg') ? 'build.args and build.options (--build-arg)' : 'build.args';

  const wanted = blockArgs(user);
  const conflicting = Object.entries(wanted).filter(([name, value]) => Object.hasOwn(given, name) && given[name] !== value);
  if (conflicting.length === 0) return [];
  const names = conflicting.map(([n]) => n);
  // The compose file that sets the first of them (Compose merges build.args across the files).
  const file = config.kind === 'compose' ? (config.compose!.definition?.buildArgFiles?.[names[0]!] ?? config.compose!.files.at(-1)!) : config.file;
  const words = conflicting.map(([name]) => `${name}=${given[name] === undefined ? '(a value only known when it builds)' : given[name]}`).join(', ');
  const asked = `${user.name.value}${user.uid === 0 ? '' : `:${user.uid}:${user.gid}`}`;
  // A value only known when it builds names no user to ask for: --user can only honour literal values.
  const unknown = Object.keys(wanted).some((name) => Object.hasOwn(given, name) && given[name] === undefined);
  const theirs = given.USERNAME ?? user.name.value;
  const ids = user.uid === 0 ? '' : `:${given.USER_UID ?? user.uid}:${given.USER_GID ?? given.USER_UID ?? user.gid}`;
  return [
    {
      level: 'error',
      code: 'build-args-override-block',
      message: `${where} sets ${words}, which the uv block's ARG ${names.join('/')} would take: the image would make and run as ${unknown ? 'a user decided only when it builds, perhaps not' : 'another user than'} the plan's ${asked}, which the volume's owner, the prepare step and the in-container check are made for`,
      file,
      hint: unknown
        ? `remove ${names.join(', ')} from ${where}, or write ${names.length === 1 ? 'it' : 'them'} out as the user you want and pass the same with --user NAME:UID:GID`
        : /^[A-Za-z0-9._-]+(:\d+){0,2}$/.test(`${theirs}${ids}`)
          ? `to run as that user, say so: --user ${theirs}${ids}; otherwise remove ${names.join(', ')} from ${where}`
          : `remove ${names.join(', ')} from ${where}, or pass --user NAME:UID:GID`,
    },
  ];
}
