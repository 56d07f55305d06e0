import { IConstruct } from 'constructs';
import type { SelfHostedRegistryStack, SelfHostedReplicaStack, SelfHostedReplicaStorageStack } from '../../../examples/self-hosted/self-hosted-example';
import type { HtpasswdUsers, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import type { RegistryBucket } from '../../../lib/aws/self-hosted/registry-bucket';
import { testContracts } from '../../support/iam/contracts';
import { DeployedResource, DeployedStack, OTHER_ACCOUNT, SAMPLE } from '../../support/iam/deployed-template';
import { ExampleDeployment } from '../../support/iam/example-deployment';
import {
  asRole, foreignResource, LAMBDA_VPC_ACCESS, objectOf, OTHER_ACCOUNT_ADMIN, request, requests, service, topicKey, trustOf, UNRELATED_ROLE,
} from '../../support/iam/requests';

/*
 * Service-integration contracts of the self-hosted registry, evaluated on
 * the prod example (eu-west-1) and its replica (eu-central-1: storage and
 * registry in two stacks) as deployed
 * into a sample account. Each row cites the AWS page that documents the
 * request: principal, action, resource ARN and context keys.
 */

const PRIMARY = 'self-hosted-prod-registry';
const REPLICA = 'self-hosted-prod-registry-replica-eu-central-1';
const REPLICA_STORAGE = 'self-hosted-prod-registry-replica-storage-eu-central-1';
const ACCOUNT = SAMPLE.account;
/** A blob under the registry's root directory, as distribution stores it. */
const BLOB_KEY = 'registry/docker/registry/v2/blobs/sha256/4f/4f8c1a0b/data';

let deployment: ExampleDeployment;
let primary: DeployedStack;
let replica: DeployedStack;
let replicaStorageStack: DeployedStack;
let registry: SelfHostedRegistry;
let replicaRegistry: SelfHostedRegistryReplica;
let replicaStorage: SelfHostedReplicaStorage;
beforeAll(() => {
  deployment = ExampleDeployment.synthesize();
  primary = deployment.stack(PRIMARY);
  replica = deployment.stack(REPLICA);
  replicaStorageStack = deployment.stack(REPLICA_STORAGE);
  registry = deployment.construct<SelfHostedRegistryStack>(PRIMARY).registry;
  replicaRegistry = deployment.construct<SelfHostedReplicaStack>(REPLICA).replica;
  replicaStorage = deployment.construct<SelfHostedReplicaStorageStack>(REPLICA_STORAGE).storage;
});

const child = <T>(scope: IConstruct, id: string): T => scope.node.findChild(id) as unknown as T;

/** The ARN CloudWatch Logs puts in the encryption context: the log group's ARN in colon form, without ":*". */
function logGroupContextArn(stack: DeployedStack, logGroup: IConstruct): string {
  return stack.resource(logGroup).arn.replace(/:\*$/, '');
}

/** Every log group of `stack` encrypted with a key of the stack, and that key. */
function encryptedLogGroups(stack: DeployedStack): Array<{ arn: string; key: DeployedResource }> {
  return stack.logicalIdsOfType('AWS::Logs::LogGroup')
    .filter((id) => stack.propertiesOf(id).KmsKeyId !== undefined)
    .map((id) => ({
      arn: stack.arnOf(id).replace(/:\*$/, ''),
      key: stack.resourceById(stack.propertiesOf(id).KmsKeyId['Fn::GetAtt'][0]),
    }));
}

const logsEncrypt = (stack: DeployedStack, logGroupArn: string, key: DeployedResource, principal = `logs.${stack.region}.amazonaws.com`) =>
  requests(service(principal), ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], key, { 'kms:EncryptionContext:aws:logs:arn': logGroupArn });

