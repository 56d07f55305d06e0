import { invalid } from '../errors';
import { assertBoolean, assertInteger, assertOneOf } from '../validate';
import { assertAbsolutePath, assertDuration, assertHostname, assertMatches, compact, parseUrl } from './checks';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';
import { AzureCredentialsType, BlobDescriptorCache } from './enums';

/**
 * The `s3` storage driver (Amazon S3 and S3-compatible stores such as
 * Tencent COS). Access keys are not modelled: the registry takes its
 * credentials from the task or instance role.
 */
export interface S3StorageProps {
  /** Bucket name (3-63 lower case letters, digits, dots and hyphens). */
  readonly bucket: string;
  /** Region of the bucket, e.g. `eu-west-1` or, for COS, `ap-guangzhou`. */
  readonly region: string;
  /**
   * Server-side encryption of every object the registry writes.
   * @default true
   */
  readonly encrypt?: boolean;
  /**
   * KMS key id or ARN used for server-side encryption (`keyid`). Needs `encrypt`.
   * @default - S3-managed keys when `encrypt` is on
   */
  readonly kmsKeyId?: string;
  /**
   * Endpoint of an S3-compatible store (`regionendpoint`). Leave unset for Amazon S3.
   * @default - Amazon S3's regional endpoint
   */
  readonly regionEndpoint?: string;
  /**
   * Path-style requests (`forcepathstyle`, distribution 3.x only). Tencent COS
   * rejects them; for a COS endpoint an explicit `false` is written when unset.
   * @default - not written (virtual-hosted style), `false` for a Tencent COS endpoint
   */
  readonly forcePathStyle?: boolean;
  /**
   * Key prefix for everything the registry stores, e.g. `/registry`.
   * @default - the bucket root
   */
  readonly rootDirectory?: string;
  /**
   * HTTPS to the store. `false` is accepted only with an `http://` `regionEndpoint` (a local test store).
   * @default true
   */
  readonly secure?: boolean;
  /**
   * Multipart upload part size in bytes (`chunksize`), 5 MiB to 5 GiB.
   * @default - the driver's default (10 MiB)
   */
  readonly chunkSizeBytes?: number;
  /**
   * Part size in bytes for multipart copies (`multipartcopychunksize`), 5 MiB to 5 GiB.
   * @default - the driver's default (32 MiB)
   */
  readonly multipartCopyChunkSizeBytes?: number;
  /**
   * Parallel part copies (`multipartcopymaxconcurrency`), 1 to 100.
   * @default - the driver's default (100)
   */
  readonly multipartCopyMaxConcurrency?: number;
  /**
   * Object size in bytes above which copies are multipart (`multipartcopythresholdsize`), up to 5 GiB.
   * @default - the driver's default (32 MiB)
   */
  readonly multipartCopyThresholdSizeBytes?: number;
}

/**
 * The `azure` storage driver. Works with distribution 3.x only: Debian's
 * 2.8 build has no azure driver, and upstream 2.8 needs the account key in
 * the file and knows neither `credentials` nor `rootdirectory`.
 */
export interface AzureStorageProps {
  /** Storage account name (3-24 lower case letters and digits). */
  readonly accountName: string;
  /** Blob container (3-63 lower case letters, digits and single hyphens). */
  readonly container: string;
  /**
   * How the driver authenticates.
   * @default AzureCredentialsType.DEFAULT_CREDENTIALS
   */
  readonly credentialsType?: AzureCredentialsType;
  /**
   * Endpoint suffix of the Azure cloud, e.g. `core.chinacloudapi.cn`.
   * @default - not written (`core.windows.net`)
   */
  readonly realm?: string;
  /**
   * Blob name prefix for everything the registry stores.
   * @default - the container root
   */
  readonly rootDirectory?: string;
}

/** The `filesystem` storage driver (local disk; tests and single-host setups). */
export interface FilesystemStorageProps {
  /**
   * Directory holding the registry's data.
   * @default /var/lib/registry
   */
  readonly rootDirectory?: string;
}

