import { DistributionConfig, LogLevel } from '../../lib/core/distribution';

/** A fixed, obviously fake http secret (32+ characters) for tests. */
export const TEST_HTTP_SECRET = 'test-only-secret-0123456789abcdef';

/**
 * A production-like registry: S3 with KMS, htpasswd, CloudFront, a debug
 * server with Prometheus, a shared http secret for two replicas, upload
 * purging and delete enabled for garbage collection.
 */
export function productionConfig(): DistributionConfig {
  return new DistributionConfig({
    storage: {
      s3: {
        bucket: 'prod-registry-blobs-eu-west-1',
        region: 'eu-west-1',
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        rootDirectory: '/registry',
      },
      deleteEnabled: true,
      uploadPurging: { age: '168h', interval: '24h' },
    },
    auth: { htpasswd: { realm: 'prod-registry', path: '/etc/registry/htpasswd' } },
    http: {
      addr: ':5000',
      host: 'https://prod-registry.example.com',
      secret: TEST_HTTP_SECRET,
      drainTimeout: '60s',
      debug: { addr: ':5001' },
    },
    cloudFront: {
      baseUrl: 'https://d111111abcdef8.cloudfront.net/',
      privateKeyPath: '/etc/registry/cloudfront.pem',
      keyPairId: 'K2JCJMDEHXQW5F',
      duration: '20m',
    },
    log: { level: LogLevel.INFO, fields: { environment: 'prod', service: 'registry' } },
    health: { interval: '10s', threshold: 3 },
    replicas: 2,
  });
}

