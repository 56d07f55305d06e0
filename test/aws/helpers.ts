import { Annotations, App, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
export { environment } from '../support/environment';

/** A stack pinned to an account and region. */
export function stackIn(region = 'eu-west-1', app = new App(), id = `stack-${region}`): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region } });
}

/** Builds a stack with `build`, then returns its template. */
export function templateOf(build: (stack: Stack) => void, region?: string): Template {
  const stack = stackIn(region);
  build(stack);
  return Template.fromStack(stack);
}

/** Acknowledges the synth-time warnings about profile settings the self-hosted registry cannot enforce (tests that synthesize whole apps). */
export function acknowledgeUnenforced(construct: IConstruct): void {
  for (const setting of ['imageTagMutability', 'untaggedImageRetentionDays', 'maxImageCount']) {
    Annotations.of(construct).acknowledgeWarning(`env-container-registries:unenforced:${setting}`, 'a test of something else');
  }
}
