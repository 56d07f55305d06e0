import { App, Stack } from 'aws-cdk-lib';
import { IConstruct, Node } from 'constructs';
import { EcrRegistry, IEcrRegistry } from '../../lib/aws';
import { AcrRegistry, IAcrRegistry } from '../../lib/azure';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { environment as declaration } from '../support/environment';
import { ENTRY_POINTS, PublicApi } from '../support/public-api';

/*
 * The public API is what users see in their editor. Each entry point's
 * exports are pinned here, so that adding or removing one is a deliberate
 * change (and a CHANGELOG entry), never the side effect of an `export` in
 * some module. `(type only)` marks a class users may name but not build.
 * test/package/entry-points.system.test.ts checks what each entry point loads.
 */
const EXPECTED: { readonly [subpath: string]: string[] } = {
  '.': [
    'interface AuthProps',
    'enum AzureCredentialsType',
    'interface AzureStorageProps',
    'enum BlobDescriptorCache',
    'enum CloudFrontIpFilter',
    'interface CloudFrontMiddlewareProps',
    'interface CorsProps',
    'interface DebugProps',
    'class DistributionConfig',
    'interface DistributionConfigProps',
    'class DistributionEnvironment',
    'enum EncryptionKeyKind',
    'class EnvironmentProfile',
    'interface FilesystemStorageProps',
    'interface HealthProps',
    'interface HtpasswdAuthProps',
    'interface HttpProps',
    'enum ImageTagMutability',
    'enum LogFormatter',
    'enum LogLevel',
    'interface LogProps',
    'interface NotificationEndpointProps',
    'interface ProfileOverrides',
    'interface ProfileSettings',
    'interface ProxyProps',
    'interface RedisProps',
    'class RegistryAddress',
    'interface RegistryAddressProps',
    'class RegistryEnvironment',
    'interface RegistryEnvironmentProps',
    'enum RegistrySize',
    'class RegistryValidationError',
    'enum RemovalMode',
    'interface RewriteMiddlewareProps',
    'interface S3StorageProps',
    'const STANDARD_TAG_KEYS',
    'enum StorageDriverKind',
    'interface StorageProps',
    'interface TlsProps',
    'enum TlsVersion',
    'interface TokenAuthProps',
    'interface UploadPurgingProps',
  ],
  './aws': [
    'interface ClientCertificateAuthorities',
    'const DEFAULT_REGISTRY_IMAGE',
    'class EcrRegistry',
    'interface EcrRegistryAttributes',
    'abstract class EcrRegistryBase',
    'interface EcrRegistryProps',
    'class EcrRegistrySettings',
    'interface EcrRegistrySettingsProps',
    'class EcrReplicaRegistry',
    'interface EcrReplicaRegistryProps',
    'interface EcrReplicationDestination',
    'class EcrScanning',
    'enum EnhancedScanFrequency',
    'interface GarbageCollectionOptions',
    'class HtpasswdUsers',
    'interface HtpasswdUsersProps',
    'interface IEcrRegistry',
    'const PULL_THROUGH_CACHE_SECRET_PREFIX',
    'class PullThroughUpstream',
    'class RegistryAuthentication',
    'class RegistryCdn',
    'interface RegistryCdnMiddlewareOptions',
    'interface RegistryCdnProps',
    'class RegistryGarbageCollection',
    'interface RegistryGarbageCollectionProps',
    'interface RegistryMirrorOptions',
    'class RegistryRetentionFunction',
    'interface RegistryRetentionFunctionProps',
    'class RegistryService (type only)',
    'interface RegistryStorageLocation',
    'class SelfHostedRegistry',
    'interface SelfHostedRegistryProps',
    'class SelfHostedRegistryReplica',
    'interface SelfHostedRegistryReplicaProps',
    'class SelfHostedReplicaStorage',
    'interface SelfHostedReplicaStorageProps',
    'interface TokenAuthenticationOptions',
  ],
  './azure': [
    'class AcrCacheUpstream',
    'class AcrEncryption',
    'interface AcrEncryptionKey',
    'interface AcrEncryptionProps',
    'class AcrMonitoring',
    'interface AcrMonitoringProps',
    'class AcrPrivateNetwork',
    'interface AcrPrivateNetworkProps',
    'class AcrRegistry',
    'interface AcrRegistryAttributes',
    'abstract class AcrRegistryBase',
    'interface AcrRegistryProps',
    'class AcrRetention',
    'interface AcrRetentionProps',
    'enum AcrSku',
    'interface AcrTokenProps',
    'interface AcrUpstreamCredentials',
    'enum AzurePrincipalType',
    'interface AzurermStateProps',
    'interface CosStateProps',
    'interface IAcrRegistry',
    'interface LocalStateProps',
    'class TerraformStateBackend',
  ],
  './tencentcloud': [
    'interface AzurermStateProps',
    'interface CosStateProps',
    'interface LocalStateProps',
    'const TCR_REGION_NAMES',
    'abstract class TcrCertificate',
    'interface TcrCertificateConfig',
    'interface TcrCustomDomainProps',
    'enum TcrInstanceType',
    'interface TcrNamespaceProps',
    'interface TcrPemCertificateProps',
    'class TcrRegistry',
    'interface TcrRegistryProps',
    'interface TcrServiceAccountProps',
    'interface TcrVpcAccessProps',
    'enum TcrVulnerabilitySeverity',
    'interface TcrWebhookProps',
    'class TerraformStateBackend',
  ],
};

