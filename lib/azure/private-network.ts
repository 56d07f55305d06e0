import { PrivateDnsARecord } from '@cdktf/provider-azurerm/lib/private-dns-a-record';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { Token } from '../terraform/cdktf';
import { AZURE_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';

/**
 * ACR's private DNS zone (learn.microsoft.com/azure/container-registry/container-registry-private-endpoints:
 * "Create DNS records in the private zone").
 */
export const ACR_PRIVATE_DNS_ZONE = 'privatelink.azurecr.io';

/**
 * TTL of the records: short, so that clients see the new address soon when
 * an endpoint is replaced (this library's choice).
 */
const RECORD_TTL_SECONDS = 300;

/** What the private network of a registry needs. */
export interface AcrPrivateNetworkProps {
  /** The declaration. */
  readonly environment: RegistryEnvironment;
  /** The registry's resource id. */
  readonly registryId: string;
  /** The registry's name (a literal: it names the DNS records). */
  readonly registryName: string;
  /** The resource group of the endpoint, the zone and a created network. */
  readonly resourceGroupName: string;
  /** The registry's location, where the endpoint and a created network live. */
  readonly location: string;
  /** The registry's replica locations (each gets a data endpoint record). */
  readonly replicaLocations: string[];
  /** Whether replicas have regional endpoints (each then gets a `geo` record). */
  readonly regionalEndpoints: boolean;
  /**
   * The resource id of an existing subnet for the endpoint; with `virtualNetworkId`.
   *
   * @default - a network with one subnet of `addressPrefix` is created
   */
  readonly subnetId?: string;
  /**
   * The resource id of the network of `subnetId`, which the DNS zone is linked to.
   *
   * @default - the created network (only without `subnetId`)
   */
  readonly virtualNetworkId?: string;
  /** Address prefix of a created network and its one subnet. */
  readonly addressPrefix: string;
}

/**
 * A private endpoint (subresource `registry`) in a given or created
 * network, the `privatelink.azurecr.io` zone linked to that network, and
 * an A record for each name the endpoint serves: the registry, the
 * dedicated data endpoint of every location (home and replicas), and the
 * regional endpoint of every replica that has one. The records are written
 * here rather than by a DNS zone group so that each one is visible in the
 * plan; their addresses are those the endpoint reports for each name
 * (`custom_dns_configs`, the "DNS configuration" the same docs page reads).
 *
 * A replica added later gets its address on the endpoint when Azure creates
 * the replica, which the plan cannot know yet: its records are filled in by
 * the next apply (the docs page: "If you later add a new replica, you need
 * to manually add a new DNS record for the data endpoint in that region").
 */
export class AcrPrivateNetwork extends Construct {
  /** The private endpoint. */
  public readonly endpoint: PrivateEndpoint;
  /** The private DNS zone. */
  public readonly zone: PrivateDnsZone;
  /** The subnet the endpoint is in (given or created). */
  public readonly subnetId: string;
  /** Every A record, by host name relative to the zone. */
  public readonly records: PrivateDnsARecord[] = [];

  constructor(scope: Construct, id: string, props: AcrPrivateNetworkProps) {
    super(scope, id);
    const { environment, resourceGroupName, location } = props;
    let virtualNetworkId = props.virtualNetworkId;
    let subnetId = props.subnetId;
    if (subnetId === undefined) {
      const network = new VirtualNetwork(this, 'VirtualNetwork', {
        name: `${environment.resourcePrefix}-acr-vnet`,
        resourceGroupName,
        location,
        addressSpace: [props.addressPrefix],
        tags: tagsFor(environment, AZURE_TAG_RULES, VirtualNetwork.tfResourceType),
      });
      const subnet = new Subnet(this, 'Subnet', {
        name: 'acr-private-endpoints',
        resourceGroupName,
        virtualNetworkName: network.name,
        addressPrefixes: [props.addressPrefix],
      });
      virtualNetworkId = network.id;
      subnetId = subnet.id;
    }
    this.subnetId = subnetId;

    this.endpoint = new PrivateEndpoint(this, 'Endpoint', {
      name: `${environment.resourcePrefix}-acr-pe`,
      resourceGroupName,
      location,
      subnetId,
      privateServiceConnection: {
        name: `${environment.resourcePrefix}-acr`,
        privateConnectionResourceId: props.registryId,
        // The registry's private link subresource (group id), as the docs page's `--group-ids registry`.
        subresourceNames: ['registry'],
        isManualConnection: false,
      },
      tags: tagsFor(environment, AZURE_TAG_RULES, PrivateEndpoint.tfResourceType),
    });

    this.zone = new PrivateDnsZone(this, 'Zone', {
      name: ACR_PRIVATE_DNS_ZONE,
      resourceGroupName,
      tags: tagsFor(environment, AZURE_TAG_RULES, PrivateDnsZone.tfResourceType),
    });
    new PrivateDnsZoneVirtualNetworkLink(this, 'ZoneLink', {
      name: `${environment.resourcePrefix}-acr`,
      resourceGroupName,
      privateDnsZoneName: this.zone.name,
      virtualNetworkId: virtualNetworkId!,
      registrationEnabled: false,
      tags: tagsFor(environment, AZURE_TAG_RULES, PrivateDnsZoneVirtualNetworkLink.tfResourceType),
    });

    // Names the endpoint serves (the docs page's endpoint list): the
    // registry, `<name>.<location>.data` per location, `<name>.<location>.geo`
    // per replica with a regional endpoint.
    const name = props.registryName;
    const names = [
      name,
      ...[props.location, ...props.replicaLocations].map((l) => `${name}.${l}.data`),
      ...(props.regionalEndpoints ? props.replicaLocations.map((l) => `${name}.${l}.geo`) : []),
    ];
    for (const recordName of names) {
      this.records.push(new PrivateDnsARecord(this, `Record-${recordName.replace(/\./g, '-')}`, {
        name: recordName,
        zoneName: this.zone.name,
        resourceGroupName,
        ttl: RECORD_TTL_SECONDS,
        records: addressesOf(this.endpoint, `${recordName}.azurecr.io`),
        tags: tagsFor(environment, AZURE_TAG_RULES, PrivateDnsARecord.tfResourceType),
      }));
    }
  }
}

/** The private addresses the endpoint reports for `fqdn`, as a Terraform expression. */
function addressesOf(endpoint: PrivateEndpoint, fqdn: string): string[] {
  const address = `${PrivateEndpoint.tfResourceType}.${endpoint.friendlyUniqueId}`;
  return Token.asList(`\${flatten([for config in ${address}.custom_dns_configs : config.ip_addresses if config.fqdn == "${fqdn}"])}`);
}
