import { parse } from 'yaml';
import {
  AzureCredentialsType, BlobDescriptorCache, CloudFrontIpFilter, DistributionConfig, LogFormatter, LogLevel,
  StorageDriverKind, TlsVersion,
} from '../../../lib/core/distribution';
import { productionConfig } from '../../support/production-config';
import { build, MINIMAL, S3_STORAGE } from './helpers';

describe('DistributionConfig defaults', () => {
  const doc = build();

  test('writes version 0.1 first, then sections in the documented order', () => {
    expect(Object.keys(doc)).toEqual(['version', 'log', 'storage', 'auth', 'http', 'health']);
    expect(new DistributionConfig(MINIMAL).toYaml().startsWith('version: 0.1\n')).toBe(true);
  });

  test('logs JSON lines at info level', () => {
    expect(doc.log).toEqual({ level: 'info', formatter: 'json' });
  });

  test('spells out every storage setting, with read-only mode absent', () => {
    expect(doc.storage).toEqual({
      filesystem: { rootdirectory: '/var/lib/registry' },
      delete: { enabled: false },
      redirect: { disable: false },
      cache: { blobdescriptor: 'inmemory' },
      maintenance: { uploadpurging: { enabled: true, age: '168h', interval: '24h', dryrun: false } },
    });
  });

  test('listens on :5000 and always sends X-Content-Type-Options: nosniff', () => {
    expect(doc.http).toEqual({ addr: ':5000', headers: { 'X-Content-Type-Options': ['nosniff'] } });
  });

  test('checks the storage driver every 10s and reports unhealthy after 3 failures', () => {
    expect(doc.health).toEqual({ storagedriver: { enabled: true, interval: '10s', threshold: 3 } });
  });

  test('uses the htpasswd realm "registry"', () => {
    expect(doc.auth).toEqual({ htpasswd: { realm: 'registry', path: '/etc/registry/htpasswd' } });
  });
});

describe('log', () => {
  test('writes level, formatter, sorted fields and the access log switch', () => {
    const doc = build({ log: { level: LogLevel.DEBUG, formatter: LogFormatter.TEXT, fields: { service: 'registry', environment: 'dev' }, accessLogDisabled: true } });
    expect(doc.log).toEqual({ accesslog: { disabled: true }, level: 'debug', formatter: 'text', fields: { environment: 'dev', service: 'registry' } });
    expect(Object.keys(doc.log.fields)).toEqual(['environment', 'service']);
  });
});

