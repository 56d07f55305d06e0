import { Annotations, App, Stack } from 'aws-cdk-lib';
import { HostedZone, IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../lib/aws';
import { ImageTagMutability, RegistryEnvironment, RemovalMode } from '../../lib';
import { EnvironmentStackProps, ExampleOptions, exampleEnvironments } from '../environments';

/** Where the self-hosted example deploys. */
export interface SelfHostedExampleOptions extends ExampleOptions {
  /**
   * The public hosted zone of the example's domain (or of a parent domain).
   *
   * @default 'Z0000000EXAMPLE' (a placeholder: pass `-c hostedZoneId=...` to deploy)
   */
  readonly hostedZoneId?: string;
}

interface SelfHostedStackProps extends EnvironmentStackProps {
  readonly hostedZoneId: string;
}

/** One environment's self-hosted registry. */
export class SelfHostedRegistryStack extends Stack {
  public readonly registry: SelfHostedRegistry;

  constructor(scope: Construct, id: string, props: SelfHostedStackProps) {
    super(scope, id, props);
    this.registry = new SelfHostedRegistry(this, 'Registry', {
      environment: props.environment,
      hostedZone: exampleZone(this, props),
      authentication: EXAMPLE_AUTHENTICATION,
      // A real weekly window: read-only on Sunday 03:00 UTC while it enforces
      // the profile's retention (maxImageCount, untaggedImageRetentionDays)
      // and collects garbage.
      garbageCollection: { dryRun: false },
    });
    acknowledgeUnenforcedSettings(this.registry, props.environment);
    acknowledgeUnpinnedZones(this.registry, props.environment);
  }
}

/**
 * The example accepts what distribution cannot do (the construct warns
 * about each): users who may push may also overwrite tags. And where the
 * profile has no alarms (dev), nobody is told of a maintenance window that
 * left the registry read-only.
 */
function acknowledgeUnenforcedSettings(registry: SelfHostedRegistry, environment: RegistryEnvironment): void {
  const annotations = Annotations.of(registry);
  if (environment.settings.imageTagMutability === ImageTagMutability.IMMUTABLE) {
    annotations.acknowledgeWarning('env-container-registries:unenforced:imageTagMutability',
      'only the CI user pushes to the example registry; consumers pull by digest');
  }
  if (!environment.settings.alarmsEnabled) {
    annotations.acknowledgeWarning('env-container-registries:gc-without-alarms',
      'the dev registry is disposable and its profile has no alarms; a window that left it read-only shows at the next push '
      + 'and in the state machine\'s execution history');
  }
}

/**
 * The example deploys to any account, and zone names map to different
 * physical zones in each account, so it cannot pin prod's zones for you.
 */
function acknowledgeUnpinnedZones(registry: Construct, environment: RegistryEnvironment): void {
  if (environment.settings.removalMode === RemovalMode.RETAIN) {
    Annotations.of(registry).acknowledgeWarning('env-container-registries:availabilityZonesNotPinned',
      'the example runs in any account, whose zone names it cannot know; pin availabilityZones with your account\'s names before deploying prod');
  }
}

/** The storage of one environment's replica in one replica region: deployed before the primary. */
export class SelfHostedReplicaStorageStack extends Stack {
  public readonly storage: SelfHostedReplicaStorage;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    this.storage = new SelfHostedReplicaStorage(this, 'Replica', { environment: props.environment });
  }
}

interface SelfHostedReplicaStackProps extends SelfHostedStackProps {
  readonly storage: SelfHostedReplicaStorage;
}

/** The read-only replica of one environment in one replica region: deployed after the primary. */
export class SelfHostedReplicaStack extends Stack {
  public readonly replica: SelfHostedRegistryReplica;

  constructor(scope: Construct, id: string, props: SelfHostedReplicaStackProps) {
    super(scope, id, props);
    this.replica = new SelfHostedRegistryReplica(this, 'Replica', {
      environment: props.environment,
      storage: props.storage,
      hostedZone: exampleZone(this, props),
      authentication: EXAMPLE_AUTHENTICATION,
    });
    acknowledgeUnpinnedZones(this.replica, props.environment);
  }
}

/** The example domain's public zone, by id (no lookup, so synthesis needs no credentials). */
function exampleZone(stack: Stack, props: SelfHostedStackProps): IHostedZone {
  return HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: props.environment.address.domain });
}

/** The same users everywhere: replicas read the primary's replicated htpasswd secret. */
const EXAMPLE_AUTHENTICATION = RegistryAuthentication.htpasswd(['ci', 'deploy']);

/**
 * The self-hosted example: one stack per environment (dev, test, prod) in
 * the primary region and, for every environment that replicates (prod),
 * per replica region a storage stack deployed before the primary (S3
 * replication needs its bucket) and a replica stack deployed after it (its
 * tasks read the htpasswd secret the primary creates). The stack
 * dependencies make `cdk deploy` keep that order.
 */
export function addSelfHostedExample(app: App, options: SelfHostedExampleOptions = {}): Stack[] {
  const hostedZoneId = options.hostedZoneId ?? 'Z0000000EXAMPLE';
  const stacks: Stack[] = [];
  for (const environment of exampleEnvironments(options.domain)) {
    const primary = new SelfHostedRegistryStack(app, `self-hosted-${environment.resourcePrefix}`, {
      env: { account: options.account, region: environment.primaryRegion },
      environment,
      hostedZoneId,
      description: `Self-hosted registry ${environment.hostname} (${environment.profile.name} profile)`,
    });
    stacks.push(primary);
    for (const region of environment.activeReplicaRegions) {
      const storage = new SelfHostedReplicaStorageStack(app, `self-hosted-${environment.resourcePrefix}-replica-storage-${region}`, {
        env: { account: options.account, region },
        environment,
        description: `Replica storage of ${environment.hostname} in ${region}`,
      });
      primary.addStackDependency(storage, 'S3 replication needs the replica bucket to exist');
      const replica = new SelfHostedReplicaStack(app, `self-hosted-${environment.resourcePrefix}-replica-${region}`, {
        env: { account: options.account, region },
        environment,
        hostedZoneId,
        storage: storage.storage,
        description: `Read-only replica of ${environment.hostname} in ${region}`,
      });
      replica.addStackDependency(primary, 'the replica reads the htpasswd secret the primary creates');
      stacks.push(storage, replica);
    }
  }
  return stacks;
}
