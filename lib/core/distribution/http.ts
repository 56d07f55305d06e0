import { invalid } from '../errors';
import { assertBoolean, assertInteger, assertOneOf, assertUnique } from '../validate';
import { assertAbsolutePath, assertDuration, assertHttpsUrl, assertListenAddress, assertMatches, compact, sortedEntries } from './checks';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';
import { TlsVersion } from './enums';

/** TLS served by the registry itself (`http.tls`). Omit it when TLS ends at a load balancer. */
export interface TlsProps {
  /** Absolute path of the PEM certificate (chain). */
  readonly certificate: string;
  /** Absolute path of the PEM private key. */
  readonly key: string;
  /**
   * Lowest accepted TLS version; always written, never left to a default.
   * @default TlsVersion.TLS1_2
   */
  readonly minimumVersion?: TlsVersion;
  /**
   * Absolute paths of CA bundles for client certificate authentication.
   * @default - no client certificates requested
   */
  readonly clientCas?: string[];
}

/**
 * Static CORS headers on the registry's responses (all under `/v2/`), for a
 * browser UI on another origin. The registry answers a preflight `OPTIONS`
 * request with 401 (it carries no credentials), which browsers treat as a
 * failed preflight; since every authenticated request needs one, answer
 * preflights in front of the registry (load balancer or CDN rule).
 */
export interface CorsProps {
  /** The one origin allowed, `https://host[:port]`. `*` is refused: the registry needs credentials. */
  readonly allowOrigin: string;
  /**
   * HTTP methods the origin may use (`Access-Control-Allow-Methods`).
   *
   * @default ['GET', 'HEAD', 'OPTIONS']
   */
  readonly allowMethods?: string[];
  /**
   * Request headers the origin may send (`Access-Control-Allow-Headers`).
   *
   * @default ['Authorization', 'Accept', 'Content-Type']
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser may read (`Access-Control-Expose-Headers`).
   *
   * @default ['Docker-Content-Digest', 'WWW-Authenticate']
   */
  readonly exposeHeaders?: string[];
  /**
   * How long, in seconds, a browser may cache a preflight answer (`Access-Control-Max-Age`).
   *
   * @default 600
   */
  readonly maxAgeSeconds?: number;
}

/**
 * The debug server (`http.debug`). It also serves pprof and expvar: keep
 * its address private (inside the VPC, never behind the public listener).
 */
export interface DebugProps {
  /** Listen address, e.g. `:5001`. */
  readonly addr: string;
  /**
   * Serve Prometheus metrics.
   * @default true
   */
  readonly prometheusEnabled?: boolean;
  /**
   * URL path of the Prometheus metrics on the debug server.
   *
   * @default /metrics
   */
  readonly prometheusPath?: string;
}

/** The `http` section. */
export interface HttpProps {
  /**
   * Listen address.
   * @default :5000
   */
  readonly addr?: string;
  /**
   * Externally reachable base URL, used in generated `Location` URLs, e.g. `https://dev-registry.example.com`.
   * @default - derived from each request
   */
  readonly host?: string;
  /**
   * Secret that signs upload state (at least 32 characters). Every replica
   * needs the same one. Prefer `secretFromEnvironment` so that it stays out of the file.
   * @default - none written
   */
  readonly secret?: string;
  /**
   * The secret is supplied at run time as `REGISTRY_HTTP_SECRET` (e.g. from
   * Secrets Manager); nothing is written, but replicas count as sharing one.
   * @default false
   */
  readonly secretFromEnvironment?: boolean;
  /**
   * Relative URLs in `Location` headers.
   * @default - not written (absolute URLs)
   */
  readonly relativeUrls?: boolean;
  /**
   * Time to let connections finish after SIGTERM (Go duration).
   * @default - not written (the registry stops at once)
   */
  readonly drainTimeout?: string;
  /**
   * TLS served by the registry itself.
   *
   * @default - plain HTTP (TLS ends in front of the registry)
   */
  readonly tls?: TlsProps;
  /**
   * Extra response headers, each with its list of values.
   * `X-Content-Type-Options: nosniff` is always sent.
   * @default - only X-Content-Type-Options: nosniff
   */
  readonly headers?: { [name: string]: string[] };
  /**
   * Static CORS headers for a browser UI on another origin.
   *
   * @default - no CORS headers
   */
  readonly cors?: CorsProps;
  /**
   * The debug server (metrics, pprof, expvar), on an address of its own.
   *
   * @default - no debug server
   */
  readonly debug?: DebugProps;
}

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const NOSNIFF = 'X-Content-Type-Options';

export function renderHttp(http: HttpProps): Record<string, unknown> {
  const addr = http.addr ?? D.httpAddr;
  assertListenAddress('http.addr', addr);
  if (http.host !== undefined) {
    assertHttpsUrl('http.host', http.host, false);
  }
  if (http.secret !== undefined) {
    if (typeof http.secret !== 'string' || http.secret.length < D.httpSecretMinLength || /\s/.test(http.secret)) {
      // The value is a secret: name its length, never echo it.
      throw invalid('http.secret', `<${typeof http.secret === 'string' ? http.secret.length : 0} characters>`,
        `a random string of at least ${D.httpSecretMinLength} characters without spaces`);
    }
    if (http.secretFromEnvironment === true) {
      throw invalid('http.secretFromEnvironment', true, 'false when http.secret is set (one source for the secret)');
    }
  }
  if (http.secretFromEnvironment !== undefined) {
    assertBoolean('http.secretFromEnvironment', http.secretFromEnvironment);
  }
  if (http.relativeUrls !== undefined) {
    assertBoolean('http.relativeUrls', http.relativeUrls);
  }
  if (http.drainTimeout !== undefined) {
    assertDuration('http.drainTimeout', http.drainTimeout);
  }

  return compact({
    addr,
    host: http.host,
    secret: http.secret,
    relativeurls: http.relativeUrls,
    draintimeout: http.drainTimeout,
    tls: http.tls === undefined ? undefined : renderTls(http.tls),
    headers: renderHeaders(http.headers, http.cors),
    debug: http.debug === undefined ? undefined : renderDebug(http.debug, addr),
  });
}

