import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';

/** Tags every resource below `scope` with the declaration's tags (standard `registry:*` plus the user's). */
export function tagWithEnvironment(scope: IConstruct, environment: RegistryEnvironment): void {
  for (const [key, value] of Object.entries(environment.tags)) {
    Tags.of(scope).add(key, value);
  }
}
