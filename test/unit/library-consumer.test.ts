/**
 * The library as its users get it: a TypeScript project that installs the packed tarball (offline,
 * from the file), is compiled with `tsc --strict` against the declarations the package ships (no
 * skipLibCheck: they are checked too), and runs. Its programs are the README's own example (read
 * from the README) and a consumer that plans examples/uv-app, renders, generates into a copy and
 * checks the result.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyExample, tempDir } from '../helpers/cli.js';
import { readmeBlocks } from '../helpers/readme.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples', 'uv-app');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const env = { ...process.env, NODE_OPTIONS: '' };

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** The one TypeScript block of a README section. */
function readmeTypeScript(heading: string): string {
  const blocks = readmeBlocks(heading).filter((b) => b.lang === 'ts');
  expect(blocks).toHaveLength(1);
  return blocks[0]!.text;
}

/** A consumer: every function, the result types, and the checks a scaffolder would make. */
const CONSUMER = `import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic, type Generated, generate, type Plan, type PlanResult, plan, render } from 'gen-devcontainer';

const [example, copy] = process.argv.slice(2) as [string, string];
const planned: PlanResult = plan(example);
if (!planned.ok) throw new Error(planned.diagnostics.map((d: Diagnostic) => d.message).join('; '));
const decided: Plan = planned.plan;
const rendered = render(planned);
const renderedFromPlan = render(decided);
const generated: Generated = generate(copy, { env: {} });
const sameAsRendered = rendered.files.every((f) => fs.readFileSync(path.join(copy, f.path), 'utf8') === f.content);
console.log(JSON.stringify({
  python: decided.python.value,
  target: decided.volume.target.value,
  rendered: rendered.files.map((f) => f.path),
  generated: generated.files.map((f) => [f.path, f.status]),
  ok: generated.ok,
  wrote: generated.wrote,
  sameAsRendered,
  renderTakesThePlan: JSON.stringify(renderedFromPlan) === JSON.stringify(rendered),
  codes: generated.diagnostics.map((d) => d.code),
}));
`;

/** Misuse the declarations must refuse: each @ts-expect-error is itself an error if the types let it through (an \`any\` would). */
const MISUSE = `import { generate, plan, render } from 'gen-devcontainer';
// @ts-expect-error python is a version string
plan('.', { python: 3.12 });
// @ts-expect-error no such option
plan('.', { colour: true });
// @ts-expect-error pythonFrom is one of its choices
generate('.', { pythonFrom: 'conda' });
const planned = plan('.');
// @ts-expect-error render takes a plan that succeeded: check ok first
render(planned);
if (planned.ok) {
  // @ts-expect-error a diagnostic's level is error, warning or info
  const level: 'fatal' = planned.diagnostics[0]!.level;
  void level;
}
`;

describe('a TypeScript project using the packed package', () => {
  let project = '';
  beforeAll(() => {
    const work = tempDir();
    const cache = path.join(work, 'npm-cache');
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--cache', cache], ROOT);
    project = path.join(work, 'consumer');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
    run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', cache, path.join(work, `${pkg.name}-${pkg.version}.tgz`)], project);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        outDir: 'dist',
        rootDir: 'src',
        // Node's types from this repository; the package's own come from its `exports`.
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        types: ['node'],
      },
      include: ['src'],
    };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    fs.writeFileSync(path.join(project, 'src', 'consumer.ts'), CONSUMER);
    fs.writeFileSync(path.join(project, 'src', 'misuse.ts'), MISUSE);
    fs.writeFileSync(path.join(project, 'src', 'readme-example.ts'), readmeTypeScript('Library API'));
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--strict'], project);
  }, 120_000);

  it('installs nothing but the package (no runtime dependencies)', () => {
    expect(fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([pkg.name]);
  });

  it('compiles with tsc --strict, and the declarations refuse misuse (every @ts-expect-error was needed)', () => {
    expect(fs.existsSync(path.join(project, 'dist', 'consumer.js'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'dist', 'misuse.js'))).toBe(true);
  });

  it('plans examples/uv-app, renders, and generates into a copy the files render returned', () => {
    const copy = copyExample(EXAMPLE);
    const out = JSON.parse(run(process.execPath, [path.join('dist', 'consumer.js'), EXAMPLE, copy], project).stdout);
    expect(out).toMatchObject({ target: '/opt/uv', ok: true, wrote: true, sameAsRendered: true, renderTakesThePlan: true, codes: [] });
    expect(out.rendered).toContain('.devcontainer/devcontainer.json');
    expect(out.generated).toEqual(out.rendered.map((file: string) => [file, 'create']));
    // The command line agrees: nothing to change.
    run(process.execPath, [path.join(ROOT, 'bin', 'gen-devcontainer.js'), '--check', copy], project);
  });

  it("runs the README's example: it prints the plan, the files, and writes them as `gen-devcontainer --python 3.12` would", () => {
    const copy = copyExample(EXAMPLE);
    const out = run(process.execPath, [path.join('dist', 'readme-example.js'), copy], project).stdout;
    expect(out).toMatch(/^Python 3\.12, uv \d+\.\d+\.\d+, volume at \/opt\/uv$/m);
    expect(out).toMatch(/^would write \.devcontainer\/devcontainer\.json \(\d+ characters\)$/m);
    expect(out).toMatch(/^create \.devcontainer\/Dockerfile$/m);
    const check = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'gen-devcontainer.js'), '--check', copy], { encoding: 'utf8', env });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(fs.readFileSync(path.join(copy, '.devcontainer', 'gen-devcontainer.manifest.json'), 'utf8')).toContain('"python": "3.12"');
  });
});
