import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';

/**
 * An Azure location as azurerm compares them: lower case, without spaces
 * (`location.Normalize` in go-azure-helpers/resourcemanager/location,
 * vendored by azurerm), e.g. `West Europe` becomes `westeurope`.
 */
export function normalizeLocation(location: string): string {
  return location.toLowerCase().replace(/ /g, '');
}

/**
 * Azure's location names (`az account list-locations --query [].name`) are
 * lower case letters and digits, e.g. `westeurope`, `eastus2`; a region
 * name of another cloud (`eu-west-1`) is not one.
 */
const LOCATION = /^[a-z][a-z0-9]*$/;

/** Where the registry and its replicas live. */
export interface AcrLocations {
  /** The registry's own location, normalised. */
  readonly primary: string;
  /**
   * The locations of the active replica regions, normalised and sorted:
   * azurerm reads georeplications back sorted by location
   * (internal/services/containers/container_registry_resource.go), so any
   * other order would show a change on every plan.
   */
  readonly replicas: string[];
  /** The location of the primary region and of each active replica region, by declared region name. */
  readonly byRegion: { [region: string]: string };
}

/**
 * The Azure locations of a declaration's regions. A declaration shared with
 * other clouds names regions their way (`eu-west-1`); `mapping` gives the
 * Azure location of each (`{ 'eu-west-1': 'northeurope' }`). Without an
 * entry, the region's own name must be an Azure location.
 *
 * @param environment the declaration
 * @param mapping declaration region to Azure location
 * @param property the property that holds the mapping, for errors
 */
export function acrLocations(environment: RegistryEnvironment, mapping: { [region: string]: string } | undefined, property: string): AcrLocations {
  if (mapping !== undefined && (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping))) {
    throw invalid(property, mapping, 'an object from region names of the declaration to Azure locations');
  }
  const declared = [environment.primaryRegion, ...environment.replicaRegions];
  const unknown = Object.keys(mapping ?? {}).find((region) => !declared.includes(region));
  if (unknown !== undefined) {
    throw invalid(`${property} key`, unknown, `a region of the declaration (${declared.join(', ')})`);
  }
  const locationOf = (region: string): string => {
    const given = mapping?.[region];
    const at = given === undefined ? (region === environment.primaryRegion ? 'environment.primaryRegion' : 'environment.replicaRegions') : `${property}.${region}`;
    const value = given ?? region;
    const normalised = typeof value === 'string' ? normalizeLocation(value) : '';
    if (!LOCATION.test(normalised)) {
      throw invalid(at, value, given === undefined
        ? `an Azure location such as "westeurope", or an entry for "${region}" in ${property}`
        : 'an Azure location such as "westeurope" (lower case letters and digits; spaces are dropped)');
    }
    return normalised;
  };
  Object.keys(mapping ?? {}).forEach(locationOf);
  const primary = locationOf(environment.primaryRegion);
  const seen = new Map<string, string>([[primary, environment.primaryRegion]]);
  const replicas: string[] = [];
  const byRegion: { [region: string]: string } = { [environment.primaryRegion]: primary };
  for (const region of environment.activeReplicaRegions) {
    const location = locationOf(region);
    byRegion[region] = location;
    if (seen.has(location)) {
      // azurerm refuses a georeplication in the registry's own location, and Azure one replica per location.
      throw invalid(`${property}.${region}`, location, `a location other than that of region "${seen.get(location)}"`);
    }
    seen.set(location, region);
    replicas.push(location);
  }
  return { primary, replicas: replicas.sort(), byRegion };
}
