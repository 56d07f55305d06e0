import { createHash } from 'crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';

/*
 * A tiny OCI image written to disk as an OCI image layout, built from
 * nothing but Node: one gzip layer holding one file, a config and a
 * manifest, all addressed by their sha256 digests. No network, no daemon.
 */

export interface OciImage {
  /** Layout directory, for `oci:<dir>:<tag>`. */
  readonly dir: string;
  readonly tag: string;
  readonly manifestDigest: string;
  readonly configDigest: string;
  readonly layerDigest: string;
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';
const REF_NAME = 'org.opencontainers.image.ref.name';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Writes the layout and returns the digests the registry must hand back. */
export function writeOciImage(dir: string, tag: string, fileName: string, fileContent: string): OciImage {
  const image = putImage(dir, fileName, fileContent, 'amd64');
  writeLayout(dir, [{ mediaType: MANIFEST_TYPE, digest: image.manifest.digest, size: image.manifest.size, annotations: { [REF_NAME]: tag } }]);
  return { dir, tag, manifestDigest: image.manifest.digest, configDigest: image.config.digest, layerDigest: image.layer.digest };
}

/** A multi-platform image: an OCI image index naming one image per platform. */
export interface OciIndex {
  /** Layout directory, for `oci:<dir>:<tag>` (push with `skopeo copy --all`). */
  readonly dir: string;
  readonly tag: string;
  readonly indexDigest: string;
  /** The platform images, in the order given. */
  readonly images: Array<{ readonly architecture: string; readonly manifestDigest: string; readonly layerDigest: string }>;
}

/** Writes a layout whose `tag` is an image index over one small image per architecture. */
export function writeOciIndex(dir: string, tag: string, platforms: Array<{ architecture: string; fileName: string; fileContent: string }>): OciIndex {
  const images = platforms.map((p) => ({ architecture: p.architecture, ...putImage(dir, p.fileName, p.fileContent, p.architecture) }));
  const index = putBlob(dir, Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: INDEX_TYPE,
    manifests: images.map((image) => ({
      mediaType: MANIFEST_TYPE,
      digest: image.manifest.digest,
      size: image.manifest.size,
      platform: { architecture: image.architecture, os: 'linux' },
    })),
  })));
  writeLayout(dir, [{ mediaType: INDEX_TYPE, digest: index.digest, size: index.size, annotations: { [REF_NAME]: tag } }]);
  return {
    dir,
    tag,
    indexDigest: index.digest,
    images: images.map((image) => ({ architecture: image.architecture, manifestDigest: image.manifest.digest, layerDigest: image.layer.digest })),
  };
}

interface Blob { readonly digest: string; readonly size: number }

function putBlob(dir: string, data: Buffer): Blob {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const digest = sha256(data);
  writeFileSync(join(blobs, digest.slice('sha256:'.length)), data);
  return { digest, size: data.length };
}

/** One gzip layer holding one file, its config and its manifest, as blobs of the layout. */
function putImage(dir: string, fileName: string, fileContent: string, architecture: string): { layer: Blob; config: Blob; manifest: Blob } {
  const tar = tarOneFile(fileName, Buffer.from(fileContent));
  // Node's gzip header has mtime 0, so the same input gives the same bytes.
  const layer = putBlob(dir, gzipSync(tar, { level: 9 }));
  const config = putBlob(dir, Buffer.from(JSON.stringify({
    architecture,
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  })));
  const manifest = putBlob(dir, Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
  })));
  return { layer, config, manifest };
}

function writeLayout(dir: string, manifests: object[]): void {
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/** The manifest digest that an OCI layout's index.json names for `tag`. */
export function layoutManifestDigest(dir: string, tag: string): string {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const entry = index.manifests.find((m: any) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!entry) {
    throw new Error(`no manifest tagged ${tag} in ${dir}`);
  }
  return entry.digest;
}

/** A POSIX ustar archive with a single regular file, fixed owner and time. */
function tarOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512, 0);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.length, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let checksum = 0;
  for (const byte of header) {
    checksum += byte;
  }
  field(148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512, 0);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024, 0)]);
}
