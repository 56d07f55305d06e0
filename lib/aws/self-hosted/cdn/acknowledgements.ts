import { Validations } from 'aws-cdk-lib';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { IConstruct } from 'constructs';
import { CdnSigningKey } from './signing-key';

/*
 * Every cdk-nag (AwsSolutions) and Control Tower (cfn-guard) finding that a
 * RegistryCdn keeps on purpose, with the reason, in one place. Whatever
 * could be fixed was fixed in the construct itself.
 */

/** What the acknowledgements apply to. */
export interface CdnFindingScopes {
  readonly distribution: Distribution;
  readonly signingKey: CdnSigningKey;
  /** The access log bucket, when the construct created it. */
  readonly logBucket?: IConstruct;
  /** The stack's bucket-emptying provider, when the log bucket uses it. */
  readonly autoDeleteProvider?: IConstruct;
  readonly hasWebAcl: boolean;
  readonly hasCertificate: boolean;
  readonly logRetentionDays: number;
}

const GUARD = 'cdk-validator-cfnguard::';

const DEFAULT_CERTIFICATE_REASON = 'Without a custom domain the distribution serves the *.cloudfront.net certificate, whose '
  + 'security policy CloudFront fixes at TLSv1 and which needs no SNI. Only registry clients follow these URLs, and Go, '
  + 'containerd and podman negotiate TLS 1.2 or 1.3 on their own; pass domainName and certificate to enforce TLSv1.2_2021.';

export function acknowledgeCdnFindings(scopes: CdnFindingScopes): void {
  const distribution = Validations.of(scopes.distribution);
  distribution.acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason: 'Registry clients pull from wherever the organisation runs workloads; access is controlled by URLs signed '
        + 'with the key group, which the registry hands out only to clients it has authenticated.',
    },
    {
      id: `${GUARD}cloudfront_default_root_object_configured_check`,
      reason: 'The distribution serves blob objects only, by signed URL; there is no index page, and an unsigned request '
        + 'for "/" is refused by CloudFront before it reaches the bucket.',
    },
    {
      id: `${GUARD}cloudfront_origin_failover_enabled_check`,
      reason: 'The origin is the registry\'s own storage bucket, which the registry needs for every pull anyway; a '
        + 'second origin would not keep pulls working while that bucket is unavailable.',
    },
  );
  if (!scopes.hasWebAcl) {
    distribution.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'Every behavior requires a URL signed with the key group, so CloudFront rejects any other request at the '
        + 'edge; a web ACL adds cost without protecting anything more by default. Pass webAclArn to attach one.',
    });
  }
  if (!scopes.hasCertificate) {
    distribution.acknowledge(
      { id: 'AwsSolutions-CFR4', reason: DEFAULT_CERTIFICATE_REASON },
      { id: `${GUARD}cloudfront_custom_ssl_certificate_check`, reason: DEFAULT_CERTIFICATE_REASON },
      { id: `${GUARD}cloudfront_sni_enabled_check`, reason: DEFAULT_CERTIFICATE_REASON },
      { id: `${GUARD}cloudfront_security_policy_check`, reason: DEFAULT_CERTIFICATE_REASON },
    );
  }

  const key = scopes.signingKey;
  Validations.of(key.privateKeySecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'The secret holds a CloudFront signing key whose public half must change in the key group at the same time; '
      + 'a Secrets Manager rotation function cannot do that, so rotation happens at deployment by raising keyVersion.',
  });
  Validations.of(key.handler).acknowledge(
    {
      id: `${GUARD}lambda_inside_vpc_check`,
      reason: 'The key pair handler only calls the Secrets Manager API once per deployment and reaches no private '
        + 'resource; a VPC would need NAT or an interface endpoint for nothing.',
    },
  );
  const handlerLogs = key.handler.logGroup;
  Validations.of(handlerLogs).acknowledge({
    id: `${GUARD}cloudwatch_log_group_encrypted_check`,
    reason: 'The key pair handler logs request ids and error messages only, never key material; CloudWatch Logs '
      + 'encrypts them at rest with its own keys.',
  });
  if (scopes.logRetentionDays < 365) {
    Validations.of(handlerLogs).acknowledge({
      id: `${GUARD}cloudwatch_log_group_retention_period_check`,
      reason: 'Log retention follows the environment profile (logRetentionDays); short-lived environments keep the '
        + 'deployment-time logs of the key pair handler for days, not a year.',
    });
  }

  if (scopes.logBucket) {
    const reasonIsLogBucket = 'This bucket is itself the destination of CloudFront access logs; logging its own access '
      + 'would need yet another bucket and log the log delivery.';
    Validations.of(scopes.logBucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: reasonIsLogBucket },
      { id: `${GUARD}s3_bucket_logging_enabled_check`, reason: reasonIsLogBucket },
      {
        id: `${GUARD}s3_bucket_default_encryption_kms_check`,
        reason: 'CloudFront standard log delivery writes with SSE-S3 unless a customer key admits the log delivery '
          + 'service; access logs hold request metadata only (no image content, no credentials).',
      },
      {
        id: `${GUARD}s3_bucket_object_lock_enabled_check`,
        reason: 'Access logs expire after the profile\'s logRetentionDays through a lifecycle rule; object lock would '
          + 'keep them past that and stop short-lived environments from being deleted.',
      },
    );
  }
  if (scopes.autoDeleteProvider) {
    Validations.of(scopes.autoDeleteProvider).acknowledge({
      id: `${GUARD}lambda_inside_vpc_check`,
      reason: 'The CDK\'s bucket-emptying function runs only when a stack is deleted and calls the S3 API only; it '
        + 'reaches no private resource, so a VPC would need NAT or an endpoint for nothing.',
    });
  }
}
