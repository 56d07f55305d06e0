import { Duration, Token } from 'aws-cdk-lib';
import { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { invalid } from '../../../core/errors';

const MIN_VALIDITY_SECONDS = 60;
const MAX_VALIDITY_SECONDS = 86_400;
const WAF_GLOBAL_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[A-Za-z0-9_-]{1,128}\/[0-9a-f-]{36}$/;
const US_EAST_1_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Whole seconds from one minute (clients need time to follow the redirect)
 * to one day (a leaked URL stays usable that long).
 */
export function validitySecondsOf(property: string, value: unknown): number {
  if (!(value instanceof Duration)) {
    throw invalid(property, value, 'a Duration');
  }
  const seconds = value.toMilliseconds() / 1000;
  if (!Number.isInteger(seconds) || seconds < MIN_VALIDITY_SECONDS || seconds > MAX_VALIDITY_SECONDS) {
    throw invalid(property, value.toHumanString(), `whole seconds from ${MIN_VALIDITY_SECONDS} seconds to ${MAX_VALIDITY_SECONDS} seconds (one day)`);
  }
  return seconds;
}

/** CloudFront takes WAFv2 web ACLs of scope CLOUDFRONT only, which live in us-east-1. */
export function assertWebAclArn(property: string, arn: string | undefined): void {
  if (arn !== undefined && !Token.isUnresolved(arn) && (typeof arn !== 'string' || !WAF_GLOBAL_ACL_ARN.test(arn))) {
    throw invalid(property, arn, 'the ARN of a WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)');
  }
}

/** How the caller's props name the custom domain and its certificate (errors name what the user wrote). */
export interface CustomDomainPropertyNames {
  readonly domainName: string;
  readonly certificate: string;
}

/** A custom name needs a certificate and the other way round; CloudFront reads certificates from us-east-1 only. */
export function assertCustomDomain(domainName: string | undefined, certificate: ICertificate | undefined,
  names: CustomDomainPropertyNames = { domainName: 'domainName', certificate: 'certificate' }): void {
  if ((domainName === undefined) !== (certificate === undefined)) {
    throw invalid(domainName === undefined ? names.domainName : names.certificate, undefined,
      `${names.domainName} and ${names.certificate} together, or neither`);
  }
  if (domainName !== undefined && (typeof domainName !== 'string' || (!Token.isUnresolved(domainName) && !HOSTNAME.test(domainName)))) {
    throw invalid(names.domainName, domainName, 'a lower case DNS host name with at least two labels');
  }
  if (certificate !== undefined && (certificate === null || typeof certificate !== 'object' || typeof certificate.certificateArn !== 'string')) {
    throw invalid(names.certificate, certificate, 'an ICertificate, e.g. Certificate.fromCertificateArn(...)');
  }
  const arn = certificate?.certificateArn;
  if (arn !== undefined && !Token.isUnresolved(arn) && !US_EAST_1_CERTIFICATE_ARN.test(arn)) {
    throw invalid(names.certificate, arn, 'an ACM certificate in us-east-1 (CloudFront reads certificates from there only)');
  }
}
