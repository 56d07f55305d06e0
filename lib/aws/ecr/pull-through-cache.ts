import { Token } from 'aws-cdk-lib';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { invalid } from '../../core/errors';

/**
 * Secrets Manager secrets used by pull-through cache rules must be named
 * with this prefix; ECR refuses others.
 */
export const PULL_THROUGH_CACHE_SECRET_PREFIX = 'ecr-pullthroughcache/';

/**
 * An upstream registry that ECR caches images from. Images are pulled as
 * `<account>.dkr.ecr.<region>.amazonaws.com/<env>-<service>/<name>/<image>`.
 */
export class PullThroughUpstream {
  /** Amazon ECR Public (`public.ecr.aws`), no credentials. */
  public static ecrPublic(): PullThroughUpstream {
    return new PullThroughUpstream('ecr-public', 'ecr-public', 'public.ecr.aws');
  }

  /** Quay (`quay.io`), no credentials. */
  public static quay(): PullThroughUpstream {
    return new PullThroughUpstream('quay', 'quay', 'quay.io');
  }

  /** The Kubernetes registry (`registry.k8s.io`), no credentials. */
  public static kubernetes(): PullThroughUpstream {
    return new PullThroughUpstream('k8s', 'k8s', 'registry.k8s.io');
  }

  /**
   * Docker Hub (`registry-1.docker.io`). ECR requires credentials.
   *
   * @param credentials a secret named `ecr-pullthroughcache/...` holding
   * `{"username": "...", "accessToken": "..."}`
   */
  public static dockerHub(credentials: ISecret): PullThroughUpstream {
    return new PullThroughUpstream('docker-hub', 'docker-hub', 'registry-1.docker.io', credentials);
  }

  /**
   * GitHub Container Registry (`ghcr.io`). ECR requires credentials.
   *
   * @param credentials a secret named `ecr-pullthroughcache/...` holding
   * `{"username": "...", "accessToken": "..."}`
   */
  public static githubContainerRegistry(credentials: ISecret): PullThroughUpstream {
    return new PullThroughUpstream('github', 'github-container-registry', 'ghcr.io', credentials);
  }

  /**
   * @param name short name used in the cache's repository prefix
   * @param upstreamRegistry ECR's name for the upstream kind
   * @param upstreamRegistryUrl the upstream's host name
   * @param credentials the upstream's credentials, when it needs any
   */
  private constructor(
    public readonly name: string,
    public readonly upstreamRegistry: string,
    public readonly upstreamRegistryUrl: string,
    public readonly credentials?: ISecret,
  ) {
    const secretName = credentials?.secretName;
    if (secretName !== undefined && !Token.isUnresolved(secretName) && !secretName.startsWith(PULL_THROUGH_CACHE_SECRET_PREFIX)) {
      throw invalid('credentials.secretName', secretName, `a secret name starting with "${PULL_THROUGH_CACHE_SECRET_PREFIX}" (ECR rejects others)`);
    }
  }
}
