import { ContainerRegistryCacheRule } from '@cdktf/provider-azurerm/lib/container-registry-cache-rule';
import { ContainerRegistryCredentialSet } from '@cdktf/provider-azurerm/lib/container-registry-credential-set';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { assignRole, AzurePrincipalType, KEY_VAULT_SECRETS_USER } from './roles';

/**
 * Key Vault secrets that hold an upstream registry's user name and password
 * (or access token). The vault must use Azure RBAC: the cache's credential
 * set gets "Key Vault Secrets User" on the two secrets.
 */
export interface AcrUpstreamCredentials {
  /** The vault's resource id. */
  readonly keyVaultId: string;
  /** The vault's URI, e.g. `https://myvault.vault.azure.net/` (`azurerm_key_vault.vault_uri`). */
  readonly keyVaultUri: string;
  /** The secret holding the user name. */
  readonly usernameSecretName: string;
  /** The secret holding the password or access token. */
  readonly passwordSecretName: string;
}

/*
 * Upstreams of ACR's artifact cache, with the pulls each supports
 * (learn.microsoft.com/azure/container-registry/artifact-cache-overview,
 * "Upstream support"): Docker Hub authenticated only (login server
 * docker.io), Microsoft Artifact Registry unauthenticated only
 * (mcr.microsoft.com), GitHub Container Registry, Quay and registry.k8s.io
 * both. Repository-level wildcards map `<prefix>/*` to an upstream path
 * (wildcards-artifact-cache.md).
 */

/** An upstream registry that ACR caches images from, under `<prefix>/` of the registry. */
export class AcrCacheUpstream {
  /**
   * Docker Hub (`docker.io`), cached under `docker-hub/` (official images:
   * `docker-hub/library/<name>`). ACR caches Docker Hub with credentials only.
   */
  public static dockerHub(credentials: AcrUpstreamCredentials): AcrCacheUpstream {
    return new AcrCacheUpstream('docker-hub', 'docker.io', true, credentials);
  }

  /** Microsoft Artifact Registry (`mcr.microsoft.com`), cached under `mcr/`; ACR caches it anonymously only, so it takes no credentials. */
  public static microsoftArtifactRegistry(): AcrCacheUpstream {
    return new AcrCacheUpstream('mcr', 'mcr.microsoft.com', false);
  }

  /** Quay (`quay.io`), cached under `quay/`. */
  public static quay(credentials?: AcrUpstreamCredentials): AcrCacheUpstream {
    return new AcrCacheUpstream('quay', 'quay.io', false, credentials);
  }

  /** GitHub Container Registry (`ghcr.io`), cached under `ghcr/`. */
  public static githubContainerRegistry(credentials?: AcrUpstreamCredentials): AcrCacheUpstream {
    return new AcrCacheUpstream('ghcr', 'ghcr.io', false, credentials);
  }

  /** The Kubernetes registry (`registry.k8s.io`), cached under `k8s/`. */
  public static kubernetes(credentials?: AcrUpstreamCredentials): AcrCacheUpstream {
    return new AcrCacheUpstream('k8s', 'registry.k8s.io', false, credentials);
  }

  /**
   * @param prefix the repository prefix of cached images in this registry
   * @param loginServer the upstream's login server
   * @param credentialsRequired whether the upstream is cached with credentials only
   * @param credentials the upstream's credentials, if any
   */
  private constructor(
    /** The repository prefix of cached images, e.g. `docker-hub`. */
    public readonly prefix: string,
    /** The upstream's login server, e.g. `docker.io`. */
    public readonly loginServer: string,
    credentialsRequired: boolean,
    /** The upstream's credentials, if any. */
    public readonly credentials?: AcrUpstreamCredentials,
  ) {
    const property = `pullThroughCaches(${prefix}).credentials`;
    if (credentialsRequired && credentials === undefined) {
      throw invalid(property, credentials, `Key Vault secrets with a user name and token: ACR caches ${loginServer} with credentials only`);
    }
    if (credentials !== undefined) {
      assertCredentials(property, credentials);
    }
  }
}

/** Key Vault secret names: letters, digits and hyphens (azurerm keyvault validate/nested_item_name.go), at most 127 characters. */
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

