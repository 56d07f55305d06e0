/** How much the registry logs (`log.level`). */
export enum LogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Warnings and errors. */
  WARN = 'warn',
  /** Informational messages (each request, start-up), warnings and errors. */
  INFO = 'info',
  /** Everything, including driver-level detail; verbose. */
  DEBUG = 'debug',
}

/** How log lines are encoded (`log.formatter`). */
export enum LogFormatter {
  /** `key=value` text lines. */
  TEXT = 'text',
  /** One JSON object per line (what log services parse best). */
  JSON = 'json',
  /** Logstash's JSON event format. */
  LOGSTASH = 'logstash',
}

/**
 * Lowest TLS version the registry accepts (`http.tls.minimumtls`). Versions
 * below 1.2 are deliberately absent: the builder rejects them.
 */
export enum TlsVersion {
  /** TLS 1.2 and 1.3. */
  TLS1_2 = 'tls1.2',
  /** TLS 1.3 only. */
  TLS1_3 = 'tls1.3',
}

/** Which clients the CloudFront middleware sends straight to S3 (`ipfilteredby`). */
export enum CloudFrontIpFilter {
  /** Every client gets a CloudFront URL (no AWS IP list is fetched). */
  NONE = 'none',
  /** Clients inside AWS go straight to S3; the registry fetches AWS's IP ranges at start. */
  AWS = 'aws',
  /** Clients in the listed AWS regions go straight to S3; the registry fetches AWS's IP ranges at start. */
  AWS_REGION = 'awsregion',
}

/** Where the registry caches blob descriptors (`storage.cache.blobdescriptor`). */
export enum BlobDescriptorCache {
  /** Per-process memory: nothing to run, each replica warms its own cache. */
  INMEMORY = 'inmemory',
  /** A shared Redis: needs the `redis` section. */
  REDIS = 'redis',
}

/**
 * How the azure driver authenticates (`storage.azure.credentials.type`,
 * distribution 3.x). Client secrets are left out on purpose: the secret
 * would have to live in the config file, because nested storage keys cannot
 * be overridden from the environment.
 */
export enum AzureCredentialsType {
  /** Managed identity or workload identity through the Azure SDK's default chain. No secret anywhere. */
  DEFAULT_CREDENTIALS = 'default_credentials',
  /**
   * The storage account key, supplied at run time as
   * `REGISTRY_STORAGE_AZURE_ACCOUNTKEY` (never written into the config).
   */
  SHARED_KEY = 'shared_key',
}
