// Start-up cost of the CLI: whole-process wall time of `gen-devcontainer --dry-run` on an example,
// next to `node -e 0`, interleaved so both see the same machine load. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 10);
const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'gen-devcontainer examples/uv-app --dry-run': [process.execPath, [join(root, 'bin/gen-devcontainer.js'), join(root, 'examples/uv-app'), '--dry-run']],
  'gen-devcontainer --help': [process.execPath, [join(root, 'bin/gen-devcontainer.js'), '--help']],
};
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, [cmd, args]] of Object.entries(commands)) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
    if (i > 0) times[name].push(ms); // the first round warms the file cache
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['node -e 0']);
console.log(`median of ${runs} runs each, interleaved (${new Date().toISOString()})`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`${name.padEnd(45)} ${m.toFixed(1).padStart(7)} ms   (+${(m - base).toFixed(1)} ms over node -e 0; min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
}
