import { Annotations, Aws, Stack } from 'aws-cdk-lib';
import { CfnRegistryPolicy, CfnRegistryScanningConfiguration, CfnReplicationConfiguration, CfnSigningConfiguration } from 'aws-cdk-lib/aws-ecr';
import { AccountPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ISigningProfile, Platform, SigningProfile } from 'aws-cdk-lib/aws-signer';
import { Construct } from 'constructs';
import { assertLabel } from '../../core/dns';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertUnique } from '../../core/validate';
import { claimPerAccountRegion } from '../singleton-guard';
import { assertAccountIds } from '../validate';
import { PULL_THROUGH_CACHE_ACTIONS } from './policies';
import { EcrScanning } from './scanning';

/** A registry in another account that receives replicas. */
export interface EcrReplicationDestination {
  /** The destination account (12 digits). */
  readonly account: string;
  /** The destination region. */
  readonly region: string;
}

/** Properties of `EcrRegistrySettings`. */
export interface EcrRegistrySettingsProps {
  /**
   * Every environment whose repositories live in this account and region.
   * Scanning, replication and signing rules are scoped to their prefixes.
   */
  readonly environments: RegistryEnvironment[];

  /**
   * Registry-level image scanning. A registry has one scanning
   * configuration per account and region: setting it here replaces what
   * another app or an organisation-wide Amazon Inspector set-up configured,
   * and deleting the stack deletes it.
   *
   * @default - not managed: the registry's scanning configuration stays as
   * it is (the repositories this library creates still scan on push)
   */
  readonly scanning?: EcrScanning;

  /**
   * Own the registry's replication configuration: replicate every
   * environment whose profile replicates to its replica regions (and to
   * `crossAccountReplicationDestinations`). A registry has one replication
   * configuration per account and region: it replaces rules that another
   * app configured, and deleting the stack deletes them.
   *
   * @default false - replication is not managed here; an environment whose
   * profile replicates then gets a synth-time warning
   */
  readonly replication?: boolean;

  /**
   * Registries in other accounts that receive the replicas of every
   * environment whose profile enables replication, in addition to the
   * environments' own replica regions in this account. Each destination
   * account must allow this account with `replicationSourceAccounts`.
   * Only with `replication: true`.
   *
   * @default - replicas stay in this account
   */
  readonly crossAccountReplicationDestinations?: EcrReplicationDestination[];

  /**
   * Accounts allowed to replicate into this registry (registry policy).
   *
   * @default - none
   */
  readonly replicationSourceAccounts?: string[];

  /**
   * Accounts allowed to pull images through this registry's pull-through
   * caches, which creates the cached repositories on first pull (registry
   * policy). Pulling existing images across accounts is a repository policy:
   * see `EcrRegistryProps.pullAccounts`.
   *
   * @default - none
   */
  readonly pullThroughCacheAccounts?: string[];

  /**
   * Sign every pushed image with ECR managed signing (AWS Signer, Notation).
   *
   * @default false
   */
  readonly imageSigning?: boolean;

  /**
   * The signing profile, when `imageSigning` is on. Its platform must be
   * `Notation-OCI-SHA384-ECDSA`.
   *
   * @default - a new signing profile
   */
  readonly signingProfile?: ISigningProfile;
}

/** ECR allows at most this many replication rules and distinct destinations. */
const MAX_REPLICATION_RULES = 10;
const MAX_REPLICATION_DESTINATIONS = 25;

/**
 * The settings ECR keeps once per account and region: registry scanning,
 * replication, the registry policy and managed signing. Each one is managed
 * only when asked for, because it replaces what anybody else configured for
 * the whole registry, and deleting the stack deletes it. Declaring them
 * twice in one app for the same account and region fails at construction,
 * because two stacks would overwrite each other's settings.
 */
export class EcrRegistrySettings extends Construct {
  /** The signing profile, when image signing is on. */
  public readonly signingProfile?: ISigningProfile;

