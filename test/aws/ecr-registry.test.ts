import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Annotations as CoreAnnotations, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EnvironmentProfile, ImageTagMutability, RegistryValidationError } from '../../lib';
import { EcrRegistry, IEcrRegistry, PullThroughUpstream } from '../../lib/aws';
import { environment, stackIn, templateOf } from './helpers';
import { expectNothingUnacknowledged, pluginReports } from '../examples/validation-report';

describe('EcrRegistry in dev', () => {
  let template: Template;
  let registry: EcrRegistry;
  beforeAll(() => {
    template = templateOf((stack) => {
      registry = new EcrRegistry(stack, 'Registry', { environment: environment('dev'), repositories: ['app', 'team/api'] });
    });
  });

  test('names repositories under the environment prefix', () => {
    template.resourceCountIs('AWS::ECR::Repository', 2);
    template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'dev-registry/app' });
    template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'dev-registry/team/api' });
    expect(registry.repository('team/api').node.id).toBe('team--api');
  });

  test('encrypts with the AWS managed KMS key, keeps tags mutable, empties on delete', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        EncryptionConfiguration: { EncryptionType: 'KMS' },
        ImageTagMutability: 'MUTABLE',
        EmptyOnDelete: true,
        ImageScanningConfiguration: { ScanOnPush: true },
      }),
    });
  });

  test('derives lifecycle rules from the profile', () => {
    const repo = Object.values(template.findResources('AWS::ECR::Repository'))[0];
    const policy = JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText);
    expect(policy.rules).toEqual([
      expect.objectContaining({ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 } }),
      expect.objectContaining({ rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 } }),
    ]);
  });

  test('tags every resource with the standard tags', () => {
    template.hasResourceProperties('AWS::ECR::Repository', {
      Tags: Match.arrayWith([{ Key: 'registry:environment', Value: 'dev' }, { Key: 'registry:hostname', Value: 'dev-registry.example.com' }]),
    });
  });

  test('sends no notifications (alarms are off in dev)', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  test('outputs each repository URI', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^RegistryappUri/), expect.stringMatching(/^RegistryteamapiUri/)]);
    expect(Object.values(outputs)[0].Description).toBe('URI of dev-registry/app (registry dev-registry.example.com)');
  });
});

describe('EcrRegistry in prod', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf((stack) => new EcrRegistry(stack, 'Registry', { environment: environment('prod'), repositories: ['app'] }));
  });

  test('encrypts with a retained customer-managed key with rotation', () => {
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    template.hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegistryKey'), 'Arn'] } },
    });
  });

  test('limits key grants to AWS services', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'GrantsOnlyForAwsServices', Effect: 'Deny', Action: 'kms:CreateGrant',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      })]) },
    });
  });

  test('makes tags immutable and retains repositories', () => {
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ ImageTagMutability: 'IMMUTABLE', EmptyOnDelete: Match.absent() }),
    });
  });

  test('sends critical and high findings of both scan types to a topic with a key of its own', () => {
    // Not the images' key: the services that publish may use the topic's key.
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegistryNotificationsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecr'],
        'detail-type': ['ECR Image Scan'],
        'detail': Match.objectLike({ 'repository-name': [{ prefix: 'prod-registry/' }] }),
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.inspector2'], 'detail': Match.objectLike({ severity: ['CRITICAL', 'HIGH'] }) }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });
});

