import { Annotations, App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { CompositePrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ImageTagMutability, RegistryEnvironment } from '../../lib';
import {
  EcrRegistry, EcrRegistrySettings, EcrReplicaRegistry, EcrScanning, PullThroughUpstream,
} from '../../lib/aws';
import { EnvironmentStackProps, ExampleOptions, exampleEnvironments } from '../environments';


/** One environment's registry: repositories, caches and a CI role allowed to push. */
export class EcrEnvironmentStack extends Stack {
  public readonly registry: EcrRegistry;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    this.registry = new EcrRegistry(this, 'Registry', {
      environment: props.environment,
      repositories: ['app', 'base/node'],
      pullThroughCaches: [PullThroughUpstream.ecrPublic(), PullThroughUpstream.quay()],
    });

    if (props.environment.settings.cdnEnabled) {
      // The profile asks for a CDN, which ECR cannot have (the construct warns).
      Annotations.of(this.registry).acknowledgeWarning('env-container-registries:unenforced:cdnEnabled',
        'ECR serves layers from regional endpoints; the replica region serves pulls near it instead of a CDN');
    }

    const ci = new Role(this, 'CiRole', {
      assumedBy: new CompositePrincipal(new ServicePrincipal('codebuild.amazonaws.com')),
      description: `CI builds that push to ${props.environment.hostname}`,
    });
    this.registry.grantPullPush(ci);
    Validations.of(ci).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken has no resource-level permissions; it only issues a login token',
      },
    );
    this.registry.acknowledgeNamespaceGrant(ci,
      'The grant covers the environment\'s namespace so that repositories ECR creates later (pull-through cache, replication) are included; '
      + 'a first pull through a cache creates the cached repository, whose name is the upstream image\'s');
    if (props.environment.settings.imageTagMutability === ImageTagMutability.MUTABLE) {
      // Control Tower's CT.ECR.PR.3 wants immutable tags everywhere; dev and
      // test keep them mutable on purpose (their profiles' default).
      Validations.of(this.registry).acknowledge({
        id: 'cdk-validator-cfnguard::ecr_private_tag_immutability_enabled_check',
        reason: `${props.environment.environment} re-pushes moving tags (e.g. a branch name) by design; prod's profile makes tags immutable`,
      });
    }
  }
}

/** The replica side of one environment in one replica region. */
export class EcrReplicaStack extends Stack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    new EcrReplicaRegistry(this, 'Replica', { environment: props.environment });
  }
}

interface EcrSettingsStackProps extends StackProps {
  readonly environments: RegistryEnvironment[];
}

/** Per-account-and-region ECR settings: scanning, replication, signing. */
export class EcrSettingsStack extends Stack {
  constructor(scope: Construct, id: string, props: EcrSettingsStackProps) {
    super(scope, id, props);
    // Each setting replaces the account's for the whole registry: the example owns all of them.
    new EcrRegistrySettings(this, 'Settings', {
      environments: props.environments, scanning: EcrScanning.basicOnPush(), replication: true, imageSigning: true,
    });
  }
}

/**
 * The ECR example: a settings stack, one stack per environment (dev, test,
 * prod) in the primary region, and one replica stack per replica region of
 * every environment that replicates (prod).
 */
export function addEcrExample(app: App, options: ExampleOptions = {}): Stack[] {
  const environments = exampleEnvironments(options.domain);
  const envOf = (region: string) => ({ account: options.account, region });
  const primaryRegion = environments[0].primaryRegion;
  const stacks: Stack[] = [
    new EcrSettingsStack(app, 'ecr-registry-settings', {
      env: envOf(primaryRegion),
      environments,
      description: 'ECR registry settings shared by every environment: scanning, replication, signing',
    }),
  ];
  for (const environment of environments) {
    stacks.push(new EcrEnvironmentStack(app, `ecr-${environment.resourcePrefix}`, {
      env: envOf(environment.primaryRegion),
      environment,
      description: `ECR registry ${environment.hostname} (${environment.profile.name} profile)`,
    }));
    for (const region of environment.activeReplicaRegions) {
      stacks.push(new EcrReplicaStack(app, `ecr-${environment.resourcePrefix}-replica-${region}`, {
        env: envOf(region),
        environment,
        description: `ECR replica of ${environment.hostname} in ${region}`,
      }));
    }
  }
  return stacks;
}