/** Background removal of abandoned uploads (`storage.maintenance.uploadpurging`). */
export interface UploadPurgingProps {
  /**
   * Whether abandoned uploads are removed at all.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Uploads older than this are removed (Go duration).
   * @default 168h
   */
  readonly age?: string;
  /**
   * Time between purges (Go duration).
   * @default 24h
   */
  readonly interval?: string;
  /**
   * Only log what would be removed.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** The `storage` section: exactly one driver, plus the driver-independent settings. */
export interface StorageProps {
  /**
   * The `s3` driver: an S3 bucket, or an S3-compatible store such as Tencent COS.
   *
   * @default - no s3 driver
   */
  readonly s3?: S3StorageProps;
  /**
   * The `azure` driver: an Azure Blob Storage container.
   *
   * @default - no azure driver
   */
  readonly azure?: AzureStorageProps;
  /**
   * The `filesystem` driver: a local directory (tests, single hosts).
   *
   * @default - no filesystem driver
   */
  readonly filesystem?: FilesystemStorageProps;
  /**
   * Allow deleting manifests and blobs through the API (`storage.delete.enabled`);
   * needed for garbage collection of untagged images.
   * @default false
   */
  readonly deleteEnabled?: boolean;
  /**
   * Serve blobs through the registry instead of redirecting clients to the
   * store or CDN (`storage.redirect.disable`).
   * @default false
   */
  readonly redirectDisabled?: boolean;
  /**
   * Blob descriptor cache. `REDIS` needs the top-level `redis` props.
   * @default BlobDescriptorCache.INMEMORY
   */
  readonly blobDescriptorCache?: BlobDescriptorCache;
  /**
   * Removal of uploads that clients started but never finished.
   *
   * @default - purge uploads older than 168h every 24h
   */
  readonly uploadPurging?: UploadPurgingProps;
  /**
   * Refuse every write (`storage.maintenance.readonly`), e.g. while garbage
   * collection runs. For a temporary switch use `DistributionEnvironment.readOnly()`.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** The storage driver that `StorageProps` selects. */
export enum StorageDriverKind {
  /** `storage.s3`. */
  S3 = 's3',
  /** `storage.azure`. */
  AZURE = 'azure',
  /** `storage.filesystem`. */
  FILESYSTEM = 'filesystem',
}

/** Tencent COS hosts, which answer path-style requests with an error (buckets created since 2024). */
const TENCENT_COS_HOST = /^cos(-internal)?\.[a-z0-9-]+\.(myqcloud\.com|tencentcos\.cn)$/;

export function storageDriverKind(storage: StorageProps): StorageDriverKind {
  const chosen = [
    storage.s3 !== undefined ? StorageDriverKind.S3 : undefined,
    storage.azure !== undefined ? StorageDriverKind.AZURE : undefined,
    storage.filesystem !== undefined ? StorageDriverKind.FILESYSTEM : undefined,
  ].filter((kind): kind is StorageDriverKind => kind !== undefined);
  if (chosen.length !== 1) {
    throw invalid('storage', chosen, 'exactly one of "s3", "azure" or "filesystem"');
  }
  return chosen[0];
}

/** Whether an endpoint URL points at Tencent COS. */
export function isTencentCosEndpoint(endpoint: string | undefined): boolean {
  const url = parseUrl(endpoint);
  return url !== undefined && TENCENT_COS_HOST.test(url.hostname);
}

export function renderStorage(storage: StorageProps): Record<string, unknown> {
  const kind = storageDriverKind(storage);
  const driver = kind === StorageDriverKind.S3 ? renderS3(storage.s3!)
    : kind === StorageDriverKind.AZURE ? renderAzure(storage.azure!)
      : renderFilesystem(storage.filesystem!);

  const deleteEnabled = storage.deleteEnabled ?? D.deleteEnabled;
  const redirectDisabled = storage.redirectDisabled ?? D.redirectDisabled;
  assertBoolean('storage.deleteEnabled', deleteEnabled);
  assertBoolean('storage.redirectDisabled', redirectDisabled);
  const cache = storage.blobDescriptorCache ?? D.blobDescriptorCache;
  assertOneOf('storage.blobDescriptorCache', cache, Object.values(BlobDescriptorCache));

  const maintenance: Record<string, unknown> = { uploadpurging: renderUploadPurging(storage.uploadPurging ?? {}) };
  const readOnly = storage.readOnly ?? false;
  assertBoolean('storage.readOnly', readOnly);
  if (readOnly) {
    // Always the whole map: distribution reads `readonly` as a map, never a leaf.
    maintenance.readonly = { enabled: true };
  }

  return {
    [kind]: driver,
    delete: { enabled: deleteEnabled },
    redirect: { disable: redirectDisabled },
    cache: { blobdescriptor: cache },
    maintenance,
  };
}

function renderS3(s3: S3StorageProps): Record<string, unknown> {
  const p = 'storage.s3';
  assertMatches(`${p}.bucket`, s3.bucket, /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name of 3-63 lower case letters, digits, dots and hyphens');
  assertMatches(`${p}.region`, s3.region, /^[a-z][a-z0-9-]*[a-z0-9]$/, 'a region name such as "eu-west-1"');
  const encrypt = s3.encrypt ?? D.s3Encrypt;
  assertBoolean(`${p}.encrypt`, encrypt);
  if (s3.kmsKeyId !== undefined) {
    assertMatches(`${p}.kmsKeyId`, s3.kmsKeyId, /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/,
      'a KMS key id, alias or ARN');
    if (!encrypt) {
      // The driver silently ignores keyid unless encrypt is on.
      throw invalid(`${p}.encrypt`, encrypt, 'true when kmsKeyId is set');
    }
  }
  const secure = s3.secure ?? true;
  assertBoolean(`${p}.secure`, secure);
  let forcePathStyle = s3.forcePathStyle;
  if (s3.regionEndpoint !== undefined) {
    const url = parseUrl(s3.regionEndpoint);
    const scheme = secure ? 'https:' : 'http:';
    if (!url || url.protocol !== scheme || url.pathname !== '/' || url.search !== '' || url.username !== '') {
      throw invalid(`${p}.regionEndpoint`, s3.regionEndpoint, secure
        ? 'an https:// endpoint URL without path (http:// only with secure false)'
        : 'an http:// endpoint URL without path, since secure is false');
    }
    if (isTencentCosEndpoint(s3.regionEndpoint)) {
      if (forcePathStyle === true) {
        throw invalid(`${p}.forcePathStyle`, forcePathStyle, `false for the Tencent COS endpoint ${url.hostname}, which rejects path-style requests`);
      }
      // 3.x defaults to virtual-hosted style too, but COS must never depend on a default.
      forcePathStyle = false;
    }
  } else if (!secure) {
    throw invalid(`${p}.secure`, secure, 'true when talking to Amazon S3 (false only with an http:// regionEndpoint)');
  }
  if (forcePathStyle !== undefined) {
    assertBoolean(`${p}.forcePathStyle`, forcePathStyle);
  }
  if (s3.rootDirectory !== undefined) {
    assertRootDirectory(`${p}.rootDirectory`, s3.rootDirectory);
  }
  if (s3.chunkSizeBytes !== undefined) {
    assertInteger(`${p}.chunkSizeBytes`, s3.chunkSizeBytes, D.s3MinPartBytes, D.s3MaxPartBytes);
  }
  if (s3.multipartCopyChunkSizeBytes !== undefined) {
    assertInteger(`${p}.multipartCopyChunkSizeBytes`, s3.multipartCopyChunkSizeBytes, D.s3MinPartBytes, D.s3MaxPartBytes);
  }
  if (s3.multipartCopyMaxConcurrency !== undefined) {
    assertInteger(`${p}.multipartCopyMaxConcurrency`, s3.multipartCopyMaxConcurrency, 1, 100);
  }
  if (s3.multipartCopyThresholdSizeBytes !== undefined) {
    assertInteger(`${p}.multipartCopyThresholdSizeBytes`, s3.multipartCopyThresholdSizeBytes, 0, D.s3MaxPartBytes);
  }

  return compact({
    region: s3.region,
    regionendpoint: s3.regionEndpoint,
    forcepathstyle: forcePathStyle,
    bucket: s3.bucket,
    encrypt,
    keyid: s3.kmsKeyId,
    secure: s3.secure,
    chunksize: s3.chunkSizeBytes,
    multipartcopychunksize: s3.multipartCopyChunkSizeBytes,
    multipartcopymaxconcurrency: s3.multipartCopyMaxConcurrency,
    multipartcopythresholdsize: s3.multipartCopyThresholdSizeBytes,
    rootdirectory: s3.rootDirectory,
  });
}

function renderAzure(azure: AzureStorageProps): Record<string, unknown> {
  const p = 'storage.azure';
  assertMatches(`${p}.accountName`, azure.accountName, /^[a-z0-9]{3,24}$/, 'a storage account name of 3-24 lower case letters and digits');
  assertMatches(`${p}.container`, azure.container, /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'a container name of 3-63 lower case letters, digits and single hyphens');
  const credentialsType = azure.credentialsType ?? AzureCredentialsType.DEFAULT_CREDENTIALS;
  assertOneOf(`${p}.credentialsType`, credentialsType, Object.values(AzureCredentialsType));
  if (azure.realm !== undefined) {
    assertHostname(`${p}.realm`, azure.realm);
  }
  if (azure.rootDirectory !== undefined) {
    assertRootDirectory(`${p}.rootDirectory`, azure.rootDirectory);
  }
  return compact({
    accountname: azure.accountName,
    container: azure.container,
    realm: azure.realm,
    rootdirectory: azure.rootDirectory,
    credentials: { type: credentialsType },
  });
}

function renderFilesystem(filesystem: FilesystemStorageProps): Record<string, unknown> {
  const rootDirectory = filesystem.rootDirectory ?? D.filesystemRootDirectory;
  assertAbsolutePath('storage.filesystem.rootDirectory', rootDirectory);
  return { rootdirectory: rootDirectory };
}

function renderUploadPurging(purging: UploadPurgingProps): Record<string, unknown> {
  const p = 'storage.uploadPurging';
  const enabled = purging.enabled ?? D.uploadPurgingEnabled;
  assertBoolean(`${p}.enabled`, enabled);
  if (!enabled) {
    return { enabled: false };
  }
  const age = purging.age ?? D.uploadPurgingAge;
  const interval = purging.interval ?? D.uploadPurgingInterval;
  const dryRun = purging.dryRun ?? D.uploadPurgingDryRun;
  assertDuration(`${p}.age`, age);
  assertDuration(`${p}.interval`, interval);
  assertBoolean(`${p}.dryRun`, dryRun);
  return { enabled, age, interval, dryrun: dryRun };
}

function assertRootDirectory(property: string, value: string): void {
  assertAbsolutePath(property, value);
  if (value.length > 1 && value.endsWith('/')) {
    throw invalid(property, value, 'a prefix without a trailing slash');
  }
}
