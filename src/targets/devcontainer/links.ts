import type { RepoFacts } from '../../analyze/facts.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { CorePlan } from '../../plan/types.js';
import type { DevcontainerPlan, PlanOutputs } from './types.js';

/**
 * Links elsewhere in the repository that reach a file this run writes or edits: a copier or
 * cookiecutter template's `template/.devcontainer -> ../.devcontainer`. What is written here then
 * appears in every project generated from the template too: files named for this repository (its
 * volume, its environment's path, a manifest that calls them gen-devcontainer's), and, when the
 * Dockerfile is not behind the link, no uv block in the Dockerfile those projects build. That is
 * damage in other repositories, out of sight from this one, so a run stops (exit 2) unless --force
 * says the template's author means it.
 */
export function linksToOutputs(plan: CorePlan, outputs: PlanOutputs, perRepository: DevcontainerPlan['perRepository'], facts: RepoFacts): DevcontainerPlan['links'] {
  const found = facts.devcontainerLinks?.links ?? [];
  const files = [outputs.config.file, outputs.dockerfile.file, outputs.compose?.file, outputs.checkScript.file, outputs.lifecycleScript.file, outputs.readme.file, outputs.manifest.file].filter(
    (f): f is string => f !== undefined,
  );
  const reachedBy = (target: string, file: string) => target === '' || file === target || file.startsWith(`${target}/`);
  const reaching = found.filter((link) => files.some((file) => reachedBy(link.target, file)));
  if (reaching.length === 0) return undefined;
  const dockerfileToo = reaching.some((link) => reachedBy(link.target, outputs.dockerfile.file));
  const consequence = dockerfileToo
    ? `every project generated through it gets these files as they are, named for this repository: the volume ${plan.volume.name.value} and the environment ${plan.environment.path}${perRepository ? '' : ", so generated projects opened on one machine share one volume and overwrite each other's environment"}`
    : `every project generated through it gets the new devcontainer.json and scripts, but not the uv block, which goes into ${outputs.dockerfile.file}: their containers would have no uv from it and a mount target the image never prepared`;
  return {
    paths: reaching,
    consequence,
    reason: `${reaching.map((l) => `${l.path} is a link to ${l.target || 'the repository root'}`).join('; ')}: what this run writes there appears at the link too, and ${consequence}`,
  };
}

/** Without --force, a refusal naming each link and the fix; with it, a warning that still names them. */
export function linkDiagnostics(links: DevcontainerPlan['links'], force: boolean): Diagnostic[] {
  if (!links) return [];
  return links.paths.map((link) => {
    const target = link.target || 'the repository root';
    const message = `${link.path} is a symbolic link to ${target}, which this run ${force ? 'edits (--force)' : 'would edit'}: ${links.consequence}`;
    return force
      ? {
          level: 'warning' as const,
          code: 'devcontainer-linked',
          message,
          file: link.path,
          hint: "make the template's copy its own (render names from the template's answers, give its Dockerfile the uv block), or replace the link with a copy",
        }
      : {
          level: 'error' as const,
          code: 'devcontainer-linked',
          message,
          file: link.path,
          hint: `to edit only this repository's, replace the link with a copy first (rm ${link.path} && cp -R ${link.target || '.'} ${link.path}); run with --force if the template should carry the change`,
        };
  });
}
