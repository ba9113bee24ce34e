import type { RenderedFile } from '../../render/files.js';
import { GENERATED_MARKER } from '../../render/header.js';
import type { PackageFile } from '../feature/render.js';
import { renderTargets } from '../render.js';
import type { Plan } from '../types.js';
import type { TemplateOption, TemplatePlan } from './plan.js';

/** The option's placeholder, which `devcontainer templates apply` replaces with its value (containers.dev implementors/templates). */
export function placeholder(option: TemplateOption): string {
  return `\${templateOption:${option.id}}`;
}

/** What the generator writes for `plan`, less the files the template leaves out (plan.ts, leftOutOfTemplate). */
function generatedFiles(plan: Plan, leftOut: TemplatePlan['leftOut']): RenderedFile[] {
  return renderTargets(plan, undefined, false).files.filter((f) => !leftOut.some((l) => l.file === f.path));
}

/**
 * One file of the template: the base plan's text, where each line that differs in an option's
 * varied plan holds that option's placeholder in place of its value. Checked both ways: the line
 * with the placeholder filled by either probe is exactly the generator's line for that probe, so the
 * template applied with a value is the generator's file for it, and no other text is touched.
 */
function parametrize(path: string, base: string, varied: readonly string[], options: readonly TemplateOption[]): string {
  const lines = base.split('\n');
  const others = varied.map((text) => text.split('\n'));
  if (others.some((o) => o.length !== lines.length)) throw new Error(`internal error: ${path} has another number of lines for another option value`);
  return lines
    .map((line, i) => {
      let templated = line;
      options.forEach((option, k) => {
        if (others[k]![i] === line) return;
        templated = templated.split(option.probes[0]).join(placeholder(option));
      });
      options.forEach((option, k) => {
        const filled = (value: string, index: number) => options.reduce((text, o, m) => text.split(placeholder(o)).join(m === index ? value : o.probes[0]), templated);
        if (filled(option.probes[0], -1) !== line || filled(option.probes[1], k) !== others[k]![i]) {
          throw new Error(`internal error: ${path} line ${i + 1} differs for ${option.id} beyond its value`);
        }
      });
      return templated;
    })
    .join('\n');
}

/** devcontainer-template.json (containers.dev implementors/templates, "devcontainer-template.json properties"). */
export function renderTemplateJson(template: TemplatePlan): string {
  const json = {
    id: template.id,
    version: template.version,
    name: 'uv on one volume',
    description: `A dev container for a uv project with everything uv writes (cache, environment, managed Pythons, tools, TMPDIR) on one volume, so uv links from its cache instead of copying: what gen-devcontainer ${template.version} writes for a new project. ${GENERATED_MARKER} ${template.version}.`,
    publisher: 'gen-devcontainer',
    keywords: ['uv', 'python', 'volume'],
    platforms: ['Python'],
    options: Object.fromEntries(template.options.map((o) => [o.id, { type: 'string', description: o.description, proposals: o.proposals, default: o.default }])),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Every file of the template folder: devcontainer-template.json, then the generator's files with the options' placeholders. */
export function renderTemplate(template: TemplatePlan): PackageFile[] {
  const base = generatedFiles(template.base, template.leftOut);
  const varied = template.varied.map((plan) => generatedFiles(plan, template.leftOut));
  const files = base.map((file) => {
    const others = varied.map((v) => v.find((f) => f.path === file.path)?.content);
    if (others.some((o) => o === undefined)) throw new Error(`internal error: ${file.path} is written for one option value and not another`);
    return { path: file.path, content: parametrize(file.path, file.content, others as string[], template.options) };
  });
  return [{ path: 'devcontainer-template.json', content: renderTemplateJson(template) }, ...files];
}
