import { createHash } from 'crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, sep } from 'path';
import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import { IVpc, Peer, Port, SecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Grant, IGrantable, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey, ViaServicePrincipal } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import { assertStringList } from '../../core/type-checks';
import { assertInteger, assertUnique } from '../../core/validate';
import { newRegistryKey } from '../ecr/registry-key';
import { fit, MAX_LAMBDA_DESCRIPTION } from './cdn/text';
import { claimName, NameScope } from './name-claims';
import { htpasswdSecretName } from './replica-names';
import { removalPolicyOf } from '../removal';
import { logRetentionOf } from '../log-retention';
import { tagWithEnvironment } from '../tags';

/** Properties of `HtpasswdUsers`. */
export interface HtpasswdUsersProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * Registry user names, 1 to 50 of them. Each is 1-64 characters of lower
   * case letters, digits, `.`, `_` and `-`, starting with a letter or digit
   * (stricter than htpasswd, which only forbids `:`, so that names are safe
   * in URLs, shells and construct ids).
   */
  readonly users: string[];

  /**
   * The key that encrypts the password secrets and the htpasswd secret.
   *
   * @default - a new key with rotation when the profile asks for a
   * customer-managed key (prod), otherwise the AWS managed key of Secrets
   * Manager (`aws/secretsmanager`)
   */
  readonly encryptionKey?: IKey;

  /**
   * The bcrypt cost (log2 of the rounds), 10 to 14. Every registry request
   * with basic auth pays for one hash, so each step up doubles the time of
   * every login and pull.
   *
   * @default 10
   */
  readonly bcryptCost?: number;

  /**
   * The VPC the hashing function runs in. Its subnets need HTTPS routes to
   * Secrets Manager and to S3, where CloudFormation receives the function's
   * answer: a NAT gateway, or a `secretsmanager` interface endpoint plus an
   * S3 gateway endpoint.
   *
   * @default - the function runs outside any VPC (it only calls Secrets Manager)
   */
  readonly vpc?: IVpc;

  /**
   * Where in `vpc` the function runs.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: SubnetSelection;

  /**
   * Regions where Secrets Manager keeps a replica of the htpasswd secret,
   * under the name `htpasswdSecretName(environment)`, for the registry's
   * replicas. Replicas are encrypted with `aws/secretsmanager` of their
   * region (a key of this region cannot encrypt there).
   *
   * @default - no replicas
   */
  readonly replicaRegions?: string[];
}

/** The defaults of this construct, in one place. */
const DEFAULTS = {
  bcryptCost: 10,
  minBcryptCost: 10,
  maxBcryptCost: 14,
  maxUsers: 50,
  // bcryptjs is plain JavaScript and single-threaded; Lambda's CPU share
  // grows with memory, and at 1 GiB one cost-14 hash takes about 1.5 s.
  handlerMemoryMiB: 1024,
  handlerTimeout: Duration.minutes(5),
  // CloudFormation gives up on a custom resource that never answers after
  // this long instead of the default hour.
  customResourceTimeout: Duration.minutes(10),
};

const VPC_ACCESS_POLICY = 'service-role/AWSLambdaVPCAccessExecutionRole';

/** What htpasswd files need (no `:`), narrowed to names safe in URLs, shells and construct ids. */
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * How each user's password is generated. 32 letters and digits: about 190
 * bits, nothing a shell, URL or `docker login` needs to quote, and well
 * under bcrypt's 72-byte limit.
 */
const PASSWORD_GENERATION = {
  passwordLength: 32,
  excludePunctuation: true,
  includeSpace: false,
  requireEachIncludedType: true,
};

/**
 * Registry users for the self-hosted distribution registry's htpasswd auth.
 *
 * Each user gets a Secrets Manager secret `{"username", "password"}` with a
 * generated password, for operators and CI to read. At deploy time a custom
 * resource bcrypt-hashes the passwords (distribution's htpasswd accepts
 * bcrypt only, and its Alpine image has no tool to hash) and writes the
 * whole htpasswd file into `htpasswdSecret`, for the ECS task to receive as
 * a container secret. No password or hash ever appears in the template.
 *
 * The file is rewritten when users are added or removed, the cost changes,
 * or a password secret is replaced or regenerated by CloudFormation. A
 * password changed by hand in Secrets Manager is picked up at the next
 * deployment that changes one of those.
 */
