/**
 * Fuzz classes for what a user's own configuration says through its commands and settings (issue
 * 17): the evidence that it runs as root, in every channel, and uv commands that write the lock or
 * change the environment, in every lifecycle property and form. Each case is a repository in memory,
 * analysed and planned in-process (no disk, no CLI), so 1,000 cases take seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { fuzzSettings, fuzzTally } from '../helpers/fuzz.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n[project.optional-dependencies]\nbuild = ["uv_build"]\n';
const CONFIG = '.devcontainer/devcontainer.json';
const SCRIPT = '.devcontainer/setup.sh';
const IMAGE = 'ghcr.io/example/unknown-dev:3';
const PROPERTIES = ['onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'] as const;
const tally = fuzzTally();

type Form = 'string' | 'array' | 'object' | 'script' | 'wrapped';

/** One command in a lifecycle property, in one of the forms devcontainer.json allows (or a script it runs); the config's members and the script's text. */
function place(command: string, property: string, form: Form, padding: number): { members: string[]; script?: string } {
  const words = command.split(' ');
  switch (form) {
    case 'string':
      return { members: [`"${property}": ${JSON.stringify(`true && ${command}`)}`] };
    case 'array':
      return { members: [`"${property}": ${JSON.stringify(words)}`] };
    case 'object':
      return { members: [`"${property}": { "first": "echo hi", "second": ${JSON.stringify(command)} }`] };
    case 'wrapped':
      return { members: [`"${property}": ${JSON.stringify(['sh', '.devcontainer/uv-lifecycle.sh', 'check', '--', ...words])}`] };
    case 'script':
      return { members: [`"${property}": "bash ${SCRIPT}"`], script: `#!/bin/sh\n${'# a comment\n'.repeat(padding)}set -e\n${command}\n` };
  }
}

function plan(files: Record<string, string>, options: { user?: string; extra?: string[] } = {}) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\nrevision = 3\n', ...files }), 'demo');
  return planTargets(analysis.facts, { generatorVersion: 'fuzz', ...options });
}

/** The text at file:line of the repository. */
function lineOf(files: Record<string, string>, file: string, line: number): string {
  return files[file]?.split('\n')[line - 1] ?? '';
}

describe('fuzz: the evidence that a configuration runs as root, in every channel', () => {
  const rootCommand = fc.constantFrom(
    'apt-get install -y jq',
    'apt update',
    'apk add git',
    'dnf install -y make',
    'yum install -y gcc',
    'cp tools/x /usr/local/bin/',
    'tee /etc/motd',
    'mkdir -p /etc/myapp',
    'ls /root/.cache',
  );
  const evidence = fc.oneof(
    fc.record({
      channel: fc.constant('command' as const),
      command: rootCommand,
      sudo: fc.boolean(),
      property: fc.constantFrom(...PROPERTIES),
      form: fc.constantFrom<Form>('string', 'array', 'object', 'script', 'wrapped'),
      padding: fc.nat(5),
      // What runs the command with variables of its own: env (a program, in every form) or a shell's assignment (not in an exec array).
      prefix: fc.constantFrom('', 'env ', 'env DEBIAN_FRONTEND=noninteractive ', 'env -u LANG -i PATH=/usr/bin:/bin ', 'DEBIAN_FRONTEND=noninteractive '),
    }),
    fc.record({ channel: fc.constantFrom('containerEnv' as const, 'remoteEnv' as const), name: fc.constantFrom('PIP_ROOT_USER_ACTION', 'HOME', 'PATH'), sudo: fc.constant(false) }),
    fc.record({ channel: fc.constant('mount' as const), target: fc.constantFrom('/root/.cache/uv', '/root/.cache/pip', '/root'), sudo: fc.constant(false) }),
    fc.record({ channel: fc.constant('dockerfile' as const), name: fc.constantFrom('PIP_ROOT_USER_ACTION', 'PATH', 'HOME'), sudo: fc.constant(false) }),
  );

  it('an unknown image and no user named: root exactly when something shows it (sudo shows the opposite), with the file:line of a line that holds it; --user always wins', () => {
    fc.assert(
      fc.property(evidence, fc.boolean(), (e, withUserOption) => {
        const files: Record<string, string> = {};
        const members: string[] = [];
        let config = `"image": "${IMAGE}"`;
        let key: string;
        if (e.channel === 'command') {
          const prefix = e.form === 'array' || e.form === 'wrapped' ? e.prefix.replace(/^DEBIAN_FRONTEND=\S+ $/, 'env $&') : e.prefix;
          const command = `${e.sudo ? 'sudo ' : ''}${prefix}${e.command}`;
          const placed = place(command, e.property, e.form, e.padding);
          members.push(...placed.members);
          if (placed.script) files[SCRIPT] = placed.script;
          key = e.command.split(' ')[0]!;
        } else if (e.channel === 'mount') {
          members.push(`"mounts": ["type=volume,source=cache,target=${e.target}"]`);
          key = e.target;
        } else if (e.channel === 'dockerfile') {
          config = '"build": { "dockerfile": "Dockerfile" }';
          const value = e.name === 'PIP_ROOT_USER_ACTION' ? 'ignore' : e.name === 'HOME' ? '/root' : '"/root/.local/bin:$PATH"';
          files['.devcontainer/Dockerfile'] = `FROM ${IMAGE}\nRUN true\nENV ${e.name}=${value}\n`;
          key = e.name;
        } else {
          const value = e.name === 'PIP_ROOT_USER_ACTION' ? 'ignore' : e.name === 'HOME' ? '/root' : '/root/.local/bin:/usr/bin:/bin';
          members.push(`"${e.channel}": {\n    "${e.name}": "${value}"\n  }`);
          key = e.name;
        }
        files[CONFIG] = `{\n  ${[config, ...members].join(',\n  ')}\n}\n`;
        const planned = plan(files, withUserOption ? { user: 'dev' } : {});
        expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
        const user = planned.plan!.user.name;
        const expected = withUserOption ? 'dev' : e.sudo ? 'vscode' : 'root';
        expect(user.value, files[CONFIG]).toBe(expected);
        if (expected === 'root') {
          const [file, line] = [user.source.slice(0, user.source.lastIndexOf(':')), Number(user.source.slice(user.source.lastIndexOf(':') + 1))];
          expect(lineOf(files, file, line)).toContain(key);
          expect(user.reason).toContain(`${file}:${line}`);
        }
        tally.count('root evidence', `${e.channel}: ${expected}`);
      }),
      fuzzSettings,
    );
  });
});

