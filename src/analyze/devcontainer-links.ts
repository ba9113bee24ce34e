import type { Diagnostic } from '../diagnostics.js';
import { OUTPUT_FOLDER } from '../outputs.js';
import { versionControlFolder } from '../ownership.js';
import type { DevcontainerLinkFacts, ExistingDevcontainerFacts } from './facts.js';
import { NOT_SEARCHED } from './ignore.js';
import type { RepoReader } from './repo-reader.js';

/** Folders listed at most, and how deep: template folders sit near the top (`template/`, `{{cookiecutter.slug}}/`). */
const MAX_FOLDERS = 1000;
const MAX_DEPTH = 3;
/** Names of the folders templates keep their projects in: copier's `template`, cookiecutter's `{{cookiecutter.slug}}`, Jinja in a name. */
const TEMPLATE_LIKE = /template|cookiecutter|\{\{|\{%/i;

/**
 * Links inside the repository that lead to `.devcontainer` (or into it, or to the Dockerfile that
 * gets the uv block): a copier or cookiecutter template keeps `template/.devcontainer ->
 * ../.devcontainer`, and an edit here lands in every project generated from it. And
 * `.devcontainer` itself as a link, which the writer never writes through (an error here, with
 * where it leads, instead of one per file later). A bounded walk: the first MAX_DEPTH levels, at
 * most MAX_FOLDERS folders, no dependency, environment or hidden folder entered, no link followed.
 */
export function findDevcontainerLinks(reader: RepoReader, devcontainer: ExistingDevcontainerFacts | undefined, diagnostics: Diagnostic[]): DevcontainerLinkFacts | undefined {
  if (reader.kindOf(OUTPUT_FOLDER) === undefined) return undefined;
  const real = reader.realPathOf(OUTPUT_FOLDER);
  if (real !== OUTPUT_FOLDER) {
    diagnostics.push({
      level: 'error',
      code: 'devcontainer-is-link',
      message:
        real === undefined
          ? '.devcontainer is a symbolic link that leads outside the repository (or nowhere); gen-devcontainer never writes through a link'
          : `.devcontainer is a symbolic link to ${real || 'the repository root'}: gen-devcontainer never writes through a link, since the edit would land in ${real || 'the root'} and in everything else that uses it (a template's generated projects, another configuration)`,
      file: OUTPUT_FOLDER,
      hint: real
        ? `replace the link with a folder of its own (rm .devcontainer && cp -R ${real} .devcontainer) and run again; to change ${real} itself, edit it by hand`
        : 'replace the link with a folder inside the repository, then run again',
    });
    return undefined;
  }
  if (!devcontainer) return undefined;
  const dockerfile = devcontainer.config?.dockerfile?.file ?? devcontainer.config?.compose?.dockerfile?.file;
  const reaches = (target: string) =>
    target === '' || target === OUTPUT_FOLDER || target.startsWith(`${OUTPUT_FOLDER}/`) || (dockerfile !== undefined && (target === dockerfile || dockerfile.startsWith(`${target}/`)));

  const facts: DevcontainerLinkFacts = { links: [] };
  const queue: { folder: string; depth: number }[] = [{ folder: '', depth: 0 }];
  let listed = 0;
  while (queue.length > 0) {
    const { folder, depth } = queue.shift()!;
    if (listed >= MAX_FOLDERS) {
      facts.truncated = true;
      diagnostics.push({
        level: 'info',
        code: 'link-search-stopped',
        message: `looked for links to .devcontainer in the first ${MAX_FOLDERS} folders only (template-like folders first); a link further on would carry this run's edit unseen`,
      });
      break;
    }
    listed++;
    for (const name of reader.listDir(folder || '.')) {
      const rel = folder ? `${folder}/${name}` : name;
      if (rel === OUTPUT_FOLDER || versionControlFolder(rel)) continue;
      const target = reader.realPathOf(rel);
      if (target === undefined) continue; // missing, or a link out of the repository: nothing of ours there
      if (target !== rel) {
        // The folder is real, so the entry itself is a link. A root .devcontainer.json that is
        // this very configuration under the other name editors look for is an alias, not a copy
        // elsewhere: it is meant to show what the run writes.
        const alias = rel === '.devcontainer.json' && devcontainer.rootConfigIsAlias === true;
        if (reaches(target) && !alias) facts.links.push({ path: rel, target });
        continue;
      }
      if (depth < MAX_DEPTH && !name.startsWith('.') && !NOT_SEARCHED.has(name) && reader.kindOf(rel) === 'dir') {
        // A folder that looks like a template's goes first, so a wide repository's budget is spent on it before the rest.
        if (TEMPLATE_LIKE.test(name)) queue.unshift({ folder: rel, depth: depth + 1 });
        else queue.push({ folder: rel, depth: depth + 1 });
      }
    }
  }
  return facts.links.length > 0 || facts.truncated ? facts : undefined;
}
