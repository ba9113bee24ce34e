/**
 * Names the production files give Kubernetes and Docker, made from a project's slug: text from a
 * repository, so each is checked against the grammar of the place it goes.
 */

/** The longest RFC 1035 label: a Service's name, a container's, a label value (k8s.io/apimachinery validation, DNS1035LabelMaxLength). */
const LABEL_MAX = 63;

/**
 * A name Kubernetes takes for a Deployment, a Service, a container, a volume and a label value:
 * an RFC 1035 label (Service names must be one: a letter first, `[a-z0-9-]`, no `-` last, at most
 * 63 characters; k8s.io/apimachinery pkg/util/validation IsDNS1035Label), which is an RFC 1123
 * label and a valid label value too. A slug starting with a digit gets `app-` in front.
 */
export function kubernetesName(slug: string): string {
  let name = slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  if (!/^[a-z]/.test(name)) name = `app-${name}`;
  name = name.slice(0, LABEL_MAX).replace(/-+$/, '');
  return name === '' ? 'app' : name;
}

/** Whether `name` is an RFC 1035 label, as kubernetesName makes them. */
export function isKubernetesName(name: string): boolean {
  return name.length <= LABEL_MAX && /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(name);
}

/**
 * A Docker image reference, NAME[:TAG][@DIGEST], as distribution/reference's grammar
 * (reference/regexp.go) has it: an optional registry host (with a port), path components of
 * lower-case letters and digits joined by `.`, `_`, `__` or dashes, a tag of at most 128 word
 * characters, `.` and `-` not starting with either, and a sha256 digest.
 */
const IMAGE_REFERENCE = new RegExp(
  [
    '^',
    // The registry: a host name with a dot or a port, or localhost, then `/`.
    '(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?/)?',
    '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*',
    '(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*',
    '(?::[\\w][\\w.-]{0,127})?',
    '(?:@sha256:[a-f0-9]{64})?',
    '$',
  ].join(''),
);

/** The name part (before a tag) is at most 255 characters (reference.NameTotalLengthMax). */
export function isImageReference(value: string): boolean {
  if (!IMAGE_REFERENCE.test(value)) return false;
  const name = value.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
  return name.length <= 255;
}