describe('EcrRegistry options', () => {
  test('tag exclusions become IMMUTABLE_WITH_EXCLUSION', () => {
    const template = templateOf((stack) => new EcrRegistry(stack, 'Registry', {
      environment: environment('prod', { overrides: { immutableTagExclusions: ['latest', 'dev-*'] } }),
      repositories: ['app'],
    }));
    template.hasResourceProperties('AWS::ECR::Repository', {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' },
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'dev-*' },
      ],
    });
  });

  test('test gets a dedicated notifications key, because the AWS managed SNS key refuses EventBridge', () => {
    const template = templateOf((stack) => new EcrRegistry(stack, 'Registry', { environment: environment('test'), repositories: ['app'] }));
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegistryNotificationsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::ECR::Repository', { EncryptionConfiguration: { EncryptionType: 'KMS' } });
  });

  test('a given topic is used as is', () => {
    const stack = stackIn();
    const topic = new Topic(stack, 'Mine');
    const registry = new EcrRegistry(stack, 'Registry', { environment: environment('test'), notificationTopic: topic });
    expect(registry.notificationTopic).toBe(topic);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('pull-through caches get rules under the prefix and a creation template with the same settings', () => {
    const stack = stackIn();
    const hub = Secret.fromSecretNameV2(stack, 'Hub', 'ecr-pullthroughcache/docker-hub');
    new EcrRegistry(stack, 'Registry', {
      environment: environment('prod'),
      repositories: ['app'],
      pullAccounts: ['222222222222'],
      pullThroughCaches: [PullThroughUpstream.ecrPublic(), PullThroughUpstream.dockerHub(hub)],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'prod-registry/ecr-public', UpstreamRegistry: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws',
    });
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'prod-registry/docker-hub', UpstreamRegistry: 'docker-hub', CredentialArn: Match.anyValue(),
    });
    const repo = Object.values(template.findResources('AWS::ECR::Repository'))[0];
    const created = Object.values(template.findResources('AWS::ECR::RepositoryCreationTemplate'))[0];
    expect(created.Properties).toMatchObject({
      Prefix: 'prod-registry',
      AppliedFor: ['PULL_THROUGH_CACHE'],
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: repo.Properties.EncryptionConfiguration.KmsKey },
      LifecyclePolicy: repo.Properties.LifecyclePolicy.LifecyclePolicyText,
      CustomRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^RegistryPullThroughCacheTemplateRole/), 'Arn'] },
    });
    expect(created.Properties.ResourceTags).toEqual(expect.arrayContaining([{ Key: 'registry:environment', Value: 'prod' }]));
    // A policy with tokens (the partition) must be rendered by CloudFormation, not by JSON.stringify.
    expect(created.Properties.RepositoryPolicy['Fn::Join']).toBeDefined();
    const policyText = JSON.stringify(created.Properties.RepositoryPolicy);
    expect(policyText).toContain(':iam::222222222222:root');
    expect(policyText).toContain('ecr:BatchGetImage');
    template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: { Statement: [Match.objectLike({ Sid: 'CrossAccountPull', Action: Match.arrayWith(['ecr:BatchGetImage']) })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
        Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':repository/prod-registry/\\*$')])] },
      })]) },
    });
  });

  test('metricPullCount reads ECR\'s pull count of one repository', () => {
    const stack = stackIn();
    const registry = new EcrRegistry(stack, 'Registry', { environment: environment('dev'), repositories: ['app'] });
    const metric = registry.metricPullCount('app');
    expect(metric.namespace).toBe('AWS/ECR');
    expect(metric.metricName).toBe('RepositoryPullCount');
    expect(stack.resolve(metric.dimensions)).toEqual({ RepositoryName: { Ref: expect.stringMatching(/^Registryapp/) } });
  });
});

