import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct, IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { ACR_PULL, ACR_PUSH, assignRole, AzurePrincipalType, BuiltInRole } from './roles';

/** An Azure container registry, created here or elsewhere. */
export interface IAcrRegistry extends IConstruct {
  /** The registry's Azure resource id. */
  readonly registryId: string;
  /** The registry's login server, `<name>.azurecr.io`. */
  readonly loginServer: string;
  /**
   * Lets a principal pull every image (role `AcrPull` on the registry).
   *
   * @param principalId the object id of a user, group, service principal or managed identity
   * @param principalType its kind; give `SERVICE_PRINCIPAL` for a managed identity created in the same run
   */
  grantPull(principalId: string, principalType?: AzurePrincipalType): RoleAssignment;
  /**
   * Lets a principal push (role `AcrPush`, which also pulls: ACR has no
   * push-only role).
   */
  grantPush(principalId: string, principalType?: AzurePrincipalType): RoleAssignment;
  /** Lets a principal pull and push (role `AcrPush`). */
  grantPullPush(principalId: string, principalType?: AzurePrincipalType): RoleAssignment;
}

/** Grants as role assignments on the registry, shared by created and imported registries. */
export abstract class AcrRegistryBase extends Construct implements IAcrRegistry {
  /** The registry's Azure resource id. */
  public abstract readonly registryId: string;
  /** The registry's login server. */
  public abstract readonly loginServer: string;
  private grants = 0;

  /** Lets a principal pull every image (role `AcrPull` on the registry). */
  public grantPull(principalId: string, principalType?: AzurePrincipalType): RoleAssignment {
    return this.grant(ACR_PULL, principalId, principalType);
  }

  /** Lets a principal push (role `AcrPush`, which also pulls). */
  public grantPush(principalId: string, principalType?: AzurePrincipalType): RoleAssignment {
    return this.grant(ACR_PUSH, principalId, principalType);
  }

  /** Lets a principal pull and push (role `AcrPush`). */
  public grantPullPush(principalId: string, principalType?: AzurePrincipalType): RoleAssignment {
    return this.grant(ACR_PUSH, principalId, principalType);
  }

  private grant(role: BuiltInRole, principalId: string, principalType: AzurePrincipalType | undefined): RoleAssignment {
    if (typeof principalId !== 'string' || (!isUnresolved(principalId) && !UUID.test(principalId))) {
      throw invalid('principalId', principalId, 'the object id (a UUID) of a user, group, service principal or managed identity');
    }
    if (principalType !== undefined && !Object.values(AzurePrincipalType).includes(principalType)) {
      throw invalid('principalType', principalType, `one of ${Object.values(AzurePrincipalType).map((t) => `"${t}"`).join(', ')}`);
    }
    this.grants += 1;
    // Numbered in the order of the calls: grants carry no data, so a renumbering only re-creates assignments.
    return assignRole(this, `Grant${this.grants}-${role.name}`, {
      role,
      principalId,
      principalType,
      scope: this.registryId,
      description: `${role.name} on ${this.loginServer}`,
    });
  }
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
