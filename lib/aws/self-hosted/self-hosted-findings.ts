import { Stack, Validations } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { EncryptionKeyKind, RemovalMode } from '../../core/profiles';
import { RegistryService } from './registry-service';

/** The parts of a self-hosted registry service that carry acknowledged findings. */
export interface SelfHostedFindingsScope {
  readonly environment: RegistryEnvironment;
  readonly running: RegistryService;
  readonly httpSecret: ISecret;
  /** The image bucket the tasks use (in this stack or another). */
  readonly imageBucket: IBucket;
  /** Whether the tasks may write and delete images (a primary) or only read them (a replica). */
  readonly writesImages: boolean;
  /** Every log group of the registry (service, flow logs). */
  readonly logGroups: LogGroup[];
}

/** A registry's buckets. */
export interface RegistryStorage {
  readonly bucket: IBucket;
  readonly accessLogsBucket: IBucket;
}

const CT = 'cdk-validator-cfnguard::';

type Ack = (construct: IConstruct, id: string, reason: string) => void;
const ack: Ack = (construct, id, reason) => Validations.of(construct).acknowledge({ id, reason });

/*
 * cdk-nag and Control Tower findings that a self-hosted registry cannot fix
 * without breaking it, each with the reason, in one place so that a
 * reviewer reads them together. Profile-dependent ones (cheap dev, strict
 * prod) are acknowledged only where the profile causes them.
 */
export function acknowledgeServiceFindings(scope: SelfHostedFindingsScope): void {
  const settings = scope.environment.settings;
  const stack = Stack.of(scope.running);
  const imagesArn = stack.resolve(scope.imageBucket.arnForObjects('*'));
  ack(scope.running.taskDefinition, `AwsSolutions-IAM5[Resource::${nagResource(imagesArn)}]`, scope.writesImages
    ? 'The registry reads, writes and deletes image blobs and manifests whose keys are content digests: any object of its own bucket'
    : 'The read-only registry reads image blobs and manifests whose keys are content digests: any object of its replica bucket');
  ack(scope.running.taskDefinition, 'AwsSolutions-ECS2',
    'The only plain variables are the non-secret config.yml (rendered and tested by this library) and public CA certificates; secrets come through ECS secrets');
  ack(scope.running.taskDefinition, `${CT}ecs_task_definition_nonroot_user_check`,
    'The official registry image runs as root and needs a writable runtime volume owned by root; the root filesystem is read-only and Fargate gives no host access or extra capabilities');
  ack(scope.httpSecret, 'AwsSolutions-SMG4',
    'http.secret must be identical in every task at all times; rotating it means restarting all tasks at once and failing uploads in flight, so it is replaced by redeploying the secret');
  if (scope.running.openLoadBalancerSecurityGroup) {
    ack(scope.running.openLoadBalancerSecurityGroup, 'AwsSolutions-EC23',
      'A container registry serves clients on the internet over HTTPS; every request needs credentials (htpasswd or tokens) and port 80 only redirects. Restrict with allowedIpv4Cidrs');
  }
  const restrictDefaultSg = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (restrictDefaultSg) {
    ack(restrictDefaultSg, `${CT}lambda_inside_vpc_check`,
      'aws-cdk-lib\'s provider that strips the rules of the new VPC\'s default security group (hardening); it only calls the EC2 API');
  }
  if (settings.removalMode === RemovalMode.DESTROY) {
    ack(scope.running.loadBalancer, `${CT}elbv2_deletion_protection_enabled_check`,
      `The ${scope.environment.profile.name} profile is disposable (removalMode DESTROY); prod-like profiles turn deletion protection on`);
  }
  for (const logGroup of scope.logGroups) {
    if (!logGroup.node.tryFindChild('Resource') || settings.logRetentionDays >= 365) {
      continue;
    }
    ack(logGroup, `${CT}cloudwatch_log_group_retention_period_check`,
      `The ${scope.environment.profile.name} profile keeps logs ${settings.logRetentionDays} days to stay cheap; prod keeps them a year`);
  }
  if (settings.encryptionKey !== EncryptionKeyKind.CUSTOMER_MANAGED) {
    for (const logGroup of scope.logGroups) {
      ack(logGroup, `${CT}cloudwatch_log_group_encrypted_check`,
        `The ${scope.environment.profile.name} profile uses provider-managed keys (no key to pay for); CloudWatch Logs still encrypts at rest, and prod uses the customer-managed key`);
    }
  }
}

/** Findings of an image bucket and its access-log bucket. */
export function acknowledgeStorageFindings(environment: RegistryEnvironment, storage: RegistryStorage): void {
  ack(storage.bucket, `${CT}s3_bucket_object_lock_enabled_check`,
    'Garbage collection deletes unreferenced blobs, which object lock would forbid; versioning keeps deleted objects recoverable for a while');
  ack(storage.bucket, `${CT}s3_event_notifications_enabled_check`,
    'Nothing consumes object events: the registry itself sends push and pull notifications (distribution notifications), and S3 notifications would add a custom-resource Lambda');
  acknowledgeAccessLogBucketFindings(environment, storage.accessLogsBucket);
}

/** Findings of a bucket that only receives S3 and load balancer access logs. */
export function acknowledgeAccessLogBucketFindings(environment: RegistryEnvironment, logs: IBucket): void {
  ack(logs, `${CT}s3_bucket_object_lock_enabled_check`,
    'Access logs expire with the profile\'s log retention, which object lock would forbid');
  ack(logs, `${CT}s3_event_notifications_enabled_check`,
    'Nothing consumes log delivery events; the logs are read when investigating');
  ack(logs, 'AwsSolutions-S1',
    'This is the access-log bucket itself; logging it into another bucket would only move the question');
  ack(logs, `${CT}s3_bucket_logging_enabled_check`,
    'This is the access-log bucket itself; logging it into another bucket would only move the question');
  ack(logs, `${CT}s3_bucket_default_encryption_kms_check`,
    'S3 server access logs and load balancer access logs can only be delivered to a bucket encrypted with S3-managed keys');
  if (environment.settings.removalMode === RemovalMode.DESTROY) {
    const autoDelete = Stack.of(logs).node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    if (autoDelete) {
      ack(autoDelete, `${CT}lambda_inside_vpc_check`,
        'aws-cdk-lib\'s provider that empties buckets of a disposable profile on stack deletion; it only calls the S3 API and cannot be placed in a VPC');
    }
  }
}

/**
 * How cdk-nag writes a policy resource in a finding id: `Fn::GetAtt` as
 * `<LogicalId.Attr>`, `Ref` as `<LogicalId>`, joined parts side by side.
 */
function nagResource(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const intrinsic = value as Record<string, any>;
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return (parts as unknown[]).map(nagResource).join(separator);
  }
  if (intrinsic['Fn::GetAtt']) {
    return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  }
  if (intrinsic.Ref) {
    return `<${intrinsic.Ref}>`;
  }
  return JSON.stringify(value);
}
