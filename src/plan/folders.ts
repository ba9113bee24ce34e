import type { PlannedDirectory } from './types.js';

/**
 * The folders made ahead of uv: every planned folder but the environment itself, which uv creates
 * (it will not turn an existing non-environment folder into one), plus the environment's parent.
 */
export function foldersToPrepare(directories: readonly PlannedDirectory[]): string[] {
  const folders: string[] = [];
  for (const d of directories) {
    const folder = d.role === 'environment' ? d.path.slice(0, d.path.lastIndexOf('/')) : d.path;
    if (!folders.includes(folder)) folders.push(folder);
  }
  return folders;
}
