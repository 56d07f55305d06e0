import { Duration, Stack } from 'aws-cdk-lib';
import { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Distribution, HttpVersion, PriceClass, SecurityPolicyProtocol, SSLMethod } from 'aws-cdk-lib/aws-cloudfront';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertInteger } from '../../core/validate';
import { acknowledgeCdnFindings } from './cdn/acknowledgements';
import { cdnBehaviors, newBlobCachePolicy } from './cdn/behaviors';
import { CDN_DEFAULTS, defaultPriceClass } from './cdn/defaults';
import { newCdnLogBucket } from './cdn/log-bucket';
import { allowCloudFrontToDecrypt, allowDistributionToRead, newBlobOrigin } from './cdn/origin-access';
import { normalizeRootDirectory, rootKeyPrefix } from './cdn/paths';
import { CdnSigningKey } from './cdn/signing-key';
import { fit, MAX_CLOUDFRONT_COMMENT } from './cdn/text';
import { assertCustomDomain, assertWebAclArn, validitySecondsOf } from './cdn/validate';
import { tagWithEnvironment } from '../tags';

/**
 * Where the registry container writes the signing key before it starts:
 * the task reads the `privateKeySecret` and writes it to this file, and the
 * middleware's `privatekey` option points here. Under `/run/distribution`,
 * the writable volume of a task whose root filesystem is read-only (`/etc`
 * is not writable there).
 */
export const CLOUDFRONT_PRIVATE_KEY_PATH = '/run/distribution/cloudfront.pem';

/** Properties of a `RegistryCdn`. */
export interface RegistryCdnProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /** The registry's storage bucket (the origin). */
  readonly bucket: IBucket;

  /**
   * The KMS key that encrypts the bucket. CloudFront is allowed to decrypt
   * with it, and it also encrypts the private key secret.
   *
   * @default - the bucket's `encryptionKey`, if it has one
   */
  readonly encryptionKey?: IKey;

  /**
   * The registry's `storage.s3.rootdirectory`: an absolute path such as
   * `/registry`, or `/` for the bucket root.
   *
   * @default '/'
   */
  readonly rootDirectory?: string;

  /**
   * How long a signed URL stays valid (the middleware's `duration`). CloudFront
   * checks it when a download starts, not while it runs. Whole seconds, from
   * one minute to one day.
   *
   * @default Duration.minutes(20)
   */
  readonly signedUrlValidity?: Duration;

  /**
   * The edge locations that serve the blobs.
   *
   * @default - PriceClass.PRICE_CLASS_ALL for the prod profile (clients
   * everywhere), PriceClass.PRICE_CLASS_100 otherwise (cheapest)
   */
  readonly priceClass?: PriceClass;

  /**
   * The bucket that receives CloudFront standard access logs, under the
   * prefix `<env>-<service>/`. It must use SSE-S3 and have ACLs enabled
   * (object ownership `BUCKET_OWNER_PREFERRED` or `OBJECT_WRITER`).
   *
   * @default - a new SSE-S3, TLS-only bucket whose logs expire after the
   * profile's `logRetentionDays`
   */
  readonly accessLogsBucket?: IBucket;

  /**
   * ARN of a global (us-east-1, scope CLOUDFRONT) AWS WAF web ACL.
   *
   * @default - no web ACL: every request must carry a valid signature anyway
   */
  readonly webAclArn?: string;

  /**
   * A custom host name for the distribution, e.g. `dev-registry-blobs.example.com`.
   * Requires `certificate`; the DNS record is yours to create.
   *
   * @default - the distribution's `*.cloudfront.net` name
   */
  readonly domainName?: string;

  /**
   * An ACM certificate in us-east-1 for `domainName`. Only with a custom
   * certificate can CloudFront enforce TLS 1.2 (policy TLSv1.2_2021); the
   * `*.cloudfront.net` certificate's policy is fixed at TLSv1.
   *
   * @default - the `*.cloudfront.net` certificate
   */
  readonly certificate?: ICertificate;

  /**
   * Version of the signing key pair, from 1 to 1000000. Raising it to a number
   * not used before generates a new pair at the next deployment (rotation);
   * a rollback restores the previous pair. Registry tasks must restart to
   * load a new key, and URLs signed with the old one stop working once the
   * key group has changed.
   *
   * @default 1
   */
  readonly keyVersion?: number;
}

/**
 * What the registry's `cloudfront` storage middleware needs, with the same
 * field names as the distribution config builder's CloudFront options, so
 * the object can be handed over unchanged.
 */
export interface RegistryCdnMiddlewareOptions {
  /** `baseurl`: the distribution's https URL, ending in `/`. A token until deployment. */
  readonly baseUrl: string;
  /** `privatekey`: where the container writes the signing key (`CLOUDFRONT_PRIVATE_KEY_PATH`). */
  readonly privateKeyPath: string;
  /** `keypairid`: the CloudFront public key id (`K...`). A token until deployment. */
  readonly keyPairId: string;
  /** `duration`: lifetime of signed URLs as a Go duration in seconds, e.g. `1200s`. */
  readonly duration: string;
}

/** Construct id of the stack-wide function that empties buckets with `autoDeleteObjects` (aws-cdk-lib's choice). */
const AUTO_DELETE_PROVIDER_ID = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
const MAX_KEY_VERSION = 1_000_000;

