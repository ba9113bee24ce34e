import * as path from 'node:path';
import type { Diagnostic } from '../../diagnostics.js';
import type { CaBundle } from './types.js';

/**
 * Where the container sees the CA bundle the user names with --ca-bundle: a file of its own, bind
 * mounted read-only, so the certificates stay on the host (nothing is copied into the image) and a
 * rebuild picks up a renewed bundle.
 */
export const CA_BUNDLE_TARGET = '/usr/local/share/gen-devcontainer/ca-bundle.pem';

/** The host variables that name a CA bundle: a hint that a proxy may intercept TLS (never a decision: see caBundleSuggestion). */
const HOST_CA_VARIABLES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS'] as const;

/**
 * --ca-bundle FILE: the PEM bundle uv in the container must trust, for a TLS-intercepting proxy
 * (uv's first `uv sync` fails with "invalid peer certificate: UnknownIssuer" otherwise). uv reads
 * SSL_CERT_FILE, "a PEM-encoded certificate bundle", and then trusts only that file's certificates
 * (astral-sh/uv crates/uv-static/src/env_vars.rs SSL_CERT_FILE, added in 0.1.14, older than any uv
 * the plan allows; docs/concepts/authentication/certificates.md), so the file must hold every root
 * uv needs, the proxy's among them (as the host's system bundle does once the proxy's CA is added).
 *
 * The mount's source is written into devcontainer.json as given, so it is the user's choice, not
 * the machine's: `${localEnv:NAME}` (the Dev Container CLI reads the host variable when it makes the
 * container: the file stays the same on every machine), an absolute host path, or a path inside
 * the folder (mounted from `${localWorkspaceFolder}`).
 */
export function planCaBundle(given: string | undefined, diagnostics: Diagnostic[]): CaBundle | undefined {
  if (given === undefined) return undefined;
  const refuse = (message: string) => {
    diagnostics.push({
      level: 'error',
      code: 'option-ca-bundle-invalid',
      message: `--ca-bundle ${JSON.stringify(given)}: ${message}`,
      hint: "give the host's PEM bundle as an absolute path, a path inside this folder, or '${localEnv:SSL_CERT_FILE}' (quoted, so the shell leaves it)",
    });
    return undefined;
  };
  // A Docker --mount value is comma-separated key=value pairs: a comma or a quote would end the source.
  if (given.trim() === '' || /[,"\n\r]/.test(given)) return refuse('not a path a mount can name (empty, or with a comma, quote or line break)');
  let source: string;
  if (/^\$\{localEnv:[A-Za-z_][A-Za-z0-9_]*\}$/.test(given)) source = given;
  else if (given.includes('${')) return refuse('the only variable it takes is one ${localEnv:NAME} for the whole path');
  // A Windows host's path (C:\certs\ca.pem, \\server\share\ca.pem) is absolute there, but no POSIX
  // path: read as one inside the folder, it would become ${localWorkspaceFolder}/C:/certs/ca.pem.
  else if (/^[A-Za-z]:|^\\\\/.test(given)) return refuse("a Windows path: name it through a variable of the host instead, '${localEnv:NAME}', which is also the same on every machine");
  else if (path.posix.isAbsolute(given)) source = path.posix.normalize(given);
  else {
    const inside = path.posix.normalize(given.replace(/\\/g, '/'));
    if (inside === '..' || inside.startsWith('../') || inside === '.') return refuse('a relative path must name a file inside this folder');
    source = `\${localWorkspaceFolder}/${inside}`;
  }
  return {
    source,
    target: CA_BUNDLE_TARGET,
    reason: `--ca-bundle: ${source} is mounted read-only at ${CA_BUNDLE_TARGET}, and SSL_CERT_FILE names it, so uv trusts that bundle (and only it) in the container, as behind a TLS-intercepting proxy it must; the certificates stay on the host, never in the image`,
  };
}

/**
 * When the host names a CA bundle and the run has no --ca-bundle: a note that says how to pass it.
 * Only a note: what the tool writes depends on the repository and its options alone, never on a
 * variable this machine happens to have, or `--check` in CI would see drift on another machine.
 */
export function caBundleSuggestion(env: Record<string, string | undefined>, given: string | undefined): Diagnostic | undefined {
  if (given !== undefined) return undefined;
  const name = HOST_CA_VARIABLES.find((variable) => env[variable]?.trim());
  if (!name) return undefined;
  return {
    level: 'info',
    code: 'host-ca-bundle',
    message: `this machine names a CA bundle (${name}); if a proxy intercepts TLS, uv in the container needs it too, and the generated files do not mount it`,
    hint: `pass --ca-bundle '\${localEnv:${name}}' (a full PEM bundle: uv then trusts only that file's certificates)`,
  };
}
