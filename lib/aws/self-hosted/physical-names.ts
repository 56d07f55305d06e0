import { invalid } from '../../core/errors';

/*
 * Limits of the names and descriptions a self-hosted registry sets, each
 * from the API reference of the service that owns the resource. A name is
 * checked at construction, so that a long declaration fails before
 * anything is synthesized instead of halfway through a deployment; a
 * description is free text and is cut instead (`fit` in cdn/text.ts)
 * where a long host name can reach its limit.
 */
export const NAME_LIMITS = {
  /** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (3-63 characters) */
  bucketName: 63,
  /** https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (Name: 1-512) */
  secretName: 512,
  /** https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html (AliasName: 1-256) */
  kmsAliasName: 256,
  /**
   * https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html:
   * the first domain name (the common name) "cannot exceed 64 octets",
   * subject alternative names up to 253.
   */
  certificateDomainName: 64,
  certificateAlternativeName: 253,
} as const;

/** The names on a registry's certificate. */
export interface CertificateNames {
  /** The certificate's domain name (common name): at most 64 characters. */
  readonly domainName: string;
  /** The other names; the host name itself is among them when it is too long to be the domain name. */
  readonly subjectAlternativeNames: string[];
}

/**
 * Names for an ACM certificate that serves `hostname`. ACM takes at most 64
 * characters in the first name but 253 in the others, so a longer host
 * name becomes an alternative name and the first name is the first of
 * `fallbacks` that fits (the primary's name for a replica, then the
 * declaration's domain): every one of them lies in the hosted zone, where
 * DNS validation proves them. Alternative names longer than 253 are left
 * out (a wildcard of a 252-character name cannot exist in DNS anyway).
 */
export function certificateNames(hostname: string, alternatives: string[], fallbacks: string[], property: string): CertificateNames {
  const domainName = [hostname, ...fallbacks].find((name) => name.length <= NAME_LIMITS.certificateDomainName);
  if (domainName === undefined) {
    const shortest = [hostname, ...fallbacks].reduce((a, b) => (b.length < a.length ? b : a));
    throw invalid(property, shortest,
      `a domain of at most ${NAME_LIMITS.certificateDomainName} characters when the host name "${hostname}" is longer `
      + '(ACM limits the first name of a certificate to 64 characters, and no shorter name of the hosted zone is available)');
  }
  const others = [hostname, ...alternatives]
    .filter((name) => name !== domainName && name.length <= NAME_LIMITS.certificateAlternativeName);
  return { domainName, subjectAlternativeNames: [...new Set(others)] };
}
