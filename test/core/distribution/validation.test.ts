import {
  AzureCredentialsType, BlobDescriptorCache, CloudFrontIpFilter, DistributionConfig, DistributionConfigProps, LogLevel, TlsVersion,
} from '../../../lib/core/distribution';
import { expectRejected, MINIMAL, S3_STORAGE } from './helpers';

/*
 * Every input the builder refuses. Each case names the property the error
 * must name, the value as the message prints it, and a fragment of what is
 * expected instead.
 */

type Case = [title: string, changes: Partial<DistributionConfigProps>, property: string, value: string, expected: string];

const CLOUDFRONT = { baseUrl: 'https://d111111abcdef8.cloudfront.net/', privateKeyPath: '/etc/registry/cf.pem', keyPairId: 'K2JCJMDEHXQW5F' };
const AZURE = { azure: { accountName: 'prodregistryblobs', container: 'registry' } };
const COS = 'https://cos.ap-guangzhou.myqcloud.com';
const s3 = (extra: object) => ({ s3: { ...S3_STORAGE.s3, ...extra } });
const cast = <T>(value: unknown) => value as T;

const STORAGE: Case[] = [
  ['no storage driver', { storage: {} }, 'storage', '[]', 'exactly one of "s3", "azure" or "filesystem"'],
  ['two storage drivers', { storage: { ...S3_STORAGE, filesystem: {} } }, 'storage', '["s3","filesystem"]', 'exactly one of'],
  ['an invalid bucket name', { storage: s3({ bucket: 'My_Bucket' }) }, 'storage.s3.bucket', '"My_Bucket"', 'a bucket name of 3-63'],
  ['an invalid region', { storage: s3({ region: 'EU West' }) }, 'storage.s3.region', '"EU West"', 'a region name'],
  ['an invalid KMS key id', { storage: s3({ kmsKeyId: 'my key' }) }, 'storage.s3.kmsKeyId', '"my key"', 'a KMS key id, alias or ARN'],
  ['a KMS key without encryption', { storage: s3({ kmsKeyId: 'alias/registry', encrypt: false }) }, 'storage.s3.encrypt', 'false', 'true when kmsKeyId is set'],
  ['an http:// endpoint with secure on', { storage: s3({ regionEndpoint: 'http://minio.example.com' }) }, 'storage.s3.regionEndpoint', '"http://minio.example.com"', 'an https:// endpoint URL'],
  ['an https:// endpoint with secure off', { storage: s3({ regionEndpoint: 'https://minio.example.com', secure: false }) }, 'storage.s3.regionEndpoint', '"https://minio.example.com"', 'an http:// endpoint URL without path, since secure is false'],
  ['an endpoint with a path', { storage: s3({ regionEndpoint: 'https://minio.example.com/bucket' }) }, 'storage.s3.regionEndpoint', '"https://minio.example.com/bucket"', 'without path'],
  ['path style against Tencent COS', { storage: s3({ regionEndpoint: COS, forcePathStyle: true }) }, 'storage.s3.forcePathStyle', 'true', 'false for the Tencent COS endpoint cos.ap-guangzhou.myqcloud.com, which rejects path-style requests'],
  ['plain HTTP to Amazon S3', { storage: s3({ secure: false }) }, 'storage.s3.secure', 'false', 'true when talking to Amazon S3'],
  ['a relative root directory', { storage: s3({ rootDirectory: 'registry' }) }, 'storage.s3.rootDirectory', '"registry"', 'an absolute path'],
  ['a root directory with a trailing slash', { storage: s3({ rootDirectory: '/registry/' }) }, 'storage.s3.rootDirectory', '"/registry/"', 'a prefix without a trailing slash'],
  ['a chunk size below 5 MiB', { storage: s3({ chunkSizeBytes: 1048576 }) }, 'storage.s3.chunkSizeBytes', '1048576', 'a whole number from 5242880 to 5368709120'],
  ['a copy chunk size above 5 GiB', { storage: s3({ multipartCopyChunkSizeBytes: 6 * 1024 ** 3 }) }, 'storage.s3.multipartCopyChunkSizeBytes', String(6 * 1024 ** 3), 'a whole number from 5242880'],
  ['no copy concurrency', { storage: s3({ multipartCopyMaxConcurrency: 0 }) }, 'storage.s3.multipartCopyMaxConcurrency', '0', 'a whole number from 1 to 100'],
  ['a negative copy threshold', { storage: s3({ multipartCopyThresholdSizeBytes: -1 }) }, 'storage.s3.multipartCopyThresholdSizeBytes', '-1', 'a whole number from 0'],
  ['an invalid azure account', { storage: { azure: { accountName: 'Prod-Registry', container: 'registry' } } }, 'storage.azure.accountName', '"Prod-Registry"', '3-24 lower case letters and digits'],
  ['an invalid azure container', { storage: { azure: { accountName: 'prodregistry', container: 'a--b' } } }, 'storage.azure.container', '"a--b"', 'single hyphens'],
  ['unknown azure credentials', { storage: { azure: { ...AZURE.azure, credentialsType: cast<AzureCredentialsType>('client_secret') } } }, 'storage.azure.credentialsType', '"client_secret"', 'one of "default_credentials", "shared_key"'],
  ['an azure realm with a scheme', { storage: { azure: { ...AZURE.azure, realm: 'https://core.windows.net' } } }, 'storage.azure.realm', '"https://core.windows.net"', 'a lower case DNS host name'],
  ['a relative filesystem root', { storage: { filesystem: { rootDirectory: 'data' } } }, 'storage.filesystem.rootDirectory', '"data"', 'an absolute path'],
  ['an upload purging age without unit', { storage: { filesystem: {}, uploadPurging: { age: '168' } } }, 'storage.uploadPurging.age', '"168"', 'a positive Go duration with a unit'],
  ['a zero purging interval', { storage: { filesystem: {}, uploadPurging: { interval: '0s' } } }, 'storage.uploadPurging.interval', '"0s"', 'a positive Go duration'],
  ['an unknown blob descriptor cache', { storage: { filesystem: {}, blobDescriptorCache: cast<BlobDescriptorCache>('memcached') } }, 'storage.blobDescriptorCache', '"memcached"', 'one of "inmemory", "redis"'],
  ['a non-boolean delete switch', { storage: { filesystem: {}, deleteEnabled: cast<boolean>('yes') } }, 'storage.deleteEnabled', '"yes"', 'true or false'],
];

