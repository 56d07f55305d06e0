import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { RegistryEnvironment } from '../core/environment';
import { TerraformOutput } from '../terraform/cdktf';
import { warnUnenforcedSettings } from '../terraform/capability-warnings';
import { applyRemovalMode } from '../terraform/removal';
import { AZURE_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { acrCapabilities, MAX_RETENTION_POLICY_DAYS } from './acr-capabilities';
import { AcrOptions, resolveOptions } from './acr-options';
import { AcrRegistryAttributes, AcrRegistryProps } from './acr-registry-props';
import { useAzurerm } from './azurerm';
import { ManagementLockProtection } from './deletion-protection';
import { AcrEncryption } from './encryption';
import { AcrMonitoring } from './monitoring';
import { AcrPrivateNetwork } from './private-network';
import { addCacheRules } from './pull-through-cache';
import { AcrRegistryBase, IAcrRegistry } from './registry-base';
import { AcrRetention } from './retention';
import { AcrSku } from './sku';
import { addTokens } from './tokens';

/**
 * One environment's container registry on Azure Container Registry, with
 * its settings from the environment's profile: the SKU from the size,
 * geo-replicas in the replica regions, a customer-managed key, retention,
 * audit logs and alerts, and deletion safety where the profile retains.
 *
 * ACR cannot serve `<env>-<service>.<domain>`: custom domains are a private
 * preview that needs a support ticket, and a CNAME in front of the login
 * server breaks TLS and token authentication. The scheme maps to the
 * registry's name, its tags and the `HostnameMapping` output (see the README).
 */
export class AcrRegistry extends AcrRegistryBase {
  /**
   * The tags the registry's own resources carry (the standard `registry:*`
   * tags plus the declaration's), for a resource of yours of
   * `terraformResourceType` (e.g. `azurerm_user_assigned_identity`), checked
   * against Azure's tag rules for that type.
   *
   * @throws RegistryValidationError when a tag breaks Azure's rules for the type
   */
  public static tagsFor(environment: RegistryEnvironment, terraformResourceType: string): { [key: string]: string } {
    return tagsFor(environment, AZURE_TAG_RULES, terraformResourceType);
  }

  /** Refers to a registry created elsewhere, for grants. */
  public static fromRegistryAttributes(scope: Construct, id: string, attrs: AcrRegistryAttributes): IAcrRegistry {
    if (typeof attrs?.registryId !== 'string' || (!isUnresolved(attrs.registryId)
      && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[a-zA-Z0-9]{5,50}$/i.test(attrs.registryId))) {
      throw invalid('registryId', attrs?.registryId, 'a registry resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>)');
    }
    if (typeof attrs.loginServer !== 'string' || (!isUnresolved(attrs.loginServer) && !/^[a-z0-9]{5,50}\.azurecr\.[a-z.]+$/.test(attrs.loginServer))) {
      throw invalid('loginServer', attrs.loginServer, 'a login server such as "myregistry.azurecr.io"');
    }
    class Import extends AcrRegistryBase {
      public readonly registryId = attrs.registryId;
      public readonly loginServer = attrs.loginServer;
    }
    useAzurerm(scope);
    return new Import(scope, id);
  }

  /** The environment this registry serves. */
  public readonly environment: RegistryEnvironment;
  /** The registry resource. */
  public readonly registry: ContainerRegistry;
  /** The registry's Azure resource id. */
  public readonly registryId: string;
  /** The registry's login server, `<name>.azurecr.io`. */
  public readonly loginServer: string;
  /** The registry's name (global: `<name>.azurecr.io`). */
  public readonly registryName: string;
  /** The service tier. */
  public readonly sku: AcrSku;
  /** The resource group's name. */
  public readonly resourceGroupName: string;
  /** The customer-managed key's identity, vault and key, when the profile asks for one. */
  public readonly encryption?: AcrEncryption;
  /** The private endpoint, DNS zone and records, without public network access. */
  public readonly privateNetwork?: AcrPrivateNetwork;
  /** The retention task, when it can reach the registry. */
  public readonly retention?: AcrRetention;
  /** Diagnostic settings, workspace and alerts. */
  public readonly monitoring: AcrMonitoring;

  private readonly options: AcrOptions;

  constructor(scope: Construct, id: string, props: AcrRegistryProps) {
    super(scope, id);
    const options = resolveOptions(props);
    this.options = options;
    const { environment, locations, sku } = options;
    const settings = environment.settings;
    this.environment = environment;
    this.sku = sku;
    this.registryName = options.registryName;
    useAzurerm(this);

    if (options.resourceGroupName === undefined) {
      const group = new ResourceGroup(this, 'ResourceGroup', {
        name: `${environment.resourcePrefix}-acr-rg`,
        location: locations.primary,
        tags: tagsFor(environment, AZURE_TAG_RULES, ResourceGroup.tfResourceType),
      });
      applyRemovalMode(group, settings.removalMode);
      this.resourceGroupName = group.name;
    } else {
      this.resourceGroupName = options.resourceGroupName;
    }

    if (options.customerManagedKey) {
      this.encryption = new AcrEncryption(this, 'Encryption', {
        environment,
        resourceGroupName: this.resourceGroupName,
        location: locations.primary,
        key: props.encryptionKey,
      });
    }

    const untaggedDays = settings.untaggedImageRetentionDays;
    const tags = tagsFor(environment, AZURE_TAG_RULES, ContainerRegistry.tfResourceType);
    this.registry = new ContainerRegistry(this, 'Registry', {
      name: options.registryName,
      resourceGroupName: this.resourceGroupName,
      location: locations.primary,
      sku,
      adminEnabled: false,
      // Anonymous pull exists on Standard and Premium only; azurerm refuses `true` below (CustomizeDiff).
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: options.publicNetworkAccess,
      // Export can be disabled only on Premium without public network access (azurerm CustomizeDiff;
      // learn.microsoft.com/azure/container-registry/data-loss-prevention).
      exportPolicyEnabled: options.publicNetworkAccess,
      // Trusted Azure services (such as Defender for Cloud's scanner) may pass the network rules (the provider's default, written out).
      networkRuleBypassOption: 'AzureServices',
      networkRuleSet: options.allowedIpRanges.length > 0
        ? [{ defaultAction: 'Deny', ipRule: options.allowedIpRanges.map((ipRange) => ({ action: 'Allow', ipRange })) }]
        : undefined,
      dataEndpointEnabled: sku === AcrSku.PREMIUM ? options.dedicatedDataEndpoints : undefined,
      zoneRedundancyEnabled: options.zoneRedundancy,
      quarantinePolicyEnabled: options.quarantinePolicy ? true : undefined,
      // The retention policy: Premium, 0-365 days, Docker manifests only (container-registry-retention-policy.md);
      // the retention task deletes the rest.
      retentionPolicyInDays: sku === AcrSku.PREMIUM && untaggedDays <= MAX_RETENTION_POLICY_DAYS ? untaggedDays : undefined,
      georeplications: locations.replicas.map((location) => ({
        location,
        regionalEndpointEnabled: options.regionalEndpoints,
        zoneRedundancyEnabled: options.zoneRedundancy,
        tags,
      })),
      identity: this.encryption ? { type: 'UserAssigned', identityIds: [this.encryption.identity.id] } : undefined,
      encryption: this.encryption
        ? [{ keyVaultKeyId: this.encryption.keyId, identityClientId: this.encryption.identity.clientId }]
        : undefined,
      // The identity must be able to use the key before the registry is created with it.
      dependsOn: this.encryption ? [this.encryption.keyAccess] : undefined,
      tags,
    });
    applyRemovalMode(this.registry, settings.removalMode, new ManagementLockProtection(
      `Registry ${environment.hostname}: the ${environment.profile.name} profile retains its images.`));
    this.registryId = this.registry.id;
    this.loginServer = this.registry.loginServer;

    if (!options.publicNetworkAccess) {
      this.privateNetwork = new AcrPrivateNetwork(this, 'PrivateNetwork', {
        environment,
        registryId: this.registry.id,
        registryName: options.registryName,
        resourceGroupName: this.resourceGroupName,
        location: locations.primary,
        replicaLocations: locations.replicas,
        regionalEndpoints: options.regionalEndpoints,
        subnetId: options.privateEndpointSubnetId,
        virtualNetworkId: options.virtualNetworkId,
        addressPrefix: options.privateEndpointAddressPrefix,
      });
    }

    const purgeTaskReachesRegistry = options.publicNetworkAccess || options.retentionAgentPool;
    if (purgeTaskReachesRegistry) {
      this.retention = new AcrRetention(this, 'Retention', {
        environment,
        registryId: this.registry.id,
        registryName: this.registry.name,
        resourceGroupName: this.resourceGroupName,
        location: locations.primary,
        schedule: options.retentionSchedule,
        agentPoolSubnetId: options.retentionAgentPool ? this.privateNetwork!.subnetId : undefined,
      });
    }

    this.monitoring = new AcrMonitoring(this, 'Monitoring', {
      environment,
      registryId: this.registry.id,
      resourceGroupName: this.resourceGroupName,
      location: locations.primary,
      workspaceId: options.logAnalyticsWorkspaceId,
      workspaceLocation: options.logAnalyticsWorkspaceLocation,
      alarms: settings.alarmsEnabled,
      actionGroupId: options.actionGroupId,
      alarmEmailAddresses: options.alarmEmailAddresses,
      storageBudgetGiB: options.storageBudgetGiB,
    });

    addCacheRules(this, environment, this.registry.id, options.pullThroughCaches);
    addTokens(this, this.registry.name, this.resourceGroupName, options.ciTokens);

    warnUnenforcedSettings(this, environment, acrCapabilities(environment, {
      sku,
      purgeTaskReachesRegistry,
      ownWorkspace: options.logAnalyticsWorkspaceId === undefined,
    }));
    if (options.outputs) {
      this.addOutputs();
    }
  }

  /**
   * What each of the declaration's host names maps to: the primary name to
   * the login server, each replica's `<region>.<env>-<service>.<domain>` to
   * the replica's regional endpoint (or the login server without one).
   */
  public get hostnameMapping(): { [hostname: string]: string } {
    const { environment, locations, regionalEndpoints } = this.options;
    const mapping: { [hostname: string]: string } = { [environment.hostname]: this.loginServer };
    environment.activeReplicaRegions.forEach((region) => {
      mapping[environment.replicaHostname(region)] = regionalEndpoints
        ? `${this.registryName}.${locations.byRegion[region]}.geo.azurecr.io`
        : this.loginServer;
    });
    return mapping;
  }

  private addOutputs(): void {
    const hostname = this.environment.hostname;
    new TerraformOutput(this, 'LoginServer', {
      value: this.loginServer,
      description: `Login server of the registry for ${hostname} (ACR serves no custom domain)`,
    });
    new TerraformOutput(this, 'RegistryName', { value: this.registryName, description: `Name of the registry for ${hostname}` });
    new TerraformOutput(this, 'HostnameMapping', {
      value: this.hostnameMapping,
      description: `The declaration's host names and the ACR endpoints that serve them`,
    });
  }
}

