import { expectConformance } from '../support/terraform-schema/jest';
import { environment } from '../support/environment';
import { resourceOf, synthesizeScope } from '../support/terraform/synth';
import { addTestStack } from './test-stacks';

/*
 * The layer's parts together, as a backend uses them: what they synthesize
 * conforms to both providers' schemas, for a profile that retains and one
 * that destroys.
 */
describe.each(['dev', 'prod'])('a test-only %s stack built from the layer', (name) => {
  const config = synthesizeScope((stack) => addTestStack(stack, environment(name, { tags: { 'cost-center': 'platform' } })));

  test('conforms to the azurerm schema', () => {
    expectConformance(config, 'azurerm');
  });

  test('conforms to the tencentcloud schema', () => {
    expectConformance(config, 'tencentcloud');
  });

  test('tags every resource with the declaration\'s tags', () => {
    for (const type of ['azurerm_resource_group', 'tencentcloud_vpc']) {
      expect(resourceOf(config, type).tags).toEqual({
        'cost-center': 'platform',
        'registry:environment': name,
        'registry:hostname': `${name}-registry.example.com`,
        'registry:profile': name,
        'registry:service': 'registry',
      });
    }
  });
});