const HTTP: Case[] = [
  ['a listen address without port', { http: { addr: 'localhost' } }, 'http.addr', '"localhost"', 'a listen address "host:port" or ":port"'],
  ['a port out of range', { http: { addr: ':70000' } }, 'http.addr', '":70000"', 'a port from 1 to 65535'],
  ['a plaintext host URL', { http: { host: 'http://dev-registry.example.com' } }, 'http.host', '"http://dev-registry.example.com"', 'an https:// origin'],
  ['a host URL with a path', { http: { host: 'https://dev-registry.example.com/v2' } }, 'http.host', '"https://dev-registry.example.com/v2"', 'without path'],
  ['a short secret, without echoing it', { http: { secret: 'hunter2hunter2' } }, 'http.secret', '"<14 characters>"', 'a random string of at least 32 characters'],
  ['a secret from two sources', { http: { secret: 's'.repeat(32), secretFromEnvironment: true } }, 'http.secretFromEnvironment', 'true', 'false when http.secret is set'],
  ['a drain timeout without unit', { http: { drainTimeout: '60' } }, 'http.drainTimeout', '"60"', 'a positive Go duration'],
  ['minimum TLS 1.1', { http: { tls: { certificate: '/c.pem', key: '/k.pem', minimumVersion: cast<TlsVersion>('tls1.1') } } }, 'http.tls.minimumVersion', '"tls1.1"', 'one of "tls1.2", "tls1.3"'],
  ['minimum TLS 1.0', { http: { tls: { certificate: '/c.pem', key: '/k.pem', minimumVersion: cast<TlsVersion>('tls1.0') } } }, 'http.tls.minimumVersion', '"tls1.0"', 'one of "tls1.2", "tls1.3"'],
  ['a relative certificate path', { http: { tls: { certificate: 'tls.crt', key: '/k.pem' } } }, 'http.tls.certificate', '"tls.crt"', 'an absolute path'],
  ['a client CA listed twice', { http: { tls: { certificate: '/c.pem', key: '/k.pem', clientCas: ['/ca.pem', '/ca.pem'] } } }, 'http.tls.clientCas[1]', '"/ca.pem"', 'a value not already listed in http.tls.clientCas'],
  ['an invalid header name', { http: { headers: { 'X Bad': ['1'] } } }, 'http.headers["X Bad"]', '"X Bad"', 'a header name of letters, digits and hyphens'],
  ['a header without values', { http: { headers: { 'X-Empty': [] } } }, 'http.headers["X-Empty"]', '[]', 'a non-empty list of single-line header values'],
  ['a header value with a line break', { http: { headers: { 'X-Split': ['a\r\nSet-Cookie: x'] } } }, 'http.headers["X-Split"]', '["a\\r\\nSet-Cookie: x"]', 'single-line'],
  ['turning nosniff off', { http: { headers: { 'x-content-type-options': ['sniff'] } } }, 'http.headers["x-content-type-options"]', '["sniff"]', '["nosniff"]'],
  ['a header the CORS settings also set', { http: { headers: { 'access-control-allow-origin': ['https://a.example.com'] }, cors: { allowOrigin: 'https://b.example.com' } } }, 'http.cors (Access-Control-Allow-Origin)', '"Access-Control-Allow-Origin"', 'a header not already set by http.headers["access-control-allow-origin"]'],
  ['a CORS wildcard origin', { http: { cors: { allowOrigin: '*' } } }, 'http.cors.allowOrigin', '"*"', '"*" cannot be combined with credentials'],
  ['a plaintext CORS origin', { http: { cors: { allowOrigin: 'http://ui.example.com' } } }, 'http.cors.allowOrigin', '"http://ui.example.com"', 'an https:// origin'],
  ['an unknown CORS method', { http: { cors: { allowOrigin: 'https://ui.example.com', allowMethods: ['GET', 'TRACE'] } } }, 'http.cors.allowMethods[1]', '"TRACE"', 'a header or method token'],
  ['a CORS max age over a day', { http: { cors: { allowOrigin: 'https://ui.example.com', maxAgeSeconds: 86401 } } }, 'http.cors.maxAgeSeconds', '86401', 'a whole number from 0 to 86400'],
  ['a debug server on the registry port', { http: { addr: ':5000', debug: { addr: '127.0.0.1:5000' } } }, 'http.debug.addr', '"127.0.0.1:5000"', "a port other than the registry's own (:5000)"],
  ['a metrics path without slash', { http: { debug: { addr: ':5001', prometheusPath: 'metrics' } } }, 'http.debug.prometheusPath', '"metrics"', 'a URL path starting with "/"'],
];

