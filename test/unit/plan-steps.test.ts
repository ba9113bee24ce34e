/**
 * Issue 19, items 3 and 4: the planner decides every refusal that --force lifts (a plan option,
 * never recorded), and the environment's Python (version, provider, pin) once.
 */
import { describe, expect, it } from 'vitest';
import { readRecordedOptions, settleOptions } from '../../src/plan/options.js';
import { decidePython } from '../../src/plan/python-choice.js';
import { planTargets } from '../../src/targets/plan.js';
import { analyzeFiles, codes, OPTIONS } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\n';
const NAMED = '{ "image": "python:3.12" }\n';

describe('--force is a plan option, decided in the planner', () => {
  const shadowing = () => analyzeFiles({ 'pyproject.toml': PYPROJECT, '.devcontainer/py/devcontainer.json': NAMED }).facts;

  it('without it, the plan says a write must refuse (beforeWriting), apart from its own diagnostics', () => {
    const facts = shadowing();
    const planned = planTargets(facts, OPTIONS);
    expect(planned.plan).toBeDefined();
    expect(codes(planned.diagnostics)).not.toContain('config-would-shadow');
    expect(planned.beforeWriting.filter((d) => d.level === 'error').map((d) => d.code)).toEqual(['config-would-shadow']);
  });

  it('with it, the same plan, and what the run does instead of refusing', () => {
    const facts = shadowing();
    const planned = planTargets(facts, { ...OPTIONS, force: true });
    expect(planned.beforeWriting.filter((d) => d.level === 'error')).toEqual([]);
    expect(codes(planned.beforeWriting)).toContain('config-shadows-existing');
    expect(planned.plan).toEqual(planTargets(facts, OPTIONS).plan);
  });

  it('is never recorded in the plan (nor the manifest, which records plan.options), nor taken from a manifest', () => {
    const facts = shadowing();
    const planned = planTargets(facts, { ...OPTIONS, force: true, readOnly: true });
    expect(planned.plan!.options).toEqual(['--read-only']);
    const recorded = readRecordedOptions({ force: true }, { file: 'm.json', lines: {} });
    expect(codes(recorded.diagnostics)).toEqual(['manifest-option-invalid']);
    // A --force given holds for the run that gives it; nothing recorded brings one back.
    expect(settleOptions({ given: { generatorVersion: 't' }, forget: [] }, { readOnly: true }).options.force).toBeUndefined();
  });
});

describe('one PythonChoice: version, provider and pin, decided once', () => {
  const image = (value: string) => ({ value, source: 'devcontainer.json', reason: 'test' });

  it('--python is held by UV_PYTHON, .python-version by the file, anything else by the install step', () => {
    const plain = analyzeFiles({ 'pyproject.toml': PYPROJECT }).facts;
    const pinned = analyzeFiles({ 'pyproject.toml': PYPROJECT, '.python-version': '3.12\n' }).facts;
    const d = [] as never[];
    expect(decidePython(plain, { ...OPTIONS, python: '3.12' }, image('debian:trixie'), '0.9.0', d)?.pin).toBe('UV_PYTHON');
    expect(decidePython(pinned, OPTIONS, image('debian:trixie'), '0.9.0', d)?.pin).toBe('version-file');
    expect(decidePython(plain, OPTIONS, image('debian:trixie'), '0.9.0', d)?.pin).toBe('sync');
  });

  it("a Python image's own version is chosen with the image as provider, and not checked against the uv that downloads others", () => {
    const plain = analyzeFiles({ 'pyproject.toml': PYPROJECT }).facts;
    const diagnostics: Parameters<typeof decidePython>[4] = [];
    // uv 0.1.40 has no stable CPython 3.13: the image's 3.13 needs no download, so no refusal.
    const choice = decidePython(plain, OPTIONS, image('python:3.13'), '0.1.40', diagnostics);
    expect(choice?.decision.value).toBe('3.13');
    expect(choice?.provider.value).toBe('image');
    expect(codes(diagnostics)).not.toContain('python-not-installable');
    // --python-from uv-managed: the same uv must download it, and cannot.
    const managed: typeof diagnostics = [];
    expect(decidePython(plain, { ...OPTIONS, pythonFrom: 'uv-managed', python: '3.13' }, image('python:3.13'), '0.1.40', managed)).toBeUndefined();
    expect(codes(managed)).toContain('python-not-installable');
  });

  it('the plan reads the one choice: its python, provider and UV_PYTHON agree with it', () => {
    const facts = analyzeFiles({ 'pyproject.toml': PYPROJECT }).facts;
    const { plan } = planTargets(facts, { ...OPTIONS, python: '3.12', baseImage: 'python:3.12' });
    expect(plan!.python).toMatchObject({ value: '3.12', source: '--python', provider: { value: 'image' } });
    expect(plan!.env.find((v) => v.name === 'UV_PYTHON')?.value).toBe('3.12');
    expect(plan!.env.find((v) => v.name === 'UV_PYTHON_PREFERENCE')?.value).toBe('only-system');
  });
});