describe('storage', () => {
  test('s3: encrypts by default and writes only what is set', () => {
    expect(build({ storage: S3_STORAGE }).storage.s3).toEqual({ region: 'eu-west-1', bucket: 'dev-registry-blobs', encrypt: true });
  });

  test('s3: every option in a fixed key order', () => {
    const s3 = build({
      storage: {
        s3: {
          rootDirectory: '/registry',
          multipartCopyThresholdSizeBytes: 33554432,
          multipartCopyMaxConcurrency: 50,
          multipartCopyChunkSizeBytes: 33554432,
          chunkSizeBytes: 10485760,
          secure: true,
          kmsKeyId: 'alias/registry',
          encrypt: true,
          forcePathStyle: true,
          regionEndpoint: 'https://minio.internal.example.com',
          region: 'us-east-1',
          bucket: 'registry',
        },
      },
    }).storage.s3;
    expect(Object.keys(s3)).toEqual(['region', 'regionendpoint', 'forcepathstyle', 'bucket', 'encrypt', 'keyid', 'secure', 'chunksize',
      'multipartcopychunksize', 'multipartcopymaxconcurrency', 'multipartcopythresholdsize', 'rootdirectory']);
    expect(s3).toMatchObject({ regionendpoint: 'https://minio.internal.example.com', forcepathstyle: true, keyid: 'alias/registry', chunksize: 10485760 });
  });

  test('s3: an http:// endpoint is allowed with secure false (a local test store)', () => {
    const s3 = build({ storage: { s3: { bucket: 'registry', region: 'us-east-1', regionEndpoint: 'http://127.0.0.1:9000', secure: false } } }).storage.s3;
    expect(s3).toMatchObject({ regionendpoint: 'http://127.0.0.1:9000', secure: false });
  });

  test('s3: a Tencent COS endpoint gets an explicit forcepathstyle false (2.8 would force path style there)', () => {
    for (const endpoint of ['https://cos.ap-guangzhou.myqcloud.com', 'https://cos.ap-shanghai.tencentcos.cn']) {
      const s3 = build({ storage: { s3: { bucket: 'registry-1250000000', region: 'ap-guangzhou', regionEndpoint: endpoint } } }).storage.s3;
      expect(s3.forcepathstyle).toBe(false);
    }
    const other = build({ storage: { s3: { bucket: 'registry', region: 'us-east-1', regionEndpoint: 'https://minio.example.com' } } }).storage.s3;
    expect(other).not.toHaveProperty('forcepathstyle');
  });

  test('azure: managed identity by default, never an account key in the file', () => {
    const doc = build({ storage: { azure: { accountName: 'devregistryblobs', container: 'registry' } } });
    expect(doc.storage.azure).toEqual({ accountname: 'devregistryblobs', container: 'registry', credentials: { type: 'default_credentials' } });
  });

  test('azure: realm, root directory and shared key credentials', () => {
    const doc = build({
      storage: { azure: { accountName: 'cnregistry', container: 'images', realm: 'core.chinacloudapi.cn', rootDirectory: '/registry', credentialsType: AzureCredentialsType.SHARED_KEY } },
    });
    expect(doc.storage.azure).toEqual({
      accountname: 'cnregistry', container: 'images', realm: 'core.chinacloudapi.cn', rootdirectory: '/registry', credentials: { type: 'shared_key' },
    });
    expect(JSON.stringify(doc)).not.toMatch(/accountkey/);
  });

  test('filesystem: a chosen root directory', () => {
    expect(build({ storage: { filesystem: { rootDirectory: '/data/registry' } } }).storage.filesystem).toEqual({ rootdirectory: '/data/registry' });
  });

  test('delete, redirect, cache and read-only mode', () => {
    const storage = build({ storage: { filesystem: {}, deleteEnabled: true, redirectDisabled: true, readOnly: true }, }).storage;
    expect(storage.delete).toEqual({ enabled: true });
    expect(storage.redirect).toEqual({ disable: true });
    // Always the whole map: the leaf form is what breaks 2.8 and 3.x.
    expect(storage.maintenance.readonly).toEqual({ enabled: true });
  });

  test('upload purging: custom values, or only enabled false when off', () => {
    expect(build({ storage: { filesystem: {}, uploadPurging: { age: '72h', interval: '12h', dryRun: true } } }).storage.maintenance.uploadpurging)
      .toEqual({ enabled: true, age: '72h', interval: '12h', dryrun: true });
    expect(build({ storage: { filesystem: {}, uploadPurging: { enabled: false } } }).storage.maintenance.uploadpurging).toEqual({ enabled: false });
  });

  test('redis blob descriptor cache writes the redis section for both versions', () => {
    const doc = build({
      storage: { filesystem: {}, blobDescriptorCache: BlobDescriptorCache.REDIS },
      redis: { addresses: ['redis-a.internal:6379', 'redis-b.internal:6379'], db: 1, dialTimeout: '500ms', readTimeout: '1s', writeTimeout: '1s' },
    });
    expect(doc.storage.cache).toEqual({ blobdescriptor: 'redis' });
    // 2.8 reads `addr`, 3.x reads `addrs`; each ignores the other.
    expect(doc.redis).toEqual({
      addr: 'redis-a.internal:6379', addrs: ['redis-a.internal:6379', 'redis-b.internal:6379'], db: 1, dialtimeout: '500ms', readtimeout: '1s', writetimeout: '1s',
    });
    expect(Object.keys(doc)).toEqual(['version', 'log', 'storage', 'auth', 'http', 'redis', 'health']);
  });

  test('reports the driver in use', () => {
    expect(new DistributionConfig({ ...MINIMAL, storage: S3_STORAGE }).storageDriver).toBe(StorageDriverKind.S3);
    expect(new DistributionConfig(MINIMAL).storageDriver).toBe(StorageDriverKind.FILESYSTEM);
  });
});

