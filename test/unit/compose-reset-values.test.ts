/**
 * Review finding: a key tagged `!reset` in a later compose file is gone from the service, but its
 * written value was still read as the service's: `user: !reset null` made the user "null" (the
 * failsafe schema reads `null` as text), `tmpfs: !reset null` a tmpfs at "null", `env_file: !reset
 * null` a file named "null". Compose drops the key (compose-spec 13-merge.md, "Reset value").
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';

function service(base: string, override: string) {
  const files = {
    'pyproject.toml': PYPROJECT,
    '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["compose.yaml", "compose.local.yaml"], "service": "app" }',
    '.devcontainer/compose.yaml': `services:\n  app:\n    image: debian:trixie\n    volumes:\n      - ..:/workspace\n${base}`,
    '.devcontainer/compose.local.yaml': `services:\n  app:\n${override}`,
  };
  return analyzeRepo(new MemoryRepo(files), 'svc').facts.devcontainer?.config?.compose?.definition;
}

describe('a key tagged !reset is no value of the service', () => {
  it.each(['    user: !reset null\n', '    user: !reset\n', "    user: !reset ''\n"])('%j: no user', (override) => {
    const definition = service('    user: alice\n', override);
    expect(definition?.user).toBeUndefined();
  });

  it('tmpfs: !reset null: no tmpfs, not one at "null"', () => {
    const definition = service('    tmpfs:\n      - /run\n', '    tmpfs: !reset null\n');
    expect(definition?.mounts.filter((m) => m.key === 'tmpfs')).toEqual([]);
  });

  it('!override still gives the new value', () => {
    expect(service('    user: alice\n', '    user: !override bob\n')?.user?.value).toBe('bob');
  });
});

describe('build.args merged across compose files', () => {
  it('a conflicting argument is named in the file that sets it, not the last file', () => {
    const files = {
      'pyproject.toml': PYPROJECT,
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["compose.yaml", "compose.local.yaml"], "service": "app" }',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        USERNAME: alice\n    volumes:\n      - ..:/workspace\n',
      '.devcontainer/compose.local.yaml': 'services:\n  app:\n    environment:\n      A: b\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/base:trixie\n',
    };
    const { facts } = analyzeRepo(new MemoryRepo(files), 'svc');
    const error = planTargets(facts, { generatorVersion: 't' }).diagnostics.find((d) => d.code === 'build-args-override-block');
    expect(error?.file).toBe('.devcontainer/compose.yaml');
  });
});
