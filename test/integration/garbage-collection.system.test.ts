import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RegistryGarbageCollection } from '../../lib/aws/self-hosted/garbage-collection';
import { requireBinaries } from '../support/binaries';
import { request } from '../support/https';
import { LocalRegistry, prepareLocalRegistry } from '../support/local-registry';
import { OciImage, writeOciImage } from '../support/oci-layout';
import { run } from '../support/processes';
import { REGISTRY_BINARY } from '../support/registry';
import { SwitchedRegistry, switchedRegistry } from '../support/maintenance-window';
import { synthesizedProdRegistry } from '../support/self-hosted-config';
import { Skopeo } from '../support/skopeo';

/*
 * The maintenance window of RegistryGarbageCollection, step by step, with
 * the real binary and the construct's configuration: the registry restarts
 * with the parameter's read-only value, a real (not dry-run)
 * `garbage-collect` run with the same value deletes the blobs of a deleted
 * manifest and keeps the others, and the registry restarts writable.
 */

const available = requireBinaries('garbage collection', ['docker-registry', 'skopeo', 'openssl', 'htpasswd']);
const describeWithBinaries = available ? describe : describe.skip;

describeWithBinaries('a garbage-collection window on the real registry', () => {
  const httpSecret = 'gc-test-http-secret-0123456789abcdef0123';
  let workDir: string;
  let local: LocalRegistry;
  let registry: SwitchedRegistry;
  let skopeo: Skopeo;
  let kept: OciImage;
  let dropped: OciImage;

  const env = (readOnlyValue: string) => registry.env(readOnlyValue);
  const restart = (readOnlyValue: string) => registry.restart(readOnlyValue);
  const blobPath = (digest: string) => join(local.dataDir, 'docker', 'registry', 'v2', 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7), 'data');
  const ref = (repository: string) => `docker://${local.hostPort}/${repository}:v1`;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'gc-it-'));
    local = await prepareLocalRegistry(workDir, synthesizedProdRegistry().stack.registry.config);
    registry = switchedRegistry(local, httpSecret);
    skopeo = new Skopeo(join(workDir, 'skopeo'), local.certs.certDir);
    kept = writeOciImage(join(workDir, 'kept'), 'v1', 'kept.txt', 'this image stays\n');
    dropped = writeOciImage(join(workDir, 'dropped'), 'v1', 'dropped.txt', 'this image is deleted\n');
    await restart(RegistryGarbageCollection.WRITABLE_VALUE);
    for (const [image, repository] of [[kept, 'team/kept'], [dropped, 'team/dropped']] as const) {
      const push = await skopeo.copy(`oci:${image.dir}:${image.tag}`, ref(repository), local.credentials);
      expect(push.code).toBe(0);
    }
    // Deleting a manifest only unlinks it; its blobs stay until garbage collection.
    const ca = readFileSync(local.certs.caFile);
    const deleted = await request(`${local.baseUrl}v2/team/dropped/manifests/${dropped.manifestDigest}`, { method: 'DELETE', ca, auth: local.credentials });
    expect(deleted.status).toBe(202);
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }, 15_000);

  test('the window: read-only registry, a real collection, then writes again', async () => {
    expect(existsSync(blobPath(dropped.layerDigest))).toBe(true);

    // 1. The parameter says read-only; the tasks restart with it.
    await restart(RegistryGarbageCollection.READ_ONLY_VALUE);
    const readOnlyPush = await skopeo.copy(`oci:${kept.dir}:${kept.tag}`, ref('team/late'), local.credentials);
    expect(readOnlyPush.code).not.toBe(0);

    // 2. The GC task runs with the same configuration and variable.
    const gc = await run(REGISTRY_BINARY, ['garbage-collect', local.configPath], { env: env(RegistryGarbageCollection.READ_ONLY_VALUE), timeoutMs: 15_000 });
    expect({ code: gc.code, output: gc.code === 0 ? '' : gc.stdout + gc.stderr }).toEqual({ code: 0, output: '' });
    expect(existsSync(blobPath(dropped.layerDigest))).toBe(false);
    expect(existsSync(blobPath(kept.layerDigest))).toBe(true);
    expect(existsSync(blobPath(kept.configDigest))).toBe(true);

    // 3. Writes are restored; the kept image still pulls.
    await restart(RegistryGarbageCollection.WRITABLE_VALUE);
    const push = await skopeo.copy(`oci:${kept.dir}:${kept.tag}`, ref('team/late'), local.credentials);
    expect(push.code).toBe(0);
    const pull = await skopeo.copy(ref('team/kept'), `oci:${join(workDir, 'pulled')}:v1`, local.credentials);
    expect(pull.code).toBe(0);
  }, 60_000);
});
