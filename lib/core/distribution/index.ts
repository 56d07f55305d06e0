/*
 * Typed configuration for the CNCF distribution registry (`config.yml`).
 * Cloud-neutral: the self-hosted constructs of each backend render it.
 * Only types, enums and classes are exported; the render functions stay
 * internal so that the public surface remains jsii-compatible.
 */
export type { AuthProps, HtpasswdAuthProps, TokenAuthProps } from './auth';
export { DistributionConfig } from './config';
export type { DistributionConfigProps } from './config';
export { AzureCredentialsType, BlobDescriptorCache, CloudFrontIpFilter, LogFormatter, LogLevel, TlsVersion } from './enums';
export { DistributionEnvironment } from './environment';
export type { CorsProps, DebugProps, HttpProps, TlsProps } from './http';
export type { CloudFrontMiddlewareProps, RewriteMiddlewareProps } from './middleware';
export type { NotificationEndpointProps } from './notifications';
export type { HealthProps, LogProps } from './observability';
export type { ProxyProps } from './proxy';
export type { RedisProps } from './redis';
export { StorageDriverKind } from './storage';
export type { AzureStorageProps, FilesystemStorageProps, S3StorageProps, StorageProps, UploadPurgingProps } from './storage';
