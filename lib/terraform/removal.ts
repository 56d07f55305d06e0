import { RemovalMode } from '../core/profiles';
import { TerraformResource } from './cdktf';

/**
 * A cloud's own guard against deleting a stateful resource, which each
 * backend supplies: an argument of the resource itself (e.g.
 * `deletion_protection` of `tencentcloud_tcr_instance`) or a resource of its
 * own (e.g. an `azurerm_management_lock` with level `CanNotDelete`).
 *
 * `lifecycle.prevent_destroy` only stops plans that destroy a resource still
 * in the configuration; removing the resource from the code deletes it
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle).
 * A guard the cloud enforces is what survives that. A guard that is a
 * resource of its own in the same state is removed with the code too, and
 * first (Terraform destroys dependents first), so it protects against other
 * tools and people, not against this configuration.
 */
export interface IDeletionProtection {
  /**
   * Applies the cloud's guard to `resource` for `mode`. Called for every
   * mode, so that a backend can also turn a guard off explicitly where the
   * profile destroys (a cloud default could otherwise block `terraform destroy`).
   *
   * @param resource the stateful resource
   * @param mode the profile's removal mode
   */
  applyTo(resource: TerraformResource, mode: RemovalMode): void;
}

/**
 * Applies a profile's removal mode to a stateful resource: `RETAIN` sets
 * `lifecycle.prevent_destroy` (kept alongside any other lifecycle setting),
 * `DESTROY` leaves the lifecycle alone; then `deletionProtection`, when
 * given, applies the cloud's own guard.
 *
 * @param resource the stateful resource (registry, bucket, key, vault, ...)
 * @param mode the profile's removal mode (`environment.settings.removalMode`)
 * @param deletionProtection the backend's guard, if the resource type has one
 */
export function applyRemovalMode(resource: TerraformResource, mode: RemovalMode, deletionProtection?: IDeletionProtection): void {
  if (mode === RemovalMode.RETAIN) {
    // prevent_destroy takes only literal values, so the profile decides it at synthesis.
    resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  }
  deletionProtection?.applyTo(resource, mode);
}