describe('grants', () => {
  function policyStatements(build: (stack: Stack, role: Role) => void): unknown[] {
    const stack = stackIn();
    const role = new Role(stack, 'Ci', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com') });
    build(stack, role);
    // The role's own policies, not those of the roles the registry creates (creation templates).
    const ci = stack.resolve((role.node.defaultChild as CfnRole).logicalId);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: ci }] } });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
  }
  const namespace = (prefix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:eu-west-1:111111111111:repository/${prefix}/*`]] });

  test('grantPull covers the whole namespace and the login token', () => {
    const statements = policyStatements((stack, role) => new EcrRegistry(stack, 'Registry', { environment: environment('dev') }).grantPull(role));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Resource: namespace('dev-registry') },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  test('grantPull lets a first pull create and tag repositories under the cache prefixes only', () => {
    const statements = policyStatements((stack, role) => new EcrRegistry(stack, 'Registry', {
      environment: environment('dev'), pullThroughCaches: [PullThroughUpstream.quay(), PullThroughUpstream.ecrPublic()],
    }).grantPull(role));
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:TagResource'],
      Resource: expect.arrayContaining([namespace('dev-registry/quay'), namespace('dev-registry/ecr-public')]),
    });
    // Nothing may create repositories elsewhere in the namespace.
    const onNamespace = (statements as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(namespace('dev-registry')));
    expect(onNamespace.flatMap((s) => s.Action)).not.toContain('ecr:CreateRepository');
  });

  test('an imported registry with caches grants the same first-pull actions', () => {
    const statements = policyStatements((stack, role) => EcrRegistry.fromRegistryAttributes(stack, 'Imported', {
      environment: environment('dev'), pullThroughCaches: [PullThroughUpstream.quay()],
    }).grantPull(role));
    expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['ecr:CreateRepository']), Resource: namespace('dev-registry/quay') }));
  });

  test('grantPullPush adds the push actions', () => {
    const statements = policyStatements((stack, role) => new EcrRegistry(stack, 'Registry', { environment: environment('dev') }).grantPullPush(role));
    const actions = (statements as Array<{ Action: string | string[] }>).flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage']));
  });

  test('an imported registry grants the same', () => {
    const statements = policyStatements((stack, role) => EcrRegistry.fromRegistryAttributes(stack, 'Imported', { environment: environment('test') }).grantPush(role));
    expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['ecr:PutImage']), Resource: namespace('test-registry') }));
  });

  test('repositoryUri names the environment\'s repository', () => {
    const stack = stackIn();
    const registry = EcrRegistry.fromRegistryAttributes(stack, 'Imported', { environment: environment('dev') });
    expect(stack.resolve(registry.repositoryUri('app'))).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/dev-registry/app']] });
  });

  test('a registry of another account and region: grants, URIs and env name its repositories, not the importing stack\'s', () => {
    let registry!: IEcrRegistry;
    const statements = policyStatements((stack, role) => {
      // The importing stack is in eu-west-1 of 111111111111; the prod registry replicates to eu-central-1.
      registry = EcrRegistry.fromRegistryAttributes(stack, 'Imported', {
        environment: environment('prod'), account: '222222222222', region: 'eu-central-1',
      });
      registry.grantPull(role);
    });
    const inOtherAccount = (prefix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:eu-central-1:222222222222:repository/${prefix}/*`]] });
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Resource: inOtherAccount('prod-registry') },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
    expect(registry.env).toEqual({ account: '222222222222', region: 'eu-central-1' });
    expect(registry.stack.resolve(registry.repositoryUri('app')))
      .toEqual({ 'Fn::Join': ['', ['222222222222.dkr.ecr.eu-central-1.', { Ref: 'AWS::URLSuffix' }, '/prod-registry/app']] });
  });

  test('a created registry\'s env is its stack\'s', () => {
    const stack = stackIn();
    const registry = new EcrRegistry(stack, 'Registry', { environment: environment('dev') });
    expect(registry.env).toEqual({ account: '111111111111', region: 'eu-west-1' });
  });
});

describe('EcrRegistry rejects bad input', () => {
  test.each<[string, () => void, RegExp]>([
    ['a stack in another region', () => new EcrRegistry(stackIn('us-east-1'), 'R', { environment: environment('dev') }),
      /^environment.primaryRegion: expected the region of stack stack-us-east-1 \("us-east-1"\), got "eu-west-1"$/],
    ['an invalid repository name', () => new EcrRegistry(stackIn(), 'R', { environment: environment('dev'), repositories: ['App'] }),
      /^repositories: expected a repository name of lower case letters .*, got "App"$/],
    ['a repository listed twice', () => new EcrRegistry(stackIn(), 'R', { environment: environment('dev'), repositories: ['app', 'app'] }),
      /^repositories\[1\]: expected a value not already listed in repositories, got "app"$/],
    ['an invalid pull account', () => new EcrRegistry(stackIn(), 'R', { environment: environment('dev'), pullAccounts: ['1234'] }),
      /^pullAccounts\[0\]: expected a 12-digit AWS account id, got "1234"$/],
    ['a pull-through prefix over 30 characters', () => new EcrRegistry(stackIn(), 'R', {
      environment: environment('preprod', { service: 'container-images', profile: EnvironmentProfile.PROD }),
      pullThroughCaches: [PullThroughUpstream.ecrPublic()],
    }), /^pullThroughCaches: expected a cache prefix .* of at most 30 characters .*, got "preprod-container-images\/ecr-public"$/],
    ['a cache credential with the wrong name', () => {
      const stack = stackIn();
      PullThroughUpstream.dockerHub(Secret.fromSecretNameV2(stack, 'S', 'dockerhub'));
    }, /^credentials.secretName: expected a secret name starting with "ecr-pullthroughcache\/" .*, got "dockerhub"$/],
    ['not a declaration', () => new EcrRegistry(stackIn(), 'R', { environment: { environment: 'dev' } as never }),
      /^environment: expected a RegistryEnvironment/],
    ['an import without a declaration', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: 'dev' as never }),
      /^environment: expected a RegistryEnvironment, got "dev"$/],
    ['an import with a malformed account', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: environment('dev'), account: '2222' }),
      /^account: expected a 12-digit AWS account id, got "2222"$/],
    ['an import with a malformed region', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: environment('dev'), region: 'EU-West-1' }),
      /^region: expected an AWS region code, e.g. "eu-west-1", got "EU-West-1"$/],
    ['an import from a region without the registry', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: environment('prod'), region: 'us-east-1' }),
      /^region: expected a region where prod-registry\/ has repositories, "eu-west-1" or "eu-central-1", got "us-east-1"$/],
    ['an import into a stack of a region without the registry, region not given', () => EcrRegistry.fromRegistryAttributes(stackIn('us-east-1'), 'R', { environment: environment('dev') }),
      /^region: expected a region where dev-registry\/ has repositories, "eu-west-1"; without region, the importing stack's region is used, got "us-east-1"$/],
    ['an import of a replica region with pull-through caches', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', {
      environment: environment('prod'), region: 'eu-central-1', pullThroughCaches: [PullThroughUpstream.quay()],
    }), /^pullThroughCaches: expected no pull-through caches in "eu-central-1": prod-registry\/ has cache rules only in its primary region "eu-west-1" \(import it with region "eu-west-1" for first pulls through a cache\), got \["quay"\]$/],
    ['an import into a replica region\'s stack with pull-through caches, region not given', () => EcrRegistry.fromRegistryAttributes(stackIn('eu-central-1'), 'R', {
      environment: environment('prod'), pullThroughCaches: [PullThroughUpstream.quay()],
    }), /^pullThroughCaches: expected no pull-through caches in "eu-central-1"/],
    ['an import with a misspelt attribute', () => EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: environment('dev'), acount: '222222222222' } as never),
      /^acount: expected no such option \(known: environment, pullThroughCaches, account, region\), got "222222222222"$/],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(RegistryValidationError);
    expect(build).toThrow(message);
  });

  test('one registry per environment per account and region', () => {
    const app = new App();
    new EcrRegistry(stackIn('eu-west-1', app, 'a'), 'Registry', { environment: environment('dev') });
    expect(() => new EcrRegistry(stackIn('eu-west-1', app, 'b'), 'Registry', { environment: environment('dev') }))
      .toThrow('environment: expected one registry for dev-registry/ per account and region, got a second one at b/Registry (the first is a/Registry)');
    expect(() => new EcrRegistry(stackIn('eu-west-1', app, 'c'), 'Registry', { environment: environment('test') })).not.toThrow();
  });

  test('the profile mutability is what ECR receives', () => {
    const env = environment('dev', { overrides: { imageTagMutability: ImageTagMutability.IMMUTABLE } });
    templateOf((stack) => new EcrRegistry(stack, 'R', { environment: env, repositories: ['x'] }))
      .hasResourceProperties('AWS::ECR::Repository', { ImageTagMutability: 'IMMUTABLE' });
  });
});

describe('settings ECR cannot enforce', () => {
  const warningsOf = (name: string): string[] => {
    const stack = stackIn();
    new EcrRegistry(stack, 'Registry', { environment: environment(name) });
    return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  };

  test('prod warns that the CDN it asks for is not applied, naming the setting and the backend', () => {
    const warnings = warningsOf('prod').filter((w) => w.includes('cannot enforce'));
    expect(warnings).toEqual([expect.stringMatching(/^cdnEnabled: the prod profile of prod-registry\.example\.com asks for true, which AWS ECR cannot enforce .*\[ack: env-container-registries:unenforced:cdnEnabled\]$/)]);
  });

  test('dev asks for nothing ECR cannot do, and stays quiet', () => {
    expect(warningsOf('dev').filter((w) => w.includes('cannot enforce'))).toEqual([]);
  });
});

describe('acknowledgeNamespaceGrant under cdk-nag', () => {
  /**
   * Synthesizes a consumer stack (111111111111, us-east-1) that grants a
   * role pull on `registry`, with cdk-nag's AwsSolutions pack, and returns
   * the report and whether synthesis failed.
   */
  function synthConsumer(importRegistry: (stack: Stack) => IEcrRegistry, acknowledge: boolean): { failed: boolean; rules: string[]; outdir: string } {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'ecr-nag-')), analyticsReporting: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'consumer', { env: { account: '111111111111', region: 'us-east-1' } });
    const registry = importRegistry(stack);
    const role = new Role(stack, 'Task', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') });
    registry.grantPull(role);
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ecr:GetAuthorizationToken has no resource-level permissions (a test)' });
    if (acknowledge) {
      registry.acknowledgeNamespaceGrant(role, 'Pulls cover the environment\'s namespace, including repositories created later (a test)');
    }
    let failed = false;
    try {
      app.synth();
    } catch {
      failed = true;
    }
    const rules = pluginReports(app.outdir).flatMap((p) => p.violations.map((v) => v.ruleName));
    return { failed, rules, outdir: app.outdir };
  }
  const crossAccount = (stack: Stack) => EcrRegistry.fromRegistryAttributes(stack, 'SharedProd', {
    environment: environment('prod'), account: '222222222222', region: 'eu-west-1', pullThroughCaches: [PullThroughUpstream.quay()],
  });

  test('a registry of another account and region: acknowledged on its own ARNs, synthesis passes', () => {
    const { failed, outdir } = synthConsumer(crossAccount, true);
    expect(failed).toBe(false);
    expectNothingUnacknowledged(pluginReports(outdir));
  });

  test('without the acknowledgement the same grant fails synthesis on the registry\'s namespace and cache prefix', () => {
    const { failed, rules } = synthConsumer(crossAccount, false);
    expect(failed).toBe(true);
    expect(rules).toEqual(expect.arrayContaining([
      expect.stringContaining('arn:<AWS::Partition>:ecr:eu-west-1:222222222222:repository/prod-registry/*'),
      expect.stringContaining('arn:<AWS::Partition>:ecr:eu-west-1:222222222222:repository/prod-registry/quay/*'),
    ]));
  });

  test('a registry of the consumer\'s own account and region is acknowledged the same way', () => {
    const { failed } = synthConsumer((stack) => EcrRegistry.fromRegistryAttributes(stack, 'Dev', {
      environment: environment('dev', { primaryRegion: 'us-east-1' }),
    }), true);
    expect(failed).toBe(false);
  });

  test('refuses a grantee that is not a construct, and an empty reason', () => {
    const stack = stackIn();
    const registry = EcrRegistry.fromRegistryAttributes(stack, 'R', { environment: environment('dev') });
    expect(() => registry.acknowledgeNamespaceGrant({} as never, 'a reason')).toThrow(/^grantee: expected a construct/);
    expect(() => registry.acknowledgeNamespaceGrant(stack, ' ')).toThrow('reason: expected a non-empty reason for the validation report, got " "');
  });
});

