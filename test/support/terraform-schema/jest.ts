import { checkConformance, TerraformJson } from './check';
import { formatFinding } from './findings';
import { loadProviderSchema, ProviderSchemaFile } from './schema';

/**
 * Fails the test with every finding when `config` does not conform to the
 * provider's schema, e.g. `expectConformance(synthesizeStack(stack), 'azurerm')`.
 *
 * @param config a synthesized configuration (`cdk.tf.json`, parsed)
 * @param provider the provider's name (its fixture) or its schema
 */
export function expectConformance(config: TerraformJson, provider: string | ProviderSchemaFile): void {
  const schema = typeof provider === 'string' ? loadProviderSchema(provider) : provider;
  expect(checkConformance(config, schema).map(formatFinding)).toEqual([]);
}
