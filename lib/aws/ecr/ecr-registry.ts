import { CfnOutput, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnPullThroughCacheRule, CfnRepository, Repository, RepositoryEncryption } from 'aws-cdk-lib/aws-ecr';
import { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import { assertKnownKeys, assertPlainObject } from '../../core/type-checks';
import { assertUnique } from '../../core/validate';
import { assertRemovalPolicyWithoutSnapshot, removalPolicyOf } from '../removal';
import { claimPerAccountRegion } from '../singleton-guard';
import { assertAccountIds, assertOptionalAccountId, assertOptionalRegion } from '../validate';
import { CreationTemplateUse, RepositoryCreationTemplate } from './creation-template';
import { lifecycleRulesOf } from './lifecycle';
import { crossAccountPullStatement } from './policies';
import { PullThroughUpstream } from './pull-through-cache';
import { EcrRegistryBase, IEcrRegistry } from './registry-base';
import { newRegistryKey } from './registry-key';
import { ScanFindingsNotifications } from './scan-findings';
import { exclusionFiltersOf, tagMutabilityOf } from './tag-mutability';
import { ECR_CAPABILITIES } from '../../core/backend-capabilities';
import { warnUnenforcedSettings } from '../capability-warnings';
import { warnUnknownRegions } from '../region-warnings';
import { tagWithEnvironment } from '../tags';
import { newNotificationTopic } from '../notification-topic';

/** Properties of an `EcrRegistry`. */
export interface EcrRegistryProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * Repositories to create, named without the environment prefix (`app`
   * becomes `dev-registry/app`). More can be added with `addRepository`.
   *
   * @default - none
   */
  readonly repositories?: string[];

  /**
   * The key that encrypts repositories.
   *
   * @default - a new key with rotation when the profile asks for a
   * customer-managed key (prod), otherwise the AWS managed key for ECR
   */
  readonly encryptionKey?: IKey;

  /**
   * Other AWS accounts allowed to pull every image of this environment
   * (a repository policy on each repository, and on the repositories ECR
   * creates from the creation template).
   *
   * @default - no cross-account pull
   */
  readonly pullAccounts?: string[];

  /**
   * Upstream registries cached under `<env>-<service>/<upstream>/`.
   *
   * @default - no pull-through cache
   */
  readonly pullThroughCaches?: PullThroughUpstream[];

  /**
   * Whether critical and high scan findings are sent to `notificationTopic`.
   *
   * @default - the profile's `alarmsEnabled` (test and prod)
   */
  readonly scanFindingsNotifications?: boolean;

  /**
   * Where scan findings go.
   *
   * @default - a new KMS-encrypted topic, when notifications are enabled
   */
  readonly notificationTopic?: ITopic;

  /**
   * Whether to add a stack output with each repository's URI.
   *
   * @default true
   */
  readonly outputs?: boolean;
}

/** What an imported registry needs. */
export interface EcrRegistryAttributes {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;
  /**
   * The registry's pull-through cache upstreams, so that grants let a first
   * pull create the cached repository under `<env>-<service>/<upstream>/`
   * (and nowhere else). Cache rules exist only in the declaration's primary
   * region (where `EcrRegistry` creates them), so an import of a replica
   * region cannot take any. Across accounts, a first pull also needs the
   * owner's registry policy (`EcrRegistrySettings.pullThroughCacheAccounts`).
   *
   * @default - no pull-through cache
   */
  readonly pullThroughCaches?: PullThroughUpstream[];
  /**
   * The AWS account that holds the registry, when it is not the account of
   * the stack that imports it. Grants and URIs name repositories in this
   * account; across accounts the registry must also let the grantee's
   * account in (`EcrRegistryProps.pullAccounts` for pulls).
   *
   * @default - the account of the importing stack
   */
  readonly account?: string;
  /**
   * The region of the registry's repositories: the declaration's primary
   * region, or one of its replica regions (replicas have the same
   * repository names) to pull from the nearest copy.
   *
   * @default - the region of the importing stack, which must then be one of
   * the declaration's regions with repositories
   */
  readonly region?: string;
}

