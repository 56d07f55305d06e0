import { Annotations, Aws } from 'aws-cdk-lib';
import { IOrigin, S3OriginAccessControl, Signing } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';

/*
 * Origin Access Control, wired by hand rather than by the L2
 * `S3BucketOrigin.withOriginAccessControl`. The L2 grants CloudFront the
 * whole bucket, and for a KMS-encrypted bucket it always adds a warning
 * annotation about its key policy, which fails every compliance run of a
 * stack that contains this construct. Here the bucket grant is limited to
 * the registry's root directory, and the key statement is the same as the
 * L2's, with its reason written down below.
 */

const CLOUDFRONT = 'cloudfront.amazonaws.com';

/** The S3 origin of `bucket`, signed with a new Origin Access Control. */
export function newBlobOrigin(scope: Construct, id: string, bucket: IBucket, description: string): IOrigin {
  const oac = new S3OriginAccessControl(scope, id, { signing: Signing.SIGV4_ALWAYS, description });
  return S3BucketOrigin.withBucketDefaults(bucket, { originAccessControlId: oac.originAccessControlId });
}

/**
 * Lets `distributionId` (and nothing else) read the objects under `keyPrefix`
 * (`''` for the whole bucket); warns when the bucket is imported, as its
 * policy cannot be changed here.
 */
export function allowDistributionToRead(scope: IConstruct, bucket: IBucket, keyPrefix: string, distributionId: string): void {
  const added = bucket.addToResourcePolicy(new PolicyStatement({
    sid: 'AllowCloudFrontToReadRegistryBlobs',
    effect: Effect.ALLOW,
    principals: [new ServicePrincipal(CLOUDFRONT)],
    actions: ['s3:GetObject'],
    resources: [bucket.arnForObjects(`${keyPrefix}*`)],
    conditions: { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${distributionId}` } },
  }));
  if (!added.statementAdded) {
    Annotations.of(scope).addWarningV2('registry-cdn:importedBucketPolicy',
      `bucket is imported, so its policy cannot be changed here: allow ${CLOUDFRONT} s3:GetObject on ${keyPrefix}* `
      + 'with AWS:SourceArn of this distribution, or CloudFront cannot read the blobs');
  }
}

/**
 * Lets CloudFront decrypt with `key`; warns when the key is imported. Any
 * distribution of this account, like the L2: naming this one would make a
 * cycle (key policy -> distribution -> bucket -> key). The bucket policy is
 * what limits reads to this distribution.
 */
export function allowCloudFrontToDecrypt(scope: IConstruct, key: IKey): void {
  const added = key.addToResourcePolicy(new PolicyStatement({
    sid: 'AllowCloudFrontToDecryptRegistryBlobs',
    effect: Effect.ALLOW,
    principals: [new ServicePrincipal(CLOUDFRONT)],
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: { ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` } },
  }));
  if (!added.statementAdded) {
    Annotations.of(scope).addWarningV2('registry-cdn:importedKeyPolicy',
      `encryptionKey is imported, so its key policy cannot be changed here: allow ${CLOUDFRONT} kms:Decrypt `
      + 'with AWS:SourceArn of this distribution, or CloudFront cannot read the blobs');
  }
}