describe('removal policy', () => {
  const policiesOf = (template: Template, type: string) => Object.values(template.findResources(type))
    .map((r) => ({ DeletionPolicy: r.DeletionPolicy, UpdateReplacePolicy: r.UpdateReplacePolicy, EmptyOnDelete: r.Properties?.EmptyOnDelete }));

  test('applyRemovalPolicy reaches every repository, those added later too, and the keys the registry created', () => {
    const template = templateOf((stack) => {
      const registry = new EcrRegistry(stack, 'Registry', { environment: environment('prod'), repositories: ['app'] });
      registry.applyRemovalPolicy(RemovalPolicy.DESTROY);
      registry.addRepository('tools');
    });
    // prod's profile retains; DESTROY also empties repositories, as dev's does.
    expect(policiesOf(template, 'AWS::ECR::Repository')).toEqual([
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', EmptyOnDelete: true },
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', EmptyOnDelete: true },
    ]);
    // The images' key and the notifications' key.
    expect(policiesOf(template, 'AWS::KMS::Key')).toEqual([
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', EmptyOnDelete: undefined },
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', EmptyOnDelete: undefined },
    ]);
  });

  test('RETAIN on a dev registry keeps repositories and stops emptying them', () => {
    const template = templateOf((stack) => {
      new EcrRegistry(stack, 'Registry', { environment: environment('dev'), repositories: ['app'] }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    });
    expect(policiesOf(template, 'AWS::ECR::Repository')).toEqual([{ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', EmptyOnDelete: undefined }]);
  });

  test('a key passed in is left to its owner', () => {
    const template = templateOf((stack) => {
      const key = new Key(stack, 'Mine', { removalPolicy: RemovalPolicy.RETAIN });
      new EcrRegistry(stack, 'Registry', { environment: environment('dev'), repositories: ['app'], encryptionKey: key })
        .applyRemovalPolicy(RemovalPolicy.DESTROY);
    });
    expect(policiesOf(template, 'AWS::KMS::Key')).toEqual([{ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', EmptyOnDelete: undefined }]);
  });

  test('SNAPSHOT is refused: repositories and keys have no snapshots', () => {
    const registry = new EcrRegistry(stackIn(), 'Registry', { environment: environment('dev') });
    expect(() => registry.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow(RegistryValidationError);
    expect(() => registry.applyRemovalPolicy(RemovalPolicy.SNAPSHOT))
      .toThrow('removalPolicy: expected RemovalPolicy.RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY (ECR repositories and KMS keys have no snapshots), got "snapshot"');
  });

  test('an imported registry refuses, saying why', () => {
    const registry = EcrRegistry.fromRegistryAttributes(stackIn(), 'R', { environment: environment('dev') });
    expect(() => registry.applyRemovalPolicy(RemovalPolicy.RETAIN)).toThrow(RegistryValidationError);
    expect(() => registry.applyRemovalPolicy(RemovalPolicy.RETAIN)).toThrow(/^applyRemovalPolicy: expected a registry created in this app: dev-registry\/ is imported/);
  });
});

describe('push grants across accounts', () => {
  const warningsOf = (stack: Stack): string[] => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));

  test.each([
    ['grantPush', (r: IEcrRegistry, role: Role) => r.grantPush(role)],
    ['grantPullPush', (r: IEcrRegistry, role: Role) => r.grantPullPush(role)],
  ])('%s to a role of another account than the registry warns, once', (_, grant) => {
    const stack = stackIn();
    const registry = EcrRegistry.fromRegistryAttributes(stack, 'Shared', { environment: environment('dev'), account: '222222222222' });
    grant(registry, new Role(stack, 'Ci', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com') }));
    expect(warningsOf(stack)).toEqual([expect.stringMatching(
      /^push grant to stack-eu-west-1\/Ci: the registry dev-registry\/ is in account 222222222222, the grantee in 111111111111, .* pull only, .*\[ack: env-container-registries:crossAccountPush\]$/,
    )]);
  });

  test('the warning can be acknowledged', () => {
    const stack = stackIn();
    const registry = EcrRegistry.fromRegistryAttributes(stack, 'Shared', { environment: environment('dev'), account: '222222222222' });
    registry.grantPush(new Role(stack, 'Ci', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com') }));
    CoreAnnotations.of(registry).acknowledgeWarning('env-container-registries:crossAccountPush', 'a repository policy of our own allows the push');
    expect(warningsOf(stack)).toEqual([]);
  });

  test('pull grants across accounts, and push in the same account, stay quiet', () => {
    const stack = stackIn();
    const shared = EcrRegistry.fromRegistryAttributes(stack, 'Shared', { environment: environment('dev'), account: '222222222222' });
    const own = EcrRegistry.fromRegistryAttributes(stack, 'Own', { environment: environment('test') });
    const role = new Role(stack, 'Ci', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com') });
    shared.grantPull(role);
    own.grantPullPush(role);
    expect(warningsOf(stack)).toEqual([]);
  });
});
