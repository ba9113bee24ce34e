import { compareVersions, parseVersion } from '../../versions/pep440.js';
import type { Plan } from '../types.js';

/** Whether the plan's pinned uv is `since` or newer. */
export function uvReads(plan: Plan, since: string): boolean {
  const pinned = parseVersion(plan.uv.version.value);
  return pinned !== undefined && compareVersions(pinned, parseVersion(since)!) >= 0;
}
