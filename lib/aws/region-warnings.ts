import { Annotations } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';

/** The id of the warning for a region the installed aws-cdk-lib does not know. */
export const UNKNOWN_REGION_WARNING = 'env-container-registries:unknownRegion';

/**
 * Adds a synth-time warning on `scope` for each region of `environment`
 * (primary and replicas) that the installed aws-cdk-lib's region facts do
 * not list: a typo such as `eu-west-4` fails only at deploy time, while a
 * region newer than the aws-cdk-lib release is real. A warning, not an
 * error, so that new regions still work; acknowledge it with
 * `Annotations.of(scope).acknowledgeWarning('env-container-registries:unknownRegion')`.
 */
export function warnUnknownRegions(scope: IConstruct, environment: RegistryEnvironment): void {
  const known = new Set(RegionInfo.regions.map((region) => region.name));
  const unknown = [environment.primaryRegion, ...environment.replicaRegions].filter((region) => !known.has(region));
  if (unknown.length > 0) {
    Annotations.of(scope).addWarningV2(UNKNOWN_REGION_WARNING,
      `${unknown.map((region) => JSON.stringify(region)).join(', ')}: not a region this aws-cdk-lib release knows (aws-cdk-lib/region-info). `
      + 'Check the spelling; for a region newer than the release, upgrade aws-cdk-lib or acknowledge this warning');
  }
}