describe('http', () => {
  test('addr, host, secret, relative URLs and drain timeout', () => {
    const http = build({ http: { addr: '0.0.0.0:5000', host: 'https://dev-registry.example.com', secret: 'x'.repeat(40), relativeUrls: true, drainTimeout: '60s' } }).http;
    expect(Object.keys(http)).toEqual(['addr', 'host', 'secret', 'relativeurls', 'draintimeout', 'headers']);
    expect(http).toMatchObject({ addr: '0.0.0.0:5000', host: 'https://dev-registry.example.com', secret: 'x'.repeat(40), relativeurls: true, draintimeout: '60s' });
  });

  test('a secret from the environment is not written', () => {
    expect(build({ http: { secretFromEnvironment: true } }).http).not.toHaveProperty('secret');
  });

  test('tls: minimum TLS 1.2 written explicitly, client CAs kept in order', () => {
    expect(build({ http: { tls: { certificate: '/certs/tls.crt', key: '/certs/tls.key' } } }).http.tls)
      .toEqual({ certificate: '/certs/tls.crt', key: '/certs/tls.key', minimumtls: 'tls1.2' });
    expect(build({ http: { tls: { certificate: '/c.pem', key: '/k.pem', minimumVersion: TlsVersion.TLS1_3, clientCas: ['/ca/b.pem', '/ca/a.pem'] } } }).http.tls)
      .toEqual({ certificate: '/c.pem', key: '/k.pem', clientcas: ['/ca/b.pem', '/ca/a.pem'], minimumtls: 'tls1.3' });
  });

  test('extra headers are merged with nosniff and sorted by name', () => {
    const headers = build({ http: { headers: { 'Strict-Transport-Security': ['max-age=31536000'], 'Cache-Control': ['no-store'] } } }).http.headers;
    expect(Object.keys(headers)).toEqual(['Cache-Control', 'Strict-Transport-Security', 'X-Content-Type-Options']);
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
  });

  test('CORS headers for one origin, with credentials', () => {
    const headers = build({ http: { cors: { allowOrigin: 'https://registry-ui.example.com' } } }).http.headers;
    expect(headers).toEqual({
      'Access-Control-Allow-Credentials': ['true'],
      'Access-Control-Allow-Headers': ['Authorization, Accept, Content-Type'],
      'Access-Control-Allow-Methods': ['GET, HEAD, OPTIONS'],
      'Access-Control-Allow-Origin': ['https://registry-ui.example.com'],
      'Access-Control-Expose-Headers': ['Docker-Content-Digest, WWW-Authenticate'],
      'Access-Control-Max-Age': ['600'],
      'X-Content-Type-Options': ['nosniff'],
    });
    const custom = build({ http: { cors: { allowOrigin: 'https://ui.example.com:8443', allowMethods: ['GET', 'HEAD', 'DELETE'], maxAgeSeconds: 60 } } }).http.headers;
    expect(custom['Access-Control-Allow-Methods']).toEqual(['GET, HEAD, DELETE']);
    expect(custom['Access-Control-Allow-Origin']).toEqual(['https://ui.example.com:8443']);
    expect(custom['Access-Control-Max-Age']).toEqual(['60']);
  });

  test('debug server with Prometheus on by default', () => {
    expect(build({ http: { debug: { addr: ':5001' } } }).http.debug).toEqual({ addr: ':5001', prometheus: { enabled: true, path: '/metrics' } });
    expect(build({ http: { debug: { addr: ':5001', prometheusEnabled: false } } }).http.debug).toEqual({ addr: ':5001', prometheus: { enabled: false } });
    expect(build({ http: { debug: { addr: '10.0.0.5:9090', prometheusPath: '/prom' } } }).http.debug.prometheus).toEqual({ enabled: true, path: '/prom' });
  });
});

