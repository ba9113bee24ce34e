/**
 * Issue 18 item 8: compose files read as Compose merges them. A later file's `!reset` drops what
 * the earlier ones set for a key and `!override` replaces it (compose-spec 13-merge.md); a mapping
 * such as `build` merges key by key.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';
const CONFIG = '.devcontainer/devcontainer.json';

function run(override: string) {
  const files = {
    'pyproject.toml': PYPROJECT,
    [CONFIG]: '{ "dockerComposeFile": ["compose.yaml", "compose.local.yaml"], "service": "app" }',
    '.devcontainer/compose.yaml':
      'services:\n  app:\n    build:\n      context: .\n      dockerfile: app.Dockerfile\n    volumes:\n      - ..:/workspace\n    environment:\n      UV_LINK_MODE: copy\n',
    '.devcontainer/app.Dockerfile': 'FROM debian:trixie\n',
    '.devcontainer/other.Dockerfile': 'FROM python:3.11\n',
    '.devcontainer/compose.local.yaml': override,
  };
  const analysis = analyzeRepo(new MemoryRepo(files), 'svc');
  return { analysis, planned: planTargets(analysis.facts, { generatorVersion: 't' }) };
}

describe('Compose merge tags and mappings', () => {
  it('volumes: !reset [] removes the repository bind: no workspaceFolder is written for it', () => {
    const { planned } = run('services:\n  app:\n    volumes: !reset []\n');
    expect(planned.plan).toBeUndefined();
    expect(planned.diagnostics.map((d) => d.code)).toContain('compose-workspace-unknown');
  });

  it('volumes: !override replaces the list: the bind is the new one', () => {
    const { planned } = run('services:\n  app:\n    volumes: !override\n      - ..:/code\n');
    expect(planned.plan?.devcontainer.workspaceFolder.value).toBe('/code');
  });

  it('environment: !reset drops the earlier UV_LINK_MODE', () => {
    const { analysis } = run('services:\n  app:\n    environment: !reset {}\n');
    expect(analysis.facts.userUvSettings?.settings.filter((s) => s.name === 'UV_LINK_MODE')).toEqual([]);
  });

  it('build merges key by key (a later target keeps the earlier dockerfile); build: !override replaces it', () => {
    const merged = run('services:\n  app:\n    build:\n      target: dev\n').analysis.facts.devcontainer?.config?.compose;
    expect(merged?.dockerfile?.file).toBe('.devcontainer/app.Dockerfile');
    expect(merged?.target).toBe('dev');
    const replaced = run('services:\n  app:\n    build: !override\n      context: .\n      dockerfile: other.Dockerfile\n').analysis.facts.devcontainer?.config?.compose;
    expect(replaced?.dockerfile?.file).toBe('.devcontainer/other.Dockerfile');
  });
});
