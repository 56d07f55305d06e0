import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RegistryValidationError } from '../../lib';
import { EcrRegistrySettings, EcrScanning, EnhancedScanFrequency } from '../../lib/aws';
import { environment, stackIn, templateOf } from './helpers';

const all = () => [environment('dev'), environment('test'), environment('prod', { replicaRegions: ['eu-central-1', 'us-east-1'] })];

describe('EcrRegistrySettings managing scanning and replication', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf((stack) => new EcrRegistrySettings(stack, 'Settings', {
      environments: all(), scanning: EcrScanning.basicOnPush(), replication: true,
    }));
  });

  test('scans on push (basic) every environment\'s repositories', () => {
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'BASIC',
      Rules: [{
        ScanFrequency: 'SCAN_ON_PUSH',
        RepositoryFilters: [
          { Filter: 'dev-registry/*', FilterType: 'WILDCARD' },
          { Filter: 'test-registry/*', FilterType: 'WILDCARD' },
          { Filter: 'prod-registry/*', FilterType: 'WILDCARD' },
        ],
      }],
    });
  });

  test('replicates only environments whose profile replicates, to their replica regions', () => {
    template.hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: {
        Rules: [{
          RepositoryFilters: [{ Filter: 'prod-registry/', FilterType: 'PREFIX_MATCH' }],
          Destinations: [
            { Region: 'eu-central-1', RegistryId: { Ref: 'AWS::AccountId' } },
            { Region: 'us-east-1', RegistryId: { Ref: 'AWS::AccountId' } },
          ],
        }],
      },
    });
  });

  test('creates no registry policy and no signing without being asked', () => {
    template.resourceCountIs('AWS::ECR::RegistryPolicy', 0);
    template.resourceCountIs('AWS::ECR::SigningConfiguration', 0);
  });
});

