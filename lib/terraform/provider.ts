import { IConstruct } from 'constructs';
import { TerraformProvider, TerraformProviderConfig, TerraformProviderGeneratorMetadata, TerraformStack } from './cdktf';

/**
 * A Terraform provider that a backend's resources need, as the stack's
 * `terraform.required_providers` declares it. Nothing here is specific to a
 * cloud: the Azure backend describes azurerm with it, the Tencent Cloud
 * backend tencentcloud.
 */
export interface ProviderRequirement {
  /**
   * The provider's local name, which is also the prefix of its resource
   * types and the key of its `provider` blocks, e.g. `azurerm`.
   */
  readonly name: string;
  /** The registry source address, e.g. `hashicorp/azurerm` or `tencentcloudstack/tencentcloud`. */
  readonly source: string;
  /**
   * The version constraint written to `required_providers`, e.g. `4.55.0`
   * or `~> 1.83.25`. Keep it to the versions whose schema the bindings and
   * the schema conformance tests were made from.
   */
  readonly version: string;
}

/**
 * The part of `TerraformProviderConfig` that a hand-written provider binding
 * passes to `super(scope, id, ...)`, so that the stack declares the provider
 * in `required_providers` with its source and version constraint.
 */
export function providerBindingConfig(requirement: ProviderRequirement): TerraformProviderConfig {
  return {
    terraformResourceType: requirement.name,
    terraformProviderSource: requirement.source,
    terraformGeneratorMetadata: resourceGeneratorMetadata(requirement),
  };
}

/**
 * The `terraformGeneratorMetadata` a hand-written resource binding passes to
 * `TerraformResource`, as generated bindings do.
 */
export function resourceGeneratorMetadata(requirement: ProviderRequirement): TerraformProviderGeneratorMetadata {
  return { providerName: requirement.name, providerVersionConstraint: requirement.version };
}

/**
 * Creates the default configuration of a provider in a stack; given to
 * `defaultProvider`. Typically `(stack, id) => new AzurermProvider(stack, id, { features: [{}] })`.
 */
export type ProviderFactory = (stack: TerraformStack, id: string) => TerraformProvider;

/**
 * The default (un-aliased) configuration of `requirement`'s provider in the
 * stack that holds `scope`: the one the user declared, or else one that
 * `create` adds to the stack, once. Without a provider construct in the
 * stack, cdktf writes no `required_providers` entry and Terraform would
 * guess the provider's source; constructs call this instead of asking every
 * user to declare providers.
 *
 * @param scope any construct in the stack
 * @param requirement the provider the construct's resources need
 * @param create makes the provider when the stack has none
 */
export function defaultProvider(scope: IConstruct, requirement: ProviderRequirement, create: ProviderFactory): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const declared = stack.allProviders()
    .filter((provider) => provider.terraformResourceType === requirement.name && provider.alias === undefined);
  if (declared.length > 0) {
    return declared[0];
  }
  const provider = create(stack, `${requirement.name}-provider`);
  if (provider.terraformResourceType !== requirement.name) {
    throw new Error(`the provider factory for ${requirement.name} made a ${provider.terraformResourceType} provider`);
  }
  return provider;
}
