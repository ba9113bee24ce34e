import { commandsOfLine, commandWords } from './shell-line.js';

/**
 * A command in a user's lifecycle command (or a script one runs) that only root can run, written
 * without sudo: the configuration runs as root, whatever its image. A package manager that changes
 * the system (`apt-get install`, `apk add`, `dnf install`), a write into `/usr` or `/etc`, or a path
 * in `/root` (mode 0700: no other user can enter it).
 */
export interface RootCommand {
  /** The command as written. */
  command: string;
  /** What in it needs root, in a few words. */
  why: string;
  property: string;
  file: string;
  line: number;
}

/** Package managers and the subcommands of theirs that change the system. */
const PACKAGE_MANAGERS: Record<string, RegExp> = {
  'apt-get': /^(install|update|upgrade|dist-upgrade|remove|purge|autoremove|build-dep)$/,
  apt: /^(install|update|upgrade|full-upgrade|remove|purge|autoremove)$/,
  aptitude: /^(install|update|upgrade|remove|purge)$/,
  dpkg: /^(-i|--install|-r|--remove|-P|--purge)$/,
  apk: /^(add|del|update|upgrade)$/,
  dnf: /^(install|update|upgrade|remove|erase|makecache|groupinstall)$/,
  microdnf: /^(install|update|upgrade|remove)$/,
  yum: /^(install|update|upgrade|remove|erase|makecache|groupinstall)$/,
  zypper: /^(install|in|update|up|remove|rm|refresh|ref)$/,
  pacman: /^-S|^-U|^-R/,
};

/** Commands that write where their last operand points (a copy's destination), and those that write every operand. */
const WRITES_LAST = new Set(['cp', 'mv', 'ln', 'install', 'rsync']);
const WRITES_EVERY = new Set(['mkdir', 'touch', 'rm', 'chmod', 'chown', 'chgrp', 'tee', 'truncate', 'useradd', 'groupadd', 'usermod', 'update-alternatives', 'ldconfig']);

/** A system folder only root writes to. */
const SYSTEM_PATH = /^\/(usr|etc)(\/|$)/;
/** root's home: nobody else can even list it. */
const ROOT_HOME = /^(\/root|~root)(\/|$)/;

export function rootCommandsIn(text: string, property: string, file: string, line: number): RootCommand[] {
  const found: RootCommand[] = [];
  for (const command of commandsOfLine(text)) {
    const why = needsRoot(command);
    if (why) found.push({ command, why, property, file, line });
  }
  return found;
}

function needsRoot(command: string): string | undefined {
  const words = commandWords(command);
  const name = words[0]?.replace(/^\/(usr\/)?s?bin\//, '');
  // sudo, su, doas: the user is not root, and says so.
  if (name === undefined || /^(sudo|su|doas|gosu|runuser)$/.test(name)) return undefined;
  const subcommand = words.slice(1).find((w) => !w.startsWith('-') || name === 'dpkg' || name === 'pacman');
  const manager = Object.hasOwn(PACKAGE_MANAGERS, name) ? PACKAGE_MANAGERS[name] : undefined;
  if (manager && subcommand && manager.test(subcommand)) return `${name} ${subcommand} without sudo`;
  if (name === 'useradd' || name === 'groupadd' || name === 'usermod' || name === 'ldconfig' || name === 'update-alternatives') return `${name} without sudo`;
  // A redirection into a system folder: `echo x > /etc/profile.d/x.sh`.
  const redirect = /(?:^|[^0-9&<>])>>?\s*["']?(\/[^\s"';&|]*)/.exec(command)?.[1];
  if (redirect && SYSTEM_PATH.test(redirect)) return `a write into ${redirect} without sudo`;
  const operands = words.slice(1).filter((w) => !w.startsWith('-'));
  const written = WRITES_LAST.has(name) ? operands.slice(-1) : WRITES_EVERY.has(name) ? operands : [];
  const system = written.find((w) => SYSTEM_PATH.test(w));
  if (system) return `${name} into ${system} without sudo`;
  const home = words.slice(1).find((w) => ROOT_HOME.test(w.replace(/^[A-Za-z_][A-Za-z0-9_]*=/, '')));
  if (home) return `a path in root's home (${home}), which no other user can enter`;
  return undefined;
}