describe('auth', () => {
  test('htpasswd with a realm', () => {
    expect(build({ auth: { htpasswd: { path: '/auth/htpasswd', realm: 'dev-registry' } } }).auth).toEqual({ htpasswd: { realm: 'dev-registry', path: '/auth/htpasswd' } });
  });

  test('token', () => {
    expect(build({ auth: { token: { realm: 'https://auth.example.com/token', service: 'dev-registry', issuer: 'auth.example.com', rootCertBundle: '/certs/token.pem' } } }).auth)
      .toEqual({ token: { realm: 'https://auth.example.com/token', service: 'dev-registry', issuer: 'auth.example.com', rootcertbundle: '/certs/token.pem' } });
  });
});

describe('storage middleware', () => {
  test('cloudfront with the key group public key id', () => {
    const doc = build({
      storage: S3_STORAGE,
      cloudFront: { baseUrl: 'https://d111111abcdef8.cloudfront.net/', privateKeyPath: '/etc/registry/cf.pem', keyPairId: 'K2JCJMDEHXQW5F' },
    });
    expect(doc.middleware).toEqual({
      storage: [{
        name: 'cloudfront',
        options: { baseurl: 'https://d111111abcdef8.cloudfront.net/', privatekey: '/etc/registry/cf.pem', keypairid: 'K2JCJMDEHXQW5F', ipfilteredby: 'none' },
      }],
    });
    expect(Object.keys(doc)).toEqual(['version', 'log', 'storage', 'auth', 'middleware', 'http', 'health']);
  });

  test('cloudfront: duration, region filter and IP ranges URL; never the update-frequency key', () => {
    const options = build({
      storage: S3_STORAGE,
      cloudFront: {
        baseUrl: 'https://cdn.example.com',
        privateKeyPath: '/cf.pem',
        keyPairId: 'K3D5EWEUDCCXON',
        duration: '30m',
        ipFilteredBy: CloudFrontIpFilter.AWS_REGION,
        awsRegions: ['eu-west-1', 'eu-central-1'],
        ipRangesUrl: 'https://mirror.example.com/ip-ranges.json',
      },
    }).middleware.storage[0].options;
    expect(options).toEqual({
      baseurl: 'https://cdn.example.com', privatekey: '/cf.pem', keypairid: 'K3D5EWEUDCCXON', duration: '30m',
      ipfilteredby: 'awsregion', awsregion: 'eu-west-1, eu-central-1', iprangesurl: 'https://mirror.example.com/ip-ranges.json',
    });
    // 2.8 spells it `updatefrenquency` and writes its value into the URL lifetime; 3.x renamed it.
    expect(Object.keys(options).some((k) => k.startsWith('updatefre'))).toBe(false);
    expect(build({ storage: S3_STORAGE, cloudFront: { baseUrl: 'https://cdn.example.com', privateKeyPath: '/cf.pem', keyPairId: 'K3D5EWEUDCCXON', ipFilteredBy: CloudFrontIpFilter.AWS } })
      .middleware.storage[0].options.ipfilteredby).toBe('aws');
  });

  test('rewrite for azure (distribution 3.x only)', () => {
    const doc = build({
      storage: { azure: { accountName: 'prodregistryblobs', container: 'registry' } },
      rewrite: { host: 'prod-registry-blobs.azurefd.net', trimPathPrefix: '/registry' },
    });
    expect(doc.middleware).toEqual({ storage: [{ name: 'rewrite', options: { scheme: 'https', host: 'prod-registry-blobs.azurefd.net', trimpathprefix: '/registry' } }] });
  });
});

