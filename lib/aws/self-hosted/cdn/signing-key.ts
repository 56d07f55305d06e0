import { join } from 'path';
import { CfnResource, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { IKeyGroup, IPublicKey, KeyGroup, PublicKey } from 'aws-cdk-lib/aws-cloudfront';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../../core/environment';
import { removalPolicyOf } from '../../removal';
import { logRetentionOf } from '../../log-retention';
import { fit, MAX_CLOUDFRONT_COMMENT, MAX_LAMBDA_DESCRIPTION } from './text';

/** Properties of a `CdnSigningKey`. */
export interface CdnSigningKeyProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;
  /** Bumping it generates a new key pair at the next deployment. */
  readonly keyVersion: number;
  /**
   * The key that encrypts the private key secret.
   *
   * @default - the AWS managed key of Secrets Manager
   */
  readonly encryptionKey?: IKey;
}

/** The handler's directory; the build copies it next to the compiled code (see the README). */
const HANDLER_DIR = join(__dirname, '..', 'handlers', 'cdn-key-pair');

/**
 * The signing key of the registry's cloudfront middleware, generated at
 * deploy time: the private key lands in a Secrets Manager secret (never in
 * the template, outputs or resource attributes), the public key in a
 * CloudFront public key inside a key group.
 */
export class CdnSigningKey extends Construct {
  /** Holds the private key, RSA-2048 in PKCS#1 PEM, as a plain string. */
  public readonly privateKeySecret: ISecret;
  /** The CloudFront public key of the current pair. */
  public readonly publicKey: IPublicKey;
  /** The key group that distributions trust. */
  public readonly keyGroup: IKeyGroup;
  /** The Lambda function behind the custom resource. */
  public readonly handler: LambdaFunction;

  constructor(scope: Construct, id: string, props: CdnSigningKeyProps) {
    super(scope, id);
    const environment = props.environment;
    const secret = new Secret(this, 'PrivateKey', {
      description: `CloudFront URL signing key (RSA-2048, PKCS#1 PEM) of the ${environment.hostname} registry`,
      encryptionKey: props.encryptionKey,
      // Not data: a key pair without its distribution is worthless, and a new one is a keyVersion away.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Empty until the handler puts the key: without this the L2 would
    // generate a random password, a value that is never a usable key.
    (secret.node.defaultChild as CfnResource).addPropertyDeletionOverride('GenerateSecretString');
    this.privateKeySecret = secret;

    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: logRetentionOf(environment.settings.logRetentionDays),
      removalPolicy: removalPolicyOf(environment.settings.removalMode),
    });
    // An explicit role instead of the L2 default: the managed
    // AWSLambdaBasicExecutionRole would allow writing to every log group.
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Generates the CloudFront signing key of the ${environment.hostname} registry`,
    });
    logGroup.grantWrite(role);
    role.addToPolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      // Each key pair is a secret version; older ones are made current again on rollback.
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage'],
      resources: [secret.secretArn],
    }));
    if (props.encryptionKey) {
      role.addToPolicy(new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }

    this.handler = new LambdaFunction(this, 'Handler', {
      description: fit(`Generates the CloudFront signing key pair of the ${environment.hostname} registry`, MAX_LAMBDA_DESCRIPTION),
      // The newest Node.js runtime of this aws-cdk-lib (cdk-nag's AwsSolutions-L1), as the htpasswd handler.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(HANDLER_DIR),
      timeout: Duration.minutes(1),
      memorySize: 256,
      role,
      logGroup,
      // The handler always answers CloudFormation itself; Lambda's retries would only repeat it.
      retryAttempts: 0,
    });

    const keyPair = new CustomResource(this, 'KeyPair', {
      resourceType: 'Custom::RegistryCdnKeyPair',
      serviceToken: this.handler.functionArn,
      // A lost response fails the deployment after minutes, not after CloudFormation's hour.
      serviceTimeout: Duration.minutes(5),
      properties: {
        SecretArn: secret.secretArn,
        KeyVersion: String(props.keyVersion),
      },
    });

    // CloudFront cannot change the key of a public key, and names are unique
    // per account: a new version is a new resource with a new name, which
    // CloudFormation creates before it deletes the old one.
    this.publicKey = new PublicKey(this, `PublicKeyV${props.keyVersion}`, {
      encodedKey: keyPair.getAttString('PublicKeyPem'),
      comment: fit(`Blob URL signing key ${props.keyVersion} of ${environment.hostname}`, MAX_CLOUDFRONT_COMMENT),
    });
    this.keyGroup = new KeyGroup(this, 'KeyGroup', {
      items: [this.publicKey],
      comment: fit(`Signs blob download URLs of ${environment.hostname}`, MAX_CLOUDFRONT_COMMENT),
    });
  }
}
