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

/**
 * Fails the test unless every resource of the provider whose schema has a
 * `tags` argument carries `tags` (at least those keys with those values),
 * so that a backend cannot forget to tag a resource.
 *
 * @param config a synthesized configuration
 * @param provider the provider's name (its fixture) or its schema
 * @param tags the tags every taggable resource must carry, e.g. `environment.tags`
 */
export function expectTagged(config: TerraformJson, provider: string | ProviderSchemaFile, tags: { [key: string]: string }): void {
  const schema = typeof provider === 'string' ? loadProviderSchema(provider) : provider;
  const untagged: string[] = [];
  for (const [type, instances] of Object.entries(config.resource ?? {})) {
    if (!schema.resources[type]?.attributes.tags) {
      continue;
    }
    for (const [name, body] of Object.entries(instances)) {
      const actual = (body as { tags?: Record<string, string> }).tags ?? {};
      const missing = Object.keys(tags).filter((key) => actual[key] !== tags[key]);
      if (missing.length > 0) {
        untagged.push(`${type}.${name}: missing or different ${missing.join(', ')}`);
      }
    }
  }
  expect(untagged).toEqual([]);
}
