/**
 * `gen-devcontainer template`: devcontainer-template.json, and the template's files, which filled
 * with option values are exactly what the generator writes for a new project with those values.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryRepo } from '../../src/analyze/memory-reader.js';
import { planRepository } from '../../src/pipeline.js';
import { renderTargets } from '../../src/targets/render.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { loadSpecValidator, parseJsoncStrict } from '../helpers/validators.js';

async function templateFiles(): Promise<Record<string, string>> {
  const dir = path.join(tempDir('gdc-template-'), 'uv-one-volume-template');
  const run = await runCli(['template', dir]);
  expect(run.code, run.stderr).toBe(0);
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

/** What `devcontainer templates apply` does with the options: each placeholder replaced by its value, as text. */
function apply(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{templateOption:([A-Za-z0-9_]+)\}/g, (_, id: string) => values[id] ?? '');
}

/** The generator's files for a project as `uv init` leaves it, with --python. */
function generated(name: string, python: string): Record<string, string> {
  const repo = new MemoryRepo(
    { 'pyproject.toml': `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n`, '.python-version': '3.11\n', 'main.py': '' },
    `/home/me/${name}`,
  );
  const planned = planRepository(repo, { given: { generatorVersion: '0.1.0', python }, forget: [] });
  if (!planned.ok) throw new Error(JSON.stringify(planned.diagnostics));
  return Object.fromEntries(renderTargets(planned.plan, undefined, false).files.map((f) => [f.path, f.content]));
}

describe('the template', () => {
  it('declares its options with defaults, and uses each in its files', async () => {
    const files = await templateFiles();
    const json = JSON.parse(files['devcontainer-template.json']!);
    expect(json).toMatchObject({ id: 'uv-one-volume-template', version: '0.1.0' });
    expect(Object.keys(json.options)).toEqual(['projectName', 'pythonVersion']);
    for (const id of Object.keys(json.options)) {
      expect(json.options[id].type).toBe('string');
      expect(
        Object.values(files).some((text) => text.includes(`\${templateOption:${id}}`)),
        id,
      ).toBe(true);
    }
  });

  it("applied with values, every file is the generator's for them, the manifest aside; devcontainer.json is valid against the spec", async () => {
    const files = await templateFiles();
    const validate = loadSpecValidator();
    for (const values of [
      { projectName: 'demo', pythonVersion: '3.13' },
      { projectName: 'weather-station', pythonVersion: '3.12' },
    ]) {
      const expected = generated(values.projectName, values.pythonVersion);
      const applied = Object.fromEntries(
        Object.entries(files)
          .filter(([file]) => file.startsWith('.devcontainer/'))
          .map(([file, text]) => [file, apply(text, values)]),
      );
      expect(Object.keys(expected).filter((f) => !(f in applied))).toEqual(['.devcontainer/README.md', '.devcontainer/gen-devcontainer.manifest.json']);
      for (const [file, text] of Object.entries(applied)) expect(text, `${values.projectName}: ${file}`).toBe(expected[file]);
      if (validate) expect(validate(parseJsoncStrict(applied['.devcontainer/devcontainer.json']!))).toEqual([]);
    }
  });

  it('refuses a folder name that cannot be a template id (exit 2)', async () => {
    const run = await runCli(['template', path.join(tempDir('gdc-template-'), 'Not An Id')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('template-id');
  });
});
