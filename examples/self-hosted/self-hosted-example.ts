import { Annotations, App, Stack } from 'aws-cdk-lib';
import { HostedZone, IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica } from '../../lib/aws';
import { ImageTagMutability, RegistryEnvironment } from '../../lib';
import { EnvironmentStackProps, ExampleOptions, exampleEnvironments } from '../environments';

/** Where the self-hosted example deploys. */
export interface SelfHostedExampleOptions extends ExampleOptions {
  /**
   * The public hosted zone of the example domain.
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

/** The read-only replica of one environment in one replica region. */
export class SelfHostedReplicaStack extends Stack {
  public readonly replica: SelfHostedRegistryReplica;

  constructor(scope: Construct, id: string, props: SelfHostedStackProps) {
    super(scope, id, props);
    this.replica = new SelfHostedRegistryReplica(this, 'Replica', {
      environment: props.environment,
      hostedZone: exampleZone(this, props),
      authentication: EXAMPLE_AUTHENTICATION,
    });
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
 * the primary region, and a read-only replica stack per replica region of
 * every environment that replicates (prod), deployed before its primary.
 */
export function addSelfHostedExample(app: App, options: SelfHostedExampleOptions = {}): Stack[] {
  const hostedZoneId = options.hostedZoneId ?? 'Z0000000EXAMPLE';
  const stacks: Stack[] = [];
  for (const environment of exampleEnvironments()) {
    const primary = new SelfHostedRegistryStack(app, `self-hosted-${environment.resourcePrefix}`, {
      env: { account: options.account, region: environment.primaryRegion },
      environment,
      hostedZoneId,
      description: `Self-hosted registry ${environment.hostname} (${environment.profile.name} profile)`,
    });
    stacks.push(primary);
    for (const region of environment.activeReplicaRegions) {
      const replica = new SelfHostedReplicaStack(app, `self-hosted-${environment.resourcePrefix}-replica-${region}`, {
        env: { account: options.account, region },
        environment,
        hostedZoneId,
        description: `Read-only replica of ${environment.hostname} in ${region}`,
      });
      // S3 replication needs the replica's bucket to exist first.
      primary.addStackDependency(replica);
      stacks.push(replica);
    }
  }
  return stacks;
}
