import { IResource, Resource, ResourceProps } from 'aws-cdk-lib';
import { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
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
  /** Lets `grantee` push to every repository of this environment. */
  grantPush(grantee: IGrantable): Grant;
  /** Lets `grantee` pull and push. */
  grantPullPush(grantee: IGrantable): Grant;
}

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
      resourceArns: this.pullThroughCachePrefixes.map((prefix) => repositoryArnPattern(this.stack, prefix, this.env)),
    }));
  }

  public grantPush(grantee: IGrantable): Grant {
    return this.grantOnNamespace(grantee, PUSH_ACTIONS);
  }

  public grantPullPush(grantee: IGrantable): Grant {
    const pull = this.grantPull(grantee);
    return pull.combine(this.grantPush(grantee));
  }

  private grantOnNamespace(grantee: IGrantable, actions: string[]): Grant {
    // Scoping to the namespace (not to each repository) also covers
    // repositories ECR creates later by replication or pull-through cache.
    // Only the grantee's identity policy: in another account, the
    // registry's side must allow it too (EcrRegistry's `pullAccounts`).
    const grant = Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [repositoryArnPattern(this.stack, this.repositoryPrefix, this.env)],
    });
    // GetAuthorizationToken has no resource-level permissions.
    return grant.combine(Grant.addToPrincipal({ grantee, actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] }));
  }
}
