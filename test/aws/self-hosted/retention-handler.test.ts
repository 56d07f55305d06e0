import { createHash } from 'crypto';

/*
 * The retention function's entry point and its S3 store, against an
 * in-memory S3 that pages its listings two keys at a time. What it decides
 * is proven against the real registry in test/integration/retention.system.test.ts;
 * this file covers what only S3 and Lambda add: pagination, delimiters,
 * batched deletes and their errors, the settings from the environment, and
 * continuing after a deadline.
 */

interface HandlerModule {
  handle(event: unknown, context: unknown, env: Record<string, string | undefined>, send: Send): Promise<Result>;
  s3Store(send: Send, bucket: string): { deleteTree(prefix: string): Promise<number> };
}
interface Result { done: boolean; next: string | null; summary: { repositories: number; imagesKept: number; manifestsDeleted: number; tagsDeleted: number } }
type Send = (name: string, input: any) => Promise<any>;

// Plain CommonJS shipped as is, so loaded with require (no types to import).
const handler: HandlerModule = require('../../../lib/aws/self-hosted/handlers/retention/index.js');

const BUCKET = 'images';
const ROOT = 'registry/docker/registry/v2/';
const DAY = 24 * 3600 * 1000;
const NOW = new Date('2030-06-01T03:00:00Z');

interface StoredObject { body: string; lastModified: Date }

/** An S3 bucket in memory that answers ListObjectsV2 (pages of two), GetObject and DeleteObjects, and records calls. */
class FakeS3 {
  public readonly objects = new Map<string, StoredObject>();
  public readonly calls: Array<{ name: string; input: any }> = [];
  public failDeletesOf?: string;
  public pageSize = 2;

  public readonly send: Send = async (name, input) => {
    this.calls.push({ name, input });
    expect(input.Bucket).toBe(BUCKET);
    switch (name) {
      case 'ListObjectsV2': return this.list(input);
      case 'GetObject': {
        const object = this.objects.get(input.Key);
        if (!object) throw Object.assign(new Error(`NoSuchKey ${input.Key}`), { name: 'NoSuchKey' });
        return { Body: { transformToString: async () => object.body } };
      }
      case 'DeleteObjects': {
        expect(input.Delete.Objects.length).toBeLessThanOrEqual(1000);
        const errors = [];
        for (const { Key } of input.Delete.Objects) {
          if (this.failDeletesOf && Key.includes(this.failDeletesOf)) {
            errors.push({ Key, Code: 'AccessDenied', Message: 'Access Denied' });
          } else {
            this.objects.delete(Key);
          }
        }
        return errors.length > 0 ? { Errors: errors } : {};
      }
      default: throw new Error(`unexpected ${name}`);
    }
  };

  public put(key: string, body: string, lastModified: Date): void {
    this.objects.set(key, { body, lastModified });
  }

  public keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  private list(input: { Prefix: string; Delimiter?: string; ContinuationToken?: string }) {
    const matching = [...this.objects.keys()].filter((key) => key.startsWith(input.Prefix)).sort();
    const entries: Array<{ key?: string; prefix?: string }> = [];
    for (const key of matching) {
      const rest = key.slice(input.Prefix.length);
      const cut = input.Delimiter ? rest.indexOf(input.Delimiter) : -1;
      if (cut >= 0) {
        const prefix = input.Prefix + rest.slice(0, cut + 1);
        if (!entries.some((e) => e.prefix === prefix)) entries.push({ prefix });
      } else {
        entries.push({ key });
      }
    }
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = entries.slice(start, start + this.pageSize);
    const truncated = start + this.pageSize < entries.length;
    return {
      Contents: page.filter((e) => e.key).map((e) => ({ Key: e.key, LastModified: this.objects.get(e.key!)!.lastModified })),
      CommonPrefixes: page.filter((e) => e.prefix).map((e) => ({ Prefix: e.prefix })),
      IsTruncated: truncated,
      NextContinuationToken: truncated ? String(start + this.pageSize) : undefined,
    };
  }
}

const digestOf = (content: string) => `sha256:${createHash('sha256').update(content).digest('hex')}`;

