import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { describeArea, isTcrRegion, tcrRegionArea } from './regions';

/** One region of the registry: as the declaration names it, and as Tencent Cloud does. */
export interface TcrRegion {
  /** The region as the declaration names it, e.g. `eu-west-1` or `ap-guangzhou`. */
  readonly declared: string;
  /** The Tencent Cloud region, e.g. `eu-frankfurt`. */
  readonly tencent: string;
  /** The property that supplied `tencent`, as errors name it. */
  readonly property: string;
}

/** The registry's regions in Tencent Cloud's names. */
export interface TcrRegions {
  /** The primary region: the instance's, and the provider's. */
  readonly primary: TcrRegion;
  /** The active replica regions, in declared order. */
  readonly replicas: TcrRegion[];
}

const EXAMPLES = 'e.g. ap-guangzhou, ap-shanghai, ap-singapore, eu-frankfurt, na-ashburn';

/**
 * The declaration's primary and active replica regions as TCR regions:
 * through `map` where it names the region (a declaration shared with other
 * clouds names its regions their way, e.g. `eu-west-1`), as they are where
 * the declaration already uses Tencent Cloud's names. Refuses an entry of
 * `map` for a region the declaration does not name, a name TCR does not
 * know, a replica in the primary's region and a replica across the Chinese
 * mainland border (see `regions.ts`).
 *
 * @param environment the declaration
 * @param map the `regions` prop: declared region to Tencent Cloud region
 */
export function resolveTcrRegions(environment: RegistryEnvironment, map: { [region: string]: string } | undefined): TcrRegions {
  if (map !== undefined && (map === null || typeof map !== 'object' || Array.isArray(map))) {
    throw invalid('regions', map, 'an object that maps the declaration\'s region names to TCR regions');
  }
  const entries = map ?? {};
  const declared = [environment.primaryRegion, ...environment.replicaRegions];
  for (const [key, value] of Object.entries(entries)) {
    if (!declared.includes(key)) {
      throw invalid(`regions.${key}`, value, `an entry for a region the declaration names (${declared.join(', ')}), not "${key}"`);
    }
    if (!isTcrRegion(value)) {
      throw invalid(`regions.${key}`, value, `a TCR region of the tencentcloud provider (${EXAMPLES}; see TCR_REGION_NAMES)`);
    }
  }
  const resolve = (region: string, property: string): TcrRegion => {
    if (Object.prototype.hasOwnProperty.call(entries, region)) {
      return { declared: region, tencent: entries[region], property: `regions.${region}` };
    }
    if (!isTcrRegion(region)) {
      throw invalid(`regions.${region}`, undefined,
        `the TCR region that serves "${region}" (${property} of ${environment.hostname} is not a TCR region; ${EXAMPLES})`);
    }
    return { declared: region, tencent: region, property };
  };
  const primary = resolve(environment.primaryRegion, 'primaryRegion');
  const replicas = environment.activeReplicaRegions.map((region) => resolve(region, `replicaRegions[${environment.replicaRegions.indexOf(region)}]`));
  const seen = new Map<string, TcrRegion>([[primary.tencent, primary]]);
  for (const replica of replicas) {
    const clash = seen.get(replica.tencent);
    if (clash === primary) {
      throw invalid(replica.property, replica.tencent, `a TCR region other than the primary region "${primary.tencent}": a replica cannot be in its primary's region`);
    }
    if (clash) {
      throw invalid(replica.property, replica.tencent, `a TCR region no other replica is in ("${clash.declared}" is)`);
    }
    const area = tcrRegionArea(replica.tencent);
    if (area !== tcrRegionArea(primary.tencent)) {
      throw invalid(replica.property, replica.tencent, `a region ${describeArea(tcrRegionArea(primary.tencent))}, like the primary region `
        + `"${primary.tencent}": TCR does not replicate between the Chinese mainland and other regions (this one is ${describeArea(area)})`);
    }
    seen.set(replica.tencent, replica);
  }
  return { primary, replicas };
}
