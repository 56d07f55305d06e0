import { CfnTag, Stack } from 'aws-cdk-lib';
import { CfnRepositoryCreationTemplate } from 'aws-cdk-lib/aws-ecr';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { acknowledgeRepositoryNamespace } from '../nag';
import { lifecyclePolicyTextOf } from './lifecycle';
import { crossAccountPullPolicy, repositoryArnPattern } from './policies';
import { tagMutabilityOf } from './tag-mutability';

/** When ECR applies a creation template. */
export enum CreationTemplateUse {
  /** Repositories created by a pull-through cache rule. */
  PULL_THROUGH_CACHE = 'PULL_THROUGH_CACHE',
  /** Repositories created by cross-region or cross-account replication. */
  REPLICATION = 'REPLICATION',
}

export interface RepositoryCreationTemplateProps {
  readonly environment: RegistryEnvironment;
  readonly appliedFor: CreationTemplateUse[];
  /** @default - the AWS managed key for ECR */
  readonly encryptionKey?: IKey;
  /** @default - no repository policy */
  readonly pullAccounts?: string[];
}

/**
 * Gives the repositories ECR creates on its own (replication, pull-through
 * cache) the same encryption, lifecycle, tag mutability, tags and access as
 * the ones this library creates.
 */
export class RepositoryCreationTemplate extends Construct {
  public readonly template: CfnRepositoryCreationTemplate;

  constructor(scope: Construct, id: string, props: RepositoryCreationTemplateProps) {
    super(scope, id);
    const { environment } = props;
    const prefix = environment.resourcePrefix;

    // ECR needs a role of ours to tag repositories and to use a KMS key in a
    // template; the service-linked role cannot.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('ecr.amazonaws.com'),
      description: `Lets ECR create ${prefix}/* repositories from their creation template`,
    });
    role.addToPolicy(new PolicyStatement({
      actions: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
      resources: [repositoryArnPattern(Stack.of(this), prefix)],
    }));
    acknowledgeRepositoryNamespace(role, prefix,
      'ECR creates repositories under this prefix on demand (replication, pull-through cache), so their names are not known in advance');
    props.encryptionKey?.grant(role, 'kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey');

    const mutability = tagMutabilityOf(environment.settings);
    const pullAccounts = props.pullAccounts ?? [];
    this.template = new CfnRepositoryCreationTemplate(this, 'Resource', {
      prefix,
      description: `Settings of ${prefix}/* repositories that ECR creates (${props.appliedFor.join(', ').toLowerCase()})`,
      appliedFor: [...props.appliedFor],
      customRoleArn: role.roleArn,
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: props.encryptionKey?.keyArn },
      imageTagMutability: mutability.mutability,
      imageTagMutabilityExclusionFilters: mutability.exclusionPatterns.length > 0
        ? mutability.exclusionPatterns.map((pattern) => ({
          imageTagMutabilityExclusionFilterType: 'WILDCARD',
          imageTagMutabilityExclusionFilterValue: pattern,
        }))
        : undefined,
      lifecyclePolicy: lifecyclePolicyTextOf(environment.settings),
      repositoryPolicy: pullAccounts.length > 0
        ? Stack.of(this).toJsonString(crossAccountPullPolicy(pullAccounts))
        : undefined,
      resourceTags: Object.entries(environment.tags).map(([key, value]): CfnTag => ({ key, value })),
    });
  }
}