/** ECR limits a pull-through cache prefix to this length. */
const MAX_PULL_THROUGH_PREFIX_LENGTH = 30;
/** ECR's repository name grammar. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MAX_REPOSITORY_NAME_LENGTH = 256;

/**
 * One environment's container registry on Amazon ECR: every repository is
 * named `<env>-<service>/<name>`, so environments sharing an account cannot
 * collide, and the settings come from the environment's profile.
 *
 * ECR has no custom domain: `<env>-<service>.<domain>` maps to the
 * repository prefix, tags and outputs (see the README).
 */
export class EcrRegistry extends EcrRegistryBase {
  /**
   * Refers to an environment's registry created elsewhere, possibly in
   * another account (`account`) or region (`region`): its `env`, grants and
   * URIs are the registry's, as with aws-cdk-lib's imported resources.
   */
  public static fromRegistryAttributes(scope: Construct, id: string, attrs: EcrRegistryAttributes): IEcrRegistry {
    assertPlainObject('attrs', attrs, 'an object with environment, and optionally pullThroughCaches, account and region');
    assertKnownKeys('', attrs as unknown as Record<string, unknown>, ['environment', 'pullThroughCaches', 'account', 'region']);
    if (!(attrs.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', attrs.environment, 'a RegistryEnvironment');
    }
    assertOptionalAccountId('account', attrs.account);
    assertOptionalRegion('region', attrs.region);
    const environment = attrs.environment;
    assertRegistryRegion(scope, environment, attrs.region);
    assertCachesInPrimaryRegion(scope, environment, attrs.region, attrs.pullThroughCaches ?? []);
    class Import extends EcrRegistryBase {
      public readonly repositoryPrefix = environment.resourcePrefix;
      protected readonly pullThroughCachePrefixes = (attrs.pullThroughCaches ?? [])
        .map((upstream) => `${environment.resourcePrefix}/${upstream.name}`);

      /** Throws, as aws-cdk-lib's imported resources do, with a message that says why. */
      public applyRemovalPolicy(policy: RemovalPolicy): void {
        throw invalid('applyRemovalPolicy', policy,
          `a registry created in this app: ${this.repositoryPrefix}/ is imported, so none of its resources are in this app's templates; apply the removal policy to the EcrRegistry or EcrReplicaRegistry that creates them`);
      }
    }
    return new Import(scope, id, { account: attrs.account, region: attrs.region });
  }

  public readonly repositoryPrefix: string;
  /** The environment this registry serves. */
  public readonly environment: RegistryEnvironment;
  /** The customer-managed key, when there is one. */
  public readonly encryptionKey?: IKey;
  /** The topic that receives scan findings, when notifications are enabled. */
  public readonly notificationTopic?: ITopic;

  /** The repository prefix of each pull-through cache rule, `<env>-<service>/<upstream>`. */
  public readonly pullThroughCachePrefixes: string[];
  private readonly repositoriesByName = new Map<string, Repository>();
  private readonly pullAccounts: string[];
  private readonly outputs: boolean;
  /** The keys this construct created (images, notifications), which follow the repositories' removal policy. */
  private readonly ownKeys: Key[] = [];
  private removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: EcrRegistryProps) {
    super(scope, id);
    if (!(props?.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', props?.environment, 'a RegistryEnvironment');
    }
    const environment = props.environment;
    this.environment = environment;
    this.repositoryPrefix = environment.resourcePrefix;
    assertPrimaryRegion(this, environment);
    claimPerAccountRegion(this, `registry for ${this.repositoryPrefix}/`, 'environment');
    this.pullAccounts = assertAccountIds('pullAccounts', props.pullAccounts);
    this.outputs = props.outputs ?? true;
    this.removalPolicy = removalPolicyOf(environment.settings.removalMode);
    const upstreams = props.pullThroughCaches ?? [];
    this.pullThroughCachePrefixes = upstreams.map((upstream) => `${this.repositoryPrefix}/${upstream.name}`);

    const ownKey = !props.encryptionKey && environment.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, 'images')
      : undefined;
    this.encryptionKey = props.encryptionKey ?? ownKey;
    if (ownKey) {
      this.ownKeys.push(ownKey);
    }
    for (const name of props.repositories ?? []) {
      this.addRepository(name);
    }

    this.addPullThroughCaches(upstreams);
    if (upstreams.length > 0) {
      new RepositoryCreationTemplate(this, 'PullThroughCacheTemplate', {
        environment,
        appliedFor: [CreationTemplateUse.PULL_THROUGH_CACHE],
        encryptionKey: this.encryptionKey,
        pullAccounts: this.pullAccounts,
      });
    }

    if (props.scanFindingsNotifications ?? environment.settings.alarmsEnabled) {
      // A topic of its own, with a key of its own: EventBridge cannot publish
      // to a topic under the AWS managed SNS key, and the images' key should
      // not be usable by every service that publishes.
      if (props.notificationTopic) {
        this.notificationTopic = props.notificationTopic;
      } else {
        const notifications = newNotificationTopic(this, {
          topicId: 'Notifications', keyId: 'NotificationsKey', environment,
          displayName: `${environment.hostname} registry notifications`, purpose: 'notifications',
        });
        this.notificationTopic = notifications.topic;
        this.ownKeys.push(notifications.key);
      }
      new ScanFindingsNotifications(this, 'ScanFindings', {
        repositoryPrefix: `${this.repositoryPrefix}/`,
        topic: this.notificationTopic,
      });
    }

    warnUnenforcedSettings(this, environment, ECR_CAPABILITIES);
    warnUnknownRegions(this, environment);
    tagWithEnvironment(this, environment);
  }