/** Pushes a single-platform manifest as distribution lays it out in S3. */
function pushImage(s3: FakeS3, repository: string, content: string, tags: string[], pushedAt: Date): string {
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [], annotations: { content } });
  const digest = digestOf(manifest);
  const hex = digest.slice(7);
  s3.put(`${ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/data`, manifest, pushedAt);
  s3.put(`${ROOT}repositories/${repository}/_manifests/revisions/sha256/${hex}/link`, digest, pushedAt);
  s3.put(`${ROOT}repositories/${repository}/_layers/sha256/${'0'.repeat(64)}/link`, 'sha256:' + '0'.repeat(64), pushedAt);
  for (const tag of tags) {
    s3.put(`${ROOT}repositories/${repository}/_manifests/tags/${tag}/current/link`, digest, pushedAt);
    s3.put(`${ROOT}repositories/${repository}/_manifests/tags/${tag}/index/sha256/${hex}/link`, digest, pushedAt);
  }
  return digest;
}

const ENV = {
  BUCKET_NAME: BUCKET,
  ROOT_DIRECTORY: '/registry',
  MAX_IMAGE_COUNT: '2',
  UNTAGGED_RETENTION_DAYS: '7',
  DRY_RUN: 'false',
};
const at = (daysAgo: number, seconds = 0) => new Date(NOW.getTime() - daysAgo * DAY + seconds * 1000);