describe('EcrRegistrySettings manages only what it is asked to', () => {
  test('scanning and replication are left alone by default, with a warning for each environment that replicates', () => {
    const stack = stackIn();
    new EcrRegistrySettings(stack, 'S', { environments: all(), imageSigning: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 0);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('replicationNotManaged'));
    expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(
      /^prod-registry: the prod profile replicates to eu-central-1, us-east-1, but these settings do not manage replication/)]);
  });

  test('no warning when no environment replicates', () => {
    const stack = stackIn();
    new EcrRegistrySettings(stack, 'S', { environments: [environment('dev')], scanning: EcrScanning.basicOnPush() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('EcrRegistrySettings options', () => {
  test('enhanced scanning', () => {
    templateOf((stack) => new EcrRegistrySettings(stack, 'S', {
      environments: all(), scanning: EcrScanning.enhanced(EnhancedScanFrequency.SCAN_ON_PUSH),
    })).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', { ScanType: 'ENHANCED', Rules: [Match.objectLike({ ScanFrequency: 'SCAN_ON_PUSH' })] });
    expect(EcrScanning.enhanced().scanFrequency).toBe('CONTINUOUS_SCAN');
  });

  test('cross-account destinations are added to every replicating environment', () => {
    templateOf((stack) => new EcrRegistrySettings(stack, 'S', {
      environments: all(), replication: true, crossAccountReplicationDestinations: [{ account: '333333333333', region: 'eu-west-1' }],
    })).hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: { Rules: [Match.objectLike({ Destinations: Match.arrayWith([{ Region: 'eu-west-1', RegistryId: '333333333333' }]) })] },
    });
  });


  test('registry policy for replication sources and pull-through-cache accounts', () => {
    const template = templateOf((stack) => new EcrRegistrySettings(stack, 'S', {
      environments: [environment('prod')], replicationSourceAccounts: ['444444444444'], pullThroughCacheAccounts: ['555555555555'],
    }));
    template.hasResourceProperties('AWS::ECR::RegistryPolicy', {
      PolicyText: { Statement: [
        Match.objectLike({ Sid: 'ReplicationFromSourceAccounts', Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'] }),
        Match.objectLike({ Sid: 'PullThroughCacheFromOtherAccounts', Action: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'] }),
      ] },
    });
  });

  test('managed signing with a Notation signing profile, scoped to the environments', () => {
    const template = templateOf((stack) => new EcrRegistrySettings(stack, 'S', { environments: [environment('prod')], imageSigning: true }));
    template.hasResourceProperties('AWS::Signer::SigningProfile', { PlatformId: 'Notation-OCI-SHA384-ECDSA' });
    template.hasResourceProperties('AWS::ECR::SigningConfiguration', {
      Rules: [{ SigningProfileArn: Match.anyValue(), RepositoryFilters: [{ Filter: 'prod-registry/*', FilterType: 'WILDCARD_MATCH' }] }],
    });
  });
});

describe('EcrRegistrySettings rejects bad input', () => {
  test('a second declaration in the same account and region', () => {
    const app = new App();
    const scanning = EcrScanning.basicOnPush();
    new EcrRegistrySettings(stackIn('eu-west-1', app, 'one'), 'Settings', { environments: [environment('dev')], scanning });
    expect(() => new EcrRegistrySettings(stackIn('eu-west-1', app, 'two'), 'Settings', { environments: [environment('test')], scanning }))
      .toThrow('EcrRegistrySettings: expected one set of ECR registry settings per account and region, got a second one at two/Settings (the first is one/Settings)');
    expect(() => new EcrRegistrySettings(stackIn('us-east-1', app, 'three'), 'Settings', {
      environments: [environment('test', { primaryRegion: 'us-east-1', replicaRegions: [] })], scanning,
    })).not.toThrow();
  });

  test.each<[string, () => void, string]>([
    ['no environments', () => new EcrRegistrySettings(stackIn(), 'S', { environments: [] }), 'environments: expected a non-empty list of RegistryEnvironment, got []'],
    ['an environment twice', () => new EcrRegistrySettings(stackIn(), 'S', { environments: [environment('dev'), environment('dev')] }),
      'environments[1]: expected a value not already listed in environments, got "dev-registry"'],
    ['nothing to manage', () => new EcrRegistrySettings(stackIn(), 'S', { environments: all() }),
      'scanning: expected at least one setting to manage (scanning, replication, imageSigning, replicationSourceAccounts or pullThroughCacheAccounts), got undefined'],
    ['replication where no environment replicates', () => new EcrRegistrySettings(stackIn(), 'S', { environments: [environment('dev')], replication: true }),
      'replication: expected an environment whose profile replicates to a replica region (or crossAccountReplicationDestinations), got true'],
    ['cross-account destinations without replication', () => new EcrRegistrySettings(stackIn(), 'S', {
      environments: all(), scanning: EcrScanning.basicOnPush(), crossAccountReplicationDestinations: [{ account: '333333333333', region: 'eu-west-1' }],
    }), 'crossAccountReplicationDestinations: expected no destinations unless replication is true, got ["333333333333/eu-west-1"]'],
    ['a bad destination account', () => new EcrRegistrySettings(stackIn(), 'S', {
      environments: all(), replication: true, crossAccountReplicationDestinations: [{ account: 'abc', region: 'eu-west-1' }],
    }), 'crossAccountReplicationDestinations[0].account[0]: expected a 12-digit AWS account id, got "abc"'],
    ['a bad source account', () => new EcrRegistrySettings(stackIn(), 'S', { environments: all(), replicationSourceAccounts: ['1'] }),
      'replicationSourceAccounts[0]: expected a 12-digit AWS account id, got "1"'],
    ['a signing profile without signing', () => new EcrRegistrySettings(stackIn(), 'S', {
      environments: all(), scanning: EcrScanning.basicOnPush(), signingProfile: { signingProfileArn: 'arn' } as never,
    }), 'imageSigning: expected true when a signingProfile is given, got undefined'],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(RegistryValidationError);
    expect(build).toThrow(message);
  });
});
