import { ContainerRegistryScopeMap } from '@cdktf/provider-azurerm/lib/container-registry-scope-map';
import { ContainerRegistryToken } from '@cdktf/provider-azurerm/lib/container-registry-token';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { assertUnique } from '../core/validate';

/**
 * A repository-scoped token for a client that cannot use Microsoft Entra ID
 * (a CI system outside Azure, say). The construct creates the token and its
 * scope map, without a password: generate one with
 * `az acr token credential generate` (with an expiry), so that no password
 * ever sits in Terraform state.
 */
export interface AcrTokenProps {
  /** The token's name: a letter, then 4-48 letters, digits and hyphens. */
  readonly name: string;
  /**
   * Repositories the token may use: names (`app`, `base/node`) or prefixes
   * ending in `/*` (`ci/*`).
   */
  readonly repositories: string[];
  /**
   * Whether the token may push (`content/write`) as well as pull
   * (`content/read`).
   *
   * @default false
   */
  readonly push?: boolean;
}

/** azurerm's token name rule (internal/services/containers/validate/container_registry_token_name.go). */
const TOKEN_NAME = /^[a-zA-Z][a-zA-Z0-9-]{4,48}$/;
/** Room for the `-scope` suffix of the scope map, whose name must be 5-49 characters (validate/container_registry_scope_map_name.go). */
const MAX_TOKEN_NAME = 43;
/** An ACR repository name (lower case path segments) or a prefix ending in `/*`. */
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?:\/\*)?$/;

/*
 * Scope map actions are `repositories/<repository>/<action>`; `content/read`
 * pulls, `content/write` with `content/read` pushes, `metadata/read` lists
 * tags and manifests (learn.microsoft.com/azure/container-registry/container-registry-token-based-repository-permissions).
 */

/** Checks the tokens' names and repositories; returns them as given. */
export function validateTokens(tokens: unknown): AcrTokenProps[] {
  if (!Array.isArray(tokens)) {
    throw invalid('ciTokens', tokens, 'a list of tokens');
  }
  assertUnique('ciTokens', tokens.map((token) => token?.name));
  tokens.forEach((token: AcrTokenProps, index) => {
    const at = `ciTokens[${index}]`;
    if (typeof token?.name !== 'string' || !TOKEN_NAME.test(token.name) || token.name.length > MAX_TOKEN_NAME) {
      throw invalid(`${at}.name`, token?.name, `a letter followed by letters, digits and hyphens, 5-${MAX_TOKEN_NAME} characters`);
    }
    if (!Array.isArray(token.repositories) || token.repositories.length === 0) {
      throw invalid(`${at}.repositories`, token.repositories, 'a non-empty list of repositories');
    }
    token.repositories.forEach((repository, r) => {
      if (typeof repository !== 'string' || !REPOSITORY.test(repository)) {
        throw invalid(`${at}.repositories[${r}]`, repository,
          'a repository name of lower case letters and digits separated by ".", "_", "-" or "/", optionally ending in "/*"');
      }
    });
    assertUnique(`${at}.repositories`, token.repositories);
    if (token.push !== undefined && typeof token.push !== 'boolean') {
      throw invalid(`${at}.push`, token.push, 'true or false');
    }
  });
  return tokens;
}

/** A scope map and a token for each entry (validated by `validateTokens`), on the registry named `registryName`. */
export function addTokens(scope: Construct, registryName: string, resourceGroupName: string, tokens: AcrTokenProps[]): void {
  for (const token of tokens) {
    const actions = token.push ? ['content/read', 'content/write', 'metadata/read'] : ['content/read', 'metadata/read'];
    const scopeMap = new ContainerRegistryScopeMap(scope, `ScopeMap-${token.name}`, {
      name: `${token.name}-scope`,
      containerRegistryName: registryName,
      resourceGroupName,
      actions: token.repositories.flatMap((repository) => actions.map((action) => `repositories/${repository}/${action}`)),
    });
    new ContainerRegistryToken(scope, `Token-${token.name}`, {
      name: token.name,
      containerRegistryName: registryName,
      resourceGroupName,
      scopeMapId: scopeMap.id,
      enabled: true,
    });
  }
}