function renderTls(tls: TlsProps): Record<string, unknown> {
  assertAbsolutePath('http.tls.certificate', tls.certificate);
  assertAbsolutePath('http.tls.key', tls.key);
  const minimum = tls.minimumVersion ?? D.minimumTls;
  assertOneOf('http.tls.minimumVersion', minimum, Object.values(TlsVersion));
  const clientCas = tls.clientCas ?? [];
  clientCas.forEach((path, i) => assertAbsolutePath(`http.tls.clientCas[${i}]`, path));
  assertUnique('http.tls.clientCas', clientCas);
  return compact({
    certificate: tls.certificate,
    key: tls.key,
    clientcas: clientCas.length > 0 ? [...clientCas] : undefined,
    minimumtls: minimum,
  });
}

function renderHeaders(headers: HttpProps['headers'], cors: CorsProps | undefined): Record<string, string[]> {
  const merged = new Map<string, string[]>([[NOSNIFF, [D.contentTypeOptions]]]);
  const seen = new Map<string, string>([[NOSNIFF.toLowerCase(), 'the built-in nosniff header']]);
  const add = (property: string, name: string, values: string[]) => {
    const owner = seen.get(name.toLowerCase());
    if (owner !== undefined) {
      throw invalid(property, name, `a header not already set by ${owner}`);
    }
    seen.set(name.toLowerCase(), property);
    merged.set(name, values);
  };

  for (const [name, values] of sortedEntries(headers)) {
    const property = `http.headers["${name}"]`;
    assertMatches(property, name, HEADER_NAME, 'a header name of letters, digits and hyphens');
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v))) {
      throw invalid(property, values, 'a non-empty list of single-line header values');
    }
    if (name.toLowerCase() === NOSNIFF.toLowerCase()) {
      if (values.length !== 1 || values[0] !== D.contentTypeOptions) {
        throw invalid(property, values, '["nosniff"] (browsers must not sniff registry content)');
      }
      continue;
    }
    add(property, name, [...values]);
  }

  if (cors !== undefined) {
    for (const [name, values] of corsHeaders(cors)) {
      add(`http.cors (${name})`, name, values);
    }
  }

  const out: Record<string, string[]> = {};
  [...merged.keys()].sort().forEach((name) => { out[name] = merged.get(name)!; });
  return out;
}

function corsHeaders(cors: CorsProps): Array<[string, string[]]> {
  if (cors.allowOrigin === '*') {
    throw invalid('http.cors.allowOrigin', cors.allowOrigin, 'one https:// origin ("*" cannot be combined with credentials)');
  }
  assertHttpsUrl('http.cors.allowOrigin', cors.allowOrigin, false);
  const origin = new URL(cors.allowOrigin).origin;
  const list = (property: string, values: string[] | undefined, fallback: readonly string[], pattern: RegExp) => {
    const chosen = values ?? [...fallback];
    if (chosen.length === 0) {
      throw invalid(property, chosen, 'a non-empty list');
    }
    chosen.forEach((v, i) => assertMatches(`${property}[${i}]`, v, pattern, 'a header or method token'));
    assertUnique(property, chosen);
    return [chosen.join(', ')];
  };
  const maxAge = cors.maxAgeSeconds ?? D.corsMaxAgeSeconds;
  assertInteger('http.cors.maxAgeSeconds', maxAge, 0, 86400);
  return [
    ['Access-Control-Allow-Credentials', ['true']],
    ['Access-Control-Allow-Headers', list('http.cors.allowHeaders', cors.allowHeaders, D.corsAllowHeaders, HEADER_NAME)],
    ['Access-Control-Allow-Methods', list('http.cors.allowMethods', cors.allowMethods, D.corsAllowMethods, /^(GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE)$/)],
    ['Access-Control-Allow-Origin', [origin]],
    ['Access-Control-Expose-Headers', list('http.cors.exposeHeaders', cors.exposeHeaders, D.corsExposeHeaders, HEADER_NAME)],
    ['Access-Control-Max-Age', [String(maxAge)]],
  ];
}

function renderDebug(debug: DebugProps, httpAddr: string): Record<string, unknown> {
  assertListenAddress('http.debug.addr', debug.addr);
  if (port(debug.addr) === port(httpAddr)) {
    throw invalid('http.debug.addr', debug.addr, `a port other than the registry's own (${httpAddr})`);
  }
  const enabled = debug.prometheusEnabled ?? true;
  assertBoolean('http.debug.prometheusEnabled', enabled);
  const path = debug.prometheusPath ?? D.prometheusPath;
  assertMatches('http.debug.prometheusPath', path, /^\/[A-Za-z0-9._~/-]*$/, 'a URL path starting with "/"');
  return {
    addr: debug.addr,
    prometheus: enabled ? { enabled: true, path } : { enabled: false },
  };
}

function port(addr: string): string {
  return addr.slice(addr.lastIndexOf(':') + 1);
}