describe('proxy, notifications and health', () => {
  test('proxy as a pull-through cache', () => {
    expect(build({ proxy: { remoteUrl: 'https://registry-1.docker.io' } }).proxy).toEqual({ remoteurl: 'https://registry-1.docker.io' });
    expect(build({ proxy: { remoteUrl: 'https://registry-1.docker.io', username: 'mirror', password: 'token', ttl: '72h' } }).proxy)
      .toEqual({ remoteurl: 'https://registry-1.docker.io', username: 'mirror', password: 'token', ttl: '72h' });
    expect(build({ proxy: { remoteUrl: 'https://ghcr.io', username: 'mirror', passwordFromEnvironment: true } }).proxy)
      .toEqual({ remoteurl: 'https://ghcr.io', username: 'mirror' });
  });

  test('notification endpoints with defaults, sorted headers and ignored media types', () => {
    const doc = build({
      notifications: [
        { name: 'audit', url: 'https://hooks.example.com/audit', headers: { 'X-Token': ['abc'], Authorization: ['Bearer x'] }, ignoredMediaTypes: ['application/octet-stream'] },
        { name: 'scanner', url: 'https://scanner.example.com/events', timeout: '5s', threshold: 3, backoff: '30s', disabled: true },
      ],
    });
    expect(doc.notifications.endpoints).toEqual([
      { name: 'audit', url: 'https://hooks.example.com/audit', headers: { 'Authorization': ['Bearer x'], 'X-Token': ['abc'] }, timeout: '1s', threshold: 10, backoff: '1s', ignoredmediatypes: ['application/octet-stream'] },
      { name: 'scanner', disabled: true, url: 'https://scanner.example.com/events', headers: {}, timeout: '5s', threshold: 3, backoff: '30s' },
    ]);
    expect(Object.keys(doc.notifications.endpoints[0].headers)).toEqual(['Authorization', 'X-Token']);
  });

  test('health: custom interval and threshold, or off', () => {
    expect(build({ health: { interval: '30s', threshold: 5 } }).health).toEqual({ storagedriver: { enabled: true, interval: '30s', threshold: 5 } });
    expect(build({ health: { storageDriverEnabled: false } }).health).toEqual({ storagedriver: { enabled: false } });
  });
});

describe('rendering', () => {
  test('the same props give byte-identical YAML, whatever the insertion order of maps', () => {
    const a = new DistributionConfig({ ...MINIMAL, log: { fields: { a: '1', b: '2' } }, http: { headers: { 'X-A': ['1'], 'X-B': ['2'] } } });
    const b = new DistributionConfig({ http: { headers: { 'X-B': ['2'], 'X-A': ['1'] } }, log: { fields: { b: '2', a: '1' } }, auth: MINIMAL.auth, storage: MINIMAL.storage });
    expect(a.toYaml()).toBe(b.toYaml());
    expect(productionConfig().toYaml()).toBe(productionConfig().toYaml());
  });

  test('the YAML parses back to exactly the configuration object', () => {
    const config = productionConfig();
    expect(parse(config.toYaml())).toEqual(config.toObject());
  });

  test('version is the YAML number 0.1, ports and durations stay plain strings', () => {
    const yaml = productionConfig().toYaml();
    expect(yaml).toMatch(/^version: 0\.1$/m);
    expect(yaml).toMatch(/^ {2}addr: :5000$/m);
    expect(yaml).toMatch(/^ {6}age: 168h$/m);
    expect(yaml).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases
  });

  test('the production configuration, as a reviewable whole', () => {
    expect(productionConfig().toYaml()).toMatchSnapshot();
  });

  test('toObject returns a copy the caller cannot use to change the configuration', () => {
    const config = new DistributionConfig(MINIMAL);
    config.toObject().http.addr = ':1';
    expect(config.toObject().http.addr).toBe(':5000');
  });
});

describe('withFilesystemStorage', () => {
  const production = productionConfig();
  const local = production.withFilesystemStorage('/tmp/registry-data');

  test('swaps the driver and drops the storage middleware', () => {
    const doc = local.toObject();
    expect(local.storageDriver).toBe(StorageDriverKind.FILESYSTEM);
    expect(doc.storage.filesystem).toEqual({ rootdirectory: '/tmp/registry-data' });
    expect(doc.storage).not.toHaveProperty('s3');
    expect(doc).not.toHaveProperty('middleware');
  });

  test('keeps every other setting', () => {
    const before = production.toObject();
    const after = local.toObject();
    for (const key of ['version', 'log', 'auth', 'http', 'health']) {
      expect(after[key]).toEqual(before[key]);
    }
    for (const key of ['delete', 'redirect', 'cache', 'maintenance']) {
      expect(after.storage[key]).toEqual(before.storage[key]);
    }
  });

  test('leaves the original untouched', () => {
    expect(production.storageDriver).toBe(StorageDriverKind.S3);
    expect(production.toObject().middleware.storage[0].name).toBe('cloudfront');
  });
});