describe('public API', () => {
  const api = PublicApi.load();

  test('every entry point of package.json is pinned here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
  });

  test.each(Object.keys(EXPECTED))('%s exports exactly the pinned names', (subpath) => {
    expect(api.exportedNames(subpath)).toEqual(EXPECTED[subpath]);
  });

  test.each(Object.keys(EXPECTED))('%s exports what a value export promises at run time', (subpath) => {
    // A value export must exist in the compiled module; a type-only one must not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded: Record<string, unknown> = require(`../../${ENTRY_POINTS[subpath].replace(/\.ts$/, '')}`);
    const values = api.entry(subpath).filter((e) => !e.typeOnly && e.kind !== 'interface' && e.kind !== 'type').map((e) => e.name);
    expect(Object.keys(loaded).filter((name) => name !== '__esModule').sort()).toEqual(values.sort());
  });

  test('public signatures name only types that an entry point exports (or that come from another package)', () => {
    // A property, parameter, return type or base type of ours that no entry
    // point exports is a name users see but cannot import.
    expect(api.unexportedTypesInSignatures().map((item) => `${item.file}: ${item.path} uses ${item.type}`)).toEqual([]);
  });

  test('every exported declaration and every public or protected member has a TSDoc summary', () => {
    // Classes, interfaces, enums, functions and constants, and their
    // properties, methods, accessors and enum members (constructors are
    // documented by their class and props). A member without a comment of
    // its own passes when it inherits one from a base class or interface of
    // ours, as editors show; members inherited from aws-cdk-lib, constructs
    // or cdktf are not declared here and not checked.
    expect(api.undocumented().map((item) => `${item.file}: ${item.path}`)).toEqual([]);
  });

  test('every optional property of an exported interface says its @default', () => {
    expect(api.optionalWithoutDefault().map((item) => `${item.file}: ${item.path}`)).toEqual([]);
  });

  test('every exported interface I<Name> is a construct interface (IConstruct or IResource), as aws-cdk-lib\'s are', () => {
    const interfaces = Object.keys(EXPECTED).flatMap((subpath) => api.entry(subpath))
      .filter((e) => e.kind === 'interface' && /^I[A-Z]/.test(e.name));
    expect(interfaces.map((e) => e.name).sort()).toEqual(['IAcrRegistry', 'IEcrRegistry']);
    for (const e of interfaces) {
      expect(`${e.name} extends ${api.baseInterfaces(e.symbol).join(', ')}`).toMatch(/ extends (.*, )?(IConstruct|IResource)(,|$)/);
    }
  });
});

describe('imported registries are constructs of the scope they are imported into', () => {
  const environment = declaration('dev');

  test('EcrRegistry.fromRegistryAttributes', () => {
    const stack = new Stack(new App(), 'stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const imported: IEcrRegistry = EcrRegistry.fromRegistryAttributes(stack, 'Imported', { environment });
    const construct: IConstruct = imported;
    expect(construct.node.path).toBe('stack/Imported');
    expect(Node.of(stack).findChild('Imported')).toBe(imported);
  });

  test('AcrRegistry.fromRegistryAttributes', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const imported: IAcrRegistry = AcrRegistry.fromRegistryAttributes(stack, 'Imported', {
      registryId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/shared01',
      loginServer: 'shared01.azurecr.io',
    });
    const construct: IConstruct = imported;
    expect(construct.node.path).toBe('stack/Imported');
    expect(Node.of(stack).findChild('Imported')).toBe(imported);
  });
});
