// Generated from a block of README.md (fixture "jest-test") by test/readme/snippets.ts: do not edit.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RegistryEnvironment } from '../../../lib';
import { EcrRegistry } from '../../../lib/aws';

const prod = new RegistryEnvironment({ environment: 'prod', domain: 'example.com', primaryRegion: 'eu-west-1' });

function registryStack(): Stack {
  const app = new App();
  const stack = new Stack(app, 'prod-registry', { env: { region: 'eu-west-1' } });
  new EcrRegistry(stack, 'Registry', { environment: prod, repositories: ['app'] });
  return stack;
}

test('the prod registry stack matches its snapshot', () => {
  // The template only: *.metadata.json and the cloud assembly hold paths of the machine.
  expect(Template.fromStack(registryStack()).toJSON()).toMatchSnapshot();
});

test('the repository keeps its logical id (changing it would replace the repository)', () => {
  Template.fromStack(registryStack()).templateMatches({
    Resources: { RegistryappB4ADD1BD: { Type: 'AWS::ECR::Repository', DeletionPolicy: 'Retain' } },
  });
});
export { App, Stack, Template, RegistryEnvironment, EcrRegistry, prod, registryStack };
