import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { RegistrySize } from '../core/profiles';
import { assertOneOf } from '../core/validate';

/**
 * The TCR Enterprise edition of an instance: "TCR types. Valid values are:
 * `standard`, `basic`, `premium`" (tencentcloud_tcr_instance.instance_type);
 * replicas in other regions are "premium only" (its `replications`,
 * tencentcloud/services/tcr/resource_tc_tcr_instance.go). Editions differ in
 * price and quotas (TCR's "Service Levels and Capacity Limits"); every one
 * supports custom domains ("所有规格的实例均支持配置多个自定义域名",
 * TCR's "配置自定义域名" guide).
 */
export enum TcrInstanceType {
  /** Basic edition: the cheapest. */
  BASIC = 'basic',
  /** Standard edition. */
  STANDARD = 'standard',
  /** Premium edition: the only one with replicas in other regions. */
  PREMIUM = 'premium',
}

/** The edition each profile size stands for. */
const BY_SIZE: Record<RegistrySize, TcrInstanceType> = {
  [RegistrySize.SMALL]: TcrInstanceType.BASIC,
  [RegistrySize.MEDIUM]: TcrInstanceType.STANDARD,
  [RegistrySize.LARGE]: TcrInstanceType.PREMIUM,
};

/**
 * The instance's edition: the one given, or premium where the declaration
 * replicates, or else the one the profile's size stands for. Refuses an
 * edition below premium for a declaration with active replica regions.
 *
 * @param environment the declaration
 * @param given the `instanceType` prop
 */
export function instanceTypeFor(environment: RegistryEnvironment, given: TcrInstanceType | undefined): TcrInstanceType {
  const replicates = environment.activeReplicaRegions.length > 0;
  if (given === undefined) {
    return replicates ? TcrInstanceType.PREMIUM : BY_SIZE[environment.settings.size];
  }
  assertOneOf('instanceType', given, Object.values(TcrInstanceType));
  if (replicates && given !== TcrInstanceType.PREMIUM) {
    throw invalid('instanceType', given, `"${TcrInstanceType.PREMIUM}", because the ${environment.profile.name} profile of `
      + `${environment.hostname} replicates to ${environment.activeReplicaRegions.join(', ')} and only premium instances have replicas`);
  }
  return given;
}