function logsContract(name: string, stack: () => DeployedStack): Parameters<typeof testContracts>[0][number] {
  return {
    contract: `CloudWatch Logs encrypts the ${name} log groups with the registry's key`,
    documentation: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    allowed: () => {
      const groups = encryptedLogGroups(stack());
      if (groups.length < 2) {
        throw new Error('expected the service and flow log groups to be encrypted');
      }
      return groups.flatMap(({ arn, key }) => logsEncrypt(stack(), arn, key));
    },
    denied: () => encryptedLogGroups(stack()).flatMap(({ arn, key }) => [
      ...logsEncrypt(stack(), arn.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`), key),
      // Another region's CloudWatch Logs, and a request without the context.
      ...logsEncrypt(stack(), arn, key, 'logs.us-east-1.amazonaws.com'),
      request(service(`logs.${stack().region}.amazonaws.com`), 'kms:Decrypt', key),
    ]),
  };
}

/** Alarms of `stack` whose actions notify `topic`. */
function alarmsNotifying(stack: DeployedStack, topic: DeployedResource): string[] {
  const alarms = stack.logicalIdsOfType('AWS::CloudWatch::Alarm')
    .filter((id) => (stack.resolve(stack.propertiesOf(id).AlarmActions ?? []) as string[]).includes(topic.arn))
    .map((id) => stack.arnOf(id));
  if (alarms.length === 0) {
    throw new Error(`no alarm of ${stack.stackName} notifies ${topic.arn}`);
  }
  return alarms;
}

/** EventBridge rules of `stack` that target `topic`. */
function rulesTargeting(stack: DeployedStack, topic: DeployedResource): string[] {
  const rules = stack.logicalIdsOfType('AWS::Events::Rule')
    .filter((id) => (stack.resolve(stack.propertiesOf(id).Targets ?? []) as Array<{ Arn: string }>).some((t) => t.Arn === topic.arn))
    .map((id) => stack.arnOf(id));
  if (rules.length === 0) {
    throw new Error(`no rule of ${stack.stackName} targets ${topic.arn}`);
  }
  return rules;
}

const source = (arn: string) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': arn.split(':')[4] });
const foreign = (arn: string) => arn.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`);

function alarmContracts(name: string, stack: () => DeployedStack, topicOf: () => IConstruct): Parameters<typeof testContracts>[0] {
  const topic = () => stack().resource(topicOf());
  return [
    {
      contract: `CloudWatch alarms of the ${name} publish to its alarm topic`,
      // The error an alarm records when the topic policy lacks this, and the condition that scopes it.
      documentation: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
      allowed: () => alarmsNotifying(stack(), topic()).map((alarm) => request(service('cloudwatch.amazonaws.com'), 'sns:Publish', topic(), source(alarm))),
      denied: () => [
        ...alarmsNotifying(stack(), topic()).map((alarm) => request(service('cloudwatch.amazonaws.com'), 'sns:Publish', topic(), source(foreign(alarm)))),
        request(OTHER_ACCOUNT_ADMIN, 'sns:Publish', topic()),
        request(UNRELATED_ROLE, 'sns:Publish', topic()),
      ],
    },
    {
      contract: `CloudWatch may use the key of the ${name}'s encrypted alarm topic`,
      documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      allowed: () => requests(service('cloudwatch.amazonaws.com'), ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic())),
      denied: () => [
        ...requests(OTHER_ACCOUNT_ADMIN, ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic())),
        ...requests(service('s3.amazonaws.com'), ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic())),
      ],
    },
    {
      contract: `EventBridge rules of the ${name} (stopped tasks) publish to its alarm topic`,
      documentation: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
      allowed: () => rulesTargeting(stack(), topic()).map((rule) => request(service('events.amazonaws.com'), 'sns:Publish', topic(), source(rule))),
      denied: () => [
        ...rulesTargeting(stack(), topic()).map((rule) => request(service('events.amazonaws.com'), 'sns:Publish', topic(), source(foreign(rule)))),
        // Any other rule of the account: a rule is how anyone in the account could make EventBridge publish.
        request(service('events.amazonaws.com'), 'sns:Publish', topic(),
          source(`arn:aws:events:${stack().region}:${ACCOUNT}:rule/someone-elses-rule`)),
      ],
    },
    {
      contract: `EventBridge may use the key of the ${name}'s encrypted alarm topic`,
      documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      allowed: () => requests(service('events.amazonaws.com'), ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic())),
      denied: () => requests(OTHER_ACCOUNT_ADMIN, ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic())),
    },
  ];
}

/** What S3 sends for SSE-KMS objects of `bucket` (bucket keys on: the context is the bucket's ARN). */
const s3Kms = (region: string, bucket: DeployedResource) => ({
  'kms:ViaService': `s3.${region}.amazonaws.com`,
  'kms:EncryptionContext:aws:s3:arn': bucket.arn,
});

/** The image storage a registry's tasks use: its bucket, key and log bucket, wherever they are deployed. */
interface TaskStorage {
  readonly bucket: () => DeployedResource;
  readonly key: () => DeployedResource;
  readonly logs: () => DeployedResource;
  /** A primary reads, writes and deletes; a replica only reads. */
  readonly writes: boolean;
}

