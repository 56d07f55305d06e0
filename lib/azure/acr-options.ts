import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { EncryptionKeyKind } from '../core/profiles';
import { isUnresolved } from '../core/tokens';
import { assertOneOf, assertUnique } from '../core/validate';
import { AcrRegistryProps } from './acr-registry-props';
import { acrLocations, AcrLocations, normalizeLocation } from './locations';
import { assertRegistryName, defaultRegistryName } from './names';
import { AcrCacheUpstream, validateUpstreams } from './pull-through-cache';
import { assertSchedule, DEFAULT_PURGE_SCHEDULE } from './retention';
import { AcrSku, INCLUDED_STORAGE_GIB, requireSku, SKU_OF_SIZE } from './sku';
import { AcrTokenProps, validateTokens } from './tokens';

/** Every choice of an `AcrRegistry`, validated, with its defaults applied. */
export interface AcrOptions {
  readonly environment: RegistryEnvironment;
  readonly locations: AcrLocations;
  readonly registryName: string;
  readonly resourceGroupName?: string;
  readonly sku: AcrSku;
  readonly publicNetworkAccess: boolean;
  readonly allowedIpRanges: string[];
  readonly privateEndpointSubnetId?: string;
  readonly virtualNetworkId?: string;
  readonly privateEndpointAddressPrefix: string;
  readonly regionalEndpoints: boolean;
  readonly zoneRedundancy: boolean;
  readonly dedicatedDataEndpoints: boolean;
  readonly quarantinePolicy: boolean;
  readonly customerManagedKey: boolean;
  readonly retentionSchedule: string;
  readonly retentionAgentPool: boolean;
  readonly logAnalyticsWorkspaceId?: string;
  readonly logAnalyticsWorkspaceLocation?: string;
  readonly actionGroupId?: string;
  readonly alarmEmailAddresses: string[];
  readonly storageBudgetGiB: number;
  readonly pullThroughCaches: AcrCacheUpstream[];
  readonly ciTokens: AcrTokenProps[];
  readonly outputs: boolean;
}

const DEFAULT_ADDRESS_PREFIX = '10.0.0.0/27';
/** The largest private endpoint prefix: /27, as Microsoft recommends for geo-replicated registries (container-registry-private-endpoints.md). */
const MAX_PREFIX_LENGTH = 27;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RESOURCE_GROUP = /^[-\w._()]{0,89}[-\w_()]$/;

/**
 * Validates an `AcrRegistry`'s props against each other, the profile and
 * the SKU, and applies the defaults. Throws a `RegistryValidationError`
 * naming the property for any value Azure would refuse or that would have
 * no effect.
 */
