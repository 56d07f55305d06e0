import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { RemovalMode } from '../core/profiles';
import { TerraformResource } from '../terraform/cdktf';
import { IDeletionProtection } from '../terraform/removal';

/**
 * Azure's guard against deletion: a `CanNotDelete` management lock on the
 * resource, added where the profile retains. It is a resource of its own
 * (ADR 0004): removing the registry from the code removes the lock first,
 * so it protects against other tools, people and scripts, while
 * `prevent_destroy` protects against this configuration.
 *
 * What a lock does and does not do
 * (learn.microsoft.com/azure/azure-resource-manager/management/lock-resources):
 * it applies to control-plane operations only, so images are pushed and
 * deleted as before (retention keeps working); it also blocks deleting
 * child resources and role assignments scoped to the resource, so
 * removing a replica region or a grant needs the lock lifted first; and
 * creating it takes `Microsoft.Authorization/locks/*` (Owner or User Access
 * Administrator).
 */
export class ManagementLockProtection implements IDeletionProtection {
  /**
   * @param notes why the resource is locked, shown with the lock
   */
  constructor(private readonly notes: string) {}

  /** Adds the lock to `resource` when `mode` retains. */
  public applyTo(resource: TerraformResource, mode: RemovalMode): void {
    if (mode !== RemovalMode.RETAIN) {
      return;
    }
    new ManagementLock(resource, 'DeleteLock', {
      name: 'retain-do-not-delete',
      scope: resource.getStringAttribute('id'),
      lockLevel: 'CanNotDelete',
      notes: this.notes,
    });
  }
}