function ecsRoleContracts(name: string, stack: () => DeployedStack, registryOf: () => SelfHostedRegistry | SelfHostedRegistryReplica,
  key: () => DeployedResource, secrets: () => IConstruct[], notSecrets: () => IConstruct[], storage: TaskStorage): Parameters<typeof testContracts>[0] {
  const running = () => registryOf().running;
  const executionRole = () => stack().role(running().taskDefinition.executionRole!);
  const taskRole = () => stack().role(running().taskDefinition.taskRole);
  const bucket = storage.bucket;
  const storageKey = storage.key;
  const region = () => stack().region;
  const logStream = () => `${logGroupContextArn(stack(), running().logGroup)}:log-stream:registry/registry/0a1b2c3d4e5f`;
  return [
    {
      contract: `ECS tasks of the ${name} assume the execution and task roles`,
      documentation: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
      allowed: () => [executionRole(), taskRole()].map((role) => request(service('ecs-tasks.amazonaws.com'), 'sts:AssumeRole', trustOf(stack(), role))),
      denied: () => [executionRole(), taskRole()].flatMap((role) => [
        request(service('lambda.amazonaws.com'), 'sts:AssumeRole', trustOf(stack(), role)),
        request(OTHER_ACCOUNT_ADMIN, 'sts:AssumeRole', trustOf(stack(), role)),
      ]),
    },
    {
      contract: `The ${name}'s execution role reads the task's secrets and writes its logs`,
      documentation: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
      allowed: () => [
        ...secrets().map((secret) => request(asRole(executionRole()), 'secretsmanager:GetSecretValue', stack().resource(secret))),
        // Secrets Manager decrypts with the key on the caller's behalf.
        request(asRole(executionRole()), 'kms:Decrypt', key(), { 'kms:ViaService': `secretsmanager.${region()}.amazonaws.com` }),
        ...requests(asRole(executionRole()), ['logs:CreateLogStream', 'logs:PutLogEvents'], foreignResource(logStream())),
      ],
      denied: () => [
        ...notSecrets().map((secret) => request(asRole(executionRole()), 'secretsmanager:GetSecretValue', stack().resource(secret))),
        request(asRole(executionRole()), 'kms:Decrypt', key()),
        request(asRole(executionRole()), 'secretsmanager:GetSecretValue',
          foreignResource(`arn:aws:secretsmanager:${region()}:${OTHER_ACCOUNT}:secret:elsewhere-AbCdEf`)),
      ],
    },
    storage.writes ? {
      contract: `The ${name}'s task role reads and writes image data in its bucket`,
      documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      allowed: () => [
        ...requests(asRole(taskRole()), ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], objectOf(bucket(), BLOB_KEY), { 's3:TlsVersion': '1.3' }),
        request(asRole(taskRole()), 's3:ListBucket', bucket(), { 's3:TlsVersion': '1.3' }),
        ...requests(asRole(taskRole()), ['kms:GenerateDataKey', 'kms:Decrypt'], storageKey(), s3Kms(region(), bucket())),
      ],
      denied: () => [
        request(asRole(taskRole()), 's3:GetObject', objectOf(storage.logs(), 'images/log')),
        request(asRole(taskRole()), 's3:PutObject', objectOf(bucket(), BLOB_KEY), { 's3:TlsVersion': '1.1' }),
        request(asRole(taskRole()), 's3:PutObject', foreignResource('arn:aws:s3:::someone-elses-bucket/x')),
      ],
    } : {
      contract: `The ${name}'s task role reads image data in its bucket and writes nothing`,
      documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      allowed: () => [
        request(asRole(taskRole()), 's3:GetObject', objectOf(bucket(), BLOB_KEY), { 's3:TlsVersion': '1.3' }),
        request(asRole(taskRole()), 's3:ListBucket', bucket(), { 's3:TlsVersion': '1.3' }),
        request(asRole(taskRole()), 'kms:Decrypt', storageKey(), s3Kms(region(), bucket())),
      ],
      denied: () => [
        ...requests(asRole(taskRole()), ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], objectOf(bucket(), BLOB_KEY), { 's3:TlsVersion': '1.3' }),
        request(asRole(taskRole()), 'kms:GenerateDataKey', storageKey(), s3Kms(region(), bucket())),
        request(asRole(taskRole()), 's3:GetObject', objectOf(storage.logs(), 'images/log')),
        request(asRole(taskRole()), 's3:GetObject', objectOf(bucket(), BLOB_KEY), { 's3:TlsVersion': '1.1' }),
      ],
    },
    {
      contract: `The ${name}'s task role uses the key only through S3`,
      documentation: 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service',
      allowed: () => requests(asRole(taskRole()), storage.writes ? ['kms:GenerateDataKey', 'kms:Decrypt'] : ['kms:Decrypt'], storageKey(), s3Kms(region(), bucket())),
      denied: () => [
        ...requests(asRole(taskRole()), ['kms:GenerateDataKey', 'kms:Decrypt'], storageKey()),
        // Through S3 of another region.
        request(asRole(taskRole()), 'kms:Decrypt', storageKey(), s3Kms('us-east-1', bucket())),
      ],
    },
  ];
}