function assertCredentials(property: string, credentials: AcrUpstreamCredentials): void {
  if (credentials === null || typeof credentials !== 'object') {
    throw invalid(property, credentials, 'an object with keyVaultId, keyVaultUri, usernameSecretName and passwordSecretName');
  }
  const check = (key: keyof AcrUpstreamCredentials, pattern: RegExp, expected: string) => {
    const value = credentials[key];
    if (typeof value !== 'string' || (!isUnresolved(value) && !pattern.test(value))) {
      throw invalid(`${property}.${key}`, value, expected);
    }
  };
  check('keyVaultId', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i,
    'a key vault resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>)');
  check('keyVaultUri', /^https:\/\/[a-zA-Z0-9-]+\.vault\.[a-z0-9.]+\/$/, 'a vault URI ending in "/", e.g. "https://myvault.vault.azure.net/"');
  check('usernameSecretName', SECRET_NAME, '1-127 letters, digits and hyphens');
  check('passwordSecretName', SECRET_NAME, '1-127 letters, digits and hyphens');
}

/** Checks a list of upstreams: each an `AcrCacheUpstream`, none twice (cache rules may not overlap). */
export function validateUpstreams(upstreams: unknown): AcrCacheUpstream[] {
  if (!Array.isArray(upstreams)) {
    throw invalid('pullThroughCaches', upstreams, 'a list of AcrCacheUpstream');
  }
  const seen = new Set<string>();
  upstreams.forEach((upstream, index) => {
    if (!(upstream instanceof AcrCacheUpstream)) {
      throw invalid(`pullThroughCaches[${index}]`, upstream, 'an AcrCacheUpstream, e.g. AcrCacheUpstream.quay()');
    }
    if (seen.has(upstream.prefix)) {
      throw invalid(`pullThroughCaches[${index}]`, upstream.prefix, 'an upstream not already listed (cache rules may not overlap)');
    }
    seen.add(upstream.prefix);
  });
  return upstreams;
}

/**
 * The cache rule of each upstream (`<prefix>/*` from `<login server>/*`,
 * validated by `validateUpstreams`), with a credential set where the
 * upstream has credentials; the credential set's system-assigned identity
 * reads the two secrets.
 */
export function addCacheRules(scope: Construct, environment: RegistryEnvironment, registryId: string, upstreams: AcrCacheUpstream[]): void {
  for (const upstream of upstreams) {
    let credentialSetId: string | undefined;
    const secretAccess: RoleAssignment[] = [];
    const credentials = upstream.credentials;
    if (credentials) {
      const credentialSet = new ContainerRegistryCredentialSet(scope, `CredentialSet-${upstream.prefix}`, {
        name: `${upstream.prefix}-credentials`,
        containerRegistryId: registryId,
        loginServer: upstream.loginServer,
        identity: { type: 'SystemAssigned' },
        authenticationCredentials: {
          usernameSecretId: `${credentials.keyVaultUri}secrets/${credentials.usernameSecretName}`,
          passwordSecretId: `${credentials.keyVaultUri}secrets/${credentials.passwordSecretName}`,
        },
      });
      for (const [which, secret] of [['Username', credentials.usernameSecretName], ['Password', credentials.passwordSecretName]]) {
        secretAccess.push(assignRole(scope, `CredentialSet-${upstream.prefix}-${which}`, {
          role: KEY_VAULT_SECRETS_USER,
          principalId: credentialSet.identity.principalId,
          principalType: AzurePrincipalType.SERVICE_PRINCIPAL,
          scope: `${credentials.keyVaultId}/secrets/${secret}`,
          description: `Lets the ${upstream.loginServer} cache of ${environment.hostname} read its ${which.toLowerCase()}`,
        }));
      }
      credentialSetId = credentialSet.id;
    }
    new ContainerRegistryCacheRule(scope, `CacheRule-${upstream.prefix}`, {
      // 5-50 letters, digits and hyphens (azurerm containers validate/container_registry_cache_rule_name.go).
      name: `${upstream.prefix}-cache`,
      containerRegistryId: registryId,
      sourceRepo: `${upstream.loginServer}/*`,
      targetRepo: `${upstream.prefix}/*`,
      credentialSetId,
      // The cache reads the secrets on the first pull: only once its identity may.
      dependsOn: secretAccess.length > 0 ? secretAccess : undefined,
    });
  }
}
