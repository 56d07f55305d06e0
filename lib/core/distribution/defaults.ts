import { BlobDescriptorCache, LogFormatter, LogLevel, TlsVersion } from './enums';

/**
 * Every default the distribution config builder applies, in one place.
 * Where distribution's own default is less safe (`encrypt`, the nosniff
 * header, the TLS floor), ours is written out explicitly so that the file
 * does not depend on either version's built-in default.
 */
export const DISTRIBUTION_DEFAULTS = {
  logLevel: LogLevel.INFO,
  /** JSON lines are what CloudWatch, Azure Monitor and CLS index without a parser. */
  logFormatter: LogFormatter.JSON,
  filesystemRootDirectory: '/var/lib/registry',
  s3Encrypt: true,
  deleteEnabled: false,
  redirectDisabled: false,
  blobDescriptorCache: BlobDescriptorCache.INMEMORY,
  uploadPurgingEnabled: true,
  uploadPurgingAge: '168h',
  uploadPurgingInterval: '24h',
  uploadPurgingDryRun: false,
  httpAddr: ':5000',
  minimumTls: TlsVersion.TLS1_2,
  contentTypeOptions: 'nosniff',
  prometheusPath: '/metrics',
  corsAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
  corsAllowHeaders: ['Authorization', 'Accept', 'Content-Type'],
  corsExposeHeaders: ['Docker-Content-Digest', 'WWW-Authenticate'],
  corsMaxAgeSeconds: 600,
  healthStorageDriverEnabled: true,
  healthInterval: '10s',
  healthThreshold: 3,
  notificationTimeout: '1s',
  notificationThreshold: 10,
  notificationBackoff: '1s',
  htpasswdRealm: 'registry',
  /** S3 rejects multipart parts under 5 MiB and over 5 GiB. */
  s3MinPartBytes: 5 * 1024 * 1024,
  s3MaxPartBytes: 5 * 1024 * 1024 * 1024,
  replicas: 1,
  /** Shorter secrets are guessable; distribution signs upload state with this. */
  httpSecretMinLength: 32,
} as const;
