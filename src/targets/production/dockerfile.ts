import type { Plan, ProductionPlan } from '../../plan/types.js';
import { renderTemplate } from '../devcontainer/templates.js';
import { productionHeader } from './header.js';
import { BUILD_CACHE } from './runtime.js';

/** A value in a Dockerfile ENV line: bare when it is a plain word, else double-quoted with `"`, `\` and `$` escaped. */
function envValue(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `"${value.replace(/["\\$]/g, (c) => `\\${c}`)}"`;
}

/** `A=1 \` lines of one ENV instruction, continued. */
function envLines(variables: readonly { name: string; value: string }[]): string {
  return variables.map((v) => `${v.name}=${envValue(v.value)}`).join(' \\\n    ');
}

/** A RUN command's words as a shell line: each word quoted for the shell when it needs it. */
function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The production Dockerfile: a pure function of the plan's production section. */
export function renderProductionDockerfile(plan: Plan): string {
  const p = plan.production!;
  const install = p.install;
  const home = p.volume.folders.find((f) => f.variables.includes('HOME'))!.path;
  const env = [...p.env, { name: 'PATH', value: `${p.pathPrepend.join(':')}:$PATH`, reason: "the environment's bin folder first, so the command and python are the environment's" }];
  return renderTemplate('production-Dockerfile', {
    header: productionHeader(plan),
    dockerfile: p.outputs.dockerfile.file,
    image: p.image.value,
    volumeName: `${plan.project.slug}-writable`,
    target: p.volume.target.value,
    port: p.port?.value ?? false,
    pythonImage: p.pythonImage.value,
    uvImage: plan.uv.image,
    buildEnv: p.buildEnv,
    buildEnvLines: envLines(p.buildEnv),
    workdir: p.app.workdir,
    runIn: p.app.runIn,
    app: p.app.path,
    cache: BUILD_CACHE,
    venv: install.kind === 'uv-pip' ? shellLine(install.venv) : false,
    binds: install.binds.map((b) => ({ source: b.path, target: `${p.app.path}/${b.path}`, folder: b.folder === true })),
    dependencies: shellLine(install.dependencies),
    afterCopy: install.kind === 'uv-pip' && install.afterCopy === true,
    project: install.project ? shellLine(install.project) : false,
    user: p.user.name,
    uid: p.user.uid,
    gid: p.user.gid,
    home,
    withUv: p.withUv !== undefined,
    env,
    // ENV PATH expands $PATH itself (Dockerfile reference, "Environment replacement"): written out, it would be the same list, and hide that it extends the image's.
    envLines: envLines(env).replace(`"${p.pathPrepend.join(':')}:\\$PATH"`, `"${p.pathPrepend.join(':')}:$PATH"`),
    entrypoint: JSON.stringify(['/bin/sh', '-c', `mkdir -p ${p.volume.folders.map((f) => f.path).join(' ')} && exec "$@"`, p.name.value]),
    command: JSON.stringify(p.command.value),
  });
}