const AUTH: Case[] = [
  ['no authentication', { auth: {} }, 'auth', '[]', 'exactly one of "htpasswd" or "token" (anonymous access is not offered)'],
  ['htpasswd and token both set', {
    auth: { htpasswd: { path: '/etc/registry/htpasswd' }, token: { realm: 'https://auth.example.com/token', service: 'registry', issuer: 'auth', rootCertBundle: '/certs/token.pem' } },
  }, 'auth', '["htpasswd","token"]', 'exactly one of "htpasswd" or "token"'],
  ['a relative htpasswd path', { auth: { htpasswd: { path: 'htpasswd' } } }, 'auth.htpasswd.path', '"htpasswd"', 'an absolute path'],
  ['a realm with a quote', { auth: { htpasswd: { path: '/htpasswd', realm: 'my "registry"' } } }, 'auth.htpasswd.realm', '"my \\"registry\\""', 'a value without quotes'],
  ['a plaintext token realm', { auth: { token: { realm: 'http://auth.example.com/token', service: 'registry', issuer: 'auth', rootCertBundle: '/certs/token.pem' } } }, 'auth.token.realm', '"http://auth.example.com/token"', 'an https:// URL'],
  ['an empty token service', { auth: { token: { realm: 'https://auth.example.com/token', service: ' ', issuer: 'auth', rootCertBundle: '/certs/token.pem' } } }, 'auth.token.service', '" "', 'a non-empty string'],
];

