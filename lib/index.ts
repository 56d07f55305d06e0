/*
 * The cloud-neutral core. It never imports a cloud library, so importing the
 * package root stays cheap for every user.
 *
 * Every export is named: a module's other exports (validation helpers such
 * as `invalid`, tag checks) are library wiring and stay out of the public
 * API. test/package/public-api.test.ts pins the list.
 */
export { RegistryAddress } from './core/address';
export type { RegistryAddressProps } from './core/address';
export { RegistryEnvironment } from './core/environment';
export type { RegistryEnvironmentProps } from './core/environment';
export { RegistryValidationError } from './core/errors';
export { EncryptionKeyKind, EnvironmentProfile, ImageTagMutability, RegistrySize, RemovalMode } from './core/profiles';
export type { ProfileOverrides, ProfileSettings } from './core/profiles';
export { STANDARD_TAG_KEYS } from './core/tags';
export {
  AzureCredentialsType, BlobDescriptorCache, CloudFrontIpFilter, DistributionConfig, DistributionEnvironment, LogFormatter, LogLevel,
  StorageDriverKind, TlsVersion,
} from './core/distribution';
export type {
  AuthProps, AzureStorageProps, CloudFrontMiddlewareProps, CorsProps, DebugProps, DistributionConfigProps, FilesystemStorageProps,
  HealthProps, HtpasswdAuthProps, HttpProps, LogProps, NotificationEndpointProps, ProxyProps, RedisProps, RewriteMiddlewareProps,
  S3StorageProps, StorageProps, TlsProps, TokenAuthProps, UploadPurgingProps,
} from './core/distribution';
