import HandlebarsRuntime from 'handlebars/runtime.js';
import { type TemplateName, templateSpecs } from '../../generated/templates.js';
import { shellWord } from '../../render/quote.js';

/**
 * Templates are precompiled at build time (scripts/build.mjs) in strict mode with HTML escaping
 * off, so only the small Handlebars runtime loads here and a missing value is an error, not an
 * empty string. Values reach the text through helpers made for the target syntax.
 */
// handlebars/runtime ships an empty type declaration; its API is the full package's minus the compiler.
const runtime = (HandlebarsRuntime as unknown as typeof import('handlebars')).create();
runtime.registerHelper('shell', (value: unknown) => {
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`shell helper needs a string, got ${typeof value}`);
  return shellWord(String(value));
});
runtime.registerHelper('json', (value: unknown) => JSON.stringify(value));

const compiled = new Map<TemplateName, HandlebarsTemplateDelegate>();

export function renderTemplate(name: TemplateName, context: object): string {
  const template = compiled.get(name) ?? runtime.template(templateSpecs[name]);
  compiled.set(name, template);
  return template(context);
}