  constructor(scope: Construct, id: string, props: EcrRegistrySettingsProps) {
    super(scope, id);
    const environments = props?.environments;
    if (!Array.isArray(environments) || environments.length === 0 || !environments.every((e) => e instanceof RegistryEnvironment)) {
      throw invalid('environments', environments, 'a non-empty list of RegistryEnvironment');
    }
    assertUnique('environments', environments.map((e) => e.resourcePrefix));
    claimPerAccountRegion(this, 'set of ECR registry settings', 'EcrRegistrySettings');
    const prefixes = environments.map((e) => e.resourcePrefix);

    const replication = props.replication ?? false;
    const crossAccount = props.crossAccountReplicationDestinations ?? [];
    const sourceAccounts = assertAccountIds('replicationSourceAccounts', props.replicationSourceAccounts);
    const cacheAccounts = assertAccountIds('pullThroughCacheAccounts', props.pullThroughCacheAccounts);
    if (!props.scanning && !replication && !props.imageSigning && sourceAccounts.length === 0 && cacheAccounts.length === 0) {
      throw invalid('scanning', props.scanning,
        'at least one setting to manage (scanning, replication, imageSigning, replicationSourceAccounts or pullThroughCacheAccounts)');
    }
    if (!replication && crossAccount.length > 0) {
      throw invalid('crossAccountReplicationDestinations', crossAccount.map((d) => `${d.account}/${d.region}`),
        'no destinations unless replication is true');
    }

    if (props.scanning) {
      if (!(props.scanning instanceof EcrScanning)) {
        throw invalid('scanning', props.scanning, 'an EcrScanning, e.g. EcrScanning.basicOnPush()');
      }
      new CfnRegistryScanningConfiguration(this, 'Scanning', {
        scanType: props.scanning.scanType,
        rules: [{
          scanFrequency: props.scanning.scanFrequency,
          repositoryFilters: prefixes.map((prefix) => ({ filter: `${prefix}/*`, filterType: 'WILDCARD' })),
        }],
      });
    }

    if (replication) {
      this.addReplication(environments, crossAccount);
    } else {
      for (const environment of environments.filter((e) => e.activeReplicaRegions.length > 0)) {
        Annotations.of(this).addWarningV2('env-container-registries:replicationNotManaged',
          `${environment.resourcePrefix}: the ${environment.profile.name} profile replicates to ${environment.activeReplicaRegions.join(', ')}, `
          + 'but these settings do not manage replication (replication: false): set replication: true, or configure the registry\'s replication elsewhere');
      }
    }
    this.addRegistryPolicy(prefixes, sourceAccounts, cacheAccounts);

    if (props.signingProfile && !props.imageSigning) {
      throw invalid('imageSigning', props.imageSigning, 'true when a signingProfile is given');
    }
    if (props.imageSigning) {
      this.signingProfile = props.signingProfile ?? new SigningProfile(this, 'SigningProfile', {
        platform: Platform.NOTATION_OCI_SHA384_ECDSA,
      });
      new CfnSigningConfiguration(this, 'Signing', {
        rules: [{
          signingProfileArn: this.signingProfile.signingProfileArn,
          repositoryFilters: prefixes.map((prefix) => ({ filter: `${prefix}/*`, filterType: 'WILDCARD_MATCH' })),
        }],
      });
    }
  }

  private addReplication(environments: RegistryEnvironment[], crossAccount: EcrReplicationDestination[]): void {
    crossAccount.forEach((destination, index) => {
      assertAccountIds(`crossAccountReplicationDestinations[${index}].account`, [destination.account]);
      assertLabel(`crossAccountReplicationDestinations[${index}].region`, destination.region);
    });
    assertUnique('crossAccountReplicationDestinations', crossAccount.map((d) => `${d.account}/${d.region}`));

    const rules = environments
      .filter((environment) => environment.activeReplicaRegions.length > 0 || (environment.settings.replicationEnabled && crossAccount.length > 0))
      .map((environment) => ({
        repositoryFilters: [{ filter: `${environment.resourcePrefix}/`, filterType: 'PREFIX_MATCH' }],
        destinations: [
          ...environment.activeReplicaRegions.map((region) => ({ region, registryId: Aws.ACCOUNT_ID })),
          ...crossAccount.map((d) => ({ region: d.region, registryId: d.account })),
        ],
      }));
    if (rules.length === 0) {
      throw invalid('replication', true, 'an environment whose profile replicates to a replica region (or crossAccountReplicationDestinations)');
    }
    if (rules.length > MAX_REPLICATION_RULES) {
      throw invalid('environments', rules.length, `at most ${MAX_REPLICATION_RULES} environments with replication per registry (an ECR limit)`);
    }
    const destinations = new Set(rules.flatMap((rule) => rule.destinations.map((d) => `${Stack.of(this).resolve(d.registryId)}/${d.region}`)));
    if (destinations.size > MAX_REPLICATION_DESTINATIONS) {
      throw invalid('replicaRegions', destinations.size, `at most ${MAX_REPLICATION_DESTINATIONS} distinct replication destinations (an ECR limit)`);
    }
    new CfnReplicationConfiguration(this, 'Replication', { replicationConfiguration: { rules } });
  }

  private addRegistryPolicy(prefixes: string[], sourceAccounts: string[], cacheAccounts: string[]): void {
    const statements: PolicyStatement[] = [];
    const stack = Stack.of(this);
    const namespaces = prefixes.map((prefix) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${prefix}/*` }));
    if (sourceAccounts.length > 0) {
      statements.push(new PolicyStatement({
        sid: 'ReplicationFromSourceAccounts',
        principals: sourceAccounts.map((account) => new AccountPrincipal(account)),
        actions: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
        resources: namespaces,
      }));
    }
    if (cacheAccounts.length > 0) {
      statements.push(new PolicyStatement({
        sid: 'PullThroughCacheFromOtherAccounts',
        principals: cacheAccounts.map((account) => new AccountPrincipal(account)),
        actions: [...PULL_THROUGH_CACHE_ACTIONS],
        resources: namespaces,
      }));
    }
    if (statements.length > 0) {
      new CfnRegistryPolicy(this, 'Policy', { policyText: new PolicyDocument({ statements }) });
    }
  }
}
