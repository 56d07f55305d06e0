import { RemovalMode } from '../core/profiles';
import { TerraformResource } from '../terraform/cdktf';
import { IDeletionProtection } from '../terraform/removal';
import { TcrInstance } from './bindings/tcr-instance';

/**
 * TCR's own guard against deleting an instance, and what happens to its
 * images when the instance goes. Both are arguments of
 * `tencentcloud_tcr_instance` (ADR 0004: a guard that is an argument goes
 * with the resource, so it also survives the resource's removal from the
 * code, which `prevent_destroy` does not):
 *
 * - `deletion_protection` ("Whether to enable Instance Deletion
 *   Protection"): on where the profile retains, off where it destroys, so
 *   that `terraform destroy` of a dev registry is not blocked;
 * - `delete_bucket` ("Indicate to delete the COS bucket which is
 *   auto-created with the instance or not", default false): the bucket
 *   holds the images, so it goes with the instance where the profile
 *   destroys, and stays (billed, and recoverable) where it retains.
 *
 * (tencentcloud/services/tcr/resource_tc_tcr_instance.go; the provider
 * deletes the instance's replicas and namespaces before the instance.)
 */
export class TcrInstanceProtection implements IDeletionProtection {
  public applyTo(resource: TerraformResource, mode: RemovalMode): void {
    if (!(resource instanceof TcrInstance)) {
      throw new Error(`TcrInstanceProtection guards tencentcloud_tcr_instance, not ${resource.terraformResourceType}`);
    }
    resource.deletionProtection = mode === RemovalMode.RETAIN;
    resource.deleteBucket = mode === RemovalMode.DESTROY;
  }
}