/**
 * CloudFront in front of a self-hosted registry's S3 storage, for blob
 * downloads only. The registry's `cloudfront` storage middleware redirects
 * blob reads to URLs signed with a key generated at deploy time; CloudFront
 * reads the bucket through Origin Access Control and caches blobs, which are
 * immutable, for a year. Push, login and the API stay on the registry.
 */
export class RegistryCdn extends Construct {
  /** Where the registry container writes the signing key; see `CLOUDFRONT_PRIVATE_KEY_PATH`. */
  public static readonly PRIVATE_KEY_PATH: string = CLOUDFRONT_PRIVATE_KEY_PATH;

  /** The CloudFront distribution. */
  public readonly distribution: Distribution;
  /** Id of the CloudFront public key that verifies signed URLs (the middleware's `keypairid`). */
  public readonly keyPairId: string;
  /** Holds the signing key, RSA-2048 in PKCS#1 PEM, as a plain string. Grant the registry task read access. */
  public readonly privateKeySecret: ISecret;
  /** https URL of the distribution, without trailing slash. */
  public readonly baseUrl: string;
  /** The bucket that receives access logs. */
  public readonly accessLogsBucket: IBucket;
  /** The environment this CDN serves. */
  public readonly environment: RegistryEnvironment;

  private readonly signedUrlValiditySeconds: number;

  constructor(scope: Construct, id: string, props: RegistryCdnProps) {
    super(scope, id);
    if (!(props?.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', props?.environment, 'a RegistryEnvironment');
    }
    if (!props.bucket || typeof props.bucket.bucketArn !== 'string') {
      throw invalid('bucket', props.bucket, 'an s3 IBucket');
    }
    const environment = props.environment;
    this.environment = environment;
    const root = normalizeRootDirectory('rootDirectory', props.rootDirectory ?? CDN_DEFAULTS.rootDirectory);
    this.signedUrlValiditySeconds = validitySecondsOf('signedUrlValidity', props.signedUrlValidity ?? CDN_DEFAULTS.signedUrlValidity);
    const keyVersion = props.keyVersion ?? CDN_DEFAULTS.keyVersion;
    assertInteger('keyVersion', keyVersion, 1, MAX_KEY_VERSION);
    assertWebAclArn('webAclArn', props.webAclArn);
    assertCustomDomain(props.domainName, props.certificate);

    const encryptionKey = props.encryptionKey ?? props.bucket.encryptionKey;
    const signingKey = new CdnSigningKey(this, 'SigningKey', { environment, keyVersion, encryptionKey });
    this.privateKeySecret = signingKey.privateKeySecret;
    this.keyPairId = signingKey.publicKey.publicKeyId;

    const origin = newBlobOrigin(this, 'OriginAccessControl', props.bucket, fit(`Reads the blobs of ${environment.hostname}`, MAX_CLOUDFRONT_COMMENT));

    this.accessLogsBucket = props.accessLogsBucket ?? newCdnLogBucket(this, 'AccessLogs', environment);
    const behaviors = cdnBehaviors(origin, signingKey.keyGroup, newBlobCachePolicy(this, 'BlobCachePolicy', environment.hostname), root);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Blob downloads of the ${environment.hostname} registry`,
      ...behaviors,
      priceClass: props.priceClass ?? defaultPriceClass(environment),
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      // Only a custom certificate carries a security policy: CloudFront fixes
      // the *.cloudfront.net one at TLSv1 (acknowledged in cdn/acknowledgements.ts).
      certificate: props.certificate,
      domainNames: props.domainName ? [props.domainName] : undefined,
      minimumProtocolVersion: props.certificate ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: props.certificate ? SSLMethod.SNI : undefined,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: `${environment.resourcePrefix}/`,
      logIncludesCookies: false,
      webAclId: props.webAclArn,
    });
    this.baseUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    allowDistributionToRead(this, props.bucket, rootKeyPrefix(root), this.distribution.distributionId);
    if (encryptionKey) {
      allowCloudFrontToDecrypt(this, encryptionKey);
    }

    const ownLogBucket = props.accessLogsBucket ? undefined : this.accessLogsBucket;
    acknowledgeCdnFindings({
      distribution: this.distribution,
      signingKey,
      logBucket: ownLogBucket,
      autoDeleteProvider: ownLogBucket ? Stack.of(this).node.tryFindChild(AUTO_DELETE_PROVIDER_ID) : undefined,
      hasWebAcl: props.webAclArn !== undefined,
      hasCertificate: props.certificate !== undefined,
      logRetentionDays: environment.settings.logRetentionDays,
    });
    tagWithEnvironment(this, environment);
  }

  /** The middleware's `duration`, e.g. `1200s`. */
  public get signedUrlDuration(): string {
    return `${this.signedUrlValiditySeconds}s`;
  }

  /**
   * Options of the registry's `cloudfront` storage middleware. `baseUrl` and
   * `keyPairId` are tokens that resolve at deployment; `privateKeyPath` is
   * `CLOUDFRONT_PRIVATE_KEY_PATH`, where the task must write `privateKeySecret`.
   */
  public middlewareOptions(): RegistryCdnMiddlewareOptions {
    return {
      baseUrl: `${this.baseUrl}/`,
      privateKeyPath: CLOUDFRONT_PRIVATE_KEY_PATH,
      keyPairId: this.keyPairId,
      duration: this.signedUrlDuration,
    };
  }
}
