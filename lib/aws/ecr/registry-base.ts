import { Annotations, IResource, Resource, ResourceProps, Stack, Token, Validations } from 'aws-cdk-lib';
import { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { resourceFindingId } from '../nag';
import { FIRST_PULL_THROUGH_CACHE_ACTIONS, PULL_ACTIONS, PUSH_ACTIONS, repositoryArnPattern } from './policies';

/**
 * One environment's ECR registry: every repository under `<env>-<service>/`.
 * Its `env` is the account and region the repositories live in, which
 * grants and URIs name (an imported registry may be in another account or
 * region than the stack that uses it).
 */
export interface IEcrRegistry extends IResource {
  /** The repository name prefix without the slash, e.g. `dev-registry`. */
  readonly repositoryPrefix: string;
  /** The registry host, `<account>.dkr.ecr.<region>.<url suffix>`. */
  readonly registryUri: string;
  /** The URI of repository `name` (without the prefix), e.g. `.../dev-registry/app`. */
  repositoryUri(name: string): string;
  /** Lets `grantee` pull every image of this environment. */
  grantPull(grantee: IGrantable): Grant;
  /**
   * Lets `grantee` push to every repository of this environment.
   *
   * A grantee in another account than the registry gets a synth-time warning
   * (`env-container-registries:crossAccountPush`): the grant writes only the
   * grantee's identity policy, and the repository policies this library
   * writes allow other accounts to pull, not to push.
   */
  grantPush(grantee: IGrantable): Grant;
  /** Lets `grantee` pull and push (see `grantPush` about other accounts). */
  grantPullPush(grantee: IGrantable): Grant;
  /**
   * Acknowledges, on `grantee`, the cdk-nag AwsSolutions-IAM5 findings that
   * this registry's grants raise: the wildcard on the namespace
   * `<env>-<service>/*` and on each pull-through cache prefix
   * `<env>-<service>/<upstream>/*`, in the registry's account and region
   * (`env`), which is where the grants point. `reason` is recorded with
   * each of them. (The `Resource::*` finding of `ecr:GetAuthorizationToken`,
   * which has no resource-level permissions, is the grantee's to acknowledge.)
   *
   * @param grantee the role or user the grant was made to (or a construct
   * above it)
   * @param reason why the namespace-wide grant is accepted, for the
   * validation report
   */
  acknowledgeNamespaceGrant(grantee: IConstruct, reason: string): void;
}

/** The id of the warning on a push grant to another account. */
const CROSS_ACCOUNT_PUSH_WARNING = 'env-container-registries:crossAccountPush';

/**
 * Grants on the whole `<prefix>/*` namespace, shared by created and
 * imported registries, in the registry's own account and region (`env`).
 */
export abstract class EcrRegistryBase extends Resource implements IEcrRegistry {
  public abstract readonly repositoryPrefix: string;

  /**
   * The repository prefixes of the pull-through cache rules
   * (`<env>-<service>/<upstream>`), where a first pull creates the repository.
   */
  protected abstract readonly pullThroughCachePrefixes: string[];

  /**
   * @param props `account` and `region` of a registry outside the stack's
   * environment (imports); by default the stack's
   */
  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }

  public get registryUri(): string {
    return `${this.env.account}.dkr.ecr.${this.env.region}.${this.stack.urlSuffix}`;
  }

  public repositoryUri(name: string): string {
    return `${this.registryUri}/${this.repositoryPrefix}/${name}`;
  }

  public grantPull(grantee: IGrantable): Grant {
    const pull = this.grantOnNamespace(grantee, PULL_ACTIONS);
    if (this.pullThroughCachePrefixes.length === 0) {
      return pull;
    }
    // Creating repositories only under the cache prefixes, where ECR applies
    // the pull-through cache creation template (encryption, immutability,
    // lifecycle, tags): a repository created anywhere else in the namespace
    // would get none of them, since there is no CREATE_ON_PUSH template.
    // Repositories of your own are declared in code (`addRepository`).
    return pull.combine(Grant.addToPrincipal({
      grantee,
      actions: [...FIRST_PULL_THROUGH_CACHE_ACTIONS],
      resourceArns: this.pullThroughCachePrefixes.map((prefix) => this.namespaceArn(prefix)),
    }));
  }

  public grantPush(grantee: IGrantable): Grant {
    this.warnOnCrossAccountPush(grantee);
    return this.grantOnNamespace(grantee, PUSH_ACTIONS);
  }

  public grantPullPush(grantee: IGrantable): Grant {
    const pull = this.grantPull(grantee);
    return pull.combine(this.grantPush(grantee));
  }

  public acknowledgeNamespaceGrant(grantee: IConstruct, reason: string): void {
    if (!Construct.isConstruct(grantee)) {
      throw invalid('grantee', grantee, 'a construct (the role or user the grant was made to)');
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw invalid('reason', reason, 'a non-empty reason for the validation report');
    }
    // The id is rendered in the grantee's stack, whose policy holds the finding.
    const stack = Stack.of(grantee);
    for (const prefix of [this.repositoryPrefix, ...this.pullThroughCachePrefixes]) {
      Validations.of(grantee).acknowledge({ id: resourceFindingId(stack, this.namespaceArn(prefix)), reason });
    }
  }

  /**
   * A push grant that cannot work: across accounts the registry's side must
   * allow the push too, and this library's repository policies allow only
   * pulls. A warning rather than an error, because a repository policy of
   * your own (`repository(name).addToResourcePolicy`) can allow it.
   */
  private warnOnCrossAccountPush(grantee: IGrantable): void {
    const granteeAccount = grantee.grantPrincipal.principalAccount ?? this.stack.account;
    const registryAccount = this.env.account;
    if (Token.isUnresolved(granteeAccount) || Token.isUnresolved(registryAccount) || granteeAccount === registryAccount) {
      return;
    }
    const who = Construct.isConstruct(grantee) ? grantee.node.path : `a principal of account ${granteeAccount}`;
    Annotations.of(this).addWarningV2(CROSS_ACCOUNT_PUSH_WARNING,
      `push grant to ${who}: the registry ${this.repositoryPrefix}/ is in account ${registryAccount}, the grantee in ${granteeAccount}, `
      + 'and its repository policies allow other accounts to pull only, so the push will be denied unless a repository policy of your own allows it');
  }

  private namespaceArn(prefix: string): string {
    return repositoryArnPattern(this.stack, prefix, this.env);
  }

  private grantOnNamespace(grantee: IGrantable, actions: string[]): Grant {
    // Scoping to the namespace (not to each repository) also covers
    // repositories ECR creates later by replication or pull-through cache.
    // Only the grantee's identity policy: in another account, the
    // registry's side must allow it too (EcrRegistry's `pullAccounts`).
    const grant = Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [this.namespaceArn(this.repositoryPrefix)],
    });
    // GetAuthorizationToken has no resource-level permissions.
    return grant.combine(Grant.addToPrincipal({ grantee, actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] }));
  }
}
