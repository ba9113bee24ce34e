import type { Plan } from '../plan/types.js';
import { headerLines } from './header.js';
import { renderJsonc, type Json } from './jsonc.js';

/** `.devcontainer/devcontainer.json`: a pure function of the plan. */
export function renderDevcontainerJson(plan: Plan): string {
  const comments = new Map<string, string>();
  const lifecycle: Record<string, Json> = {};
  for (const step of plan.lifecycle) {
    lifecycle[step.property] = step.command;
    comments.set(step.property, step.reason);
  }
  const containerEnv: Record<string, string> = {};
  for (const variable of plan.env) {
    containerEnv[variable.name] = variable.value;
    comments.set(`containerEnv.${variable.name}`, variable.reason);
  }
  comments.set(
    'mounts',
    `${plan.volume.name.reason}. A link only works inside one mount: the cache, environment, Pythons, tools and TMPDIR are all under ${plan.volume.target.value}.`,
  );
  comments.set('remoteUser', `${plan.user.name.reason}. The Dockerfile creates ${plan.volume.target.value} owned by this user, so a new volume is writable by it.`);
  comments.set('remoteEnv.PATH', plan.pathPrepend.reason);
  comments.set('customizations', 'The editor finds the environment here, since it is not a .venv in the workspace.');

  const config: Record<string, Json> = {
    name: plan.project.name.value,
    build: { dockerfile: 'Dockerfile' },
    mounts: [{ type: 'volume', source: plan.volume.name.value, target: plan.volume.target.value }],
    remoteUser: plan.user.name.value,
    containerEnv,
    remoteEnv: { PATH: `${plan.pathPrepend.value.join(':')}:\${containerEnv:PATH}` },
    ...lifecycle,
    customizations: {
      vscode: {
        extensions: ['ms-python.python'],
        settings: { 'python.defaultInterpreterPath': plan.environment.interpreter },
      },
    },
  };
  return renderJsonc(config, { header: headerLines(plan), comments });
}
