import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as the bin shim would, capturing both streams. */
export async function runCli(argv: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env });
  return { code, stdout, stderr };
}

/**
 * The environment without the host's CA bundle variables, which these machines set and a user's
 * usually does not: with them, every run adds the host-ca-bundle note to stderr.
 */
export function withoutHostCa(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { SSL_CERT_FILE: _a, SSL_CERT_DIR: _b, REQUESTS_CA_BUNDLE: _c, NODE_EXTRA_CA_CERTS: _d, ...rest } = env;
  return rest;
}

export function tempDir(prefix = 'gen-devcontainer-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies an example repository (without its generated .devcontainer) under a folder of the same name. */
export function copyExample(exampleDir: string): string {
  const target = path.join(tempDir(), path.basename(exampleDir));
  fs.cpSync(exampleDir, target, { recursive: true, filter: (src) => !src.split(path.sep).includes('.devcontainer') });
  return target;
}

/** Writes a small repository from a map of relative paths to contents. */
export function makeRepo(files: Record<string, string>, name = 'repo'): string {
  const root = path.join(tempDir(), name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

/** Every file under a folder, relative path -> content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}
