/**
 * Issue 18 item 9: build arguments of the configuration named like the uv block's ARGs (USERNAME,
 * USER_UID, USER_GID) would replace their defaults in the build, so the image would make another
 * user than the plan's: refused, unless they say what the plan says (--user names that user).
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { type PlanOptions, planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function plan(files: Record<string, string>, options: Partial<PlanOptions> = {}) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/base:trixie\n', ...files }), 'svc');
  return planTargets(analysis.facts, { generatorVersion: 't', ...options });
}
const withArgs = (args: Record<string, string>) => ({ [CONFIG]: JSON.stringify({ build: { dockerfile: 'Dockerfile', args } }) });

describe("build.args named like the block's ARGs", () => {
  it('USERNAME/USER_UID other than the plan: exit 2 naming them, with the --user that would honour them', () => {
    const result = plan(withArgs({ USERNAME: 'alice', USER_UID: '1234' }));
    expect(result.plan).toBeUndefined();
    const error = result.diagnostics.find((d) => d.code === 'build-args-override-block');
    expect(error).toMatchObject({ level: 'error', file: CONFIG });
    expect(error?.message).toContain('USERNAME=alice, USER_UID=1234');
    expect(error?.hint).toContain('--user alice:1234:1234');
  });

  it('the same user given with --user: planned, and the plan says alice/1234', () => {
    const result = plan(withArgs({ USERNAME: 'alice', USER_UID: '1234' }), { user: 'alice:1234:1234' });
    expect(result.plan?.user).toMatchObject({ uid: 1234, gid: 1234, name: { value: 'alice' } });
  });

  it('arguments the block does not declare, or equal to the plan, are fine', () => {
    expect(plan(withArgs({ VARIANT: '3.12', USERNAME: 'vscode', USER_UID: '1000' })).plan).toBeDefined();
  });

  it('a value only known at build time (${localEnv:...}) is refused too', () => {
    const result = plan(withArgs({ USER_UID: '${localEnv:UID}' }));
    expect(result.diagnostics.find((d) => d.code === 'build-args-override-block')?.message).toContain('USER_UID=(a value only known when it builds)');
  });

  it('as root, USERNAME alone would change the final USER of the block: refused', () => {
    const files = { '.devcontainer/Dockerfile': 'FROM debian:trixie\n', ...withArgs({ USERNAME: 'alice' }) };
    expect(plan(files).diagnostics.find((d) => d.code === 'build-args-override-block')?.message).toContain("the plan's root");
  });

  it('Compose build.args do the same', () => {
    const files = {
      [CONFIG]: '{ "dockerComposeFile": "compose.yaml", "service": "app" }',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        USERNAME: alice\n    volumes: ["..:/workspace"]\n',
    };
    expect(plan(files).diagnostics.find((d) => d.code === 'build-args-override-block')).toMatchObject({ file: '.devcontainer/compose.yaml' });
  });

  it("a value only known at build time: the hint never offers the plan's own --user, which would be refused again", () => {
    for (const args of <Record<string, string>[]>[{ USERNAME: '${localEnv:USER}' }, { USERNAME: 'vscode', USER_UID: '${localEnv:UID}' }]) {
      const error = plan(withArgs(args)).diagnostics.find((d) => d.code === 'build-args-override-block');
      expect(error?.hint).not.toContain('--user vscode');
      expect(error?.hint).toContain('remove');
      expect(error?.message).toContain('decided only when it builds');
      // Following the hint the old code gave did not help: the same refusal.
      expect(plan(withArgs(args), { user: 'vscode:1000:1000' }).plan).toBeUndefined();
    }
  });
});

describe('build.options: the --build-arg the Dev Container CLI passes after build.args', () => {
  const withOptions = (options: string[], args: Record<string, string> = {}) => ({ [CONFIG]: JSON.stringify({ build: { dockerfile: 'Dockerfile', args, options } }) });

  it.each([[['--build-arg', 'USERNAME=alice']], [['--build-arg=USER_UID=1234']], [['--network=host', '--build-arg', 'USERNAME']]])('%j is refused like build.args', (options) => {
    const error = plan(withOptions(options)).diagnostics.find((d) => d.code === 'build-args-override-block');
    expect(error).toMatchObject({ level: 'error', file: CONFIG });
    expect(error?.message).toContain('build.options');
  });

  it("an option's value wins over build.args, as the later --build-arg does for docker", () => {
    expect(plan(withOptions(['--build-arg', 'USERNAME=vscode'], { USERNAME: 'alice' })).plan).toBeDefined();
    expect(plan(withOptions(['--build-arg', 'USERNAME=alice'], { USERNAME: 'vscode' })).plan).toBeUndefined();
  });

  it('options that are no build argument, and arguments equal to the plan, are fine', () => {
    expect(plan(withOptions(['--network=host', '--build-arg', 'VARIANT=3', '--build-arg=USERNAME=vscode'])).plan).toBeDefined();
  });
});
