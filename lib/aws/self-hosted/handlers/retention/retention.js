'use strict';
/*
 * Retention of a self-hosted distribution registry, enforced in its
 * maintenance window by editing distribution's storage the way its own
 * delete paths do, while the registry is read-only.
 *
 * Storage layout (distribution registry/storage/paths.go, the same in 2.8
 * and 3.x; the S3 driver maps a path to the key `<rootdirectory>` + path
 * without the leading slash, registry/storage/driver/s3-aws/s3.go s3Path):
 *
 *   <root>/docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
 *       the manifest is in the repository; written again on every push of it
 *   <root>/docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/current/link
 *       "sha256:<hex>", overwritten on every push of the tag
 *   <root>/docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/index/sha256/<hex>/link
 *   <root>/docker/registry/v2/blobs/sha256/<hex[0:2]>/<hex>/data
 *       the manifest's bytes
 *
 * Deleting a manifest through the API (registry/handlers/manifests.go
 * DeleteManifest) removes its revision link (linkedBlobStatter.Clear) and
 * the directory of every tag whose current link names it (tagStore.Untag);
 * this module removes the same paths. `registry garbage-collect` then no
 * longer marks the manifest, and deletes every blob nothing else references.
 *
 * What is kept, per repository:
 * - maxImageCount: the newest N images, an image being a manifest that at
 *   least one tag names (a digest with several tags is one image, as in
 *   ECR), ordered by the push time of its newest tag (its current link's
 *   last-modified time). Images pushed in the same second as the N-th are
 *   kept too. A deleted image loses all its tags, so a digest that a kept
 *   tag names is never deleted.
 * - untaggedRetentionDays: a manifest that no tag names is deleted once it
 *   was pushed (its revision link written) more than N days ago. This is
 *   ECR's `sinceImagePushed` rule for untagged images: distribution records
 *   no time at which a tag moved away from a manifest, so "untagged for N
 *   days" cannot be measured; "pushed N days ago and untagged now" can.
 * - Never deleted: a manifest that a kept manifest references (the
 *   platform images of a kept multi-arch index), an untagged manifest whose
 *   `subject` is kept (an OCI referrer such as a signature), and tags whose
 *   manifest is missing (left as they are).
 * - Tags in the referrers tag schema (`sha256-<hex>`, with cosign's `.sig`,
 *   `.att`, `.sbom` suffixes) belong to the manifest they name: they are
 *   not counted as images and are deleted with it.
 */

/** distribution's storagePathRoot + storagePathVersion. */
const LAYOUT = 'docker/registry/v2/';
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REVISION_LINK = /^sha256\/([a-f0-9]{64})\/link$/;
const CURRENT_LINK = /^([^/]+)\/current\/link$/;
/** OCI distribution-spec referrers tag schema (`<alg>-<hex>`), with an optional suffix (cosign). */
const REFERRERS_TAG = /^sha256-([a-f0-9]{64})(?:\.[A-Za-z0-9_.-]+)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Parallel storage requests per repository. */
const CONCURRENCY = 16;

/**
 * Enforces retention on every repository after `startAfter` (in name
 * order) until done or `deadline` (ms since the epoch) has passed.
 * Returns `{ done, next, summary }`; `next` is the `startAfter` of the
 * following call when not done.
 *
 * @param {object} options
 * @param {object} options.store storage operations: list, listDirectories, read, deleteTree (see s3Store)
 * @param {string} options.rootDirectory distribution's `rootdirectory` (e.g. "/registry"; "" for none)
 * @param {number} options.maxImageCount images kept per repository
 * @param {number} options.untaggedRetentionDays days an untagged manifest is kept after its push
 * @param {boolean} options.dryRun report only
 * @param {Date} options.now the time retention is measured from (the start of the window)
 * @param {string} [options.startAfter] the last repository a previous call finished
 * @param {number} [options.deadline] stop starting repositories after this time
 * @param {(entry: object) => void} [options.log] receives one entry per decision
 */
