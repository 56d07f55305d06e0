import { AWS_REGION } from '../aws-region';
import { invalid } from '../errors';
import { assertOneOf, assertUnique } from '../validate';
import { assertAbsolutePath, assertDuration, assertHostname, assertHttpsUrl, assertMatches, compact } from './checks';
import { CloudFrontIpFilter } from './enums';

/**
 * The `cloudfront` storage middleware: blob reads are redirected to signed
 * CloudFront URLs. Needs the s3 driver. The refresh interval of AWS's IP
 * list is not offered: 2.8 spells the key `updatefrenquency` and stores its
 * value in the URL lifetime instead, so the driver default (12h) is kept.
 */
export interface CloudFrontMiddlewareProps {
  /** https:// URL of the distribution, e.g. `https://d111111abcdef8.cloudfront.net/`. */
  readonly baseUrl: string;
  /**
   * Absolute path of the signing key: RSA-2048 in PKCS#1 PEM
   * (`openssl genrsa -traditional`); PKCS#8 makes the registry panic.
   */
  readonly privateKeyPath: string;
  /** Id of the CloudFront public key in the key group (starts with `K`). */
  readonly keyPairId: string;
  /**
   * Lifetime of signed URLs (Go duration).
   * @default - not written (20m)
   */
  readonly duration?: string;
  /**
   * Which clients bypass CloudFront and get S3 URLs.
   * @default CloudFrontIpFilter.NONE
   */
  readonly ipFilteredBy?: CloudFrontIpFilter;
  /**
   * AWS regions whose clients go straight to S3. Only with `CloudFrontIpFilter.AWS_REGION`.
   * @default - none
   */
  readonly awsRegions?: string[];
  /**
   * https:// URL of AWS's IP ranges document. Only with an IP filter.
   * @default - not written (AWS's public ip-ranges.json)
   */
  readonly ipRangesUrl?: string;
}

/**
 * The `rewrite` storage middleware (distribution 3.x only; 2.8 refuses to
 * start with it): rewrites the host of the azure driver's SAS URLs, e.g. to
 * Azure Front Door. SAS signatures do not cover the host; S3 presigned URLs
 * do, which is why the builder refuses it with s3.
 */
export interface RewriteMiddlewareProps {
  /** Host name that replaces the storage account's host, e.g. `registry-blobs.azurefd.net`. */
  readonly host: string;
  /**
   * Path prefix removed from the blob URL, e.g. `/registry` when the CDN origin path adds the container.
   * @default - the path is kept
   */
  readonly trimPathPrefix?: string;
}

export function renderCloudFront(cf: CloudFrontMiddlewareProps): Record<string, unknown> {
  const p = 'cloudFront';
  assertHttpsUrl(`${p}.baseUrl`, cf.baseUrl);
  assertAbsolutePath(`${p}.privateKeyPath`, cf.privateKeyPath);
  assertMatches(`${p}.keyPairId`, cf.keyPairId, /^K[A-Z0-9]{6,31}$/,
    'the id of a CloudFront public key (upper case, starting with "K"); legacy root key pair ids (APKA...) are not supported');
  if (cf.duration !== undefined) {
    assertDuration(`${p}.duration`, cf.duration);
  }
  const filter = cf.ipFilteredBy ?? CloudFrontIpFilter.NONE;
  assertOneOf(`${p}.ipFilteredBy`, filter, Object.values(CloudFrontIpFilter));
  const regions = cf.awsRegions ?? [];
  if (filter === CloudFrontIpFilter.AWS_REGION) {
    if (regions.length === 0) {
      throw invalid(`${p}.awsRegions`, regions, 'at least one AWS region when ipFilteredBy is "awsregion"');
    }
    regions.forEach((r, i) => assertMatches(`${p}.awsRegions[${i}]`, r, AWS_REGION, 'an AWS region such as "eu-west-1"'));
    assertUnique(`${p}.awsRegions`, regions);
  } else if (regions.length > 0) {
    throw invalid(`${p}.awsRegions`, regions, 'no regions unless ipFilteredBy is "awsregion"');
  }
  if (cf.ipRangesUrl !== undefined) {
    if (filter === CloudFrontIpFilter.NONE) {
      throw invalid(`${p}.ipRangesUrl`, cf.ipRangesUrl, 'no URL unless ipFilteredBy is "aws" or "awsregion"');
    }
    assertHttpsUrl(`${p}.ipRangesUrl`, cf.ipRangesUrl);
  }
  return {
    name: 'cloudfront',
    options: compact({
      baseurl: cf.baseUrl,
      privatekey: cf.privateKeyPath,
      keypairid: cf.keyPairId,
      duration: cf.duration,
      ipfilteredby: filter,
      // The driver splits on commas and trims each entry.
      awsregion: regions.length > 0 ? regions.join(', ') : undefined,
      iprangesurl: cf.ipRangesUrl,
    }),
  };
}

export function renderRewrite(rewrite: RewriteMiddlewareProps): Record<string, unknown> {
  assertHostname('rewrite.host', rewrite.host);
  if (rewrite.trimPathPrefix !== undefined) {
    assertMatches('rewrite.trimPathPrefix', rewrite.trimPathPrefix, /^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/, 'a path prefix starting with "/" and not ending with "/"');
  }
  return {
    name: 'rewrite',
    options: compact({ scheme: 'https', host: rewrite.host, trimpathprefix: rewrite.trimPathPrefix }),
  };
}
