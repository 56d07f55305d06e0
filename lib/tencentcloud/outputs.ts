import { Construct } from 'constructs';
import { TerraformOutput } from '../terraform/cdktf';

/**
 * An output named `name` in the stack, whatever the path of the construct
 * that adds it, so that `terraform output <name>` reads as documented.
 * Names start with the declaration's `<env>-<service>`, so registries of
 * several environments can share a stack.
 */
export function output(scope: Construct, name: string, value: string, description: string, sensitive: boolean = false): TerraformOutput {
  const result = new TerraformOutput(scope, `Output-${name}`, { value, description, sensitive: sensitive || undefined });
  result.overrideLogicalId(name);
  return result;
}
