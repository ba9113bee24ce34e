/**
 * Review finding: a VOLUME of the user's Dockerfile is a mount too (Docker gives each path an
 * anonymous volume at run time unless a mount is at that very path: moby/moby daemon/create_unix.go,
 * createContainerOSSpecificSettings), so `VOLUME /opt/uv/cache` splits the one mount as surely as a
 * runArgs `-v` there does; it went unseen. One around or at the target is harmless (filled from the
 * image's folder; skipped under a mount at its path) and stays allowed.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { MemoryRepo } from '../helpers/memory-repo.js';

const PYPROJECT = '[project]\nname = "svc"\nversion = "0"\nrequires-python = ">=3.12"\n';
const DOCKERFILE = '.devcontainer/Dockerfile';

function plan(dockerfile: string) {
  const analysis = analyzeRepo(new MemoryRepo({ 'pyproject.toml': PYPROJECT, '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }', [DOCKERFILE]: dockerfile }), 'svc');
  const result = planTargets(analysis.facts, { generatorVersion: 't' });
  return { plan: result.plan, errors: [...analysis.diagnostics, ...result.diagnostics].filter((d) => d.level === 'error') };
}

const FROM = 'FROM mcr.microsoft.com/devcontainers/base:trixie\n';

describe("the Dockerfile's VOLUME against the uv volume's target /opt/uv", () => {
  it.each([
    ['VOLUME /opt/uv/cache\n', 2],
    ['RUN true\nVOLUME ["/data", "/opt/uv/envs"]\n', 3],
    ['VOLUME /data /opt/uv//tmp/\n', 2],
  ])('%j inside it: refused, naming the Dockerfile line', (lines, line) => {
    const { plan: planned, errors } = plan(FROM + lines);
    expect(planned).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ code: 'mount-inside-volume', file: DOCKERFILE, line })]);
    expect(errors[0]?.message).toContain("the Dockerfile's VOLUME");
  });

  it.each(['VOLUME /opt\n', 'VOLUME /opt/uv\n', 'VOLUME /opt/uv-other\n', 'VOLUME $CACHE/x\n'])('%j: planned', (lines) => {
    const { plan: planned, errors } = plan(FROM + lines);
    expect(errors).toEqual([]);
    expect(planned).toBeDefined();
  });

  it('a VOLUME in a stage the container does not run is no mount of it', () => {
    const { plan: planned, errors } = plan(`FROM debian:trixie AS builder\nVOLUME /opt/uv/cache\n\n${FROM}`);
    expect(errors).toEqual([]);
    expect(planned).toBeDefined();
  });
});
