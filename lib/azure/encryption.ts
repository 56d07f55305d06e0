import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { applyRemovalMode } from '../terraform/removal';
import { AZURE_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { clientConfig } from './azurerm';
import { ManagementLockProtection } from './deletion-protection';
import { defaultKeyVaultName } from './names';
import { assignRole, AzurePrincipalType, KEY_VAULT_CRYPTO_OFFICER, KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER } from './roles';

/**
 * A Key Vault key you bring for the registry's customer-managed key. The
 * vault must use Azure RBAC (`rbac_authorization_enabled`): the construct
 * gives the registry's identity "Key Vault Crypto Service Encryption User"
 * on the key.
 */
export interface AcrEncryptionKey {
  /**
   * The key's versionless id, e.g. `https://myvault.vault.azure.net/keys/registry`
   * (`azurerm_key_vault_key.versionless_id`). Without a version, ACR picks
   * up each new version of the key within an hour (automatic rotation);
   * with one, it keeps that version until you change it.
   */
  readonly keyVaultKeyId: string;
  /**
   * The key's Azure resource id, the scope of the role assignment
   * (`azurerm_key_vault_key.resource_versionless_id`), e.g.
   * `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/myvault/keys/registry`.
   */
  readonly keyResourceId: string;
}

/** What the registry's encryption needs. */
export interface AcrEncryptionProps {
  /** The declaration. */
  readonly environment: RegistryEnvironment;
  /** The resource group of the identity and a created vault. */
  readonly resourceGroupName: string;
  /** The registry's location. */
  readonly location: string;
  /**
   * A key you bring.
   *
   * @default - a Key Vault with purge protection and a rotated RSA key are created
   */
  readonly key?: AcrEncryptionKey;
}

/*
 * Customer-managed keys for ACR
 * (learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys
 * and tutorial-enable-customer-managed-keys): Premium only, enabled only
 * when the registry is created and never disabled; a user-assigned identity
 * reads the key; RSA or RSA-HSM keys only; purge protection on the vault is
 * recommended "to prevent data loss from accidental deletion of keys or key
 * vaults" (a lost key makes every image unreadable, so this construct
 * always sets it); the identity needs get, wrapKey and unwrapKey, which the
 * "Key Vault Crypto Service Encryption User" role grants.
 */

/**
 * The identity, key and access a registry encrypted with a customer-managed
 * key uses. The registry must depend on `keyAccess`: without it Terraform
 * may create the registry before its identity may use the key, and the
 * creation fails.
 */
export class AcrEncryption extends Construct {
  /** The user-assigned identity the registry reads the key with. */
  public readonly identity: UserAssignedIdentity;
  /** The key's versionless id, for the registry's `encryption.key_vault_key_id`. */
  public readonly keyId: string;
  /** The identity's access to the key. */
  public readonly keyAccess: RoleAssignment;
  /** The created vault, unless a key was given. */
  public readonly vault?: KeyVault;
  /** The created key, unless one was given. */
  public readonly key?: KeyVaultKey;

  constructor(scope: Construct, id: string, props: AcrEncryptionProps) {
    super(scope, id);
    const { environment, resourceGroupName, location } = props;
    const removal = environment.settings.removalMode;
    this.identity = new UserAssignedIdentity(this, 'Identity', {
      name: `${environment.resourcePrefix}-acr-encryption`,
      resourceGroupName,
      location,
      tags: tagsFor(environment, AZURE_TAG_RULES, UserAssignedIdentity.tfResourceType),
    });

    let keyResourceId: string;
    if (props.key) {
      this.keyId = props.key.keyVaultKeyId;
      keyResourceId = props.key.keyResourceId;
    } else {
      const caller = clientConfig(this);
      this.vault = new KeyVault(this, 'Vault', {
        name: defaultKeyVaultName(environment),
        resourceGroupName,
        location,
        tenantId: caller.tenantId,
        skuName: 'standard',
        rbacAuthorizationEnabled: true,
        purgeProtectionEnabled: true,
        // The longest soft-delete period azurerm allows (7-90, key_vault_resource.go).
        softDeleteRetentionDays: 90,
        tags: tagsFor(environment, AZURE_TAG_RULES, KeyVault.tfResourceType),
      });
      applyRemovalMode(this.vault, removal, new ManagementLockProtection(
        `Holds the key of registry ${environment.hostname}: deleting it makes every image unreadable.`));
      // In an RBAC vault, whoever runs Terraform needs a data-plane role to create the key and its rotation policy.
      const keyAdministration = assignRole(this, 'DeployerKeyAdministration', {
        role: KEY_VAULT_CRYPTO_OFFICER,
        principalId: caller.objectId,
        scope: this.vault.id,
        description: `Lets the identity that runs Terraform manage the key of ${environment.hostname}`,
      });
      this.key = new KeyVaultKey(this, 'Key', {
        name: `${environment.resourcePrefix}-acr`,
        keyVaultId: this.vault.id,
        // `az keyvault key create`'s defaults, as the tutorial creates the key: RSA, 2048 bits.
        keyType: 'RSA',
        keySize: 2048,
        keyOpts: ['wrapKey', 'unwrapKey'],
        rotationPolicy: {
          automatic: { timeAfterCreation: 'P365D' },
          expireAfter: 'P730D',
          notifyBeforeExpiry: 'P30D',
        },
        dependsOn: [keyAdministration],
        tags: tagsFor(environment, AZURE_TAG_RULES, KeyVaultKey.tfResourceType),
      });
      applyRemovalMode(this.key, removal);
      this.keyId = this.key.versionlessId;
      keyResourceId = this.key.resourceVersionlessId;
    }

    this.keyAccess = assignRole(this, 'KeyAccess', {
      role: KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER,
      principalId: this.identity.principalId,
      principalType: AzurePrincipalType.SERVICE_PRINCIPAL,
      scope: keyResourceId,
      description: `Lets registry ${environment.hostname} wrap and unwrap its data keys`,
    });
  }
}