const MIDDLEWARE: Case[] = [
  ['cloudfront without s3 storage', { cloudFront: CLOUDFRONT }, 'cloudFront', '"filesystem"', 's3 storage (the cloudfront middleware signs S3 object keys)'],
  ['cloudfront with azure storage', { storage: AZURE, cloudFront: CLOUDFRONT }, 'cloudFront', '"azure"', 's3 storage'],
  ['a legacy CloudFront key pair id', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, keyPairId: 'APKAEIBAERJR2EXAMPLE' } }, 'cloudFront.keyPairId', '"APKAEIBAERJR2EXAMPLE"', 'starting with "K"'],
  ['a lower case key id', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, keyPairId: 'k2jcjmdehxqw5f' } }, 'cloudFront.keyPairId', '"k2jcjmdehxqw5f"', 'starting with "K"'],
  ['a plaintext CloudFront URL', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, baseUrl: 'http://d111111abcdef8.cloudfront.net/' } }, 'cloudFront.baseUrl', '"http://d111111abcdef8.cloudfront.net/"', 'an https:// URL'],
  ['a relative private key path', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, privateKeyPath: 'cf.pem' } }, 'cloudFront.privateKeyPath', '"cf.pem"', 'an absolute path'],
  ['a signed URL lifetime without unit', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, duration: '1200' } }, 'cloudFront.duration', '"1200"', 'a positive Go duration'],
  ['a region filter without regions', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, ipFilteredBy: CloudFrontIpFilter.AWS_REGION } }, 'cloudFront.awsRegions', '[]', 'at least one AWS region when ipFilteredBy is "awsregion"'],
  ['regions without the region filter', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, awsRegions: ['eu-west-1'] } }, 'cloudFront.awsRegions', '["eu-west-1"]', 'no regions unless ipFilteredBy is "awsregion"'],
  ['an invalid AWS region', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, ipFilteredBy: CloudFrontIpFilter.AWS_REGION, awsRegions: ['europe'] } }, 'cloudFront.awsRegions[0]', '"europe"', 'an AWS region such as "eu-west-1"'],
  ['an unknown IP filter', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, ipFilteredBy: cast<CloudFrontIpFilter>('gcp') } }, 'cloudFront.ipFilteredBy', '"gcp"', 'one of "none", "aws", "awsregion"'],
  ['an IP ranges URL without a filter', { storage: S3_STORAGE, cloudFront: { ...CLOUDFRONT, ipRangesUrl: 'https://example.com/ip-ranges.json' } }, 'cloudFront.ipRangesUrl', '"https://example.com/ip-ranges.json"', 'no URL unless ipFilteredBy is "aws" or "awsregion"'],
  ['rewrite with s3 storage', { storage: S3_STORAGE, rewrite: { host: 'cdn.example.com' } }, 'rewrite', '"s3"', 'azure storage (a new host invalidates S3 presigned URLs'],
  ['rewrite with filesystem storage', { rewrite: { host: 'cdn.example.com' } }, 'rewrite', '"filesystem"', 'azure storage'],
  ['rewrite together with cloudfront', { storage: S3_STORAGE, cloudFront: CLOUDFRONT, rewrite: { host: 'cdn.example.com' } }, 'rewrite', '"cloudfront"', 'only one URL-rewriting middleware'],
  ['a rewrite host with a scheme', { storage: AZURE, rewrite: { host: 'https://cdn.example.com' } }, 'rewrite.host', '"https://cdn.example.com"', 'a lower case DNS host name'],
  ['a rewrite prefix with a trailing slash', { storage: AZURE, rewrite: { host: 'cdn.example.com', trimPathPrefix: '/registry/' } }, 'rewrite.trimPathPrefix', '"/registry/"', 'not ending with "/"'],
  ['redirects off with cloudfront', { storage: { ...S3_STORAGE, redirectDisabled: true }, cloudFront: CLOUDFRONT }, 'storage.redirectDisabled', 'true', 'false when a cloudFront or rewrite middleware is set'],
];

const PROXY: Case[] = [
  ['a pull-through cache with delete enabled', { storage: { filesystem: {}, deleteEnabled: true }, proxy: { remoteUrl: 'https://registry-1.docker.io' } }, 'storage.deleteEnabled', 'true', 'false for a pull-through cache (proxy)'],
  ['a pull-through cache in read-only mode', { storage: { filesystem: {}, readOnly: true }, proxy: { remoteUrl: 'https://registry-1.docker.io' } }, 'storage.readOnly', 'true', 'read-only mode does not stop the cache from writing'],
  ['a plaintext upstream', { proxy: { remoteUrl: 'http://registry.local' } }, 'proxy.remoteUrl', '"http://registry.local"', 'an https:// URL'],
  ['an upstream user without password', { proxy: { remoteUrl: 'https://ghcr.io', username: 'mirror' } }, 'proxy.password', 'undefined', 'a password (or passwordFromEnvironment) when proxy.username is set'],
  ['an upstream password without user', { proxy: { remoteUrl: 'https://ghcr.io', password: 'token' } }, 'proxy.username', 'undefined', 'a user name when a password is given'],
  ['an upstream password from two sources', { proxy: { remoteUrl: 'https://ghcr.io', username: 'm', password: 'p', passwordFromEnvironment: true } }, 'proxy.passwordFromEnvironment', 'true', 'false when proxy.password is set'],
  ['a cache TTL without unit', { proxy: { remoteUrl: 'https://ghcr.io', ttl: '7d' } }, 'proxy.ttl', '"7d"', 'a positive Go duration'],
];

