import type { Plan } from '../../plan/types.js';
import { compareVersions, parseVersion } from '../../versions/pep440.js';

/** Whether the plan's pinned uv is `since` or newer. */
export function uvReads(plan: Plan, since: string): boolean {
  const pinned = parseVersion(plan.uv.version.value);
  return pinned !== undefined && compareVersions(pinned, parseVersion(since)!) >= 0;
}
