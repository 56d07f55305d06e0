import { invalid } from '../../core/errors';

/*
 * How the registry container starts. The official image is Alpine (busybox
 * `sh`, no htpasswd or bcrypt tools), so the task hands everything over in
 * environment variables: the whole `config.yml` (rendered by
 * `DistributionConfig`, the same text the integration tests run against
 * the real registry binary) and, from Secrets Manager, the files the
 * registry reads (htpasswd, the CloudFront private key). A short `sh -c`
 * script writes them into a private, writable volume, drops the variables
 * and `exec`s the registry, so the root filesystem can stay read-only.
 */

/** Where in the bucket the registry keeps its data (also the CDN's cache paths). */
export const STORAGE_ROOT = '/registry';

/** The writable volume inside the container. */
export const RUNTIME_DIRECTORY = '/run/distribution';
/** Where the start-up script writes the configuration. */
export const CONFIG_PATH = `${RUNTIME_DIRECTORY}/config.yml`;
/** Where the htpasswd file goes. */
export const HTPASSWD_PATH = `${RUNTIME_DIRECTORY}/htpasswd`;
/** Where the token issuer's certificate bundle goes. */
export const TOKEN_CERT_BUNDLE_PATH = `${RUNTIME_DIRECTORY}/token-issuer.pem`;
/** Where the CloudFront signing key goes (PKCS#1 PEM). */
export const CLOUDFRONT_KEY_PATH = `${RUNTIME_DIRECTORY}/cloudfront.pem`;
/** The variable that carries the configuration text. */
export const CONFIG_VARIABLE = 'DISTRIBUTION_CONFIG';

/** A file the start-up script writes from an environment variable. */
export interface RuntimeFile {
  /** The variable holding the content (not `REGISTRY_*`: the registry would read it as a setting). */
  readonly variable: string;
  /** Absolute path inside `RUNTIME_DIRECTORY`. */
  readonly path: string;
}

const VARIABLE = /^[A-Z][A-Z0-9_]*$/;
const SAFE_ARGUMENT = /^[A-Za-z0-9_./:=-]+$/;

/**
 * The `sh -c` script: write each file (refusing to start when its variable
 * is empty, so the registry never runs without its htpasswd file and
 * invents a user), drop the variables, then `exec registry <args>`.
 */
export function startupScript(files: RuntimeFile[], registryArguments: string[]): string {
  files.forEach((file, index) => {
    if (!VARIABLE.test(file.variable) || file.variable.startsWith('REGISTRY_')) {
      throw invalid(`files[${index}].variable`, file.variable, 'an upper case variable name that does not start with REGISTRY_');
    }
    if (!file.path.startsWith(`${RUNTIME_DIRECTORY}/`) || !SAFE_ARGUMENT.test(file.path)) {
      throw invalid(`files[${index}].path`, file.path, `a plain path inside ${RUNTIME_DIRECTORY}`);
    }
  });
  registryArguments.forEach((argument, index) => {
    if (!SAFE_ARGUMENT.test(argument)) {
      throw invalid(`registryArguments[${index}]`, argument, 'an argument of letters, digits and "_./:=-"');
    }
  });
  return [
    'set -eu',
    'umask 077',
    'write_file() {',
    '  eval "content=\\${$1:-}"',
    '  if [ -z "$content" ]; then echo "registry start-up: $1 is empty, refusing to start without $2" >&2; exit 1; fi',
    '  printf \'%s\\n\' "$content" > "$2"',
    '  unset "$1" content',
    '}',
    ...files.map((file) => `write_file ${file.variable} ${file.path}`),
    `exec registry ${registryArguments.join(' ')}`,
  ].join('\n');
}
