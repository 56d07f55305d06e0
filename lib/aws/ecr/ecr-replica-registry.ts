import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import { assertRemovalPolicyWithoutSnapshot } from '../removal';
import { claimPerAccountRegion } from '../singleton-guard';
import { assertAccountIds } from '../validate';
import { CreationTemplateUse, RepositoryCreationTemplate } from './creation-template';
import { EcrRegistryBase } from './registry-base';
import { newRegistryKey } from './registry-key';
import { tagWithEnvironment } from '../tags';

/** Properties of an `EcrReplicaRegistry`. */
export interface EcrReplicaRegistryProps {
  /** The environment's registry declaration; the stack's region must be one of its replica regions. */
  readonly environment: RegistryEnvironment;

  /**
   * The key that encrypts replicated repositories in this region.
   *
   * @default - a new key with rotation when the profile asks for a
   * customer-managed key (prod), otherwise the AWS managed key for ECR
   */
  readonly encryptionKey?: IKey;

  /**
   * Other AWS accounts allowed to pull replicated images.
   *
   * @default - no cross-account pull
   */
  readonly pullAccounts?: string[];
}

/**
 * The replica side of an environment's ECR registry, deployed in each
 * replica region. ECR creates the replicated repositories itself; this
 * creation template gives them the environment's encryption (a key in this
 * region), lifecycle, tag mutability, tags and access, and the construct's
 * grants let workloads in this region pull locally.
 */
export class EcrReplicaRegistry extends EcrRegistryBase {
  public readonly repositoryPrefix: string;
  /** The key of replicated repositories, when customer-managed. */
  public readonly encryptionKey?: IKey;
  protected readonly pullThroughCachePrefixes: string[] = [];
  /** The key this construct created, when it did. */
  private readonly ownKey?: Key;

  constructor(scope: Construct, id: string, props: EcrReplicaRegistryProps) {
    super(scope, id);
    if (!(props?.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', props?.environment, 'a RegistryEnvironment');
    }
    const environment = props.environment;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && !environment.replicaRegions.includes(region)) {
      throw invalid('environment.replicaRegions', environment.replicaRegions,
        `a list that holds the region of stack ${Stack.of(this).stackName} ("${region}")`);
    }
    this.repositoryPrefix = environment.resourcePrefix;
    claimPerAccountRegion(this, `registry for ${this.repositoryPrefix}/`, 'environment');
    this.ownKey = !props.encryptionKey && environment.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, 'replicated images')
      : undefined;
    this.encryptionKey = props.encryptionKey ?? this.ownKey;
    new RepositoryCreationTemplate(this, 'ReplicationTemplate', {
      environment,
      appliedFor: [CreationTemplateUse.REPLICATION],
      encryptionKey: this.encryptionKey,
      pullAccounts: assertAccountIds('pullAccounts', props.pullAccounts),
    });
    tagWithEnvironment(this, environment);
  }

  /**
   * Replaces the profile's removal policy (prod retains) on the key this
   * construct created, the one replicated images in this region are
   * encrypted with. The replicated repositories are created by ECR, not by
   * CloudFormation, so no removal policy reaches them: they stay when the
   * stack is deleted. Without a key of its own (the AWS managed key, or one
   * passed in `encryptionKey`) there is nothing to apply it to.
   *
   * @param policy `RETAIN`, `RETAIN_ON_UPDATE_OR_DELETE` or `DESTROY`
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    assertRemovalPolicyWithoutSnapshot(policy);
    this.ownKey?.applyRemovalPolicy(policy);
  }
}
