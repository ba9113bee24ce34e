/**
 * Comments are the user's content: when the plan replaces or removes a property of their
 * devcontainer.json (an `image` that gives way to `build`, a value an earlier run wrote and the
 * plan no longer needs), every comment stays, in its place or with the value that takes its place.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../src/analyze/analyze.js';
import { planTargets } from '../../src/targets/plan.js';
import { renderTargets } from '../../src/targets/render.js';
import { MemoryRepo } from '../helpers/memory-repo.js';
import { parseJsoncStrict } from '../helpers/validators.js';

const CONFIG = '.devcontainer/devcontainer.json';
const PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n';

function run(config: string, files: Record<string, string> = {}, options: Record<string, unknown> = {}): Record<string, string> {
  const all = { 'pyproject.toml': PYPROJECT, [CONFIG]: config, ...files };
  const analysis = analyzeRepo(new MemoryRepo(all), 'demo');
  expect(analysis.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  const planned = planTargets(analysis.facts, { generatorVersion: 'test', ...options });
  expect(planned.plan, JSON.stringify(planned.diagnostics)).toBeDefined();
  const rendering = renderTargets(planned.plan!, analysis.facts.devcontainer, false);
  return { ...all, ...Object.fromEntries(rendering.files.map((f) => [f.path, f.content])) };
}

/** Every comment of a JSONC text, in order. */
function comments(text: string): string[] {
  return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trim());
}

const USER_COMMENTS = ['// top', '// above name', '// name trailing', '/* before image */', '// above image', '// image trailing', '// above features', '// last'];

describe('an image-based configuration: image becomes build, in place, and no comment is lost', () => {
  const layouts: [string, string][] = [
    [
      'image in the middle',
      `// top\n{\n  // above name\n  "name": "x", // name trailing\n  /* before image */\n  // above image\n  "image": "debian:trixie", // image trailing\n  // above features\n  "features": {}\n  // last\n}\n`,
    ],
    [
      'image last',
      `// top\n{\n  // above name\n  "name": "x", // name trailing\n  /* before image */\n  // above features\n  "features": {},\n  // above image\n  "image": "debian:trixie" // image trailing\n  // last\n}\n`,
    ],
    [
      'image first',
      `// top\n{\n  /* before image */\n  // above image\n  "image": "debian:trixie", // image trailing\n  // above name\n  "name": "x", // name trailing\n  // above features\n  "features": {}\n  // last\n}\n`,
    ],
    ['one line', `// top\n{ /* before image */ "image": "debian:trixie" /* image trailing */ }\n`],
  ];
  it.each(layouts)('%s', (_label, config) => {
    const after = run(config)[CONFIG]!;
    const parsed = parseJsoncStrict(after) as Record<string, unknown>;
    expect(parsed.image).toBeUndefined();
    expect(parsed.build).toEqual({ dockerfile: 'Dockerfile' });
    const before = comments(config);
    // Every comment of the user's is still there, in the same order relative to each other.
    const kept = comments(after).filter((c) => before.includes(c));
    expect(kept).toEqual(before);
    // The comments that were around the image are around build now.
    if (config.includes('// above image')) expect(after).toMatch(/\/\/ above image\n\s*"build": \{[^}]*\},? \/\/ image trailing/);
    for (const c of USER_COMMENTS.filter((u) => config.includes(u))) expect(after).toContain(c);
  });

  it('a second run changes nothing', () => {
    const once = run(layouts[0]![1]);
    const twice = run(once[CONFIG]!, {
      '.devcontainer/gen-devcontainer.manifest.json': once['.devcontainer/gen-devcontainer.manifest.json']!,
      '.devcontainer/Dockerfile': once['.devcontainer/Dockerfile']!,
    });
    expect(twice[CONFIG]).toBe(once[CONFIG]);
  });
});

describe('a value an earlier run wrote and the plan no longer needs is removed; the comments around it stay', () => {
  it('dropping --read-only removes runArgs the run wrote, not the comment the user put above it', () => {
    const first = run(`{\n  // mine\n  "image": "debian:trixie"\n}\n`, {}, { readOnly: true });
    expect(parseJsoncStrict(first[CONFIG]!)).toHaveProperty('runArgs');
    const withComment = first[CONFIG]!.replace('"runArgs"', '// why read-only: security review\n  "runArgs"');
    const second = run(withComment, {
      '.devcontainer/gen-devcontainer.manifest.json': first['.devcontainer/gen-devcontainer.manifest.json']!,
      '.devcontainer/Dockerfile': first['.devcontainer/Dockerfile']!,
    });
    expect(parseJsoncStrict(second[CONFIG]!)).not.toHaveProperty('runArgs');
    expect(second[CONFIG]).toContain('// why read-only: security review');
    expect(second[CONFIG]).toContain('// mine');
  });
});

describe('a new member goes after the last one; a comment on that line stays with it', () => {
  it.each([
    ['a line comment', '// note'],
    ['a block comment', '/* note */'],
  ])('containerEnv ending with %s', (_label, note) => {
    const config = `{\n  "image": "debian:trixie",\n  "containerEnv": {\n    "FOO": "1" ${note}\n  }\n}\n`;
    const after = run(config)[CONFIG]!;
    expect(after).toContain(`"FOO": "1", ${note}\n`);
    expect(parseJsoncStrict(after)).toMatchObject({ containerEnv: { FOO: '1', TMPDIR: '/opt/uv/tmp' } });
  });

  it('the top-level object ending with a commented member', () => {
    const config = `{\n  "image": "debian:trixie",\n  "features": {} // keep features last\n}\n`;
    const after = run(config)[CONFIG]!;
    expect(after).toContain('"features": {}, // keep features last\n');
  });
});
