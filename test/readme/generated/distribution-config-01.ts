// Generated from a block of docs/distribution-config.md (fixture "complete") by test/readme/snippets.ts: do not edit.
import { DistributionConfig, CloudFrontIpFilter, DistributionEnvironment } from '../../../lib';

const config = new DistributionConfig({
  storage: {
    s3: {
      bucket: 'prod-registry-blobs-eu-west-1',
      region: 'eu-west-1',
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      rootDirectory: '/registry',
    },
    deleteEnabled: true, // garbage collection of untagged images needs it
  },
  auth: { htpasswd: { realm: 'prod-registry', path: '/etc/registry/htpasswd' } },
  http: {
    host: 'https://prod-registry.example.com',
    secretFromEnvironment: true, // REGISTRY_HTTP_SECRET from Secrets Manager
    drainTimeout: '60s',
    debug: { addr: ':5001' }, // Prometheus at :5001/metrics; keep it inside the VPC
  },
  cloudFront: {
    baseUrl: 'https://d111111abcdef8.cloudfront.net/',
    privateKeyPath: '/etc/registry/cloudfront.pem',
    keyPairId: 'K2JCJMDEHXQW5F',
    ipFilteredBy: CloudFrontIpFilter.NONE,
  },
  replicas: 2,
});

config.toYaml();     // the config.yml text
config.toObject();   // the same as plain data (a fresh copy)
config.withFilesystemStorage('/tmp/registry'); // the same config on local disk, without CloudFront

DistributionEnvironment.readOnly(); // { REGISTRY_STORAGE_MAINTENANCE_READONLY: '{"enabled":true}' }
export { DistributionConfig, CloudFrontIpFilter, DistributionEnvironment, config };
