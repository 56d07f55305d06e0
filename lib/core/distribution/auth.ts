import { invalid } from '../errors';
import { assertAbsolutePath, assertHttpsUrl, assertNonEmpty } from './checks';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';

/**
 * Basic authentication against an htpasswd file (bcrypt entries only). The
 * file must exist before the registry starts: a missing file makes the
 * registry invent a user and print its password.
 */
export interface HtpasswdAuthProps {
  /** Absolute path of the htpasswd file. */
  readonly path: string;
  /**
   * The realm the registry names in its `WWW-Authenticate` challenge.
   *
   * @default registry
   */
  readonly realm?: string;
}

/** Bearer token authentication delegated to a token service. */
export interface TokenAuthProps {
  /** https:// URL of the token endpoint clients are sent to. */
  readonly realm: string;
  /** Service name the token service puts in the audience. */
  readonly service: string;
  /** Issuer the tokens must name. */
  readonly issuer: string;
  /** Absolute path of the certificate bundle whose keys sign the tokens. */
  readonly rootCertBundle: string;
}

/** The `auth` section: exactly one of `htpasswd` or `token`. Anonymous access is not offered. */
export interface AuthProps {
  /**
   * Basic authentication against an htpasswd file.
   *
   * @default - no htpasswd auth (then `token` is required)
   */
  readonly htpasswd?: HtpasswdAuthProps;
  /**
   * Bearer tokens from an external token service.
   *
   * @default - no token auth (then `htpasswd` is required)
   */
  readonly token?: TokenAuthProps;
}

export function renderAuth(auth: AuthProps | undefined): Record<string, unknown> {
  const chosen = [auth?.htpasswd !== undefined ? 'htpasswd' : undefined, auth?.token !== undefined ? 'token' : undefined]
    .filter((name) => name !== undefined);
  if (chosen.length !== 1) {
    throw invalid('auth', chosen, 'exactly one of "htpasswd" or "token" (anonymous access is not offered)');
  }
  if (auth!.htpasswd !== undefined) {
    const htpasswd = auth!.htpasswd;
    assertAbsolutePath('auth.htpasswd.path', htpasswd.path);
    const realm = htpasswd.realm ?? D.htpasswdRealm;
    assertRealm('auth.htpasswd.realm', realm);
    return { htpasswd: { realm, path: htpasswd.path } };
  }
  const token = auth!.token!;
  assertHttpsUrl('auth.token.realm', token.realm);
  assertRealm('auth.token.service', token.service);
  assertRealm('auth.token.issuer', token.issuer);
  assertAbsolutePath('auth.token.rootCertBundle', token.rootCertBundle);
  return { token: { realm: token.realm, service: token.service, issuer: token.issuer, rootcertbundle: token.rootCertBundle } };
}

/** Realm and service end up inside a quoted `WWW-Authenticate` parameter. */
function assertRealm(property: string, value: unknown): void {
  assertNonEmpty(property, value);
  if (/["\\\r\n]/.test(value)) {
    throw invalid(property, value, 'a value without quotes, backslashes or line breaks');
  }
}
