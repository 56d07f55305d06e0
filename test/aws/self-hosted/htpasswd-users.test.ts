import { cpSync, existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, FileSystem, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RegistryEnvironment, RegistryValidationError } from '../../../lib';
import { HtpasswdUsers, HtpasswdUsersProps } from '../../../lib/aws/self-hosted/htpasswd-users';
import { environment, mkdtempSync, stackIn } from './htpasswd-users-fixture';

function build(props: Partial<HtpasswdUsersProps> & { environment: RegistryEnvironment }, stack = stackIn()):
{ stack: Stack; users: HtpasswdUsers; template: Template } {
  const users = construct(props, stack);
  return { stack, users, template: Template.fromStack(stack) };
}

function construct(props: Partial<HtpasswdUsersProps> & { environment: RegistryEnvironment }, stack: Stack): HtpasswdUsers {
  return new HtpasswdUsers(stack, 'Users', { users: ['ci-pusher', 'alice'], ...props });
}

/** Logical id of the one resource of `type` whose id starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('HtpasswdUsers in dev', () => {
  let template: Template;
  let users: HtpasswdUsers;
  let stack: Stack;
  beforeAll(() => {
    ({ template, users, stack } = build({ environment: environment('dev') }));
  });

  test('creates one secret per user with a generated password, plus the htpasswd secret', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    for (const user of ['alice', 'ci-pusher']) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Description: `Password of registry user "${user}" of dev-registry.example.com`,
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify({ username: user }),
          GenerateStringKey: 'password',
          PasswordLength: 32,
          ExcludePunctuation: true,
          IncludeSpace: false,
          RequireEachIncludedType: true,
        },
      });
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: 'htpasswd file (bcrypt) of the dev-registry.example.com registry, written at deploy time',
    });
  });

  test('keeps stateful logical ids stable (they are public API)', () => {
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort()).toEqual([
      'UsersHtpasswd8B37256B',
      'UsersPasswordalice298E260D',
      'UsersPasswordcipusher02A321E8',
    ]);
  });

  test('removes secrets and logs with the stack (dev profile) and uses the AWS managed key', () => {
    for (const resource of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
      expect(resource.DeletionPolicy).toBe('Delete');
      expect(resource.Properties.KmsKeyId).toBeUndefined();
    }
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 7, Tags: Match.anyValue() } });
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(users.encryptionKey).toBeUndefined();
  });

  test('passes only ARNs and settings to the custom resource, users sorted', () => {
    const resources = template.findResources('Custom::RegistryHtpasswd');
    expect(Object.keys(resources)).toHaveLength(1);
    const properties = Object.values(resources)[0].Properties;
    expect(Object.keys(properties).sort()).toEqual(['BcryptCost', 'HtpasswdSecretArn', 'PasswordGeneration', 'ServiceTimeout', 'ServiceToken', 'Users']);
    expect(properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [logicalId(template, 'AWS::Lambda::Function', 'UsersHandler'), 'Arn'] },
      ServiceTimeout: '600',
      HtpasswdSecretArn: { Ref: 'UsersHtpasswd8B37256B' },
      Users: [
        { Name: 'alice', PasswordSecretArn: { Ref: 'UsersPasswordalice298E260D' } },
        { Name: 'ci-pusher', PasswordSecretArn: { Ref: 'UsersPasswordcipusher02A321E8' } },
      ],
      BcryptCost: '10',
      PasswordGeneration: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  test('puts no password or bcrypt hash into the template', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/\$2[aby]?\$/);
    expect(json).not.toMatch(/"SecretString":/);
    // "password" only as the key the generator fills in.
    expect(json.match(/"password"/g)).toEqual(['"password"', '"password"']);
  });

  test('runs the hashing function after its role may read and write the secrets', () => {
    const resource = Object.values(template.findResources('Custom::RegistryHtpasswd'))[0];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([
      logicalId(template, 'AWS::IAM::Role', 'UsersHandlerRole'),
      logicalId(template, 'AWS::IAM::Policy', 'UsersHandlerRoleDefaultPolicy'),
    ]));
  });

  test('grants the function only what it needs (least privilege)', () => {
    const logs = logicalId(template, 'AWS::Logs::LogGroup', 'UsersHandlerLogs');
    const policies = template.findResources('AWS::IAM::Policy');
    expect(Object.keys(policies)).toHaveLength(1);
    expect(Object.values(policies)[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logs, 'Arn'] } },
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: [{ Ref: 'UsersPasswordalice298E260D' }, { Ref: 'UsersPasswordcipusher02A321E8' }],
      },
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Effect: 'Allow', Resource: { Ref: 'UsersHtpasswd8B37256B' } },
    ]);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });

  test('runs on the newest Node.js runtime with its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 300,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(template, 'AWS::Logs::LogGroup', 'UsersHandlerLogs') } },
    });
  });

  test('exposes the htpasswd secret through the custom resource, so readers wait for the file', () => {
    const resource = logicalId(template, 'Custom::RegistryHtpasswd', 'UsersHash');
    expect(stack.resolve(users.htpasswdSecret.secretArn)).toEqual({ 'Fn::GetAtt': [resource, 'SecretArn'] });
    expect(stack.resolve(users.htpasswdVersionId)).toEqual({ 'Fn::GetAtt': [resource, 'VersionId'] });
    expect(stack.resolve(users.passwordSecret('alice').secretArn)).toEqual({ Ref: 'UsersPasswordalice298E260D' });
    expect(users.users).toEqual(['alice', 'ci-pusher']);
  });

  test('tags everything with the environment tags', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Tags: Match.arrayWith([{ Key: 'registry:environment', Value: 'dev' }, { Key: 'registry:hostname', Value: 'dev-registry.example.com' }]),
    });
  });
});

describe('HtpasswdUsers in prod', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = build({ environment: environment('prod'), bcryptCost: 12 }));
  });

  test('retains secrets and logs, encrypted with a new customer-managed key', () => {
    const key = logicalId(template, 'AWS::KMS::Key', 'UsersKey');
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    }
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365 }) });
  });

  test('lets the function use the key only through Secrets Manager', () => {
    const role = logicalId(template, 'AWS::IAM::Role', 'UsersHandlerRole');
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [role, 'Arn'] } },
          Resource: '*',
        }]),
      },
    });
  });

  test('passes the chosen cost', () => {
    template.hasResourceProperties('Custom::RegistryHtpasswd', { BcryptCost: '12' });
  });
});

describe('HtpasswdUsers options', () => {
  test('uses a given key for every secret and creates none', () => {
    const stack = stackIn();
    const key = new Key(stack, 'Given', { enableKeyRotation: true });
    const { template } = build({ environment: environment('prod'), encryptionKey: key }, stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    const keyId = logicalId(template, 'AWS::KMS::Key', 'Given');
    for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
      expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
  });

  test('grantRead gives read access to the htpasswd secret and decrypt through Secrets Manager', () => {
    const stack = stackIn();
    const users = construct({ environment: environment('prod') }, stack);
    const task = new Role(stack, 'Task', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') });
    users.grantRead(task);
    const template = Template.fromStack(stack);
    const resource = logicalId(template, 'Custom::RegistryHtpasswd', 'UsersHash');
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(template, 'AWS::IAM::Role', 'Task') }],
      PolicyDocument: {
        Statement: [{
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [resource, 'SecretArn'] },
        }],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          Principal: { AWS: { 'Fn::GetAtt': [logicalId(template, 'AWS::IAM::Role', 'Task'), 'Arn'] } },
        })]),
      },
    });
  });

  test('rounds an override retention up to a period CloudWatch Logs accepts', () => {
    const { template } = build({ environment: environment('dev', { overrides: { logRetentionDays: 10 } }) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  test('runs inside a VPC when given one, with outbound HTTPS only and the VPC access policy', () => {
    const stack = stackIn();
    const vpc = new Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const { template } = build({ environment: environment('dev'), vpc }, stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: [{ 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::SecurityGroup', 'UsersHandlerSecurityGroup'), 'GroupId'] }] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']] }],
    });
  });
});

describe('HtpasswdUsers bad input', () => {
  const cases: Array<[string, Partial<HtpasswdUsersProps>, string]> = [
    ['a user name with ":"', { users: ['ci', 'bad:name'] }, 'users[1]: expected a user name of 1-64 lower case letters, digits, ".", "_" or "-" starting with a letter or digit (htpasswd forbids ":"), got "bad:name"'],
    ['an upper case user name', { users: ['Alice'] }, 'users[0]: expected a user name'],
    ['an empty user name', { users: [''] }, 'users[0]: expected a user name'],
    ['a user name of 65 characters', { users: ['a'.repeat(65)] }, 'users[0]: expected a user name'],
    ['a duplicate user', { users: ['ci', 'alice', 'ci'] }, 'users[2]: expected a value not already listed in users, got "ci"'],
    ['no users', { users: [] }, 'users: expected a list of 1 to 50 user names, got []'],
    ['too many users', { users: Array.from({ length: 51 }, (_, i) => `u${i}`) }, 'users: expected a list of 1 to 50 user names'],
    ['a cost below 10', { bcryptCost: 9 }, 'bcryptCost: expected a whole number from 10 to 14, got 9'],
    ['a cost above 14', { bcryptCost: 15 }, 'bcryptCost: expected a whole number from 10 to 14, got 15'],
    ['a fractional cost', { bcryptCost: 10.5 }, 'bcryptCost: expected a whole number from 10 to 14, got 10.5'],
    ['subnets without a VPC', { vpcSubnets: {} }, 'vpcSubnets: expected no subnet selection without a vpc'],
  ];

  test.each(cases)('rejects %s', (_, props, message) => {
    const stack = stackIn();
    let error: unknown;
    try {
      new HtpasswdUsers(stack, 'Users', { environment: environment('dev'), users: ['ci'], ...props });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryValidationError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toMatch(/\.$/);
  });

  test('rejects a missing environment', () => {
    expect(() => new HtpasswdUsers(stackIn(), 'Users', { users: ['ci'] } as unknown as HtpasswdUsersProps))
      .toThrow('environment: expected a RegistryEnvironment, got undefined');
  });

  test('names the known users when asked for an unknown one', () => {
    const { users } = build({ environment: environment('dev') });
    expect(() => users.passwordSecret('bob')).toThrow('user: expected one of the registry users of dev-registry.example.com (alice, ci-pusher), got "bob"');
  });
});

describe('HtpasswdUsers Lambda asset', () => {
  function synthesized(): { template: string; assetDir: string } {
    const app = new App({ analyticsReporting: false, outdir: mkdtempSync(join(tmpdir(), 'htpasswd-users-')) });
    const stack = stackIn(app);
    new HtpasswdUsers(stack, 'Users', { environment: environment('dev'), users: ['ci'] });
    const assembly = app.synth();
    const template = readFileSync(join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile), 'utf8');
    const key: string = JSON.parse(template).Resources[logicalId(Template.fromStack(stack), 'AWS::Lambda::Function', 'UsersHandler')].Properties.Code.S3Key;
    return { template, assetDir: join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`) };
  }

  let first: { template: string; assetDir: string };
  beforeAll(() => {
    first = synthesized();
  });

  test('synthesizes the same template twice', () => {
    expect(synthesized().template).toBe(first.template);
  });

  test('has a hash of content only: a copy elsewhere, with other timestamps, hashes the same', () => {
    const copy = mkdtempSync(join(tmpdir(), 'htpasswd-asset-copy-'));
    cpSync(first.assetDir, copy, { recursive: true });
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]);
    for (const file of files(copy)) {
      utimesSync(file, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    }
    const hash = first.assetDir.replace(/^.*asset\./, '');
    expect(FileSystem.fingerprint(first.assetDir)).toBe(hash);
    expect(FileSystem.fingerprint(copy)).toBe(hash);
  });

  test('holds the handler and bcryptjs as node_modules/bcryptjs, readable by everyone', () => {
    const list = (dir: string, prefix = ''): string[] => readdirSync(dir).sort().flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? list(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]);
    expect(list(first.assetDir)).toEqual(['index.js', 'node_modules/bcryptjs/LICENSE', 'node_modules/bcryptjs/index.js', 'node_modules/bcryptjs/package.json']);
    expect(readFileSync(join(first.assetDir, 'index.js'), 'utf8'))
      .toBe(readFileSync(join(__dirname, '../../../lib/aws/self-hosted/handlers/htpasswd/index.js'), 'utf8'));
    expect(statSync(join(first.assetDir, 'node_modules/bcryptjs/index.js')).mode & 0o444).toBe(0o444);
    expect(JSON.parse(readFileSync(join(first.assetDir, 'node_modules/bcryptjs/package.json'), 'utf8')))
      .toEqual({ name: 'bcryptjs', version: '3.0.3', license: 'BSD-3-Clause', main: 'index.js' });
  });

  test('works as staged: the handler loads its own bcryptjs copy and hashes', async () => {
    expect(existsSync(join(first.assetDir, 'node_modules/bcryptjs/index.js'))).toBe(true);
    // Node's own loader, not jest's registry, so resolution starts at the asset directory.
    const { createRequire } = await import('module');
    const load = createRequire(join(first.assetDir, 'index.js'));
    expect(load.resolve('bcryptjs')).toBe(join(first.assetDir, 'node_modules/bcryptjs/index.js'));
    const staged = load(join(first.assetDir, 'index.js'));
    const content: string = await staged.htpasswdContent([{ name: 'ci', password: 'pw' }], 10);
    expect(content).toMatch(/^ci:\$2b\$10\$[./A-Za-z0-9]{53}\n$/);
  });
});
