import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addSelfHostedExample, SelfHostedRegistryStack } from '../../examples/self-hosted/self-hosted-example';

/** The registry container of the prod self-hosted example, as synthesized. */
export interface SynthesizedRegistry {
  /** The example stack. */
  readonly stack: SelfHostedRegistryStack;
  /** The container definition from the template. */
  readonly container: { Command: string[]; EntryPoint: string[]; Environment: Array<{ Name: string; Value: unknown }>; Secrets: Array<{ Name: string }> };
}

let cached: SynthesizedRegistry | undefined;

/**
 * Synthesizes the prod self-hosted example once per test file: its
 * `registry.config` is the configuration the integration tests run, and
 * its container definition carries the start-up script they run.
 */
export function synthesizedProdRegistry(): SynthesizedRegistry {
  if (!cached) {
    const app = new App();
    const stack = addSelfHostedExample(app).find((s) => s.stackName === 'self-hosted-prod-registry') as SelfHostedRegistryStack;
    const taskDefinitions = Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition');
    const registryTask = Object.entries(taskDefinitions).find(([id]) => id.startsWith('RegistryServiceTask'))![1];
    cached = { stack, container: registryTask.Properties.ContainerDefinitions[0] };
  }
  return cached;
}

/**
 * A CloudFormation value with deploy-time parts replaced by fixed fake
 * values (only the shape matters offline).
 */
export function resolveWithFakes(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const intrinsic = value as { [name: string]: any };
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return (parts as unknown[]).map(resolveWithFakes).join(separator);
  }
  if (intrinsic.Ref) {
    return intrinsic.Ref === 'AWS::Region' ? 'eu-west-1' : `fake-${String(intrinsic.Ref).toLowerCase()}`;
  }
  if (intrinsic['Fn::GetAtt']) {
    return `fake-${intrinsic['Fn::GetAtt'].join('-').toLowerCase()}`;
  }
  throw new Error(`no fake for ${JSON.stringify(value)}`);
}
