/**
 * README's "Templates: copier and cookiecutter" shows the very `_tasks` entry and hook that the
 * Docker tier runs with the real copier and cookiecutter (test/docker/copier-cookiecutter.test.ts,
 * on the templates in test/docker/scaffolding/): a change to one is a change to the other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { readmeBlocks } from '../helpers/readme.js';

const TEMPLATES = path.resolve(import.meta.dirname, '../docker/scaffolding');

it("the README's copier task is the one in the tested template's copier.yml, and its cookiecutter hook is the tested hook, whole", () => {
  const blocks = readmeBlocks('Templates: copier and cookiecutter');
  expect(blocks.map((b) => b.lang)).toEqual(['yaml', 'python']);
  const copierYml = fs.readFileSync(path.join(TEMPLATES, 'copier', 'copier.yml'), 'utf8');
  expect(blocks[0]!.text).toMatch(/^_tasks:\n/);
  expect(copierYml).toContain(blocks[0]!.text);
  expect(blocks[1]!.text).toBe(fs.readFileSync(path.join(TEMPLATES, 'cookiecutter', 'hooks', 'post_gen_project.py'), 'utf8'));
});
