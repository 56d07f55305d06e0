import { expectConformance, expectTagged } from '../support/terraform-schema/jest';
import { environment } from '../support/environment';
import { resourceOf, synthesizeScope } from '../support/terraform/synth';
import { addTestStack } from './test-stacks';

/*
 * The layer's parts together, as a backend uses them: what they synthesize
 * conforms to both providers' schemas, for a profile that retains and one
 * that destroys.
 */
describe.each(['dev', 'prod'])('a test-only %s stack built from the layer', (name) => {
  const declaration = environment(name, { tags: { 'cost-center': 'platform' } });
  const config = synthesizeScope((stack) => addTestStack(stack, declaration));

  test('conforms to the azurerm schema', () => {
    expectConformance(config, 'azurerm');
  });

  test('conforms to the tencentcloud schema', () => {
    expectConformance(config, 'tencentcloud');
  });

  test('tags every taggable resource with the declaration\'s tags', () => {
    expectTagged(config, 'azurerm', declaration.tags);
    expectTagged(config, 'tencentcloud', declaration.tags);
  });

  test('the tags are the standard ones plus the user\'s', () => {
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

test('expectTagged finds a taggable resource without the tags', () => {
  const config = {
    resource: {
      azurerm_resource_group: { rg: { name: 'rg', location: 'westeurope', tags: { a: '1' } } },
      azurerm_role_assignment: { ra: { scope: 's', principal_id: 'p' } },
    },
  };
  expect(() => expectTagged(config, 'azurerm', { a: '1', b: '2' })).toThrow(/azurerm_resource_group\.rg: missing or different b/);
  expect(() => expectTagged(config, 'azurerm', { a: '1' })).not.toThrow();
});
