import { RegistryEnvironment } from './environment';
import { EncryptionKeyKind, ImageTagMutability, ProfileSettings, RemovalMode } from './profiles';

/** How far a backend honours one profile setting. */
export enum SettingSupport {
  /** The backend enforces the setting. */
  ENFORCED = 'ENFORCED',
  /**
   * The setting has no meaning for this backend (instance counts of a
   * managed registry, say); it is never warned about.
   */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  /**
   * The backend cannot enforce the setting: a value that asks for it gives a
   * synth-time warning naming the setting and the backend.
   */
  UNSUPPORTED = 'UNSUPPORTED',
}

/** What a backend does with one profile setting, and how or why not. */
export interface SettingCapability {
  /** Whether the setting is enforced. */
  readonly support: SettingSupport;
  /** How the backend enforces it, or why it cannot; shown in warnings and in the README's matrix. */
  readonly how: string;
}

/** One backend's answer for every profile setting. */
export type SettingCapabilities = { readonly [K in keyof ProfileSettings]: SettingCapability };

/** A backend's capabilities, as the README's matrix shows them. */
export interface BackendCapabilities {
  /** Backend name as users read it, e.g. `AWS ECR`. */
  readonly backend: string;
  /** What the backend does with each setting. */
  readonly settings: SettingCapabilities;
}

/**
 * Whether a setting's value asks the backend to do something. A value that
 * asks nothing (mutable tags, no CDN, no replica regions) is never warned
 * about, so a dev environment on a backend without a CDN stays quiet.
 */
const ASKS_FOR_SOMETHING: { readonly [K in keyof ProfileSettings]: (environment: RegistryEnvironment) => boolean } = {
  imageTagMutability: (e) => e.settings.imageTagMutability === ImageTagMutability.IMMUTABLE,
  immutableTagExclusions: (e) => e.settings.imageTagMutability === ImageTagMutability.IMMUTABLE
    && e.settings.immutableTagExclusions.length > 0,
  untaggedImageRetentionDays: () => true,
  maxImageCount: () => true,
  // Every backend can delete what it created; keeping data is the promise that needs enforcing.
  removalMode: (e) => e.settings.removalMode === RemovalMode.RETAIN,
  encryptionKey: (e) => e.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED,
  replicationEnabled: (e) => e.activeReplicaRegions.length > 0,
  cdnEnabled: (e) => e.settings.cdnEnabled,
  alarmsEnabled: (e) => e.settings.alarmsEnabled,
  size: () => true,
  minInstances: () => true,
  maxInstances: () => true,
  logRetentionDays: () => true,
};

/** A setting the environment asks for that the backend cannot enforce. */
export interface UnenforcedSetting {
  /** The setting's name, e.g. `imageTagMutability`. */
  readonly setting: keyof ProfileSettings;
  /**
   * The warning's id, the same on every backend:
   * `env-container-registries:unenforced:<setting>`.
   */
  readonly id: string;
  /** The warning to show at synthesis. */
  readonly message: string;
}

/**
 * The settings of `environment` that ask for something `capabilities`
 * cannot enforce, in the order of `ProfileSettings`, each with a warning
 * that names the setting, its value, the profile and the backend.
 */
export function unenforcedSettings(environment: RegistryEnvironment, capabilities: BackendCapabilities): UnenforcedSetting[] {
  return (Object.keys(ASKS_FOR_SOMETHING) as Array<keyof ProfileSettings>)
    .filter((setting) => capabilities.settings[setting].support === SettingSupport.UNSUPPORTED)
    .filter((setting) => ASKS_FOR_SOMETHING[setting](environment))
    .map((setting) => ({
      setting,
      id: `env-container-registries:unenforced:${setting}`,
      message: `${setting}: the ${environment.profile.name} profile of ${environment.hostname} asks for `
        + `${JSON.stringify(environment.settings[setting])}, which ${capabilities.backend} cannot enforce `
        + `(${capabilities.settings[setting].how}); it is not applied`,
    }));
}

/**
 * `capabilities` with some settings replaced, for a construct whose
 * configuration narrows what its backend can do (a garbage collection that
 * only does dry runs deletes nothing, say).
 */
export function withCapabilities(capabilities: BackendCapabilities, changes: Partial<SettingCapabilities>): BackendCapabilities {
  return { backend: capabilities.backend, settings: { ...capabilities.settings, ...changes } };
}
