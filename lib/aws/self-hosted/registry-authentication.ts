import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertKnownKeys, assertOptionalString, assertPlainObject } from '../../core/type-checks';
import { validateHtpasswdUsers } from './htpasswd-users';

/** Token authentication: clients get bearer tokens from an external issuer. */
export interface TokenAuthenticationOptions {
  /** https:// URL of the token endpoint, e.g. `https://auth.example.com/token`. */
  readonly realm: string;
  /** Service name the issuer puts in the token audience, e.g. `prod-registry.example.com`. */
  readonly service: string;
  /** Issuer name the tokens carry. */
  readonly issuer: string;
  /**
   * PEM bundle of the certificates whose keys sign the tokens. Public
   * material: it travels in the task definition.
   */
  readonly rootCertificateBundle: string;
}

/** How clients authenticate to a self-hosted registry. Anonymous access is not offered. */
export class RegistryAuthentication {
  /**
   * Basic authentication for these users. Passwords are generated into
   * Secrets Manager and hashed with bcrypt at deploy time; neither appears
   * in the template.
   */
  public static htpasswd(users: string[]): RegistryAuthentication {
    return new RegistryAuthentication(validateHtpasswdUsers('authentication.users', users), undefined);
  }

  /** Bearer tokens from an external issuer (e.g. a company SSO bridge). */
  public static token(options: TokenAuthenticationOptions): RegistryAuthentication {
    assertPlainObject('authentication', options, 'token options { realm, service, issuer, rootCertificateBundle }');
    assertKnownKeys('authentication', options, ['realm', 'service', 'issuer', 'rootCertificateBundle']);
    for (const key of ['realm', 'service', 'issuer'] as const) {
      if (options[key] === undefined) {
        throw invalid(`authentication.${key}`, undefined, 'a non-empty string');
      }
      assertOptionalString(`authentication.${key}`, options[key]);
    }
    if (!options.realm.startsWith('https://')) {
      throw invalid('authentication.realm', options.realm, 'an https:// URL of the token endpoint');
    }
    const bundle = options.rootCertificateBundle;
    if (typeof bundle !== 'string' || !bundle.includes('-----BEGIN CERTIFICATE-----')) {
      throw invalid('authentication.rootCertificateBundle', bundle === undefined ? undefined : '<not a PEM bundle>', 'a PEM bundle with at least one certificate');
    }
    return new RegistryAuthentication(undefined, { ...options });
  }

  /** The htpasswd users (sorted), for basic authentication. */
  public readonly users?: string[];
  /** The issuer settings, for token authentication. */
  public readonly tokenOptions?: TokenAuthenticationOptions;

  private constructor(users?: string[], tokenOptions?: TokenAuthenticationOptions) {
    this.users = users;
    this.tokenOptions = tokenOptions;
  }
}

/** Checks the two props every self-hosted registry needs: a declaration and how clients authenticate. */
export function assertRegistryBasics(props: { readonly environment: unknown; readonly authentication: unknown } | undefined, authenticationExpected: string): void {
  if (!(props?.environment instanceof RegistryEnvironment)) {
    throw invalid('environment', props?.environment, 'a RegistryEnvironment');
  }
  if (!(props.authentication instanceof RegistryAuthentication)) {
    throw invalid('authentication', props.authentication, authenticationExpected);
  }
}
