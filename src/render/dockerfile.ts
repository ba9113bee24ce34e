import { foldersToPrepare } from '../plan/folders.js';
import type { Plan } from '../plan/types.js';
import { headerLines } from './header.js';
import { renderTemplate } from './templates.js';

/** `.devcontainer/Dockerfile`: a pure function of the plan. */
export function renderDockerfile(plan: Plan): string {
  return renderTemplate('Dockerfile', {
    header: headerLines(plan),
    target: plan.volume.target.value,
    uvImage: plan.uv.image,
    baseImage: plan.baseImage.value,
    user: plan.user.name.value,
    uid: plan.user.uid,
    gid: plan.user.gid,
    directories: foldersToPrepare(plan.directories),
  });
}
