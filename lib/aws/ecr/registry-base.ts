import { Stack } from 'aws-cdk-lib';
import { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { FIRST_PULL_THROUGH_CACHE_ACTIONS, PULL_ACTIONS, PUSH_ACTIONS, repositoryArnPattern } from './policies';

/**
 * One environment's ECR registry, created here (`EcrRegistry`,
 * `EcrReplicaRegistry`) or elsewhere (`EcrRegistry.fromRegistryAttributes`):
 * every repository under `<env>-<service>/`. A construct, but not an
 * `IResource` as aws-cdk-lib's `IRepository` is: a registry is a namespace
 * of repositories, not one CloudFormation resource with a removal policy.
 */
export interface IEcrRegistry extends IConstruct {
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

/** Grants on the whole `<prefix>/*` namespace, shared by created and imported registries. */
export abstract class EcrRegistryBase extends Construct implements IEcrRegistry {
  public abstract readonly repositoryPrefix: string;

  /**
   * The repository prefixes of the pull-through cache rules
   * (`<env>-<service>/<upstream>`), where a first pull creates the repository.
   */
  protected abstract readonly pullThroughCachePrefixes: string[];

  public get registryUri(): string {
    const stack = Stack.of(this);
    return `${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}`;
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
    const stack = Stack.of(this);
    return pull.combine(Grant.addToPrincipal({
      grantee,
      actions: [...FIRST_PULL_THROUGH_CACHE_ACTIONS],
      resourceArns: this.pullThroughCachePrefixes.map((prefix) => repositoryArnPattern(stack, prefix)),
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
    const grant = Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [repositoryArnPattern(Stack.of(this), this.repositoryPrefix)],
    });
    // GetAuthorizationToken has no resource-level permissions.
    return grant.combine(Grant.addToPrincipal({ grantee, actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] }));
  }
}
