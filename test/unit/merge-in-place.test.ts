/**
 * Issue 18, item 3: a value the merge changes is edited inside, so the user's text and comments in
 * it stay; a value it removes leaves its comments; a member it does not change keeps its bytes.
 * (The fuzz class test/fuzz/comments.test.ts covers the same with comments everywhere.)
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const CONFIG = '.devcontainer/devcontainer.json';
const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\n';

function merged(files: Record<string, string>, force = false): string {
  const all = { 'pyproject.toml': PYPROJECT, ...files };
  const analysis = analyzeRepo(new MemoryRepo(all), 'demo');
  const planned = planTargets(analysis.facts, { generatorVersion: 'test' });
  expect(planned.plan, JSON.stringify([...analysis.diagnostics, ...planned.diagnostics])).toBeDefined();
  const text = renderTargets(planned.plan!, analysis.facts.devcontainer, force).files.find((f) => f.path === CONFIG)!.content;
  parseJsoncStrict(text);
  return text;
}

describe('the merge edits inside a value instead of replacing it', () => {
  it('an object-form command: each entry wrapped around its own text; the comment in it stays', () => {
    const text = merged({ [CONFIG]: '{\n  "image": "debian",\n  "postCreateCommand": {"a": "echo a", // KEEP\n    "b": ["x"]}\n}\n' });
    expect(text).toContain('"a": ["sh", ".devcontainer/uv-lifecycle.sh", "check", "--", "/bin/sh", "-c", "echo a"], // KEEP\n    "b": ["sh", ".devcontainer/uv-lifecycle.sh", "check", "--", "x"]}');
  });

  it("an array-form command: our words go in front of the user's; the comment between them stays", () => {
    const text = merged({ [CONFIG]: '{\n  "image": "debian",\n  "postCreateCommand": ["echo", // KEEP\n    "hi"]\n}\n' });
    expect(text).toContain('"postCreateCommand": ["sh", ".devcontainer/uv-lifecycle.sh", "check", "--", "echo", // KEEP\n    "hi"]');
  });

  it('a list of Compose files with one after the generated file: the generated one moves last, every comment stays', () => {
    const config =
      '{\n  "dockerComposeFile": [ /* A */ "compose.yaml", // B\n    "compose.gen-devcontainer.yaml", /* C */ "other.yaml" /* D */ ],\n  "service": "app",\n  "workspaceFolder": "/w"\n}\n';
    const text = merged({
      [CONFIG]: config,
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: debian\n    volumes:\n      - ..:/w\n',
      '.devcontainer/other.yaml': 'services:\n  app:\n    environment:\n      A: b\n',
      '.devcontainer/compose.gen-devcontainer.yaml': 'services: {}\n',
    });
    expect((parseJsoncStrict(text) as { dockerComposeFile: string[] }).dockerComposeFile).toEqual(['compose.yaml', 'other.yaml', 'compose.gen-devcontainer.yaml']);
    for (const c of ['/* A */', '// B', '/* C */', '/* D */']) expect(text).toContain(c);
  });

  it('--force takes a remoteEnv value out; the standalone comment in remoteEnv stays, and so does remoteEnv for it', () => {
    const text = merged({ [CONFIG]: '{\n  "image": "debian",\n  "remoteEnv": {\n    // STANDALONE\n    "UV_LINK_MODE": "copy"\n  }\n}\n' }, true);
    expect(text).toContain('"remoteEnv": {\n    // STANDALONE\n  }');
  });

  it('an untouched last member keeps its bytes when members are added after it', () => {
    const text = merged({ [CONFIG]: '{\n  "image": "debian",\n  "features": {\n      "a":    1 }\n}' });
    expect(text).toContain('  "features": {\n      "a":    1 },\n  "name": "demo",\n');
  });
});