/** Where S3 server access logs of the image bucket and the load balancer's access logs go. */
interface LogBuckets {
  readonly images: () => DeployedResource;
  /** The log bucket of the image bucket. */
  readonly imageLogs: () => DeployedResource;
  /** The log bucket of the load balancer. */
  readonly loadBalancerLogs: () => DeployedResource;
}

function accessLogContracts(name: string, stack: () => DeployedStack, buckets: LogBuckets, elbAccount: string): Parameters<typeof testContracts>[0] {
  const images = buckets.images;
  const elb = { arn: `arn:aws:iam::${elbAccount}:root`, identityPolicies: OTHER_ACCOUNT_ADMIN.identityPolicies };
  const albKey = (account: string) => `load-balancer/AWSLogs/${account}/elasticloadbalancing/${stack().region}/2026/01/01/log.gz`;
  return [
    {
      contract: `S3 server access logging of the ${name}'s image bucket writes to its log bucket`,
      documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
      allowed: () => [request(service('logging.s3.amazonaws.com'), 's3:PutObject', objectOf(buckets.imageLogs(), 'images/2026-01-01-00-00-00-0A1B'),
        { ...source(images().arn), 'aws:SourceAccount': ACCOUNT })],
      denied: () => [
        request(service('logging.s3.amazonaws.com'), 's3:PutObject', objectOf(buckets.imageLogs(), 'images/x'),
          { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': OTHER_ACCOUNT }),
        request(OTHER_ACCOUNT_ADMIN, 's3:PutObject', objectOf(buckets.imageLogs(), 'images/x')),
        // Below TLS 1.2, as on every bucket of the registry.
        request(service('logging.s3.amazonaws.com'), 's3:PutObject', objectOf(buckets.imageLogs(), 'images/x'),
          { ...source(images().arn), 'aws:SourceAccount': ACCOUNT, 's3:TlsVersion': '1.1' }),
      ],
    },
    {
      contract: `The ${name}'s load balancer delivers access logs to its log bucket`,
      documentation: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
      allowed: () => [request(elb, 's3:PutObject', objectOf(buckets.loadBalancerLogs(), albKey(ACCOUNT)))],
      denied: () => [
        request(elb, 's3:PutObject', objectOf(buckets.loadBalancerLogs(), albKey(OTHER_ACCOUNT))),
        request(OTHER_ACCOUNT_ADMIN, 's3:PutObject', objectOf(buckets.loadBalancerLogs(), albKey(ACCOUNT))),
      ],
    },
  ];
}

describe('self-hosted prod registry (eu-west-1)', () => {
  const key = () => primary.resource(registry.encryptionKey!);
  const primaryStorage = () => child<RegistryBucket>(registry, 'Storage');
  const users = () => registry.users as HtpasswdUsers;
  const signingKey = () => child<IConstruct>(registry.cdn!, 'SigningKey');
  testContracts([
    logsContract('primary', () => primary),
    ...alarmContracts('primary', () => primary, () => registry.alarmTopic!),
    {
      contract: 'CloudFront (origin access control) reads blobs from the image bucket',
      documentation: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      allowed: () => [request(service('cloudfront.amazonaws.com'), 's3:GetObject', objectOf(primary.resource(registry.bucket), BLOB_KEY),
        { ...source(primary.resource(registry.cdn!.distribution).arn), 's3:TlsVersion': '1.3' })],
      denied: () => [
        request(service('cloudfront.amazonaws.com'), 's3:GetObject', objectOf(primary.resource(registry.bucket), BLOB_KEY),
          source(foreign(primary.resource(registry.cdn!.distribution).arn))),
        // Outside the registry's root directory.
        request(service('cloudfront.amazonaws.com'), 's3:GetObject', objectOf(primary.resource(registry.bucket), 'elsewhere/data'),
          source(primary.resource(registry.cdn!.distribution).arn)),
      ],
    },
    {
      contract: 'CloudFront decrypts blobs with the registry key',
      documentation: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html#oac-permission-to-access-s3',
      allowed: () => [request(service('cloudfront.amazonaws.com'), 'kms:Decrypt', key(), source(primary.resource(registry.cdn!.distribution).arn))],
      denied: () => [request(service('cloudfront.amazonaws.com'), 'kms:Decrypt', key(), source(foreign(primary.resource(registry.cdn!.distribution).arn)))],
    },
    ...ecsRoleContracts('primary', () => primary, () => registry, key,
      () => [registry.httpSecret, child(users(), 'Htpasswd'), registry.cdn!.privateKeySecret],
      () => [users().passwordSecret('ci')],
      { bucket: () => primary.resource(registry.bucket), key, logs: () => primary.resource(primaryStorage().accessLogsBucket), writes: true }),
    {
      contract: 'The primary\'s execution role reads the read-only switch parameter',
      documentation: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
      allowed: () => [request(asRole(primary.role(registry.taskDefinition.executionRole!)), 'ssm:GetParameters',
        foreignResource(`arn:aws:ssm:${primary.region}:${ACCOUNT}:parameter/prod-registry/registry/maintenance-readonly`))],
      denied: () => [request(asRole(primary.role(registry.taskDefinition.executionRole!)), 'ssm:GetParameters',
        foreignResource(`arn:aws:ssm:${primary.region}:${ACCOUNT}:parameter/someone-elses/parameter`))],
    },
    {
      contract: 'Lambda assumes the roles of the custom resources (htpasswd, CloudFront key pair)',
      documentation: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
      allowed: () => [child<IConstruct>(users(), 'HandlerRole'), child<IConstruct>(signingKey(), 'HandlerRole')]
        .map((role) => request(service('lambda.amazonaws.com'), 'sts:AssumeRole', trustOf(primary, primary.role(role)))),
      denied: () => [child<IConstruct>(users(), 'HandlerRole'), child<IConstruct>(signingKey(), 'HandlerRole')]
        .map((role) => request(service('ecs-tasks.amazonaws.com'), 'sts:AssumeRole', trustOf(primary, primary.role(role)))),
    },
    {
      contract: 'The htpasswd custom resource reads the passwords and writes the htpasswd secret',
      documentation: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
      allowed: () => {
        const role = asRole(primary.role(child(users(), 'HandlerRole')), LAMBDA_VPC_ACCESS);
        const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${primary.region}.amazonaws.com` };
        return [
          ...users().users.map((user) => request(role, 'secretsmanager:GetSecretValue', primary.resource(users().passwordSecret(user)))),
          ...requests(role, ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], primary.resource(child(users(), 'Htpasswd'))),
          ...requests(role, ['kms:Decrypt', 'kms:GenerateDataKey'], key(), viaSecretsManager),
        ];
      },
      denied: () => {
        const role = asRole(primary.role(child(users(), 'HandlerRole')), LAMBDA_VPC_ACCESS);
        return [
          request(role, 'secretsmanager:GetSecretValue', primary.resource(registry.httpSecret)),
          request(role, 'secretsmanager:PutSecretValue', primary.resource(users().passwordSecret('ci'))),
          request(role, 'kms:Decrypt', key()),
        ];
      },
    },
    {
      contract: 'The CloudFront key-pair custom resource writes the signing key secret',
      documentation: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
      allowed: () => {
        const role = asRole(primary.role(child(signingKey(), 'HandlerRole')));
        return [
          ...requests(role, ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], primary.resource(registry.cdn!.privateKeySecret)),
          ...requests(role, ['kms:Decrypt', 'kms:GenerateDataKey'], key(), { 'kms:ViaService': `secretsmanager.${primary.region}.amazonaws.com` }),
        ];
      },
      denied: () => {
        const role = asRole(primary.role(child(signingKey(), 'HandlerRole')));
        return [request(role, 'secretsmanager:GetSecretValue', primary.resource(registry.httpSecret)), request(role, 'kms:Decrypt', key())];
      },
    },
    ...accessLogContracts('primary', () => primary, {
      images: () => primary.resource(registry.bucket),
      imageLogs: () => primary.resource(primaryStorage().accessLogsBucket),
      loadBalancerLogs: () => primary.resource(primaryStorage().accessLogsBucket),
    }, '156460612806'),
  ]);
});

/*
 * S3 replication and the replica side. The replica's bucket and its key
 * live in the storage stack (deployed before the primary); the replica's
 * registry, with a key of its own for its secrets and logs, in the replica
 * stack (deployed after it).
 */
describe('self-hosted prod replica (eu-central-1) and S3 replication', () => {
  const replicationRole = () => child<RegistryBucket>(registry, 'Storage').replicationRole!;
  const replicaKey = () => replicaStorageStack.resource(replicaStorage.encryptionKey);
  const replicaServiceKey = () => replica.resource(replicaRegistry.encryptionKey!);
  const sourceBucket = () => primary.resource(registry.bucket);
  const replicaBucket = () => replicaStorageStack.resource(replicaStorage.bucket);
  const replicaLoadBalancerLogs = () => replica.resource(child<IConstruct>(replicaRegistry, 'AccessLogs'));
  testContracts([
    {
      contract: 'S3 assumes the replication role',
      documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
      allowed: () => [request(service('s3.amazonaws.com'), 'sts:AssumeRole', trustOf(primary, primary.role(replicationRole())))],
      denied: () => [request(service('ec2.amazonaws.com'), 'sts:AssumeRole', trustOf(primary, primary.role(replicationRole())))],
    },
    {
      contract: 'S3 replication reads the primary bucket and writes the replica bucket, with both keys',
      documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
      allowed: () => {
        const role = asRole(primary.role(replicationRole()));
        const tls = { 's3:TlsVersion': '1.3' };
        return [
          ...requests(role, ['s3:GetReplicationConfiguration', 's3:ListBucket'], sourceBucket(), tls),
          ...requests(role, ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
            objectOf(sourceBucket(), BLOB_KEY), tls),
          request(role, 'kms:Decrypt', primary.resource(registry.encryptionKey!), s3Kms(primary.region, sourceBucket())),
          ...requests(role, ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], objectOf(replicaBucket(), BLOB_KEY), tls),
          ...requests(role, ['kms:Encrypt', 'kms:GenerateDataKey'], replicaKey(), s3Kms(replica.region, replicaBucket())),
        ];
      },
      denied: () => {
        const role = asRole(primary.role(replicationRole()));
        return [
          request(role, 's3:ReplicateObject', foreignResource('arn:aws:s3:::someone-elses-bucket/x')),
          request(role, 's3:ReplicateObject', objectOf(replicaBucket(), BLOB_KEY), { 's3:TlsVersion': '1.1' }),
          request(role, 'kms:GenerateDataKey', replicaKey()),
          request(role, 's3:PutObject', objectOf(sourceBucket(), BLOB_KEY)),
        ];
      },
    },
    logsContract('replica', () => replica),
    ...alarmContracts('replica', () => replica, () => replicaRegistry.alarmTopic!),
    ...ecsRoleContracts('replica', () => replica, () => replicaRegistry, replicaServiceKey,
      () => [replicaRegistry.httpSecret],
      () => [],
      { bucket: replicaBucket, key: replicaKey, logs: replicaLoadBalancerLogs, writes: false }),
    {
      contract: 'The replica\'s execution role reads the htpasswd secret that Secrets Manager replicates into its region',
      documentation: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html',
      allowed: () => [request(asRole(replica.role(replicaRegistry.running.taskDefinition.executionRole!)), 'secretsmanager:GetSecretValue',
        foreignResource(`arn:aws:secretsmanager:${replica.region}:${ACCOUNT}:secret:prod-registry/registry/htpasswd-AbCdEf`))],
      denied: () => [request(asRole(replica.role(replicaRegistry.running.taskDefinition.executionRole!)), 'secretsmanager:GetSecretValue',
        foreignResource(`arn:aws:secretsmanager:${replica.region}:${ACCOUNT}:secret:prod-registry/registry/other-AbCdEf`))],
    },
    ...accessLogContracts('replica', () => replica, {
      images: replicaBucket,
      imageLogs: () => replicaStorageStack.resource(replicaStorage.accessLogsBucket),
      loadBalancerLogs: replicaLoadBalancerLogs,
    }, '054676820928'),
  ]);
});
