import { invalid } from '../../../core/errors';

/*
 * Where distribution keeps things in the bucket, under its `rootdirectory`.
 * The cloudfront middleware signs `<baseurl><S3 key>`, and the S3 key is the
 * root directory (leading slash trimmed) followed by the driver path, so the
 * viewer path of a signed URL is the object key: no origin path is needed.
 */

/** Key prefix of blob data: `blobs/sha256/ab/<digest>/data`, content-addressed and immutable. */
const BLOBS = '/docker/registry/v2/blobs/*';
/** Key prefix of the tag links: a tag is mutable, so its link file must never be served stale. */
const TAG_LINKS = '/docker/registry/v2/repositories/*/_manifests/tags/*';

/** Segments of letters, digits, `.`, `_` and `-`: valid in S3 keys and CloudFront path patterns alike. */
const ROOT_DIRECTORY = /^\/(?:[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)?\/?$/;
/** CloudFront path patterns are at most 255 characters; this leaves room for the longest suffix. */
const MAX_ROOT_DIRECTORY_LENGTH = 200;

/**
 * The registry's storage root as a path prefix without trailing slash: `''`
 * for `/`, `/registry` for `/registry` or `/registry/`.
 */
export function normalizeRootDirectory(property: string, value: unknown): string {
  if (typeof value !== 'string' || !ROOT_DIRECTORY.test(value) || value.length > MAX_ROOT_DIRECTORY_LENGTH
    || value.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw invalid(property, value,
      `an absolute path starting with "/" of at most ${MAX_ROOT_DIRECTORY_LENGTH} characters, made of letters, digits, ".", "_", "-" and single "/" separators, without "." or ".." segments`);
  }
  return value.replace(/\/+$/, '');
}

/** The S3 key prefix of everything the registry stores under `root` (normalized): `''` or e.g. `registry/`. */
export function rootKeyPrefix(root: string): string {
  return root === '' ? '' : `${root.slice(1)}/`;
}

/** CloudFront path pattern of the blob data under `root` (a normalized root directory). */
export function blobPathPattern(root: string): string {
  return `${root}${BLOBS}`;
}

/** CloudFront path pattern of the manifest tag links under `root` (a normalized root directory). */
export function tagLinkPathPattern(root: string): string {
  return `${root}${TAG_LINKS}`;
}
