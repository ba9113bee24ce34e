import { scripts } from '../../generated/scripts.js';
import { headerLines } from '../../render/header.js';
import type { Plan } from '../types.js';

/**
 * The in-container check. Its body is the same file `gen-devcontainer doctor` runs, so the two
 * can never disagree; only the generated header is added.
 */
export function renderCheckScript(plan: Plan): string {
  const body = scripts['check-uv-layout.sh'];
  const [shebang, ...rest] = body.split('\n');
  return [shebang, ...headerLines(plan).map((line) => `# ${line}`), '#', ...rest].join('\n');
}
