import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BackendCapabilities, unenforcedSettings } from '../core/capabilities';
import { RegistryEnvironment } from '../core/environment';

/**
 * Adds a synth-time warning on `scope` for every profile setting of
 * `environment` that `capabilities` cannot enforce, so that a setting the
 * backend ignores is never silent. (`cdk synth --strict` turns them into
 * errors.) Acknowledge one with
 * `Annotations.of(scope).acknowledgeWarning('env-container-registries:unenforced:<setting>')`.
 */
export function warnUnenforcedSettings(scope: IConstruct, environment: RegistryEnvironment, capabilities: BackendCapabilities): void {
  for (const { id, message } of unenforcedSettings(environment, capabilities)) {
    Annotations.of(scope).addWarningV2(id, message);
  }
}
