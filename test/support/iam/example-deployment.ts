import { App, Stack } from 'aws-cdk-lib';
import { synthExampleApp } from '../../examples/example-app';
import { DeployedStack } from './deployed-template';

/** The example app, synthesized once, with every stack resolved for the sample account. */
export class ExampleDeployment {
  public static synthesize(): ExampleDeployment {
    return new ExampleDeployment(synthExampleApp().app);
  }

  private readonly stacks: Map<string, DeployedStack>;

  private constructor(public readonly app: App) {
    this.stacks = DeployedStack.allOf(app.node.children.filter(Stack.isStack));
  }

  /** The resolved stack called `name`. */
  public stack(name: string): DeployedStack {
    const stack = this.stacks.get(name);
    if (!stack) {
      throw new Error(`the example app has no stack ${name}`);
    }
    return stack;
  }

  /** The example's own stack object (e.g. to reach its registry construct). */
  public construct<T>(name: string): T {
    return this.app.node.findChild(name) as unknown as T;
  }
}