describe('retention function over S3', () => {
  let s3: FakeS3;
  let digests: Record<string, string>;
  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line); });
    s3 = new FakeS3();
    digests = {
      a1: pushImage(s3, 'team/a', 'a1', ['1.0'], at(3, 0)),
      a2: pushImage(s3, 'team/a', 'a2', ['1.1'], at(3, 10)),
      a3: pushImage(s3, 'team/a', 'a3', ['1.2', 'latest'], at(3, 20)),
      // Same second as a2: kept with it rather than picked at random.
      a4: pushImage(s3, 'team/a', 'a4', ['1.1-debug'], at(3, 10)),
      nested: pushImage(s3, 'team/a/tools', 'tool', ['v1'], at(1)),
      b1: pushImage(s3, 'team', 'b1', [], at(8)),
    };
  });

  afterEach(() => jest.restoreAllMocks());

  test('pages through every listing, deletes in batches and reports', async () => {
    const result = await handler.handle({ now: NOW.toISOString() }, undefined, ENV, s3.send);
    expect(result).toEqual({ done: true, next: null, summary: { repositories: 3, imagesKept: 4, manifestsDeleted: 2, tagsDeleted: 1 } });
    // One JSON line per deleted manifest, with its tags and why, then the totals.
    expect(logged.map((line) => JSON.parse(line))).toEqual([
      { level: 'INFO', message: 'deleted', repository: 'team', digest: digests.b1, tags: [], reason: 'untagged and pushed before the retention period', dryRun: false },
      { level: 'INFO', message: 'deleted', repository: 'team/a', digest: digests.a1, tags: ['1.0'], reason: 'beyond maxImageCount', dryRun: false },
      { level: 'INFO', message: 'retention pass', dryRun: false, ...result },
    ]);
    const left = s3.keys().filter((key) => key.includes('/_manifests/'));
    // a1 (the oldest image) and team's untagged, 8-day-old b1 are gone; the rest is untouched.
    expect(left.some((key) => key.includes(digests.a1.slice(7)) || key.includes('/tags/1.0/'))).toBe(false);
    expect(left.some((key) => key.includes(digests.b1.slice(7)))).toBe(false);
    for (const kept of ['a2', 'a3', 'a4', 'nested']) {
      expect(left.some((key) => key.includes(`revisions/sha256/${digests[kept].slice(7)}/link`))).toBe(true);
    }
    // Nothing outside _manifests is ever deleted: blobs and layer links are garbage collection's.
    expect(s3.keys().filter((key) => !key.includes('/_manifests/'))).toHaveLength(6 + 3);
    const listed = s3.calls.filter((c) => c.name === 'ListObjectsV2');
    expect(listed.some((c) => c.input.ContinuationToken)).toBe(true);
    expect(listed.filter((c) => c.input.Delimiter === '/').map((c) => c.input.Prefix)).toEqual(expect.arrayContaining([
      `${ROOT}repositories/`, `${ROOT}repositories/team/`, `${ROOT}repositories/team/a/`, `${ROOT}repositories/team/a/tools/`,
    ]));
  });

  test('a dry run lists and reads but never deletes', async () => {
    const before = s3.keys();
    const result = await handler.handle({ now: NOW.toISOString() }, undefined, { ...ENV, DRY_RUN: 'true' }, s3.send);
    expect(result.summary.manifestsDeleted).toBe(2);
    expect(s3.keys()).toEqual(before);
    expect(s3.calls.map((c) => c.name)).not.toContain('DeleteObjects');
  });

  test('stops starting repositories at the deadline and continues where it stopped', async () => {
    const stopped = await handler.handle({ now: NOW.toISOString() }, { getRemainingTimeInMillis: () => 3 * 60 * 1000 - 1 }, ENV, s3.send);
    expect(stopped).toEqual({ done: false, next: null, summary: { repositories: 0, imagesKept: 0, manifestsDeleted: 0, tagsDeleted: 0 } });
    const first = await handler.handle({ now: NOW.toISOString(), startAfter: 'team' }, undefined, ENV, s3.send);
    expect(first.summary.repositories).toBe(2);
    // team itself was skipped: its untagged manifest is still there.
    expect(s3.keys().some((key) => key.includes(digests.b1.slice(7)))).toBe(true);
  });

  test('fails when S3 refuses a delete, naming the key', async () => {
    s3.failDeletesOf = '/tags/1.0/';
    await expect(handler.handle({ now: NOW.toISOString() }, undefined, ENV, s3.send))
      .rejects.toThrow(/could not delete 2 of 2 objects under registry\/docker\/registry\/v2\/repositories\/team\/a\/_manifests\/tags\/1\.0\/: .*AccessDenied/);
  });

  test('deletes more than 1,000 objects in several requests', async () => {
    for (let i = 0; i < 2100; i++) {
      s3.put(`${ROOT}repositories/big/_manifests/tags/t/index/sha256/${String(i).padStart(64, '0')}/link`, 'x', NOW);
    }
    s3.pageSize = 1000;
    const deleted = await handler.s3Store(s3.send, BUCKET).deleteTree(`${ROOT}repositories/big/_manifests/tags/t/`);
    expect(deleted).toBe(2100);
    expect(s3.calls.filter((c) => c.name === 'DeleteObjects').map((c) => c.input.Delete.Objects.length)).toEqual([1000, 1000, 100]);
  });

  test.each([
    ['MAX_IMAGE_COUNT', { MAX_IMAGE_COUNT: 'ten' }, /MAX_IMAGE_COUNT: expected a whole number, got "ten"/],
    ['MAX_IMAGE_COUNT', { MAX_IMAGE_COUNT: '0' }, /maxImageCount: expected a whole number of at least 1, got 0/],
    ['UNTAGGED_RETENTION_DAYS', { UNTAGGED_RETENTION_DAYS: undefined }, /UNTAGGED_RETENTION_DAYS: expected a whole number, got undefined/],
    ['DRY_RUN', { DRY_RUN: 'yes' }, /DRY_RUN: expected "true" or "false", got "yes"/],
    ['BUCKET_NAME', { BUCKET_NAME: '' }, /BUCKET_NAME: expected the bucket name/],
    ['ROOT_DIRECTORY', { ROOT_DIRECTORY: '/registry/../other' }, /rootDirectory: expected a path/],
  ])('refuses a bad %s before touching storage', async (_name, change, message) => {
    await expect(handler.handle({ now: NOW.toISOString() }, undefined, { ...ENV, ...change }, s3.send)).rejects.toThrow(message);
    expect(s3.calls).toEqual([]);
  });

  test('refuses an event without the window\'s start time', async () => {
    await expect(handler.handle({}, undefined, ENV, s3.send)).rejects.toThrow(/now: expected a date/);
    expect(s3.calls).toEqual([]);
  });
});