  /** Every repository this construct created, in the order they were added. */
  public get repositories(): Repository[] {
    return [...this.repositoriesByName.values()];
  }

  /** The repository created for `name` (without the prefix). */
  public repository(name: string): Repository {
    const repository = this.repositoriesByName.get(name);
    if (!repository) {
      throw invalid('name', name, `one of the repositories of ${this.repositoryPrefix} (${[...this.repositoriesByName.keys()].join(', ') || 'none'})`);
    }
    return repository;
  }

  /**
   * Creates repository `<env>-<service>/<name>` with the environment's
   * encryption, tag mutability, lifecycle rules and removal policy.
   */
  public addRepository(name: string): Repository {
    const fullName = `${this.repositoryPrefix}/${name}`;
    if (typeof name !== 'string' || !REPOSITORY_NAME.test(name) || fullName.length > MAX_REPOSITORY_NAME_LENGTH) {
      throw invalid('repositories', name,
        `a repository name of lower case letters and digits separated by ".", "_", "-" or "/" (at most ${MAX_REPOSITORY_NAME_LENGTH - this.repositoryPrefix.length - 1} characters here)`);
    }
    assertUnique('repositories', [...this.repositoriesByName.keys(), name]);
    const settings = this.environment.settings;
    const mutability = tagMutabilityOf(settings);
    const destroy = this.removalPolicy === RemovalPolicy.DESTROY;
    // The construct id is the name with "/" spelled "--": ids must not contain "/".
    const repository = new Repository(this, name.replace(/\//g, '--'), {
      repositoryName: fullName,
      encryption: RepositoryEncryption.KMS,
      encryptionKey: this.encryptionKey,
      imageTagMutability: mutability.mutability,
      imageTagMutabilityExclusionFilters: exclusionFiltersOf(mutability),
      lifecycleRules: lifecycleRulesOf(settings),
      removalPolicy: this.removalPolicy,
      emptyOnDelete: destroy ? true : undefined,
      // Registry-level scanning (EcrRegistrySettings) decides scanning; the
      // repository flag is kept on as well for accounts that only use it.
      imageScanOnPush: true,
    });
    if (this.pullAccounts.length > 0) {
      repository.addToResourcePolicy(crossAccountPullStatement(this.pullAccounts));
    }
    this.repositoriesByName.set(name, repository);
    if (this.outputs) {
      new CfnOutput(this, `${repository.node.id}Uri`, {
        description: `URI of ${fullName} (registry ${this.environment.hostname})`,
        value: repository.repositoryUri,
      });
    }
    return repository;
  }

