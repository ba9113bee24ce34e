/**
 * Issue 19, item 1: the core plan (src/plan/, planCore) and each target's own decisions
 * (Target.planning, run by planTargets in TARGETS order on the finished core plan). A target's
 * section is one field of Plan and its steps have the core's Step shape; nothing is patched after.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { planCore } from '../../src/plan/plan.js';
import { devcontainer } from '../../src/targets/devcontainer/index.js';
import { TARGETS } from '../../src/targets/index.js';
import { planTargets } from '../../src/targets/plan.js';
import type { Target, TargetDraft, TargetInput, TargetPlanning } from '../../src/targets/target.js';
import type { SectionKey } from '../../src/targets/types.js';
import { analyzeFiles, codes, OPTIONS } from './support.js';

const PYPROJECT = '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\n';

/** A made-up target that plans: what its steps saw, and a section and refusal of its own. */
function notesTarget(seen: { plans: unknown[]; order: string[] }, stop = false): Target {
  type NotesDraft = TargetDraft & { words?: string[] };
  const planning: TargetPlanning<SectionKey, NotesDraft> = {
    // A section key Plan does not declare: a real target adds its field to Plan (targets/types.ts).
    section: 'notes' as SectionKey,
    draft: (on: TargetInput): NotesDraft => ({ ...on }),
    steps: [
      {
        name: 'words',
        run(d, out: Diagnostic[]) {
          seen.plans.push(d.plan);
          seen.order.push('notes');
          d.words = [d.plan.volume.target.value, d.plan.project.slug];
          out.push({ level: 'info', code: 'notes-made' as Diagnostic['code'], message: 'notes' });
          return stop ? false : undefined;
        },
      },
      {
        name: 'section',
        run(d) {
          d.section = { words: d.words } as never;
          d.beforeWriting = [{ level: 'warning', code: 'notes-refusal' as Diagnostic['code'], message: `force: ${d.options.force === true}` }];
          return undefined;
        },
      },
    ],
  };
  return { name: 'notes', outputs: [], planning };
}

describe('the core plan and the targets on it', () => {
  const facts = () => analyzeFiles({ 'pyproject.toml': PYPROJECT }).facts;

  it('planCore makes the core plan alone: no target section, the same core the whole plan carries', () => {
    const core = planCore(facts(), OPTIONS);
    expect(core.plan).toBeDefined();
    expect(core.plan).not.toHaveProperty('devcontainer');
    const { devcontainer: section, ...rest } = planTargets(facts(), OPTIONS).plan!;
    expect(section.lifecycle.map((l) => l.step)).toEqual(core.plan!.steps.map((s) => s.step));
    expect(rest).toEqual(core.plan);
  });

  it("every target's steps run in TARGETS order on the finished core plan; each section follows the core's keys", () => {
    const seen = { plans: [] as unknown[], order: [] as string[] };
    const planned = planTargets(facts(), { ...OPTIONS, force: true }, undefined, [...TARGETS, notesTarget(seen)]);
    const plan = planned.plan as unknown as Record<string, unknown>;
    expect(Object.keys(plan).slice(-2)).toEqual(['devcontainer', 'notes']);
    expect(plan.notes).toEqual({ words: ['/opt/uv', 'demo'] });
    // The notes target stood on the core plan only: the dev container's section is not in what it saw.
    expect(seen.plans[0]).not.toHaveProperty('devcontainer');
    expect(codes(planned.diagnostics)).toContain('notes-made');
    // Its refusals join the others', decided with the run's --force.
    expect(planned.beforeWriting.find((d) => d.code === ('notes-refusal' as Diagnostic['code']))?.message).toBe('force: true');
  });

  it('a target step that returns false leaves no plan, and no refusals; the diagnostics stay', () => {
    const seen = { plans: [] as unknown[], order: [] as string[] };
    const planned = planTargets(facts(), OPTIONS, undefined, [devcontainer, notesTarget(seen, true)]);
    expect(planned.plan).toBeUndefined();
    expect(planned.beforeWriting).toEqual([]);
    expect(codes(planned.diagnostics)).toContain('notes-made');
  });

  it('no target runs when the core could not be made', () => {
    const seen = { plans: [] as unknown[], order: [] as string[] };
    const planned = planTargets(facts(), { ...OPTIONS, volume: '-bad name' }, undefined, [notesTarget(seen)]);
    expect(planned.plan).toBeUndefined();
    expect(codes(planned.diagnostics)).toContain('option-volume-invalid');
    expect(seen.order).toEqual([]);
  });

  it('the dev container target plans its section through the same registry', () => {
    expect(devcontainer.planning?.section).toBe('devcontainer');
    expect(devcontainer.planning?.steps.map((s) => s.name).at(-1)).toBe('section');
    expect(TARGETS.filter((t) => t.planning).map((t) => t.name)).toEqual(['devcontainer']);
  });
});