export class HtpasswdUsers extends Construct {
  /**
   * The secret holding the htpasswd file (`user:$2b$...` lines sorted by
   * user name, trailing newline). Its ARN comes from the custom resource, so
   * anything referencing it (an ECS task definition) is deployed after the
   * file has been written.
   */
  public readonly htpasswdSecret: ISecret;
  /**
   * The version id of the htpasswd secret written by the last deployment.
   * Put it into the registry task's environment to roll the tasks when the
   * users change: ECS reads secrets only when a task starts.
   */
  public readonly htpasswdVersionId: string;
  /** The user names, sorted. */
  public readonly users: string[];
  /** The key that encrypts the secrets, when it is not the AWS managed key. */
  public readonly encryptionKey?: IKey;
  /** The environment these users belong to. */
  public readonly environment: RegistryEnvironment;

  private readonly passwordSecrets = new Map<string, Secret>();

  constructor(scope: Construct, id: string, props: HtpasswdUsersProps) {
    super(scope, id);
    if (!(props?.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', props?.environment, 'a RegistryEnvironment');
    }
    const environment = props.environment;
    this.environment = environment;
    this.users = validateHtpasswdUsers('users', props.users);
    const cost = props.bcryptCost ?? DEFAULTS.bcryptCost;
    assertInteger('bcryptCost', cost, DEFAULTS.minBcryptCost, DEFAULTS.maxBcryptCost);
    if (props.vpcSubnets !== undefined && props.vpc === undefined) {
      throw invalid('vpcSubnets', props.vpcSubnets, 'no subnet selection without a vpc');
    }

    const settings = environment.settings;
    const removalPolicy = removalPolicyOf(settings.removalMode);
    this.encryptionKey = props.encryptionKey ?? (settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, 'registry user secrets')
      : undefined);

    for (const user of this.users) {
      const secret = new Secret(this, `Password-${user}`, {
        description: `Password of registry user "${user}" of ${environment.hostname}`,
        encryptionKey: this.encryptionKey,
        removalPolicy,
        generateSecretString: {
          ...PASSWORD_GENERATION,
          secretStringTemplate: JSON.stringify({ username: user }),
          generateStringKey: 'password',
        },
      });
      this.passwordSecrets.set(user, secret);
    }

    // Holds a random placeholder until the custom resource writes the file;
    // nothing can read it earlier, since readers get the ARN from the custom resource.
    const replicaRegions = props.replicaRegions === undefined ? [] : assertStringList('replicaRegions', props.replicaRegions,
      'a list of region names', (region, property) => {
        if (region === Stack.of(this).region) {
          throw invalid(property, region, 'a region other than the stack\'s own (the secret already lives there)');
        }
      });
    const secretName = replicaRegions.length > 0 ? htpasswdSecretName(environment) : undefined;
    if (secretName) {
      // A fixed name, in this region and every replica region: one per app.
      for (const region of [Stack.of(this).region, ...replicaRegions]) {
        claimName(this, { kind: 'secret name', name: secretName, scope: NameScope.REGIONAL, region }, 'environment', environment.hostname);
      }
    }
    const store = new Secret(this, 'Htpasswd', {
      description: `htpasswd file (bcrypt) of the ${environment.hostname} registry, written at deploy time`,
      // Registry replicas in other regions find their copy by this name.
      secretName,
      replicaRegions: replicaRegions.map((region) => ({ region })),
      encryptionKey: this.encryptionKey,
      removalPolicy,
    });

    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: logRetentionOf(settings.logRetentionDays),
      removalPolicy,
    });
    // An own role instead of the default one: the default attaches the AWS
    // managed AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Hashes the registry users of ${environment.hostname} into the htpasswd secret`,
    });
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: this.users.map((user) => this.passwordSecrets.get(user)!.secretArn),
    }));
    // Read as well as write: the current file is kept when it still verifies.
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
      resources: [store.secretArn],
    }));
    if (props.vpc) {
      // Lambda manages the function's network interfaces with this role;
      // the AWS managed policy is the documented minimum for that.
      role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));
    }
    if (this.encryptionKey) {
      // Only through Secrets Manager, which needs a data key to write and decrypt to read.
      this.encryptionKey.grant(new ViaServicePrincipal(`secretsmanager.${Stack.of(this).region}.amazonaws.com`, role),
        'kms:Decrypt', 'kms:GenerateDataKey');
    }

    // One function per HtpasswdUsers rather than a stack-wide singleton or
    // the Provider framework: its role can then read only these users'
    // secrets, and there is no framework function with an AWS managed policy
    // and a second log group. The handler answers CloudFormation itself.
    const handler = new LambdaFunction(this, 'Handler', {
      description: fit(`Writes the htpasswd secret of the ${environment.hostname} registry (bcrypt)`, MAX_LAMBDA_DESCRIPTION),
      // The newest Node.js runtime of this aws-cdk-lib, which cdk-nag's
      // AwsSolutions-L1 requires; the handler also runs on nodejs22.x.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(stagedHandlerDirectory()),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      memorySize: DEFAULTS.handlerMemoryMiB,
      timeout: DEFAULTS.handlerTimeout,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.vpc ? [httpsOnlySecurityGroup(this, props.vpc)] : undefined,
    });

    const resource = new CustomResource(this, 'Hash', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::RegistryHtpasswd',
      serviceTimeout: DEFAULTS.customResourceTimeout,
      // ARNs and settings only, never password material. A replaced password
      // secret changes its ARN; regenerated passwords change the fingerprint.
      properties: {
        HtpasswdSecretArn: store.secretArn,
        Users: this.users.map((user) => ({ Name: user, PasswordSecretArn: this.passwordSecrets.get(user)!.secretArn })),
        BcryptCost: String(cost),
        PasswordGeneration: createHash('sha256').update(JSON.stringify(PASSWORD_GENERATION)).digest('hex').slice(0, 16),
      },
    });
    // The function must not run before its role may read and write the secrets.
    resource.node.addDependency(role);

    this.htpasswdSecret = Secret.fromSecretAttributes(this, 'HtpasswdSecret', {
      secretCompleteArn: resource.getAttString('SecretArn'),
      encryptionKey: this.encryptionKey,
    });
    this.htpasswdVersionId = resource.getAttString('VersionId');

    this.acknowledgeFindings(handler, role, logGroup, settings.logRetentionDays, props.vpc !== undefined);
    tagWithEnvironment(this, environment);
  }

  /** The secret `{"username", "password"}` of `user`. */
  public passwordSecret(user: string): ISecret {
    const secret = this.passwordSecrets.get(user);
    if (!secret) {
      throw invalid('user', user, `one of the registry users of ${this.environment.hostname} (${this.users.join(', ')})`);
    }
    return secret;
  }

  /** Lets `grantee` read the htpasswd file (and decrypt it with the key, if there is one). */
  public grantRead(grantee: IGrantable): Grant {
    return this.htpasswdSecret.grantRead(grantee);
  }

  private acknowledgeFindings(handler: LambdaFunction, role: Role, logGroup: LogGroup, retentionDays: number, inVpc: boolean): void {
    for (const secret of [...this.passwordSecrets.values(), this.node.findChild('Htpasswd')]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Rotating a registry password needs the htpasswd file re-hashed and the registry tasks restarted; '
          + 'a rotation function would do neither. Passwords rotate by replacing the user (new secret) and redeploying.',
      });
    }
    if (inVpc) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${VPC_ACCESS_POLICY}]`,
        reason: 'Lambda needs it to create and delete the network interfaces of a function in a VPC; '
          + 'its EC2 actions have no resource-level permissions to narrow, and AWS keeps it current.',
      });
    } else {
      Validations.of(handler).acknowledge({
        id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
        reason: 'The function only calls Secrets Manager during deployments and reaches nothing in a VPC; '
          + 'pass the vpc property to run it inside the registry VPC.',
      });
    }
    if (retentionDays < 365) {
      Validations.of(logGroup).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
        reason: `Log retention follows the environment profile (${retentionDays} days here); the logs only record `
          + 'which users were hashed at each deployment.',
      });
    }
    Validations.of(logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: 'The function logs user names and outcomes only, never passwords or hashes; CloudWatch Logs '
        + 'encrypts them at rest with its own keys, and a customer key would need a key policy for the logs service.',
    });
  }
}

/** Outbound HTTPS only: the function talks to Secrets Manager and CloudFormation's response URL, nothing else. */
function httpsOnlySecurityGroup(scope: Construct, vpc: IVpc): SecurityGroup {
  const group = new SecurityGroup(scope, 'HandlerSecurityGroup', {
    vpc,
    description: 'htpasswd hashing function: outbound HTTPS only',
    allowAllOutbound: false,
  });
  group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'Secrets Manager and the CloudFormation response URL');
  return group;
}

/**
 * Checks a list of registry user names (`property` is where the user wrote
 * it) and returns it sorted.
 */
export function validateHtpasswdUsers(property: string, users: unknown): string[] {
  if (!Array.isArray(users) || users.length === 0 || users.length > DEFAULTS.maxUsers) {
    throw invalid(property, users, `a list of 1 to ${DEFAULTS.maxUsers} user names`);
  }
  users.forEach((user, index) => {
    if (typeof user !== 'string' || !USER_NAME.test(user)) {
      throw invalid(`${property}[${index}]`, user,
        'a user name of 1-64 lower case letters, digits, ".", "_" or "-" starting with a letter or digit (htpasswd forbids ":")');
    }
  });
  assertUnique(property, users);
  return [...users].sort();
}

/**
 * A fingerprint of everything that makes `HtpasswdUsers` rewrite the
 * htpasswd file with default settings (the users, the bcrypt cost and how
 * passwords are generated), for readers of a replicated copy of the secret
 * that cannot see its version id: a registry replica puts it into its task
 * definition, so that its tasks restart, and read the new file, whenever
 * the primary's users change.
 */
export function htpasswdFingerprint(users: string[], bcryptCost: number = DEFAULTS.bcryptCost): string {
  return createHash('sha256')
    .update(JSON.stringify({ users: [...users].sort(), bcryptCost, generation: PASSWORD_GENERATION }))
    .digest('hex').slice(0, 16);
}


// The Lambda asset: the handler plus bcryptjs laid out as
// `node_modules/bcryptjs`, so that the handler's `require('bcryptjs')` works
// in Lambda and, unstaged, in this repository's tests.
//
// `npm run build` must copy the handler next to the compiled file, because
// tsc does not copy .js files: `lib/aws/self-hosted/handlers/htpasswd/index.js`
// to `dist/aws/self-hosted/handlers/htpasswd/index.js` (in general, every
// `handlers` directory under `lib/` to the same place under `dist/`).
//
// The directory is assembled under the OS temp directory, named after the
// hash of its content, from bytes only (no timestamps, modes set explicitly),
// so that the CDK asset hash is the same on every run and machine.
let stagedDirectory: string | undefined;

function stagedHandlerDirectory(): string {
  if (stagedDirectory !== undefined && existsSync(stagedDirectory)) {
    return stagedDirectory;
  }
  const files = handlerAssetFiles();
  const digest = createHash('sha256');
  for (const [path, content] of files) {
    digest.update(`${path}\0${content.length}\0`).update(content);
  }
  const target = join(tmpdir(), `env-container-registries-htpasswd-${digest.digest('hex').slice(0, 20)}`);
  if (holdsExactly(target, files)) {
    stagedDirectory = target;
    return target;
  }
  // Written aside, then renamed, so that a concurrent synthesis never sees half a directory.
  const fresh = mkdtempSync(`${target}.tmp-`);
  chmodSync(fresh, 0o755);
  for (const [path, content] of files) {
    const file = join(fresh, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    writeFileSync(file, content, { mode: 0o644 });
    chmodSync(file, 0o644);
  }
  try {
    renameSync(fresh, target);
    stagedDirectory = target;
  } catch {
    // Another process staged it first, or a stale copy is in the way: the
    // fresh copy has the same content, so the asset hash is the same.
    stagedDirectory = fresh;
  }
  return stagedDirectory;
}

/** Relative path to content, sorted by path. */
function handlerAssetFiles(): Array<[string, Buffer]> {
  // `require.resolve` picks bcryptjs's CommonJS build (`umd/index.js`).
  const bcryptMain = require.resolve('bcryptjs');
  const bcryptRoot = join(dirname(bcryptMain), '..');
  const bcryptVersion: string = JSON.parse(readFileSync(join(bcryptRoot, 'package.json'), 'utf8')).version;
  const manifest = { name: 'bcryptjs', version: bcryptVersion, license: 'BSD-3-Clause', main: 'index.js' };
  const files: Array<[string, Buffer]> = [
    ['index.js', readFileSync(join(__dirname, 'handlers', 'htpasswd', 'index.js'))],
    ['node_modules/bcryptjs/LICENSE', readFileSync(join(bcryptRoot, 'LICENSE'))],
    ['node_modules/bcryptjs/index.js', readFileSync(bcryptMain)],
    ['node_modules/bcryptjs/package.json', Buffer.from(`${JSON.stringify(manifest, undefined, 2)}\n`)],
  ];
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether `dir` holds these files and nothing else. */
function holdsExactly(dir: string, files: Array<[string, Buffer]>): boolean {
  if (!existsSync(dir)) {
    return false;
  }
  const present = listFiles(dir);
  if (present.length !== files.length || present.some((path, index) => path !== files[index][0])) {
    return false;
  }
  return files.every(([path, content]) => readFileSync(join(dir, path)).equals(content));
}

function listFiles(dir: string, root: string = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path).split(sep).join('/')];
  }).sort();
}
