import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RegistryGarbageCollection } from '../../lib/aws/self-hosted/garbage-collection';
import { requireBinaries } from '../support/binaries';
import { filesystemStore } from '../support/filesystem-store';
import { request } from '../support/https';
import { LocalRegistry, prepareLocalRegistry } from '../support/local-registry';
import { OciImage, OciIndex, writeOciImage, writeOciIndex } from '../support/oci-layout';
import { run } from '../support/processes';
import { REGISTRY_BINARY } from '../support/registry';
import { SwitchedRegistry, switchedRegistry } from '../support/maintenance-window';
import { synthesizedProdRegistry } from '../support/self-hosted-config';
import { Skopeo } from '../support/skopeo';

/*
 * The retention step of the maintenance window against Debian's real
 * registry (distribution 2.8) and the prod example's configuration: images
 * are pushed with skopeo, the handler's logic (the same module the Lambda
 * function runs, over the filesystem driver's directory instead of S3)
 * deletes what the settings no longer keep while the registry is
 * read-only, and the real `garbage-collect` (without --delete-untagged)
 * then frees the blobs. What the registry serves afterwards is the proof.
 */

interface RetentionModule {
  enforceRetention(options: {
    store: unknown; rootDirectory: string; maxImageCount: number; untaggedRetentionDays: number; dryRun: boolean; now: Date;
    startAfter?: string; deadline?: number; log?: (entry: Deletion) => void;
  }): Promise<{ done: boolean; next: string | null; summary: { repositories: number; imagesKept: number; manifestsDeleted: number; tagsDeleted: number } }>;
}
interface Deletion { repository: string; digest: string; tags: string[]; reason: string; dryRun: boolean }

// Plain CommonJS shipped as is, so loaded with require (no types to import).
const retention: RetentionModule = require('../../lib/aws/self-hosted/handlers/retention/retention.js');

const available = requireBinaries('retention', ['docker-registry', 'skopeo', 'openssl', 'htpasswd']);
const describeWithBinaries = available ? describe : describe.skip;

const MAX_IMAGE_COUNT = 3;
const RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

