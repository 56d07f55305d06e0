import { App, AppConfig } from '../lib/terraform/cdktf';
import { terraformApp } from '../lib/terraform/app';
import { TerraformStateBackend } from '../lib/terraform/state-backend';
import { ACR_EXAMPLE } from './azure/acr-example';
import { exampleDomain } from './environments';
import { TCR_EXAMPLE } from './tencentcloud/tcr-example';
import { TerraformExample } from './terraform/example-stack';

/**
 * Every Terraform example, in the order they are synthesized and
 * benchmarked. The Azure (ACR) and Tencent Cloud (TCR) examples join here,
 * one line each.
 */
export const TERRAFORM_EXAMPLES: TerraformExample[] = [ACR_EXAMPLE, TCR_EXAMPLE];

/**
 * Every Terraform example stack, as `npm run synth`, `cdktf synth` and the
 * tests build them.
 *
 * Context keys (in `cdktf.json` or `CDKTF_CONTEXT_JSON`): `domain`, the
 * domain the registries live under (default: example.com, as in the AWS
 * app), and `stateBackend`, where the stacks keep their state, e.g.
 * `{"type": "azurerm", "resourceGroupName": "tfstate", "storageAccountName": "tfstate1234", "containerName": "registries"}`
 * or `{"type": "cos", "bucket": "tfstate-1250000000", "region": "ap-guangzhou"}`;
 * by default, local files next to the output directory.
 *
 * @param config cdktf's app settings (output directory, context)
 * @param examples the examples to add; by default every one
 */
export function buildTerraformExampleApp(config: AppConfig = {}, examples: TerraformExample[] = TERRAFORM_EXAMPLES): App {
  const app = terraformApp(config);
  const stateBackend = TerraformStateBackend.fromContext(app.node.tryGetContext('stateBackend'));
  const domain = exampleDomain(app.node.tryGetContext('domain'));
  for (const example of examples) {
    example.add(app, { stateBackend, domain });
  }
  return app;
}