  /**
   * Replaces the profile's removal policy (prod retains; dev and test
   * destroy) on every repository, those added later with `addRepository`
   * included, and on the keys this construct created (the images' and the
   * notifications'), so that a retained repository keeps the key its images
   * are encrypted with. `DESTROY` also empties repositories on delete, as
   * the dev and test profiles do; any other policy does not. Pull-through
   * cache rules, the creation template and the topic hold no data and stay
   * as they are; a key passed in `encryptionKey` is left to its owner.
   * Repositories ECR creates itself (pull-through cache, replication) are
   * not CloudFormation resources and are never deleted with the stack.
   *
   * @param policy `RETAIN`, `RETAIN_ON_UPDATE_OR_DELETE` or `DESTROY`
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    assertRemovalPolicyWithoutSnapshot(policy);
    this.removalPolicy = policy;
    for (const repository of this.repositoriesByName.values()) {
      repository.applyRemovalPolicy(policy);
      // ECR refuses to delete a repository with images unless EmptyOnDelete is set.
      (repository.node.defaultChild as CfnRepository).emptyOnDelete = policy === RemovalPolicy.DESTROY ? true : undefined;
    }
    for (const key of this.ownKeys) {
      key.applyRemovalPolicy(policy);
    }
  }

  /** Images pulled from repository `name` (ECR's `RepositoryPullCount`). */
  public metricPullCount(name: string, options?: MetricOptions): Metric {
    return new Metric({
      namespace: 'AWS/ECR',
      metricName: 'RepositoryPullCount',
      dimensionsMap: { RepositoryName: this.repository(name).repositoryName },
      statistic: 'Sum',
      ...options,
    });
  }

  private addPullThroughCaches(upstreams: PullThroughUpstream[]): void {
    assertUnique('pullThroughCaches', upstreams.map((upstream) => upstream.name));
    for (const upstream of upstreams) {
      const prefix = `${this.repositoryPrefix}/${upstream.name}`;
      if (prefix.length > MAX_PULL_THROUGH_PREFIX_LENGTH) {
        throw invalid('pullThroughCaches', prefix, `a cache prefix "<env>-<service>/<upstream>" of at most ${MAX_PULL_THROUGH_PREFIX_LENGTH} characters (shorten the environment or service name)`);
      }
      new CfnPullThroughCacheRule(this, `PullThroughCache-${upstream.name}`, {
        ecrRepositoryPrefix: prefix,
        upstreamRegistry: upstream.upstreamRegistry,
        upstreamRegistryUrl: upstream.upstreamRegistryUrl,
        credentialArn: upstream.credentials?.secretArn,
      });
    }
  }
}

/**
 * An imported registry's region (given, or the importing stack's) must be
 * one where the declaration has repositories: its primary region or a
 * region it replicates to. A token passes (an environment-agnostic stack).
 */
function assertRegistryRegion(scope: Construct, environment: RegistryEnvironment, given: string | undefined): void {
  const region = given ?? Stack.of(scope).region;
  const regions = [environment.primaryRegion, ...environment.activeReplicaRegions];
  if (Token.isUnresolved(region) || regions.includes(region)) {
    return;
  }
  const where = given === undefined ? '; without region, the importing stack\'s region is used' : '';
  throw invalid('region', region, `a region where ${environment.resourcePrefix}/ has repositories, ${regions.map((r) => `"${r}"`).join(' or ')}${where}`);
}

/**
 * Pull-through cache rules exist only in the primary region (`EcrRegistry`
 * creates them; `EcrReplicaRegistry` creates none), so an import of another
 * region with caches would grant first pulls that no rule serves. A token
 * region passes (an environment-agnostic stack).
 */
function assertCachesInPrimaryRegion(scope: Construct, environment: RegistryEnvironment, given: string | undefined,
  upstreams: PullThroughUpstream[]): void {
  const region = given ?? Stack.of(scope).region;
  if (upstreams.length === 0 || Token.isUnresolved(region) || region === environment.primaryRegion) {
    return;
  }
  throw invalid('pullThroughCaches', upstreams.map((upstream) => upstream.name),
    `no pull-through caches in "${region}": ${environment.resourcePrefix}/ has cache rules only in its primary region "${environment.primaryRegion}" (import it with region "${environment.primaryRegion}" for first pulls through a cache)`);
}

/** A stack pinned to a region must be in the environment's primary region. */
function assertPrimaryRegion(scope: Construct, environment: RegistryEnvironment): void {
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && region !== environment.primaryRegion) {
    throw invalid('environment.primaryRegion', environment.primaryRegion, `the region of stack ${Stack.of(scope).stackName} ("${region}")`);
  }
}