describe('fuzz: uv commands of the user in every lifecycle property and form', () => {
  const uvCommand = fc.record({
    // The verb, and the words after uv's own options (`uv run --frozen pytest -q`: -q is pytest's).
    subcommand: fc.constantFrom<[string, string]>(
      ['sync', ''],
      ['lock', ''],
      ['add', 'httpx'],
      ['remove', 'httpx'],
      ['run', 'pytest -q'],
      ['pip install', 'rich'],
      ['pip sync', 'requirements.txt'],
      ['tool install', 'ruff'],
      ['tool run', 'ruff'],
      ['venv', ''],
      ['cache prune', ''],
    ),
    flags: fc.subarray(['--frozen', '--locked', '--no-sync', '--check', '--inexact', '--extra build', '--dry-run', '--system']),
    global: fc.constantFrom('', '-q ', '--directory . ', '--no-progress '),
    sudo: fc.boolean(),
    uvx: fc.boolean(),
    property: fc.constantFrom(...PROPERTIES),
    form: fc.constantFrom<Form>('string', 'array', 'object', 'script', 'wrapped'),
    padding: fc.nat(5),
    // The flags that uv also takes as variables, given as the command's own (`UV_FROZEN=1 uv sync`), through env or not.
    asVariables: fc.boolean(),
    throughEnv: fc.boolean(),
  });
  /** uv's variables that stand for a flag (astral-sh/uv crates/uv-static/src/env_vars.rs: "equivalent to" it). */
  const AS_VARIABLE: Record<string, string> = { '--frozen': 'UV_FROZEN=1', '--locked': 'UV_LOCKED=true', '--no-sync': 'UV_NO_SYNC=yes', '--system': 'UV_SYSTEM_PYTHON=1' };

  /** Whether the command writes uv.lock or changes the environment against the plan (a model written from uv's docs, apart from src/plan/uv-commands.ts). */
  function expectWarning(verb: string, flags: string[]): boolean {
    const has = (f: string) => flags.includes(f);
    const locks = !has('--frozen') && !has('--locked') && !has('--no-sync') && !has('--dry-run');
    switch (verb) {
      case 'sync':
        // The install step syncs with --frozen and no extra: another selection, exactly, undoes it.
        return locks || (has('--extra build') && !has('--inexact') && !has('--dry-run'));
      case 'lock':
        return !has('--check') && !has('--locked') && !has('--dry-run');
      case 'add':
      case 'remove':
        return true;
      case 'run':
        return locks;
      case 'pip install':
      case 'pip sync':
        return !has('--system');
      default:
        return false;
    }
  }

  it('each one that writes the lock or changes the environment is named once, at a line holding it; the others are not', () => {
    fc.assert(
      fc.property(uvCommand, (c) => {
        const [verb, args] = c.subcommand;
        const variables = c.asVariables ? c.flags.filter((f) => Object.hasOwn(AS_VARIABLE, f)).map((f) => AS_VARIABLE[f]!) : [];
        const flags = c.flags.filter((f) => !(c.asVariables && Object.hasOwn(AS_VARIABLE, f)));
        // An exec array runs no shell: its variables go through env.
        const prefix = variables.length === 0 ? '' : `${c.throughEnv || c.form === 'array' || c.form === 'wrapped' ? 'env ' : ''}${variables.join(' ')} `;
        const command = `${c.sudo ? 'sudo ' : ''}${c.uvx ? 'uvx ruff' : `${prefix}uv ${c.global}${[verb, ...flags, args].filter((w) => w !== '').join(' ')}`}`;
        const placed = place(command, c.property, c.form, c.padding);
        const files: Record<string, string> = { [CONFIG]: `{\n  "image": "python:3.12",\n  ${placed.members.join(',\n  ')}\n}\n` };
        if (placed.script) files[SCRIPT] = placed.script;
        const planned = plan(files);
        const warnings = planned.diagnostics.filter((d) => d.code === 'uv-command-in-lifecycle');
        const expected = !c.uvx && expectWarning(verb, c.flags);
        expect(warnings.length, `${command}\n${JSON.stringify(warnings)}`).toBe(expected ? 1 : 0);
        for (const w of warnings) {
          expect(lineOf(files, w.file!, w.line!)).toContain(c.form === 'array' || c.form === 'wrapped' ? '"uv"' : 'uv ');
          expect(w.message).toContain(`${c.property} runs \``);
          expect(w.hint).toMatch(/--frozen|--extra|--inexact|--check|commit|uv add/);
        }
        tally.count('uv commands', expected ? 'named' : 'left alone');
      }),
      fuzzSettings,
    );
  });
});
