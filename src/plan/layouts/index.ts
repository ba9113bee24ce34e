import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { Decision } from '../types.js';
import type { LayoutProvider } from './provider.js';
import { noLayoutDiagnostic, requirements } from './requirements.js';
import { severalProjects } from './several-projects.js';
import { uvProject } from './uv-project.js';
import { workspace } from './workspace.js';
import { workspaceMember } from './workspace-member.js';

/**
 * Every layout, most specific first: the first provider whose `detect` answers decides. A new
 * layout is one file in this folder and one line here.
 */
export const LAYOUTS: readonly LayoutProvider[] = [severalProjects, workspace, workspaceMember, uvProject, requirements];

/** The repository's layout as a decision, with the provider that plans it; an error when none applies. */
export function chooseLayout(facts: RepoFacts, diagnostics: Diagnostic[], layouts: readonly LayoutProvider[] = LAYOUTS): { provider: LayoutProvider; decision: Decision<string> } | undefined {
  for (const provider of layouts) {
    const found = provider.detect(facts);
    if (found) return { provider, decision: { value: provider.name, source: found.source, reason: `${found.evidence}: ${provider.summary}` } };
  }
  const problem = noLayoutDiagnostic(facts);
  if (problem) diagnostics.push(problem);
  return undefined;
}
