import { assertDomain, assertHostnameLength, assertLabel, MAX_LABEL_LENGTH } from './dns';
import { invalid } from './errors';

/** The parts of a registry address `<environment>-<service>.<domain>`. */
export interface RegistryAddressProps {
  /**
   * Environment name, e.g. `dev`, `qa`, `preprod`.
   *
   * Lower case letters and digits, starting with a letter. Hyphens are not
   * allowed here so that an address parses back unambiguously: the first
   * hyphen of the leading label always ends the environment.
   */
  readonly environment: string;

  /**
   * Service name, e.g. `registry` or `docker`. A DNS label: lower case
   * letters, digits and hyphens, starting with a letter.
   */
  readonly service: string;

  /** The domain the registry lives under, e.g. `example.com`. */
  readonly domain: string;
}

const ENVIRONMENT = /^[a-z][a-z0-9]*$/;

/**
 * The DNS name of one environment's registry: `<environment>-<service>.<domain>`,
 * e.g. `dev-registry.example.com`.
 *
 * A replica in another region is named `<region>.<environment>-<service>.<domain>`
 * (e.g. `eu-west-1.prod-registry.example.com`): it sits below the primary
 * name, so one certificate for the primary name plus `*.<primary name>`
 * covers every replica, and the primary label keeps its meaning.
 *
 * Names are validated against RFC 1035/1123. Upper case is rejected when
 * building an address (the parts also name cloud resources, most of which
 * must be lower case, and silently folding case could make two declarations
 * share resources); `parse` folds case, because DNS names are
 * case-insensitive.
 */
export class RegistryAddress {
  /** Builds and validates an address from its parts. */
  public static of(props: RegistryAddressProps): RegistryAddress {
    return new RegistryAddress(props.environment, props.service, props.domain);
  }

  /**
   * Parses a host name such as `dev-registry.example.com` back into its parts.
   * Case is folded; the environment ends at the first hyphen.
   */
  public static parse(hostname: string): RegistryAddress {
    const expected = 'a host name of the form <environment>-<service>.<domain>, e.g. "dev-registry.example.com"';
    if (typeof hostname !== 'string') {
      throw invalid('hostname', hostname, expected);
    }
    const normalised = hostname.trim().toLowerCase().replace(/\.$/, '');
    const firstDot = normalised.indexOf('.');
    const label = firstDot < 0 ? normalised : normalised.slice(0, firstDot);
    const hyphen = label.indexOf('-');
    if (firstDot < 0 || hyphen < 0) {
      throw invalid('hostname', hostname, expected);
    }
    return new RegistryAddress(label.slice(0, hyphen), label.slice(hyphen + 1), normalised.slice(firstDot + 1));
  }

  /** The environment part, e.g. `dev`. */
  public readonly environment: string;
  /** The service part, e.g. `registry`. */
  public readonly service: string;
  /** The domain, e.g. `example.com`. */
  public readonly domain: string;
  /** The leading label `<environment>-<service>`, e.g. `dev-registry`. */
  public readonly label: string;
  /** The full host name, e.g. `dev-registry.example.com`. */
  public readonly hostname: string;

  private constructor(environment: string, service: string, domain: string) {
    if (typeof environment !== 'string' || !ENVIRONMENT.test(environment) || environment.length > MAX_LABEL_LENGTH) {
      throw invalid('environment', environment,
        'lower case letters and digits starting with a letter (no hyphens, so that the address parses back), e.g. "dev" or "preprod"');
    }
    assertLabel('service', service);
    assertDomain('domain', domain);
    const label = `${environment}-${service}`;
    if (label.length > MAX_LABEL_LENGTH) {
      throw invalid('environment-service', label, `a first label "<environment>-<service>" of at most ${MAX_LABEL_LENGTH} characters`);
    }
    const hostname = `${label}.${domain}`;
    assertHostnameLength('hostname', hostname);
    this.environment = environment;
    this.service = service;
    this.domain = domain;
    this.label = label;
    this.hostname = hostname;
  }

  /**
   * The host name of this registry's replica in `region`:
   * `<region>.<environment>-<service>.<domain>`.
   */
  public replicaHostname(region: string): string {
    assertLabel('region', region);
    const hostname = `${region}.${this.hostname}`;
    assertHostnameLength('replica hostname', hostname);
    return hostname;
  }

  /** The host name, `<env>-<service>.<domain>`, so that an address reads as one in templates and messages. */
  public toString(): string {
    return this.hostname;
  }
}
