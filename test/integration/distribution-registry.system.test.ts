import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DistributionEnvironment } from '../../lib/core/distribution';
import { requireBinaries } from '../support/binaries';
import { request } from '../support/https';
import { prepareLocalRegistry, LocalRegistry } from '../support/local-registry';
import { layoutManifestDigest, OciImage, sha256, writeOciImage } from '../support/oci-layout';
import { run } from '../support/processes';
import { synthesizedProdRegistry } from '../support/self-hosted-config';
import { garbageCollectDryRun, registryEnvironment, RunningRegistry, startRegistry } from '../support/registry';
import { Skopeo } from '../support/skopeo';

/*
 * The configuration the SelfHostedRegistry construct generates for the prod
 * example (the builder's output, with CloudFront, S3 and a customer-managed
 * key), run by the real
 * distribution 2.8 binary and driven by skopeo, openssl and Node's own
 * HTTPS client. The tests share one registry and run in file order:
 * push, pull, garbage collection, restart, read-only.
 */

const available = requireBinaries('distribution integration', ['docker-registry', 'skopeo', 'openssl', 'htpasswd']);
const describeWithBinaries = available ? describe : describe.skip;

describeWithBinaries('distribution 2.8 running the production configuration', () => {
  const production = synthesizedProdRegistry().stack.registry.config;
  // In the cloud the shared secret arrives through ECS secrets as REGISTRY_HTTP_SECRET.
  const httpSecret = 'integration-test-http-secret-0123456789abcdef';
  let workDir: string;
  let local: LocalRegistry;
  let registry: RunningRegistry | undefined;
  let skopeo: Skopeo;
  let image: OciImage;
  let ca: Buffer;

  const start = async (extraEnv: { [name: string]: string } = {}) => {
    registry = await startRegistry({
      configPath: local.configPath,
      env: registryEnvironment(local.home, { REGISTRY_HTTP_SECRET: httpSecret, ...extraEnv }),
      baseUrl: local.baseUrl,
      caFile: local.certs.caFile,
    });
  };
  const stop = async () => {
    await registry?.stop();
    registry = undefined;
  };
  const ref = (repository: string, tag: string) => `docker://${local.hostPort}/${repository}:${tag}`;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'distribution-it-'));
    local = await prepareLocalRegistry(workDir, production);
    ca = readFileSync(local.certs.caFile);
    skopeo = new Skopeo(join(workDir, 'skopeo'), local.certs.certDir);
    image = writeOciImage(join(workDir, 'image'), 'v1', 'hello.txt', 'hello from the distribution integration test\n');
    await start();
  }, 20_000);

  afterAll(async () => {
    await stop();
    rmSync(workDir, { recursive: true, force: true });
  }, 15_000);

  test('the local configuration differs from production only where the cloud cannot exist offline', () => {
    const expected = production.toObject();
    const actual = local.config.toObject();
    delete expected.storage.s3;
    delete expected.middleware;
    expected.storage = { filesystem: { rootdirectory: local.dataDir }, ...expected.storage };
    expected.auth.htpasswd.path = actual.auth.htpasswd.path;
    expected.http.addr = local.hostPort;
    expected.http.host = `https://${local.hostPort}`;
    expected.http.tls = { certificate: local.certs.serverCert, key: local.certs.serverKey, minimumtls: 'tls1.2' };
    expected.http.debug.addr = new URL(local.debugUrl).host;
    expect(actual).toEqual(expected);
    expect(actual.http.secret).toBeUndefined(); // never written into the file
  });

  test('an anonymous request to /v2/ gets 401 with a basic challenge', async () => {
    const res = await request(`${local.baseUrl}v2/`, { ca });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="prod-registry.example.com"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('the credentials from the htpasswd file open /v2/', async () => {
    const res = await request(`${local.baseUrl}v2/`, { ca, auth: local.credentials });
    expect(res.status).toBe(200);
    expect(res.headers['docker-distribution-api-version']).toBe('registry/2.0');
  });

  test('plaintext HTTP to the TLS port gets no registry answer', async () => {
    const res = await request(`http://${local.hostPort}/v2/`);
    // Go's TLS server answers a plaintext request with a bare 400 and closes.
    expect(res.status).toBe(400);
    expect(res.body).toContain('HTTP request to an HTTPS server');
    expect(res.headers['docker-distribution-api-version']).toBeUndefined();
  });

  test('the server refuses a TLS 1.1 handshake and accepts TLS 1.2', async () => {
    const sClient = (version: string) => run('openssl', ['s_client', '-connect', local.hostPort, version,
      // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so a refusal can only come from the server.
      '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', local.certs.caFile],
    { env: registryEnvironment(local.home), timeoutMs: 10_000 });

    const old = await sClient('-tls1_1');
    expect(old.code).not.toBe(0);
    expect(old.stdout + old.stderr).toMatch(/alert protocol version/);

    const current = await sClient('-tls1_2');
    expect(current.code).toBe(0);
    expect(current.stdout).toMatch(/Protocol\s*: TLSv1\.2/);
    expect(current.stdout).toMatch(/Verify return code: 0 \(ok\)/);
  }, 20_000);

  test('an anonymous push is refused', async () => {
    const result = await skopeo.copy(`oci:${image.dir}:${image.tag}`, ref('team/hello', 'anonymous'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unauthorized|authentication required/i);
  }, 30_000);

  test('an authenticated push of an OCI image keeps its manifest digest', async () => {
    const digestFile = join(workDir, 'pushed.digest');
    const result = await skopeo.copy(`oci:${image.dir}:${image.tag}`, ref('team/hello', 'v1'), local.credentials, digestFile);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(readFileSync(digestFile, 'utf8').trim()).toBe(image.manifestDigest);
  }, 30_000);

  test('pulling it back gives the same manifest digest', async () => {
    const raw = await skopeo.inspectRaw(ref('team/hello', 'v1'), local.credentials);
    expect(raw.code).toBe(0);
    expect(sha256(Buffer.from(raw.stdout))).toBe(image.manifestDigest);

    const pulled = join(workDir, 'pulled');
    const copy = await skopeo.copy(ref('team/hello', 'v1'), `oci:${pulled}:v1`, local.credentials);
    expect(copy.code).toBe(0);
    expect(layoutManifestDigest(pulled, 'v1')).toBe(image.manifestDigest);
    expect(readFileSync(join(pulled, 'blobs', 'sha256', image.layerDigest.slice(7)))).toEqual(
      readFileSync(join(image.dir, 'blobs', 'sha256', image.layerDigest.slice(7))));
  }, 30_000);

  test('Prometheus metrics are served on the debug address', async () => {
    const res = await request(`${local.debugUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^# TYPE registry_http_requests_total counter$/m);
    expect(res.body).toMatch(/^registry_storage_action_seconds_count\{action="PutContent",driver="filesystem"\} [1-9]/m);
    // Never on the public listener.
    const publicRes = await request(`${local.baseUrl}metrics`, { ca, auth: local.credentials });
    expect(publicRes.status).toBe(404);
  });

  test('garbage-collect --dry-run marks every blob the image references', async () => {
    const gc = await garbageCollectDryRun(local.configPath, registryEnvironment(local.home));
    expect(gc.code).toBe(0);
    const out = gc.stdout + gc.stderr;
    for (const digest of [image.manifestDigest, image.configDigest, image.layerDigest]) {
      expect(out).toContain(`team/hello: marking ${digest === image.manifestDigest ? 'manifest' : 'blob'} ${digest}`);
    }
    expect(out).toMatch(/3 blobs marked, 0 blobs and 0 manifests eligible for deletion/);
  }, 20_000);

  test('a restart keeps the data', async () => {
    await stop();
    await start();
    const raw = await skopeo.inspectRaw(ref('team/hello', 'v1'), local.credentials);
    expect(raw.code).toBe(0);
    expect(sha256(Buffer.from(raw.stdout))).toBe(image.manifestDigest);
  }, 30_000);

  test('read-only mode through the whole-map variable refuses pushes and still serves pulls', async () => {
    const env = DistributionEnvironment.readOnly();
    expect(env).toEqual({ REGISTRY_STORAGE_MAINTENANCE_READONLY: '{"enabled":true}' });
    await stop();
    await start(env);

    const push = await skopeo.copy(`oci:${image.dir}:${image.tag}`, ref('team/other', 'v1'), local.credentials);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/405|unsupported|method not allowed/i);

    const upload = await request(`${local.baseUrl}v2/team/other/blobs/uploads/`, { method: 'POST', ca, auth: local.credentials });
    expect(upload.status).toBe(405);

    const pull = await skopeo.copy(ref('team/hello', 'v1'), `oci:${join(workDir, 'pulled-read-only')}:v1`, local.credentials);
    expect(pull.code).toBe(0);
    expect(layoutManifestDigest(join(workDir, 'pulled-read-only'), 'v1')).toBe(image.manifestDigest);
  }, 40_000);
});
