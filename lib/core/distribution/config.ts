import { stringify } from 'yaml';
import { invalid } from '../errors';
import { assertInteger } from '../validate';
import { AuthProps, renderAuth } from './auth';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';
import { BlobDescriptorCache } from './enums';
import { HttpProps, renderHttp } from './http';
import { CloudFrontMiddlewareProps, renderCloudFront, renderRewrite, RewriteMiddlewareProps } from './middleware';
import { NotificationEndpointProps, renderNotifications } from './notifications';
import { HealthProps, LogProps, renderHealth, renderLog } from './observability';
import { ProxyProps, renderProxy } from './proxy';
import { RedisProps, renderRedis } from './redis';
import { renderStorage, StorageDriverKind, storageDriverKind, StorageProps } from './storage';

/** Everything the distribution registry's `config.yml` is built from. */
export interface DistributionConfigProps {
  /** Storage driver and storage-wide settings. */
  readonly storage: StorageProps;
  /** Authentication: exactly one of htpasswd or token. */
  readonly auth: AuthProps;
  /**
   * The HTTP server: listen address, TLS, headers, drain timeout, debug server.
   *
   * @default - listen on :5000, plain HTTP, nosniff header, no debug server
   */
  readonly http?: HttpProps;
  /**
   * Log level, encoding and static fields.
   *
   * @default - info level, JSON lines
   */
  readonly log?: LogProps;
  /**
   * Redirect blob reads to CloudFront (s3 storage only).
   * @default - no CloudFront middleware
   */
  readonly cloudFront?: CloudFrontMiddlewareProps;
  /**
   * Rewrite the azure driver's blob URLs to a CDN host (azure storage, distribution 3.x only).
   * @default - no rewrite middleware
   */
  readonly rewrite?: RewriteMiddlewareProps;
  /**
   * Run as a pull-through cache of an upstream registry (read-only for clients).
   *
   * @default - a normal registry, not a pull-through cache
   */
  readonly proxy?: ProxyProps;
  /**
   * Webhook endpoints that receive push and pull events.
   *
   * @default - no notification endpoints
   */
  readonly notifications?: NotificationEndpointProps[];
  /**
   * The storage driver health check that `/` and `/debug/health` report.
   *
   * @default - storage driver checked every 10s, unhealthy after 3 failures
   */
  readonly health?: HealthProps;
  /**
   * Shared Redis for `BlobDescriptorCache.REDIS` (and only for it).
   * @default - no redis section
   */
  readonly redis?: RedisProps;
  /**
   * How many registry processes serve the same storage. Above 1 they must
   * share `http.secret` (or `http.secretFromEnvironment`), or uploads that
   * move between replicas fail.
   * @default 1
   */
  readonly replicas?: number;
}

/**
 * A validated configuration for the CNCF distribution registry, kept inside
 * what both 2.8 (Debian's binary, used in tests) and 3.1 (the cloud image)
 * accept. Bad or contradictory input throws `RegistryValidationError` here,
 * at construction. Rendering is deterministic: the same props always give
 * byte-identical YAML.
 */
export class DistributionConfig {
  /** The props this configuration was built from. */
  public readonly props: DistributionConfigProps;
  /** The storage driver in use. */
  public readonly storageDriver: StorageDriverKind;
  private readonly document: Record<string, unknown>;

  constructor(props: DistributionConfigProps) {
    this.props = props;
    this.storageDriver = storageDriverKind(props.storage ?? {});
    checkCombinations(props, this.storageDriver);
    this.document = render(props);
  }

  /**
   * The same configuration on the local `filesystem` driver, with the
   * storage middleware (CloudFront, rewrite) removed because it needs the
   * cloud driver. Everything else, storage settings included, is kept:
   * this is how tests run the production configuration offline.
   */
  public withFilesystemStorage(rootDirectory: string): DistributionConfig {
    return new DistributionConfig({
      ...this.props,
      storage: { ...this.props.storage, s3: undefined, azure: undefined, filesystem: { rootDirectory } },
      cloudFront: undefined,
      rewrite: undefined,
    });
  }

