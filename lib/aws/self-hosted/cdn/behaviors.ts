import { Duration } from 'aws-cdk-lib';
import {
  AllowedMethods, BehaviorOptions, CacheCookieBehavior, CachedMethods, CacheHeaderBehavior, CachePolicy,
  CacheQueryStringBehavior, ICachePolicy, IKeyGroup, IOrigin, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { blobPathPattern, tagLinkPathPattern } from './paths';
import { fit, MAX_CLOUDFRONT_COMMENT } from './text';

/** How long CloudFront keeps a blob: content-addressed data never changes under its key. */
export const BLOB_CACHE_TTL = Duration.days(365);

/*
 * Why only these paths. The registry's API (`/v2/...`) and its token
 * endpoint never go through this distribution: they stay on the load
 * balancer, where clients log in and push. The cloudfront middleware only
 * turns blob reads (`GET /v2/<name>/blobs/<digest>`) into redirects to a
 * signed URL of the blob's S3 object, so viewer paths here are object keys:
 *
 * - `<root>/docker/registry/v2/blobs/*`: blob data, named by digest and
 *   never rewritten; cached for a year whatever the origin says.
 * - `<root>/docker/registry/v2/repositories/*\/_manifests/tags/*`: tag
 *   links move on every push of a tag. The registry does not redirect them
 *   today, but a signed URL for one (another tool, a later middleware) must
 *   never see a stale tag: not cached.
 * - everything else: not cached, as nothing else is expected here.
 *
 * Every behavior requires a URL signed by the key group, serves GET and
 * HEAD only, and leaves bodies uncompressed: clients check the digest of
 * the exact bytes, and layers are compressed already.
 */

/** A cache policy for immutable blobs: one year, and a cache key of the path alone. */
export function newBlobCachePolicy(scope: Construct, id: string, hostname: string): CachePolicy {
  return new CachePolicy(scope, id, {
    comment: fit(`Immutable blobs of ${hostname}: cached for a year`, MAX_CLOUDFRONT_COMMENT),
    minTtl: BLOB_CACHE_TTL,
    defaultTtl: BLOB_CACHE_TTL,
    maxTtl: BLOB_CACHE_TTL,
    // Signed URL parameters and any other query, header or cookie must not
    // split the cache: one object per key.
    queryStringBehavior: CacheQueryStringBehavior.none(),
    headerBehavior: CacheHeaderBehavior.none(),
    cookieBehavior: CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
  });
}

/** The behaviors of a blob distribution: see the comment above for why these paths. */
export interface CdnBehaviors {
  readonly defaultBehavior: BehaviorOptions;
  readonly additionalBehaviors: { [pathPattern: string]: BehaviorOptions };
}

/** Builds the default and per-path behaviors for the storage under `root` (normalized). */
export function cdnBehaviors(origin: IOrigin, keyGroup: IKeyGroup, blobCachePolicy: ICachePolicy, root: string): CdnBehaviors {
  const behavior = (cachePolicy: ICachePolicy): BehaviorOptions => ({
    origin,
    cachePolicy,
    trustedKeyGroups: [keyGroup],
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: CachedMethods.CACHE_GET_HEAD,
    compress: false,
  });
  // The managed CachingDisabled policy (all TTLs zero) uses no custom cache
  // policy quota, which is 20 per account across all environments.
  const noCache = CachePolicy.CACHING_DISABLED;
  return {
    defaultBehavior: behavior(noCache),
    additionalBehaviors: {
      [blobPathPattern(root)]: behavior(blobCachePolicy),
      [tagLinkPathPattern(root)]: behavior(noCache),
    },
  };
}
