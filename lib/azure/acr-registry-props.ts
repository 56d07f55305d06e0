import { RegistryEnvironment } from '../core/environment';
import { AcrEncryptionKey } from './encryption';
import { AcrCacheUpstream } from './pull-through-cache';
import { AcrSku } from './sku';
import { AcrTokenProps } from './tokens';

/** Properties of an `AcrRegistry`. */
export interface AcrRegistryProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * The Azure location of each region the declaration names, for a
   * declaration shared with other clouds, e.g.
   * `{ 'eu-west-1': 'northeurope', 'eu-central-1': 'germanywestcentral' }`.
   *
   * @default - the declaration's region names are Azure locations (e.g. `westeurope`)
   */
  readonly locations?: { [region: string]: string };

  /**
   * The registry's name, which Azure makes global (`<name>.azurecr.io`):
   * 5-50 lower case letters and digits. A name already taken fails only at
   * apply.
   *
   * @default - `<env><service>` without hyphens, followed by six hex
   * characters derived from the declaration's host name, e.g. `prodregistry3f9a1c`
   */
  readonly registryName?: string;

  /**
   * An existing resource group for every resource of the registry.
   *
   * @default - a new resource group `<env>-<service>-acr-rg`
   */
  readonly resourceGroupName?: string;

  /**
   * The service tier.
   *
   * @default - from the profile's size: SMALL Basic, MEDIUM Standard, LARGE Premium
   */
  readonly sku?: AcrSku;

  /**
   * Whether the registry is reachable from public networks. When it is
   * not, it gets a private endpoint, its private DNS zone and records, and
   * export of artifacts is disabled (Premium).
   *
   * @default - false on Premium (private endpoint), true on Basic and Standard
   */
  readonly publicNetworkAccess?: boolean;

  /**
   * Public IP ranges (CIDR) allowed to reach the registry; every other
   * address is refused. Premium, with public network access.
   *
   * @default - no IP rules: every address, with Microsoft Entra authentication
   */
  readonly allowedIpRanges?: string[];

  /**
   * An existing subnet for the private endpoint, with `virtualNetworkId`.
   * It must be in the registry's location.
   *
   * @default - a new network and subnet of `privateEndpointAddressPrefix`
   */
  readonly privateEndpointSubnetId?: string;

  /**
   * The network of `privateEndpointSubnetId`; the private DNS zone is linked to it.
   *
   * @default - the created network
   */
  readonly virtualNetworkId?: string;

  /**
   * The address prefix of a created network and its subnet. Each location
   * of the registry takes an address, each regional endpoint one more;
   * Microsoft recommends at least a /27 for geo-replicated registries.
   *
   * @default '10.0.0.0/27'
   */
  readonly privateEndpointAddressPrefix?: string;

  /**
   * Whether each replica gets a regional endpoint
   * (`<name>.<location>.geo.azurecr.io`, preview), for clients that must
   * stay in one region.
   *
   * @default - true when the registry has replicas
   */
  readonly regionalEndpoints?: boolean;

  /**
   * Whether the registry and its replicas ask for zone redundancy
   * (Premium). Azure makes registries in regions with availability zones
   * zone-redundant whatever this says; asking in a region without zones fails.
   *
   * @default - true on Premium
   */
  readonly zoneRedundancy?: boolean;

  /**
   * Whether each location of the registry serves layers from its own data
   * endpoint (`<name>.<location>.data.azurecr.io`), so that firewall rules
   * need not allow all of Azure Storage. Premium.
   *
   * @default - true on Premium
   */
  readonly dedicatedDataEndpoints?: boolean;

  /**
   * Whether pushed images are quarantined until a scanner marks them
   * (Premium).
   *
   * @default false
   */
  readonly quarantinePolicy?: boolean;

  /**
   * A key you bring for the customer-managed key the profile asks for.
   *
   * @default - a new Key Vault (purge protection, RBAC) and key with a
   * rotation policy, when the profile asks for a customer-managed key
   */
  readonly encryptionKey?: AcrEncryptionKey;

  /**
   * When the retention task runs: five cron fields in UTC.
   *
   * @default '0 3 * * *' (daily at 03:00 UTC)
   */
  readonly retentionSchedule?: string;

  /**
   * Whether a dedicated agent pool (preview, Premium, billed while
   * allocated) in the registry's network runs the retention task. Without
   * one, ACR Tasks cannot reach a registry that has no public network
   * access, and the retention settings warn at synthesis.
   *
   * @default false
   */
  readonly retentionAgentPool?: boolean;

  /**
   * An existing Log Analytics workspace for the registry's logs and metrics.
   *
   * @default - a new workspace keeping logs as long as the profile says
   */
  readonly logAnalyticsWorkspaceId?: string;

  /**
   * The location of `logAnalyticsWorkspaceId`, where the log alerts are created.
   *
   * @default - the registry's location
   */
  readonly logAnalyticsWorkspaceLocation?: string;

  /**
   * An existing action group for the alerts.
   *
   * @default - a new action group, when the profile enables alarms
   */
  readonly actionGroupId?: string;

  /**
   * Email addresses of the created action group.
   *
   * @default - none: the action group has no receivers until you add some
   */
  readonly alarmEmailAddresses?: string[];

  /**
   * The storage budget, in GiB: the storage alert fires above 85 % of it.
   * `StorageUsed` counts replica copies too.
   *
   * @default - the storage the SKU includes: Basic 10, Standard 100, Premium 500
   */
  readonly storageBudgetGiB?: number;

  /**
   * Upstream registries cached under `<prefix>/` (artifact cache, Standard or Premium).
   *
   * @default - no cache
   */
  readonly pullThroughCaches?: AcrCacheUpstream[];

  /**
   * Repository-scoped tokens for clients outside Microsoft Entra ID (CI).
   *
   * @default - none
   */
  readonly ciTokens?: AcrTokenProps[];

  /**
   * Whether to add outputs: the login server, the registry's name and the
   * mapping from the declaration's host names to the registry's endpoints.
   *
   * @default true
   */
  readonly outputs?: boolean;
}

/** What an imported registry needs. */
export interface AcrRegistryAttributes {
  /** The registry's Azure resource id. */
  readonly registryId: string;
  /** The registry's login server, `<name>.azurecr.io`. */
  readonly loginServer: string;
}
