import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { AzureCredentialsType, DistributionConfig, DistributionEnvironment } from '../../lib/core/distribution';
import { requireBinaries } from '../support/binaries';
import { request } from '../support/https';
import { LocalRegistry, prepareLocalRegistry } from '../support/local-registry';
import { run } from '../support/processes';
import { productionConfig } from '../support/production-config';
import { REGISTRY_BINARY, registryEnvironment, startRegistry } from '../support/registry';

/*
 * The traps between distribution 2.8 and 3.x that the builder and
 * DistributionEnvironment steer around, shown on the real 2.8 binary.
 */

const available = requireBinaries('distribution compatibility', ['docker-registry', 'openssl', 'htpasswd']);
const describeWithBinaries = available ? describe : describe.skip;

describeWithBinaries('distribution 2.8 traps the builder avoids', () => {
  let workDir: string;
  let local: LocalRegistry;
  let ca: Buffer;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'distribution-compat-'));
    local = await prepareLocalRegistry(workDir, productionConfig());
    ca = readFileSync(local.certs.caFile);
  }, 20_000);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs `serve` on a config that must make 2.8 give up; it is killed if it starts instead. */
  const serveExpectingFailure = (configPath: string, env: { [name: string]: string } = {}) =>
    run(REGISTRY_BINARY, ['serve', configPath], { env: registryEnvironment(local.home, env), timeoutMs: 5_000 });

  /** Whether an authenticated client may start an upload, i.e. whether writes are open. */
  const uploadStatus = async (configPath: string, env: { [name: string]: string }) => {
    const registry = await startRegistry({ configPath, env: registryEnvironment(local.home, env), baseUrl: local.baseUrl, caFile: local.certs.caFile });
    try {
      return (await request(`${local.baseUrl}v2/compat/blobs/uploads/`, { method: 'POST', ca, auth: local.credentials })).status;
    } finally {
      await registry.stop();
    }
  };

  test('the leaf read-only variable crashes 2.8 when the file has no readonly map', async () => {
    const leaf = { REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED: 'true' };
    expect(() => DistributionEnvironment.check(leaf)).toThrow(/REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED: expected REGISTRY_STORAGE_MAINTENANCE_READONLY='\{"enabled":true\}' instead/);

    const result = await serveExpectingFailure(local.configPath, leaf);
    expect(result.signal).toBeNull();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('panic: readonly config key must contain additional keys');
  }, 15_000);

  test('the leaf variable is silently ignored when the file has a readonly map; the whole map is not', async () => {
    const readOnlyConfig = new DistributionConfig({ ...local.config.props, storage: { ...local.config.props.storage, readOnly: true } });
    expect(readOnlyConfig.toObject().storage.maintenance.readonly).toEqual({ enabled: true });
    const path = join(workDir, 'read-only.yml');
    writeFileSync(path, readOnlyConfig.toYaml());

    expect(await uploadStatus(path, {})).toBe(405);
    // Trying to lift read-only mode with the leaf variable changes nothing...
    expect(await uploadStatus(path, { REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED: 'false' })).toBe(405);
    // ...while the whole-map variable does, in both directions.
    expect(await uploadStatus(path, { REGISTRY_STORAGE_MAINTENANCE_READONLY: '{"enabled":false}' })).toBe(202);
    expect(await uploadStatus(local.configPath, DistributionEnvironment.readOnly())).toBe(405);
  }, 30_000);

  test('static CORS headers reach responses, but a preflight gets 401 and needs answering in front of the registry', async () => {
    const cors = new DistributionConfig({ ...local.config.props, http: { ...local.config.props.http, cors: { allowOrigin: 'https://registry-ui.example.com' } } });
    const path = join(workDir, 'cors.yml');
    writeFileSync(path, cors.toYaml());
    const registry = await startRegistry({ configPath: path, env: registryEnvironment(local.home), baseUrl: local.baseUrl, caFile: local.certs.caFile });
    try {
      const get = await request(`${local.baseUrl}v2/`, { ca, auth: local.credentials });
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBe('https://registry-ui.example.com');
      expect(get.headers['access-control-allow-credentials']).toBe('true');
      const preflight = await request(`${local.baseUrl}v2/`, { method: 'OPTIONS', ca });
      expect(preflight.status).toBe(401);
    } finally {
      await registry.stop();
    }
  }, 15_000);

  test('2.8 has no rewrite middleware, so an azure + rewrite configuration needs 3.x', async () => {
    const azure = new DistributionConfig({
      storage: { azure: { accountName: 'prodregistryblobs', container: 'registry', credentialsType: AzureCredentialsType.DEFAULT_CREDENTIALS } },
      auth: { htpasswd: { path: '/etc/registry/htpasswd' } },
      rewrite: { host: 'prod-registry-blobs.azurefd.net', trimPathPrefix: '/registry' },
    });
    // Debian's 2.8 has no azure driver either: graft the builder's rewrite entry onto the local config.
    const document = { ...local.config.toObject(), middleware: azure.toObject().middleware };
    const path = join(workDir, 'rewrite.yml');
    writeFileSync(path, stringify(document));

    const result = await serveExpectingFailure(path);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no storage middleware registered with name: rewrite');
  }, 15_000);
});