const OTHER: Case[] = [
  ['a redis cache without redis', { storage: { filesystem: {}, blobDescriptorCache: BlobDescriptorCache.REDIS } }, 'redis', 'undefined', 'a redis section when storage.blobDescriptorCache is "redis"'],
  ['a redis section nothing uses', { redis: { addresses: ['redis:6379'] } }, 'storage.blobDescriptorCache', '"inmemory"', '"redis" when a redis section is given'],
  ['redis without addresses', { storage: { filesystem: {}, blobDescriptorCache: BlobDescriptorCache.REDIS }, redis: { addresses: [] } }, 'redis.addresses', '[]', 'at least one "host:port"'],
  ['a redis address without port', { storage: { filesystem: {}, blobDescriptorCache: BlobDescriptorCache.REDIS }, redis: { addresses: ['redis'] } }, 'redis.addresses[0]', '"redis"', 'a "host:port" address'],
  ['a redis database out of range', { storage: { filesystem: {}, blobDescriptorCache: BlobDescriptorCache.REDIS }, redis: { addresses: ['redis:6379'], db: 16 } }, 'redis.db', '16', 'a whole number from 0 to 15'],
  ['two replicas without a shared secret', { replicas: 2 }, 'http.secret', 'undefined', 'a shared secret (http.secret or http.secretFromEnvironment) because replicas is 2'],
  ['no replicas', { replicas: 0 }, 'replicas', '0', 'a whole number from 1 to 100'],
  ['two notification endpoints with one name', { notifications: [{ name: 'audit', url: 'https://a.example.com' }, { name: 'audit', url: 'https://b.example.com' }] }, 'notifications[].name[1]', '"audit"', 'a value not already listed'],
  ['a plaintext notification URL', { notifications: [{ name: 'audit', url: 'http://hooks.example.com' }] }, 'notifications[0].url', '"http://hooks.example.com"', 'an https:// URL'],
  ['a notification threshold of 0', { notifications: [{ name: 'audit', url: 'https://hooks.example.com', threshold: 0 }] }, 'notifications[0].threshold', '0', 'a whole number of at least 1'],
  ['a notification backoff without unit', { notifications: [{ name: 'audit', url: 'https://hooks.example.com', backoff: '5' }] }, 'notifications[0].backoff', '"5"', 'a positive Go duration'],
  ['an invalid ignored media type', { notifications: [{ name: 'audit', url: 'https://hooks.example.com', ignoredMediaTypes: ['octet-stream'] }] }, 'notifications[0].ignoredMediaTypes[0]', '"octet-stream"', 'a media type'],
  ['an unknown log level', { log: { level: cast<LogLevel>('trace') } }, 'log.level', '"trace"', 'one of "error", "warn", "info", "debug"'],
  ['an invalid log field name', { log: { fields: { 'Service Name': 'registry' } } }, 'log.fields["Service Name"]', '"Service Name"', 'a lower case field name'],
  ['a health threshold of 0', { health: { threshold: 0 } }, 'health.threshold', '0', 'a whole number of at least 1'],
  ['a health interval without unit', { health: { interval: '10' } }, 'health.interval', '"10"', 'a positive Go duration'],
];

describe.each([
  ['storage', STORAGE], ['http', HTTP], ['auth', AUTH], ['middleware', MIDDLEWARE], ['proxy', PROXY], ['other sections', OTHER],
])('DistributionConfig rejects bad %s input', (_section, cases) => {
  test.each(cases)('%s', (_title, changes, property, value, expected) => {
    expectRejected({ ...MINIMAL, ...changes }, property, value, expected);
  });
});

describe('combinations that are accepted', () => {
  test.each<[string, Partial<DistributionConfigProps>]>([
    ['two replicas with a secret from the environment', { replicas: 2, http: { secretFromEnvironment: true } }],
    ['two replicas with a secret in the file', { replicas: 2, http: { secret: 's'.repeat(32) } }],
    ['cloudfront on s3', { storage: S3_STORAGE, cloudFront: CLOUDFRONT }],
    ['rewrite on azure', { storage: AZURE, rewrite: { host: 'cdn.example.com' } }],
    ['a Tencent COS endpoint with forcePathStyle false', { storage: s3({ regionEndpoint: COS, forcePathStyle: false }) }],
    ['a pull-through cache without delete or read-only', { proxy: { remoteUrl: 'https://registry-1.docker.io' } }],
    ['redirects off without middleware', { storage: { filesystem: {}, redirectDisabled: true } }],
  ])('%s', (_title, changes) => {
    expect(() => new DistributionConfig({ ...MINIMAL, ...changes })).not.toThrow();
  });
});