export function resolveOptions(props: AcrRegistryProps): AcrOptions {
  if (!(props?.environment instanceof RegistryEnvironment)) {
    throw invalid('environment', props?.environment, 'a RegistryEnvironment');
  }
  const environment = props.environment;
  const settings = environment.settings;
  const locations = acrLocations(environment, props.locations, 'locations');

  if (props.registryName !== undefined) {
    assertRegistryName('registryName', props.registryName);
  }
  if (props.resourceGroupName !== undefined) {
    assertPattern('resourceGroupName', props.resourceGroupName, RESOURCE_GROUP,
      '1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending with a period');
  }
  if (props.sku !== undefined) {
    assertOneOf('sku', props.sku, Object.values(AcrSku));
  }
  const sku = props.sku ?? SKU_OF_SIZE[settings.size];
  const premium = sku === AcrSku.PREMIUM;

  if (environment.activeReplicaRegions.length > 0) {
    requireSku(sku, AcrSku.PREMIUM, 'replicationEnabled', settings.replicationEnabled, 'geo-replication');
  }
  const customerManagedKey = settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED;
  if (customerManagedKey) {
    requireSku(sku, AcrSku.PREMIUM, 'encryptionKey', settings.encryptionKey, 'a customer-managed key');
  } else if (props.encryptionKey !== undefined) {
    throw invalid('encryptionKey', props.encryptionKey, `no key: the ${environment.profile.name} profile encrypts with a key Azure manages`);
  }
  if (props.encryptionKey !== undefined) {
    assertText('encryptionKey.keyVaultKeyId', props.encryptionKey.keyVaultKeyId, /^https:\/\/[a-zA-Z0-9-]+\.vault\.[a-z0-9.]+\/keys\/[0-9a-zA-Z-]+(\/[0-9a-f]{32})?$/,
      'a Key Vault key id, e.g. "https://myvault.vault.azure.net/keys/registry" (without a version: rotation is automatic)');
    assertText('encryptionKey.keyResourceId', props.encryptionKey.keyResourceId, /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/keys\/[^/]+$/i,
      'the key\'s resource id, ending in /providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>');
  }

  const publicNetworkAccess = optionalBoolean('publicNetworkAccess', props.publicNetworkAccess) ?? !premium;
  if (!publicNetworkAccess) {
    requireSku(sku, AcrSku.PREMIUM, 'publicNetworkAccess', false, 'a private endpoint');
  }
  const allowedIpRanges = props.allowedIpRanges ?? [];
  if (!Array.isArray(allowedIpRanges)) {
    throw invalid('allowedIpRanges', allowedIpRanges, 'a list of CIDR ranges');
  }
  if (allowedIpRanges.length > 0) {
    requireSku(sku, AcrSku.PREMIUM, 'allowedIpRanges', allowedIpRanges, 'IP access rules');
    if (!publicNetworkAccess) {
      throw invalid('allowedIpRanges', allowedIpRanges, 'no IP ranges: the registry has no public network access, so IP rules would have no effect');
    }
    allowedIpRanges.forEach((range, index) => assertCidr(`allowedIpRanges[${index}]`, range, 32));
    assertUnique('allowedIpRanges', allowedIpRanges);
  }

  const subnetGiven = props.privateEndpointSubnetId !== undefined;
  if (subnetGiven !== (props.virtualNetworkId !== undefined)) {
    throw invalid(subnetGiven ? 'virtualNetworkId' : 'privateEndpointSubnetId', subnetGiven ? props.virtualNetworkId : props.privateEndpointSubnetId,
      'both privateEndpointSubnetId and virtualNetworkId, or neither');
  }
  for (const [property, value] of [['privateEndpointSubnetId', props.privateEndpointSubnetId], ['virtualNetworkId', props.virtualNetworkId], ['privateEndpointAddressPrefix', props.privateEndpointAddressPrefix]] as const) {
    if (value !== undefined && publicNetworkAccess) {
      throw invalid(property, value, 'nothing: the registry has public network access and no private endpoint');
    }
  }
  if (subnetGiven) {
    assertText('privateEndpointSubnetId', props.privateEndpointSubnetId, /\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i, 'a subnet resource id');
    assertText('virtualNetworkId', props.virtualNetworkId, /\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i, 'a virtual network resource id');
    if (props.privateEndpointAddressPrefix !== undefined) {
      throw invalid('privateEndpointAddressPrefix', props.privateEndpointAddressPrefix, 'nothing: the private endpoint goes into the subnet you gave');
    }
  }
  const privateEndpointAddressPrefix = props.privateEndpointAddressPrefix ?? DEFAULT_ADDRESS_PREFIX;
  assertCidr('privateEndpointAddressPrefix', privateEndpointAddressPrefix, MAX_PREFIX_LENGTH);

  const replicas = locations.replicas.length > 0;
  const regionalEndpoints = optionalBoolean('regionalEndpoints', props.regionalEndpoints) ?? replicas;
  if (regionalEndpoints && !replicas) {
    throw invalid('regionalEndpoints', true, 'false or nothing: the registry has no replicas (regional endpoints are a replica setting)');
  }
  const zoneRedundancy = optionalBoolean('zoneRedundancy', props.zoneRedundancy) ?? premium;
  if (zoneRedundancy) {
    requireSku(sku, AcrSku.PREMIUM, 'zoneRedundancy', true, 'zone redundancy');
  }
  const dedicatedDataEndpoints = optionalBoolean('dedicatedDataEndpoints', props.dedicatedDataEndpoints) ?? premium;
  if (dedicatedDataEndpoints) {
    requireSku(sku, AcrSku.PREMIUM, 'dedicatedDataEndpoints', true, 'dedicated data endpoints');
  } else if (!publicNetworkAccess) {
    // A private endpoint always serves dedicated data endpoints (container-registry-private-endpoints.md).
    throw invalid('dedicatedDataEndpoints', false, 'true or nothing: a registry with a private endpoint always has dedicated data endpoints');
  }
  const quarantinePolicy = optionalBoolean('quarantinePolicy', props.quarantinePolicy) ?? false;
  if (quarantinePolicy) {
    requireSku(sku, AcrSku.PREMIUM, 'quarantinePolicy', true, 'a quarantine policy');
  }

  const retentionSchedule = props.retentionSchedule ?? DEFAULT_PURGE_SCHEDULE;
  assertSchedule('retentionSchedule', retentionSchedule);
  const retentionAgentPool = optionalBoolean('retentionAgentPool', props.retentionAgentPool) ?? false;
  if (retentionAgentPool) {
    requireSku(sku, AcrSku.PREMIUM, 'retentionAgentPool', true, 'a dedicated agent pool');
    if (publicNetworkAccess) {
      throw invalid('retentionAgentPool', true, 'false or nothing: tasks on the shared agents reach a registry with public network access');
    }
  }

  if (props.logAnalyticsWorkspaceId !== undefined) {
    assertText('logAnalyticsWorkspaceId', props.logAnalyticsWorkspaceId, /\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
      'a Log Analytics workspace resource id');
  }
  let logAnalyticsWorkspaceLocation: string | undefined;
  if (props.logAnalyticsWorkspaceLocation !== undefined) {
    if (props.logAnalyticsWorkspaceId === undefined || !settings.alarmsEnabled) {
      throw invalid('logAnalyticsWorkspaceLocation', props.logAnalyticsWorkspaceLocation,
        'nothing: it places the log alerts on a workspace you give (logAnalyticsWorkspaceId), when the profile enables alarms');
    }
    logAnalyticsWorkspaceLocation = normalizeLocation(String(props.logAnalyticsWorkspaceLocation));
    assertPattern('logAnalyticsWorkspaceLocation', logAnalyticsWorkspaceLocation, /^[a-z][a-z0-9]*$/, 'an Azure location such as "westeurope"');
  }
  const alarmEmailAddresses = props.alarmEmailAddresses ?? [];
  for (const [property, value] of [['actionGroupId', props.actionGroupId], ['alarmEmailAddresses', props.alarmEmailAddresses], ['storageBudgetGiB', props.storageBudgetGiB]] as const) {
    if (value !== undefined && !settings.alarmsEnabled) {
      throw invalid(property, value, `nothing: the ${environment.profile.name} profile has no alarms (alarmsEnabled is false)`);
    }
  }
  if (props.actionGroupId !== undefined) {
    assertText('actionGroupId', props.actionGroupId, /\/providers\/microsoft\.insights\/actionGroups\/[^/]+$/i, 'an action group resource id');
    if (props.alarmEmailAddresses !== undefined) {
      throw invalid('alarmEmailAddresses', props.alarmEmailAddresses, 'nothing: they would go to an action group the construct creates, and you gave one (actionGroupId)');
    }
  }
  if (!Array.isArray(alarmEmailAddresses)) {
    throw invalid('alarmEmailAddresses', alarmEmailAddresses, 'a list of email addresses');
  }
  alarmEmailAddresses.forEach((address, index) => assertPattern(`alarmEmailAddresses[${index}]`, address, EMAIL, 'an email address'));
  assertUnique('alarmEmailAddresses', alarmEmailAddresses);
  const storageBudgetGiB = props.storageBudgetGiB ?? INCLUDED_STORAGE_GIB[sku];
  if (typeof storageBudgetGiB !== 'number' || !Number.isFinite(storageBudgetGiB) || storageBudgetGiB <= 0) {
    throw invalid('storageBudgetGiB', storageBudgetGiB, 'a positive number of GiB');
  }

  const pullThroughCaches = validateUpstreams(props.pullThroughCaches ?? []);
  if (pullThroughCaches.length > 0) {
    // The SKU table of 2026-02 marks artifact cache N/A on Basic (container-registry-skus);
    // the artifact cache overview of 2025-04 still lists Basic: the newer, narrower rule applies.
    requireSku(sku, AcrSku.STANDARD, 'pullThroughCaches', pullThroughCaches.map((upstream) => upstream.prefix), 'the artifact cache');
  }
  const ciTokens = validateTokens(props.ciTokens ?? []);

  return {
    environment,
    locations,
    registryName: props.registryName ?? defaultRegistryName(environment),
    resourceGroupName: props.resourceGroupName,
    sku,
    publicNetworkAccess,
    allowedIpRanges: [...allowedIpRanges],
    privateEndpointSubnetId: props.privateEndpointSubnetId,
    virtualNetworkId: props.virtualNetworkId,
    privateEndpointAddressPrefix,
    regionalEndpoints,
    zoneRedundancy,
    dedicatedDataEndpoints,
    quarantinePolicy,
    customerManagedKey,
    retentionSchedule,
    retentionAgentPool,
    logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    logAnalyticsWorkspaceLocation,
    actionGroupId: props.actionGroupId,
    alarmEmailAddresses: [...alarmEmailAddresses],
    storageBudgetGiB,
    pullThroughCaches: [...pullThroughCaches],
    ciTokens: [...ciTokens],
    outputs: optionalBoolean('outputs', props.outputs) ?? true,
  };
}

function optionalBoolean(property: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(property, value, 'true or false');
  }
  return value;
}

function assertPattern(property: string, value: unknown, pattern: RegExp, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalid(property, value, expected);
  }
}

/** A string that matches `pattern`, or a deploy-time value (checked by Azure). */
function assertText(property: string, value: unknown, pattern: RegExp, expected: string): void {
  if (typeof value !== 'string' || (!isUnresolved(value) && !pattern.test(value))) {
    throw invalid(property, value, expected);
  }
}

/** An IPv4 CIDR range whose prefix length is at most `maxLength`. */
function assertCidr(property: string, value: unknown, maxLength: number): void {
  const match = typeof value === 'string' ? CIDR.exec(value) : null;
  const valid = match !== null
    && match.slice(1, 5).every((octet) => Number(octet) <= 255 && String(Number(octet)) === octet)
    && Number(match[5]) <= maxLength;
  if (!valid) {
    throw invalid(property, value, `an IPv4 CIDR range with a prefix length of at most ${maxLength}, e.g. "203.0.113.0/24"`);
  }
}

