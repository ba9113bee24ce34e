import type { ExistingCompose } from '../../analyze/facts.js';
import { yaml } from '../../lazy.js';
import { headerLines } from '../../render/header.js';
import { commentText } from '../../render/quote.js';
import type { Plan } from '../types.js';

/**
 * The Compose override for a Docker Compose configuration. The user's compose files are never
 * rewritten (re-serialising YAML would drop anchors, re-spell numbers such as 0400 and fold
 * lines); this file is listed last in dockerComposeFile and Compose merges it over them: the
 * service mounts the volume at the plan's target (Compose merges volumes by container path, so a
 * mount there is replaced), the volume is declared (named by Compose after the project, unless the
 * plan names it for good: --volume, --shared-cache), and a service that runs
 * a plain image is built from the generated Dockerfile instead, tagged with a name of its own.
 */
export function renderComposeOverride(plan: Plan, compose: ExistingCompose): string {
  const volumeName = plan.volume.name.value;
  // The user's own volume, kept (plan.devcontainer.userSettings.mount): their compose file mounts it already, and
  // a declaration here would rename it (Compose prefixes a volume with the project unless it has a name).
  const own = plan.devcontainer.userSettings?.mount !== undefined;
  const service: Record<string, unknown> = own ? {} : { volumes: [`${volumeName}:${plan.volume.target.value}`] };
  const build = plan.devcontainer.outputs.compose?.build;
  if (build) {
    service.build = { context: build.context, dockerfile: build.dockerfile };
    service.image = build.image;
  }
  if (plan.devcontainer.readOnlyRoot) {
    // The Dev Container CLI ignores runArgs for Compose: the service itself is read-only.
    service.read_only = true;
    service.tmpfs = plan.devcontainer.readOnlyRoot.tmpfs.map((p) => `${p}:${plan.devcontainer.readOnlyRoot!.tmpfsOptions.value}`);
  }
  // Without a name of its own, Compose names the volume after the project (plan.devcontainer.perRepository);
  // the user's own volume, kept, is declared in their file already.
  const declared = plan.devcontainer.perRepository === 'compose-project' ? {} : { name: volumeName };
  const body = yaml().stringify({ services: { [compose.service]: service }, ...(own ? {} : { volumes: { [volumeName]: declared } }) }, { lineWidth: 0 });
  const header = [...headerLines(plan), `Merged by Compose over ${compose.files.join(', ')}, which gen-devcontainer does not edit.`];
  return `${header.map((line) => `# ${commentText(line)}`).join('\n')}\n${body}`;
}