describeWithBinaries('retention in the maintenance window, on the real registry', () => {
  const httpSecret = 'retention-test-http-secret-0123456789abcdef';
  let workDir: string;
  let local: LocalRegistry;
  let registry: SwitchedRegistry;
  let skopeo: Skopeo;
  /** v1..v5 of team/app, pushed in this order (N + 2 images for N = 3). */
  const versions: OciImage[] = [];
  let signatureOfV2: OciImage;
  let signatureOfV5: OciImage;
  let multi: OciIndex;
  let staleUntagged: OciImage;
  let recentUntagged: OciImage;
  let now: Date;
  let dryRunDeletions: Deletion[];

  const env = (readOnlyValue: string) => registry.env(readOnlyValue);
  const restart = (readOnlyValue: string) => registry.restart(readOnlyValue);
  const v2Root = () => join(local.dataDir, 'docker', 'registry', 'v2');
  const blobPath = (digest: string) => join(v2Root(), 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7), 'data');
  const revisionLink = (repository: string, digest: string) => join(v2Root(), 'repositories', repository, '_manifests', 'revisions', 'sha256', digest.slice(7), 'link');
  const currentLink = (repository: string, tag: string) => join(v2Root(), 'repositories', repository, '_manifests', 'tags', tag, 'current', 'link');
  const push = async (image: OciImage | OciIndex, repository: string, tag: string) => {
    const destination = `docker://${local.hostPort}/${repository}:${tag}`;
    const result = 'indexDigest' in image
      ? await skopeo.copyAll(`oci:${image.dir}:${image.tag}`, destination, local.credentials)
      : await skopeo.copy(`oci:${image.dir}:${image.tag}`, destination, local.credentials);
    expect({ push: `${repository}:${tag}`, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ push: `${repository}:${tag}`, code: 0, stderr: '' });
  };
  /** Whether the registry serves a manifest (skopeo sends the OCI Accept headers). */
  const serves = async (reference: string) => (await skopeo.inspectRaw(`docker://${local.hostPort}/${reference}`, local.credentials)).code === 0;
  const tagsOf = async (repository: string): Promise<string[]> => {
    const res = await request(`${local.baseUrl}v2/${repository}/tags/list`, { ca: readFileSync(local.certs.caFile), auth: local.credentials });
    expect(res.status).toBe(200);
    return [...(JSON.parse(res.body).tags ?? [])].sort();
  };
  const referrerTag = (image: OciImage) => `sha256-${image.manifestDigest.slice(7)}.sig`;
  const backdate = (path: string, days: number) => {
    const then = new Date(now.getTime() - days * DAY_MS);
    utimesSync(path, then, then);
  };
  const enforce = (dryRun: boolean, log?: (entry: Deletion) => void) => retention.enforceRetention({
    store: filesystemStore(local.dataDir),
    // The filesystem driver's rootdirectory is the data directory itself.
    rootDirectory: '',
    maxImageCount: MAX_IMAGE_COUNT,
    untaggedRetentionDays: RETENTION_DAYS,
    dryRun,
    now,
    log,
  });

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'retention-it-'));
    local = await prepareLocalRegistry(workDir, synthesizedProdRegistry().stack.registry.config);
    registry = switchedRegistry(local, httpSecret);
    skopeo = new Skopeo(join(workDir, 'skopeo'), local.certs.certDir);
    await restart(RegistryGarbageCollection.WRITABLE_VALUE);

    for (let i = 1; i <= 5; i++) {
      versions.push(writeOciImage(join(workDir, `v${i}`), 'latest', `v${i}.txt`, `version ${i}\n`));
      await push(versions[i - 1], 'team/app', `v${i}`);
    }
    // The oldest image is tagged again last: its digest is the newest image now.
    await push(versions[0], 'team/app', 'stable');
    // cosign-style signatures in the referrers tag schema: they follow their image and are not counted.
    signatureOfV2 = writeOciImage(join(workDir, 'sig2'), 'latest', 'sig.txt', 'signature of v2\n');
    signatureOfV5 = writeOciImage(join(workDir, 'sig5'), 'latest', 'sig.txt', 'signature of v5\n');
    await push(signatureOfV2, 'team/app', referrerTag(versions[1]));
    await push(signatureOfV5, 'team/app', referrerTag(versions[4]));

    // A multi-arch image: its platform images are untagged manifests of the repository.
    multi = writeOciIndex(join(workDir, 'multi'), 'latest', [
      { architecture: 'amd64', fileName: 'amd64.txt', fileContent: 'amd64\n' },
      { architecture: 'arm64', fileName: 'arm64.txt', fileContent: 'arm64\n' },
    ]);
    await push(multi, 'team/multi', 'v1');
    // Two manifests left untagged by a tag that moved on; one of them long ago.
    staleUntagged = writeOciImage(join(workDir, 'stale'), 'latest', 'stale.txt', 'untagged long ago\n');
    recentUntagged = writeOciImage(join(workDir, 'recent'), 'latest', 'recent.txt', 'untagged recently\n');
    const mover = writeOciImage(join(workDir, 'mover'), 'latest', 'mover.txt', 'the tag moved here\n');
    await push(staleUntagged, 'team/multi', 'tmp');
    await push(recentUntagged, 'team/multi', 'scratch');
    await push(mover, 'team/multi', 'tmp');
    await push(mover, 'team/multi', 'scratch');

    now = new Date();
    // Pushed 40 days ago: everything in team/multi, so only untagged-ness and references decide there.
    for (const digest of [multi.indexDigest, ...multi.images.map((image) => image.manifestDigest), staleUntagged.manifestDigest, mover.manifestDigest]) {
      backdate(revisionLink('team/multi', digest), 40);
    }
  }, 120_000);

  afterAll(async () => {
    await registry?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }, 15_000);

  test('the tags were pushed in order: each tag link is newer than the one before', () => {
    const order = ['v1', 'v2', 'v3', 'v4', 'v5', 'stable'].map((tag) => statSync(currentLink('team/app', tag)).mtimeMs);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
  });

  test('a dry run reports what a real run deletes and deletes nothing', async () => {
    const logged: Deletion[] = [];
    const result = await enforce(true, (entry) => logged.push(entry));
    dryRunDeletions = logged;
    expect(result.done).toBe(true);
    expect(logged.map((d) => `${d.repository} ${d.digest} ${d.tags.join(',')}`).sort()).toEqual([
      `team/app ${signatureOfV2.manifestDigest} ${referrerTag(versions[1])}`,
      `team/app ${versions[1].manifestDigest} v2`,
      `team/app ${versions[2].manifestDigest} v3`,
      `team/multi ${staleUntagged.manifestDigest} `,
    ].sort());
    expect(await tagsOf('team/app')).toEqual(['stable', 'v1', 'v2', 'v3', 'v4', 'v5', referrerTag(versions[1]), referrerTag(versions[4])].sort());
    expect(existsSync(revisionLink('team/multi', staleUntagged.manifestDigest))).toBe(true);
    for (const image of [versions[1], versions[2], signatureOfV2, staleUntagged]) {
      expect(existsSync(blobPath(image.layerDigest))).toBe(true);
    }
  });

  test('the window: read-only, retention, garbage collection, writable again', async () => {
    // 1. The registry restarts read-only (the state machine confirms the rollout first).
    await restart(RegistryGarbageCollection.READ_ONLY_VALUE);

    // 2. Retention: exactly what the dry run announced.
    const deleted: Deletion[] = [];
    const result = await enforce(false, (entry) => deleted.push(entry));
    expect(deleted.map(({ dryRun, ...rest }) => rest)).toEqual(dryRunDeletions.map(({ dryRun, ...rest }) => rest));
    expect(result.summary).toEqual({ repositories: 2, imagesKept: 5, manifestsDeleted: 4, tagsDeleted: 3 });

    // 3. Garbage collection, as the task runs it: no --delete-untagged.
    const gc = await run(REGISTRY_BINARY, ['garbage-collect', local.configPath], { env: env(RegistryGarbageCollection.READ_ONLY_VALUE), timeoutMs: 15_000 });
    expect({ code: gc.code, output: gc.code === 0 ? '' : gc.stdout + gc.stderr }).toEqual({ code: 0, output: '' });

    // 4. Writes again; what the registry serves is what retention kept.
    await restart(RegistryGarbageCollection.WRITABLE_VALUE);
    expect(await tagsOf('team/app')).toEqual(['stable', 'v1', 'v4', 'v5', referrerTag(versions[4])].sort());
    for (const tag of ['v2', 'v3', referrerTag(versions[1])]) {
      expect({ tag, served: await serves(`team/app:${tag}`) }).toEqual({ tag, served: false });
    }
    for (const tag of ['v1', 'stable', 'v4', 'v5', referrerTag(versions[4])]) {
      expect({ tag, served: await serves(`team/app:${tag}`) }).toEqual({ tag, served: true });
    }
    for (const image of [versions[1], versions[2]]) {
      expect(await serves(`team/app@${image.manifestDigest}`)).toBe(false);
    }
  }, 90_000);

  test('garbage collection freed the blobs of the deleted images and kept every shared or referenced one', () => {
    for (const gone of [versions[1], versions[2], signatureOfV2, staleUntagged]) {
      expect({ blob: gone.layerDigest, exists: existsSync(blobPath(gone.layerDigest)) }).toEqual({ blob: gone.layerDigest, exists: false });
    }
    // v1's digest is shared with the newest tag, "stable".
    for (const kept of [versions[0], versions[3], versions[4], signatureOfV5, recentUntagged]) {
      expect({ blob: kept.layerDigest, exists: existsSync(blobPath(kept.layerDigest)) }).toEqual({ blob: kept.layerDigest, exists: true });
    }
    for (const image of multi.images) {
      expect(existsSync(blobPath(image.layerDigest))).toBe(true);
    }
  });

  test('an untagged manifest is deleted only when pushed before the retention period and referenced by nothing kept', async () => {
    expect(await serves(`team/multi@${staleUntagged.manifestDigest}`)).toBe(false);
    expect(await serves(`team/multi@${recentUntagged.manifestDigest}`)).toBe(true);
    // The platform images of the kept index are untagged and 40 days old, yet they stay.
    for (const image of multi.images) {
      expect(await serves(`team/multi@${image.manifestDigest}`)).toBe(true);
    }
    const pulled = await skopeo.copyAll(`docker://${local.hostPort}/team/multi:v1`, `oci:${join(workDir, 'pulled-multi')}:v1`, local.credentials);
    expect({ code: pulled.code, stderr: pulled.code === 0 ? '' : pulled.stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);

  test('pushes work again after the window', async () => {
    await push(versions[1], 'team/app', 'v2-again');
    expect(await serves('team/app:v2-again')).toBe(true);
  }, 30_000);

  test('the next window counts what was pushed since: the oldest kept image is next', async () => {
    const logged: Deletion[] = [];
    await enforce(true, (entry) => logged.push(entry));
    // v2's image came back as the newest tag, so v4, the oldest image kept this time, is beyond the count.
    expect(logged.map((d) => d.tags.join(','))).toEqual(['v4']);
  });
});
