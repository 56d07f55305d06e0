import { CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertKnownKeys, assertOptionalBoolean, assertPlainObject } from '../../core/type-checks';
import { newRegistryKey } from '../ecr/registry-key';
import { tagWithEnvironment } from '../tags';
import { DeployStep, joinDeployment } from './deploy-order';
import { claimName, NameScope } from './name-claims';
import { RegistryBucket } from './registry-bucket';
import { replicaBucketName, replicaKeyAlias } from './replica-names';
import { acknowledgeStorageFindings } from './self-hosted-findings';

/** Properties of a `SelfHostedReplicaStorage`. */
export interface SelfHostedReplicaStorageProps {
  /**
   * The environment's registry declaration. The stack's region must be one
   * of its replica regions, and its profile must replicate.
   */
  readonly environment: RegistryEnvironment;

  /**
   * Whether to add a stack output with the replica bucket's name.
   *
   * @default true
   */
  readonly outputs?: boolean;
}

/*
 * Copies of deleted objects: the primary keeps deleted objects recoverable,
 * so a replica only needs its copies long enough for S3 replication to
 * settle, and drops them (uploads that the registry moved into the blob
 * store among them) after a day.
 */
const REPLICA_NONCURRENT_RETENTION = Duration.days(1);

/**
 * The storage of a self-hosted registry's replica in one replica region:
 * the bucket S3 replication fills from the primary's
 * (`<env>-<service>-images-<region>-<account>`, versioned), encrypted with a
 * customer-managed key of this region that the primary's replication rule
 * names by alias.
 *
 * It lives in a stack of its own, deployed before the primary (S3 refuses a
 * replication rule whose destination bucket does not exist), while the
 * `SelfHostedRegistryReplica` that serves it is deployed after the primary
 * (its tasks read the htpasswd secret the primary creates):
 *
 * ```ts
 * const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: prod });
 * primaryStack.addStackDependency(storageStack);
 * replicaStack.addStackDependency(primaryStack);
 * new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: prod, storage, hostedZone, authentication });
 * ```
 */
export class SelfHostedReplicaStorage extends Construct {
  /** The environment this storage serves. */
  public readonly environment: RegistryEnvironment;
  /** The region of this replica. */
  public readonly region: string;
  /** The replica's image bucket (S3 replication's destination). */
  public readonly bucket: IBucket;
  /** The server access logs of the image bucket. */
  public readonly accessLogsBucket: IBucket;
  /** The key that encrypts the replicated images (alias `replicaKeyAlias`). */
  public readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: SelfHostedReplicaStorageProps) {
    super(scope, id);
    assertPlainObject('props', props, 'an object with environment');
    assertKnownKeys('', props as unknown as Record<string, unknown>, ['environment', 'outputs']);
    assertOptionalBoolean('outputs', props.outputs);
    this.environment = assertReplicaRegion(this, props.environment);
    const environment = this.environment;
    this.region = Stack.of(this).region;

    const key: Key = newRegistryKey(this, 'Key', environment, `replica images in ${this.region}`);
    const alias = replicaKeyAlias(environment);
    key.addAlias(alias);
    this.encryptionKey = key;
    const bucketName = replicaBucketName(this, environment, this.region);
    claimName(this, { kind: 'bucket name', name: bucketName, scope: NameScope.GLOBAL }, 'environment', environment.hostname);
    claimName(this, { kind: 'KMS alias', name: alias, scope: NameScope.REGIONAL }, 'environment', environment.hostname);

    const storage = new RegistryBucket(this, 'Storage', {
      environment, encryptionKey: key, bucketName, noncurrentVersionRetention: REPLICA_NONCURRENT_RETENTION,
    });
    this.bucket = storage.bucket;
    this.accessLogsBucket = storage.accessLogsBucket;

    if (props.outputs ?? true) {
      new CfnOutput(this, 'BucketName', { description: `Replica storage of ${environment.hostname} in ${this.region}`, value: this.bucket.bucketName });
    }
    joinDeployment({ step: DeployStep.REPLICA_STORAGE, hostname: environment.hostname, region: this.region, construct: this });
    acknowledgeStorageFindings(environment, storage);
    tagWithEnvironment(this, environment);
  }
}

/**
 * Checks that `scope`'s stack is in one of the declaration's active replica
 * regions (and has a known region: names derive from it).
 */
export function assertReplicaRegion(scope: Construct, environment: unknown): RegistryEnvironment {
  if (!(environment instanceof RegistryEnvironment)) {
    throw invalid('environment', environment, 'a RegistryEnvironment');
  }
  const stack = Stack.of(scope);
  const region = stack.region;
  if (Token.isUnresolved(region)) {
    throw invalid('region', 'unresolved', 'a stack with an explicit region (the replica\'s name and bucket derive from it)');
  }
  if (!environment.activeReplicaRegions.includes(region)) {
    throw invalid('environment.replicaRegions', environment.replicaRegions, environment.settings.replicationEnabled
      ? `a list that holds the region of stack ${stack.stackName} ("${region}")`
      : `replication enabled in the ${environment.profile.name} profile (overrides.replicationEnabled) for a replica in "${region}"`);
  }
  return environment;
}
