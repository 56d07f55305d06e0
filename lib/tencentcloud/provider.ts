import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { TerraformStack } from '../terraform/cdktf';
import { defaultProvider, ProviderRequirement } from '../terraform/provider';
import { TencentcloudProvider } from './bindings/provider';

/**
 * tencentcloud as the bindings in `./bindings` declare it (generated from
 * the schema of v1.83.25, tencentcloudstack/terraform-provider-tencentcloud,
 * the release every provider source path cited in this directory is read
 * from): at least that release, below the next major version.
 */
export const TENCENTCLOUD: ProviderRequirement = {
  name: 'tencentcloud',
  source: 'tencentcloudstack/tencentcloud',
  version: '~> 1.83, >= 1.83.25',
};

/**
 * Makes sure the stack of `scope` has a default tencentcloud provider in
 * `region`: the one the user declared, or one added with that region
 * (credentials come from the `TENCENTCLOUD_*` variables or a CAM role at
 * plan time, never from the configuration).
 *
 * A TCR instance is created in its provider's region, so a declared
 * provider must name `region` literally (`assertProviderRegion`): a
 * provider without a region would take `TENCENTCLOUD_REGION` (or
 * ap-guangzhou) at plan time, wherever the declaration says the registry is.
 *
 * @param scope the registry construct
 * @param region the primary region, in Tencent Cloud's name
 */
export function useTencentcloud(scope: IConstruct, region: string): void {
  defaultProvider(scope, TENCENTCLOUD, (stack, id) => new TencentcloudProvider(stack, id, { region }));
}

/**
 * Refuses a default tencentcloud provider the stack already has in another
 * region than `region` (or in none). Called before anything is made; a
 * provider of another binding class cannot be read, and Terraform's plan
 * shows its region.
 *
 * @param scope the registry construct
 * @param region the primary region, in Tencent Cloud's name
 * @param property the property that named the region, for errors
 */
export function assertProviderRegion(scope: IConstruct, region: string, property: string): void {
  const declared = TerraformStack.of(scope).allProviders()
    .find((provider) => provider.terraformResourceType === TENCENTCLOUD.name && provider.alias === undefined);
  if (!(declared instanceof TencentcloudProvider)) {
    return;
  }
  const declaredRegion = declared.region;
  if (declaredRegion !== region && !isUnresolved(declaredRegion)) {
    throw invalid(property, region, `the region of the stack's tencentcloud provider (${declaredRegion === undefined ? 'none, so TENCENTCLOUD_REGION decides at plan time' : `"${declaredRegion}"`}): `
      + 'the instance is created in its provider\'s region; put registries of another primary region in a stack of their own, or give the provider that region');
  }
}
