import { App, TerraformStack } from '../../lib/terraform/cdktf';
import { TerraformStateBackend } from '../../lib/terraform/state-backend';

/** What every Terraform example stack is given. */
export interface TerraformExampleOptions {
  /**
   * Where the stacks keep their Terraform state.
   *
   * @default - local state files next to the output directory
   */
  readonly stateBackend?: TerraformStateBackend;
  /**
   * The domain the registries live under (`<env>-registry.<domain>`).
   *
   * @default EXAMPLE_DOMAIN (example.com)
   */
  readonly domain?: string;
}

/** A Terraform example: its name (as the benchmark reports it) and the stacks it adds to the app. */
export interface TerraformExample {
  /** e.g. `ACR example`. */
  readonly name: string;
  /** Adds the example's stacks to `app`. */
  add(app: App, options: TerraformExampleOptions): void;
}

/** A stack of a Terraform example, with its state backend declared. */
export function terraformExampleStack(app: App, name: string, options: TerraformExampleOptions): TerraformStack {
  const stack = new TerraformStack(app, name);
  (options.stateBackend ?? TerraformStateBackend.local()).bind(stack);
  return stack;
}
