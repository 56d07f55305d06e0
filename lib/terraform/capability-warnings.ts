import { IConstruct } from 'constructs';
import { BackendCapabilities, unenforcedSettings } from '../core/capabilities';
import { RegistryEnvironment } from '../core/environment';
import { Annotations } from './cdktf';

/**
 * Adds a synth-time warning on `scope` for every profile setting of
 * `environment` that `capabilities` cannot enforce, so that a setting the
 * backend ignores is never silent. The cdktf twin of
 * `lib/aws/capability-warnings.ts`, with the same messages and ids.
 *
 * cdktf writes warnings to the stack's entry in `manifest.json`; the cdktf
 * CLI prints them, and so does this library's `synthesizeApp`. cdktf has no
 * way to acknowledge a warning, so the message ends with its id
 * (`[env-container-registries:unenforced:<setting>]`) for tools that filter.
 *
 * @param scope the construct that stands for the registry
 * @param environment the declaration whose settings to compare
 * @param capabilities the backend's capabilities (`lib/core/backend-capabilities.ts`)
 */
export function warnUnenforcedSettings(scope: IConstruct, environment: RegistryEnvironment, capabilities: BackendCapabilities): void {
  for (const { id, message } of unenforcedSettings(environment, capabilities)) {
    Annotations.of(scope).addWarning(`${message} [${id}]`);
  }
}