  /** A fresh deep copy of the configuration as plain data (what `toYaml()` renders). */
  public toObject(): { [key: string]: any } {
    return JSON.parse(JSON.stringify(this.document));
  }

  /** The `config.yml` text. */
  public toYaml(): string {
    return stringify(this.document, { lineWidth: 0, aliasDuplicateObjects: false, indent: 2 });
  }
}

function checkCombinations(props: DistributionConfigProps, driver: StorageDriverKind): void {
  const storage = props.storage;
  if (props.cloudFront !== undefined && driver !== StorageDriverKind.S3) {
    throw invalid('cloudFront', driver, 's3 storage (the cloudfront middleware signs S3 object keys)');
  }
  if (props.rewrite !== undefined) {
    if (props.cloudFront !== undefined) {
      throw invalid('rewrite', 'cloudfront', 'only one URL-rewriting middleware (rewrite would alter signed CloudFront URLs)');
    }
    if (driver !== StorageDriverKind.AZURE) {
      throw invalid('rewrite', driver, 'azure storage (a new host invalidates S3 presigned URLs, and filesystem storage never redirects)');
    }
  }
  if (storage.redirectDisabled === true && (props.cloudFront !== undefined || props.rewrite !== undefined)) {
    throw invalid('storage.redirectDisabled', true, 'false when a cloudFront or rewrite middleware is set (they only act on redirects)');
  }
  if (props.proxy !== undefined) {
    if (storage.deleteEnabled === true) {
      throw invalid('storage.deleteEnabled', true, 'false for a pull-through cache (proxy), which manages its own content');
    }
    if (storage.readOnly === true) {
      throw invalid('storage.readOnly', true,
        'false for a pull-through cache (proxy): pushes are refused anyway, and read-only mode does not stop the cache from writing');
    }
  }
  const cache = storage.blobDescriptorCache ?? D.blobDescriptorCache;
  if (cache === BlobDescriptorCache.REDIS && props.redis === undefined) {
    throw invalid('redis', undefined, 'a redis section when storage.blobDescriptorCache is "redis"');
  }
  if (cache !== BlobDescriptorCache.REDIS && props.redis !== undefined) {
    throw invalid('storage.blobDescriptorCache', cache, '"redis" when a redis section is given (otherwise nothing uses it)');
  }
  const replicas = props.replicas ?? D.replicas;
  assertInteger('replicas', replicas, 1, 100);
  const sharedSecret = props.http?.secret !== undefined || props.http?.secretFromEnvironment === true;
  if (replicas > 1 && !sharedSecret) {
    throw invalid('http.secret', undefined,
      `a shared secret (http.secret or http.secretFromEnvironment) because replicas is ${replicas}; without it uploads fail when requests move between replicas`);
  }
}

/** Top-level key order follows distribution's own documentation. */
function render(props: DistributionConfigProps): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    version: 0.1,
    log: renderLog(props.log ?? {}),
    storage: renderStorage(props.storage),
    auth: renderAuth(props.auth),
  };
  const storageMiddleware = [
    props.cloudFront === undefined ? undefined : renderCloudFront(props.cloudFront),
    props.rewrite === undefined ? undefined : renderRewrite(props.rewrite),
  ].filter((m) => m !== undefined);
  if (storageMiddleware.length > 0) {
    doc.middleware = { storage: storageMiddleware };
  }
  doc.http = renderHttp(props.http ?? {});
  const notifications = renderNotifications(props.notifications ?? []);
  if (notifications !== undefined) {
    doc.notifications = notifications;
  }
  if (props.redis !== undefined) {
    doc.redis = renderRedis(props.redis);
  }
  doc.health = renderHealth(props.health ?? {});
  if (props.proxy !== undefined) {
    doc.proxy = renderProxy(props.proxy);
  }
  return doc;
}