async function enforceRetention(options) {
  const { store, dryRun, startAfter, deadline } = options;
  const settings = checkSettings(options);
  const log = options.log || (() => undefined);
  const base = layoutRoot(options.rootDirectory);
  const repositories = (await listRepositories(store, `${base}repositories/`))
    .filter((name) => startAfter === undefined || startAfter === null || name > startAfter);
  const summary = { repositories: 0, imagesKept: 0, manifestsDeleted: 0, tagsDeleted: 0 };
  let last = startAfter;
  for (const name of repositories) {
    if (deadline !== undefined && Date.now() > deadline) {
      return { done: false, next: last === undefined ? null : last, summary };
    }
    const plan = await planRepository(store, base, name, settings);
    for (const deletion of plan.deletions) {
      log({ repository: name, digest: deletion.digest, tags: deletion.tags, reason: deletion.reason, dryRun });
    }
    if (!dryRun) {
      await applyPlan(store, plan);
    }
    summary.repositories += 1;
    summary.imagesKept += plan.imagesKept;
    summary.manifestsDeleted += plan.deletions.length;
    summary.tagsDeleted += plan.deletions.reduce((sum, d) => sum + d.tags.length, 0);
    last = name;
  }
  return { done: true, next: null, summary };
}

function checkSettings(options) {
  const { maxImageCount, untaggedRetentionDays, now } = options;
  if (!Number.isInteger(maxImageCount) || maxImageCount < 1) {
    throw new Error(`maxImageCount: expected a whole number of at least 1, got ${JSON.stringify(maxImageCount)}`);
  }
  if (!Number.isInteger(untaggedRetentionDays) || untaggedRetentionDays < 1) {
    throw new Error(`untaggedRetentionDays: expected a whole number of at least 1, got ${JSON.stringify(untaggedRetentionDays)}`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new Error(`now: expected a date, got ${JSON.stringify(now)}`);
  }
  if (typeof options.dryRun !== 'boolean') {
    throw new Error(`dryRun: expected true or false, got ${JSON.stringify(options.dryRun)}`);
  }
  return { maxImageCount, untaggedCutoff: now.getTime() - untaggedRetentionDays * DAY_MS };
}

/** The key prefix of distribution's layout under `rootDirectory`. */
function layoutRoot(rootDirectory) {
  if (typeof rootDirectory !== 'string' || /\.\.|\/\//.test(rootDirectory)) {
    throw new Error(`rootDirectory: expected a path such as "/registry" or "", got ${JSON.stringify(rootDirectory)}`);
  }
  const root = rootDirectory.replace(/^\/+|\/+$/g, '');
  return root === '' ? LAYOUT : `${root}/${LAYOUT}`;
}

/**
 * Repository names, sorted. A directory is a repository when it holds
 * `_manifests`; repositories nest (`team` and `team/app` can both exist),
 * and name components never start with `_` (distribution's name grammar).
 */
async function listRepositories(store, repositoriesPrefix) {
  const names = [];
  const visit = async (prefix) => {
    const children = await store.listDirectories(prefix);
    if (children.includes('_manifests')) {
      names.push(prefix.slice(repositoriesPrefix.length, -1));
    }
    await inParallel(children.filter((child) => !child.startsWith('_')), (child) => visit(`${prefix}${child}/`));
  };
  await visit(repositoriesPrefix);
  return names.sort();
}

/** What to delete in one repository. */
async function planRepository(store, base, name, settings) {
  const manifests = `${base}repositories/${name}/_manifests/`;
  const revisions = new Map();
  for (const object of await store.list(`${manifests}revisions/`)) {
    const match = REVISION_LINK.exec(object.key.slice(`${manifests}revisions/`.length));
    if (match) {
      revisions.set(`sha256:${match[1]}`, object.lastModified.getTime());
    }
  }
  const tagLinks = [];
  for (const object of await store.list(`${manifests}tags/`)) {
    const match = CURRENT_LINK.exec(object.key.slice(`${manifests}tags/`.length));
    if (match) {
      tagLinks.push({ tag: match[1], key: object.key, taggedAt: object.lastModified.getTime() });
    }
  }
  const plan = { manifests, imagesKept: 0, deletions: [] };
  const anyOldManifest = [...revisions.values()].some((pushedAt) => pushedAt < settings.untaggedCutoff);
  if (tagLinks.length <= settings.maxImageCount && !anyOldManifest) {
    // Nothing can be beyond the count (an image has at least one tag) and nothing is old enough.
    plan.imagesKept = new Set(tagLinks.map((t) => t.tag)).size;
    return plan;
  }

  const tags = (await inParallel(tagLinks, async (link) => ({ ...link, digest: (await store.read(link.key)).trim() })))
    // A tag whose link is not a digest, or names a manifest that is gone, is left alone.
    .filter((tag) => DIGEST.test(tag.digest) && revisions.has(tag.digest));
  const tagsOf = groupBy(tags, (tag) => tag.digest);
  const subjectOfTag = (tag) => {
    const match = REFERRERS_TAG.exec(tag.tag);
    return match ? `sha256:${match[1]}` : undefined;
  };

  // Images: digests named by an ordinary tag, newest tag push first.
  const images = [...groupBy(tags.filter((tag) => subjectOfTag(tag) === undefined), (tag) => tag.digest)]
    .map(([digest, named]) => ({ digest, taggedAt: Math.max(...named.map((tag) => tag.taggedAt)) }))
    .sort((a, b) => b.taggedAt - a.taggedAt || (a.digest < b.digest ? -1 : 1));
  const boundary = images[settings.maxImageCount - 1];
  const kept = images.filter((image, index) => index < settings.maxImageCount || image.taggedAt === boundary.taggedAt);
  const keptDigests = new Set(kept.map((image) => image.digest));
  plan.imagesKept = kept.length;

  const reasons = new Map();
  for (const image of images) {
    if (!keptDigests.has(image.digest)) {
      reasons.set(image.digest, 'beyond maxImageCount');
    }
  }
  for (const [digest, pushedAt] of revisions) {
    if (!tagsOf.has(digest) && pushedAt < settings.untaggedCutoff) {
      reasons.set(digest, 'untagged and pushed before the retention period');
    }
  }
  if (reasons.size === 0) {
    return plan;
  }

  // What the manifests reference decides what must stay: read them all once.
  const references = new Map(await inParallel([...revisions.keys()], async (digest) => [digest, await referencesOf(store, base, digest)]));
  let protectedDigests = new Set();
  let doomed;
  for (;;) {
    doomed = new Map([...reasons].filter(([digest]) => !protectedDigests.has(digest)));
    // Referrer tags (signatures, attestations) go with the manifest they name.
    let grew = true;
    while (grew) {
      grew = false;
      for (const tag of tags) {
        const subject = subjectOfTag(tag);
        if (subject && doomed.has(subject) && !doomed.has(tag.digest) && !keptDigests.has(tag.digest) && !protectedDigests.has(tag.digest)) {
          doomed.set(tag.digest, `referrer of deleted ${subject}`);
          grew = true;
        }
      }
    }
    const survivors = [...revisions.keys()].filter((digest) => !doomed.has(digest));
    const needed = new Set(protectedDigests);
    for (const digest of survivors) {
      for (const child of references.get(digest).children) {
        needed.add(child);
      }
    }
    for (const digest of doomed.keys()) {
      const { subject } = references.get(digest);
      if (!tagsOf.has(digest) && subject && revisions.has(subject) && !doomed.has(subject)) {
        needed.add(digest);
      }
    }
    if (needed.size === protectedDigests.size) {
      break;
    }
    protectedDigests = needed;
  }
  plan.imagesKept = images.filter((image) => !doomed.has(image.digest)).length;
  plan.deletions = [...doomed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([digest, reason]) => ({
    digest,
    reason,
    tags: (tagsOf.get(digest) || []).map((tag) => tag.tag).sort(),
  }));
  return plan;
}

/** The manifests a manifest references (an index's platform images) and its `subject`. */
async function referencesOf(store, base, digest) {
  const hex = digest.slice('sha256:'.length);
  let manifest;
  try {
    manifest = JSON.parse(await store.read(`${base}blobs/sha256/${hex.slice(0, 2)}/${hex}/data`));
  } catch (error) {
    // Unreadable content could hide references: refuse to guess.
    throw new Error(`cannot read manifest ${digest}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const children = Array.isArray(manifest.manifests)
    ? manifest.manifests.map((entry) => entry && entry.digest).filter((child) => typeof child === 'string')
    : [];
  const subject = manifest.subject && typeof manifest.subject.digest === 'string' ? manifest.subject.digest : undefined;
  return { children, subject };
}

/** Deletes as distribution's DeleteManifest does: every tag naming the manifest, then its revision link. */
async function applyPlan(store, plan) {
  await inParallel(plan.deletions, async (deletion) => {
    for (const tag of deletion.tags) {
      await store.deleteTree(`${plan.manifests}tags/${tag}/`);
    }
    await store.deleteTree(`${plan.manifests}revisions/sha256/${deletion.digest.slice('sha256:'.length)}/`);
  });
}

function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) || []), item]);
  }
  return groups;
}

/** `work` over every item, at most CONCURRENCY at a time, results in order. */
async function inParallel(items, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

module.exports = { enforceRetention, layoutRoot, listRepositories };
