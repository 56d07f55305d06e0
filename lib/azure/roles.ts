import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';
import { clientConfig } from './azurerm';

/**
 * A built-in Azure role: its name and its role definition id, which is the
 * same in every tenant.
 */
export interface BuiltInRole {
  /** The role's name, e.g. `AcrPull`. */
  readonly name: string;
  /** The role definition's GUID. */
  readonly id: string;
}

/*
 * Role definition ids as the built-in roles reference lists them
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles,
 * "containers" and "security" pages).
 */

/** "Pull artifacts from a container registry." */
export const ACR_PULL: BuiltInRole = { name: 'AcrPull', id: '7f951dda-4ed3-4680-a7ca-43fe172d538d' };
/** "Push artifacts to or pull artifacts from a container registry." */
export const ACR_PUSH: BuiltInRole = { name: 'AcrPush', id: '8311e382-0749-4cb8-b61a-304f252e45ec' };
/** Keys and key rotation policies of an RBAC key vault, without managing permissions. */
export const KEY_VAULT_CRYPTO_OFFICER: BuiltInRole = { name: 'Key Vault Crypto Officer', id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603' };
/** "Read metadata of keys and perform wrap/unwrap operations": what a service needs for a customer-managed key. */
export const KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER: BuiltInRole = {
  name: 'Key Vault Crypto Service Encryption User',
  id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
};
/** "Read secret contents." */
export const KEY_VAULT_SECRETS_USER: BuiltInRole = { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' };

/** The kind of principal a role is assigned to. */
export enum AzurePrincipalType {
  /** A user. */
  USER = 'User',
  /** A group. */
  GROUP = 'Group',
  /** A service principal, including every managed identity. */
  SERVICE_PRINCIPAL = 'ServicePrincipal',
}

/** One role assignment. */
export interface RoleAssignmentOptions {
  /** The role. */
  readonly role: BuiltInRole;
  /** The object id of the principal. */
  readonly principalId: string;
  /**
   * The kind of principal. Give `SERVICE_PRINCIPAL` for a managed identity
   * created in the same run: Azure then does not look the new identity up
   * in Microsoft Entra ID, which can fail while the identity replicates.
   *
   * @default - Azure looks it up
   */
  readonly principalType?: AzurePrincipalType;
  /** The resource id the role applies to. */
  readonly scope: string;
  /** Why the assignment exists, shown in the portal. */
  readonly description: string;
}

/**
 * Assigns a built-in role. The role definition id is written in its
 * subscription-scoped form, `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>`,
 * which is the form Azure returns: azurerm stores what it reads back
 * (internal/services/authorization/role_assignment_resource.go), and
 * `role_definition_id` forces a new resource, so the unscoped form would
 * replace the assignment on every plan.
 */
export function assignRole(scope: Construct, id: string, options: RoleAssignmentOptions): RoleAssignment {
  const subscriptionId = clientConfig(scope).subscriptionId;
  return new RoleAssignment(scope, id, {
    scope: options.scope,
    roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${options.role.id}`,
    principalId: options.principalId,
    principalType: options.principalType,
    description: options.description,
  });
}
