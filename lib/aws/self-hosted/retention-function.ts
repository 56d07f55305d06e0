import { join } from 'path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { IVpc, Peer, Port, SecurityGroup, SubnetSelection, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { logRetentionOf } from '../log-retention';
import { resourceFindingId } from '../nag';
import { removalPolicyOf } from '../removal';

/** Where a self-hosted registry keeps its images. */
export interface RegistryStorageLocation {
  /** The bucket of distribution's `s3` storage driver. */
  readonly bucket: IBucket;
  /**
   * distribution's `storage.s3.rootdirectory`.
   *
   * @default '' (the bucket's root)
   */
  readonly rootDirectory?: string;
  /**
   * The key the bucket's objects are encrypted with, when it is a key of
   * yours (reading them needs `kms:Decrypt` on it).
   *
   * @default - the AWS managed key of S3, which needs no grant
   */
  readonly encryptionKey?: IKey;
}

/** Properties of a `RegistryRetentionFunction`. */
export interface RegistryRetentionFunctionProps {
  /** The environment whose `maxImageCount` and `untaggedImageRetentionDays` are enforced. */
  readonly environment: RegistryEnvironment;
  /** The registry's storage. */
  readonly storage: RegistryStorageLocation;
  /** Report what would be deleted, and hold no permission to delete. */
  readonly dryRun: boolean;
  /** The VPC the function runs in; its subnets must reach S3 (a gateway endpoint or NAT). */
  readonly vpc: IVpc;
  /**
   * The subnets of `vpc` the function runs in.
   *
   * @default - the private subnets with egress
   */
  readonly vpcSubnets?: SubnetSelection;
}

/** distribution's layout below its root directory (registry/storage/paths.go: storagePathRoot + storagePathVersion). */
const LAYOUT = 'docker/registry/v2/';
const VPC_ACCESS_POLICY = 'service-role/AWSLambdaVPCAccessExecutionRole';
/** Lambda's longest run; the function stops starting repositories three minutes before it and is called again. */
const TIMEOUT = Duration.minutes(15);

/**
 * The function that enforces an environment's retention settings on a
 * self-hosted registry's storage during the maintenance window (see
 * `handlers/retention`). It edits only `_manifests` of the repositories,
 * as distribution's own manifest delete does, and never a blob: the
 * garbage collection that follows frees those.
 *
 * Least privilege: it lists and reads only distribution's layout, deletes
 * only below `repositories/<name>/_manifests/`, and in a dry run may not
 * delete at all. It reaches no registry endpoint and holds no registry
 * credentials: while the registry is read-only its API refuses deletes.
 */
export class RegistryRetentionFunction extends Construct {
  /** The Lambda function that deletes (or, in a dry run, lists) the manifests beyond retention. */
  public readonly handler: LambdaFunction;
  /** Its log group: one line per deleted (or, in a dry run, deletable) manifest. */
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RegistryRetentionFunctionProps) {
    super(scope, id);
    const { environment, storage } = props;
    const settings = environment.settings;
    const bucket = storage.bucket;
    const root = (storage.rootDirectory ?? '').replace(/^\/+|\/+$/g, '');
    const layout = root === '' ? LAYOUT : `${root}/${LAYOUT}`;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: logRetentionOf(settings.logRetentionDays),
      removalPolicy: removalPolicyOf(settings.removalMode),
    });
    // An own role: the default attaches AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Enforces the image retention of the ${environment.hostname} registry in its maintenance window`,
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));
    // s3:prefix limits ListBucket to distribution's layout (Service Authorization Reference, Amazon S3).
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${layout}*`] } },
    }));
    const manifestLinks = bucket.arnForObjects(`${layout}repositories/*/_manifests/*`);
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['s3:GetObject'],
      // Tag and revision links, and the manifests' bytes (to find what an index references).
      resources: [manifestLinks, bucket.arnForObjects(`${layout}blobs/*`)],
    }));
    if (!props.dryRun) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [manifestLinks] }));
    }
    if (storage.encryptionKey) {
      role.addToPrincipalPolicy(new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [storage.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
    // Lambda manages the function's network interfaces with this role; the AWS managed policy is the documented minimum.
    role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));

    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Registry retention function: outbound HTTPS only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'S3 (through the gateway endpoint or NAT)');

    this.handler = new LambdaFunction(this, 'Function', {
      description: `Deletes the manifests the retention settings of ${environment.hostname} no longer keep${props.dryRun ? ' (dry run: reports only)' : ''}`,
      // The newest Node.js runtime of this aws-cdk-lib (cdk-nag's AwsSolutions-L1), as the other handlers.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(join(__dirname, 'handlers', 'retention')),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      memorySize: 512,
      timeout: TIMEOUT,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      environment: {
        BUCKET_NAME: bucket.bucketName,
        ROOT_DIRECTORY: root,
        MAX_IMAGE_COUNT: String(settings.maxImageCount),
        UNTAGGED_RETENTION_DAYS: String(settings.untaggedImageRetentionDays),
        DRY_RUN: String(props.dryRun),
      },
    });
    this.acknowledgeFindings(role, settings.logRetentionDays, [manifestLinks, bucket.arnForObjects(`${layout}blobs/*`)]);
  }

  private acknowledgeFindings(role: Role, retentionDays: number, objectPatterns: string[]): void {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${VPC_ACCESS_POLICY}]`,
      reason: 'Lambda needs it to create and delete the network interfaces of a function in a VPC; '
        + 'its EC2 actions have no resource-level permissions to narrow, and AWS keeps it current.',
    });
    for (const pattern of objectPatterns) {
      Validations.of(role).acknowledge({
        id: resourceFindingId(Stack.of(this), pattern),
        reason: 'Repository names, tags and digests are known only at run time: reads and deletes are limited to '
          + 'repositories/*/_manifests/* (tag and revision links) and reads to blobs/* (manifest bytes), below the registry root.',
      });
    }
    if (retentionDays < 365) {
      Validations.of(this.logGroup).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
        reason: `Log retention follows the environment profile (${retentionDays} days here); the log lists the manifests `
          + 'each window deleted, which the registry\'s own logs do not.',
      });
    }
    Validations.of(this.logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: 'The log holds repository names, digests and tags, never image content or secrets; CloudWatch Logs '
        + 'encrypts it at rest with its own keys, and a customer key would need a key policy for the logs service.',
    });
  }
}
