import { RegistryAddress } from './address';
import { assertLabel } from './dns';
import { invalid } from './errors';
import { EnvironmentProfile, ProfileOverrides, ProfileSettings } from './profiles';
import { STANDARD_TAG_KEYS, validateTags } from './tags';
import { assertUnique } from './validate';

/**
 * One environment's registry, declared once and consumed by every backend
 * (ECR, self-hosted, ACR, TCR), so that moving a registry from one backend
 * to another changes one line.
 */
export interface RegistryEnvironmentProps {
  /**
   * Environment name: `dev`, `test`, `prod` or any other name made of lower
   * case letters and digits (e.g. `qa`, `preprod`).
   */
  readonly environment: string;

  /**
   * Service name, the second half of the first DNS label.
   *
   * @default 'registry'
   */
  readonly service?: string;

  /** The domain the registry is named under, e.g. `example.com`. */
  readonly domain: string;

  /** The region that holds the primary (writable) registry, e.g. `eu-west-1`. */
  readonly primaryRegion: string;

  /**
   * Regions that receive replicas. Replication only happens when the
   * resolved profile has `replicationEnabled` (prod by default), so one list
   * can be shared by every environment.
   *
   * @default - no replicas
   */
  readonly replicaRegions?: string[];

  /**
   * The profile that supplies the defaults.
   *
   * @default - the built-in profile named like the environment (`dev`,
   * `test` or `prod`); any other environment name must choose one
   */
  readonly profile?: EnvironmentProfile;

  /**
   * Settings that replace the profile's defaults for this environment.
   *
   * @default - the profile's settings unchanged
   */
  readonly overrides?: ProfileOverrides;

  /**
   * Tags for every resource of this registry, added to the standard
   * `registry:*` tags.
   *
   * @default - only the standard tags
   */
  readonly tags?: { [key: string]: string };
}

const DEFAULT_SERVICE = 'registry';

/** A validated registry declaration. Construction throws on bad input. */
export class RegistryEnvironment {
  /** The registry's address `<environment>-<service>.<domain>`. */
  public readonly address: RegistryAddress;
  /** The primary region. */
  public readonly primaryRegion: string;
  /** Every declared replica region, in declared order. */
  public readonly replicaRegions: string[];
  /** The profile after overrides. */
  public readonly profile: EnvironmentProfile;
  /** The resolved settings (profile defaults plus overrides). */
  public readonly settings: ProfileSettings;
  /** Standard tags plus user tags, sorted by key. */
  public readonly tags: { [key: string]: string };

  constructor(props: RegistryEnvironmentProps) {
    if (props === null || typeof props !== 'object') {
      throw invalid('props', props, 'an object with environment, domain and primaryRegion');
    }
    this.address = RegistryAddress.of({
      environment: props.environment,
      service: props.service ?? DEFAULT_SERVICE,
      domain: props.domain,
    });

    assertLabel('primaryRegion', props.primaryRegion);
    this.primaryRegion = props.primaryRegion;
    const replicas = props.replicaRegions ?? [];
    if (!Array.isArray(replicas)) {
      throw invalid('replicaRegions', replicas, 'a list of region names');
    }
    replicas.forEach((region, index) => {
      assertLabel(`replicaRegions[${index}]`, region);
      if (region === props.primaryRegion) {
        throw invalid(`replicaRegions[${index}]`, region, `a region other than the primary region "${props.primaryRegion}"`);
      }
      // Also proves that every replica host name fits in 253 characters.
      this.address.replicaHostname(region);
    });
    assertUnique('replicaRegions', replicas);
    this.replicaRegions = [...replicas];

    const base = props.profile ?? defaultProfileFor(this.address.environment);
    this.profile = base.withOverrides(props.overrides ?? {}, 'overrides');
    this.settings = this.profile.settings;

    const userTags = validateTags('tags', props.tags);
    const standardTags: Record<string, string> = {
      [STANDARD_TAG_KEYS.environment]: this.address.environment,
      [STANDARD_TAG_KEYS.hostname]: this.address.hostname,
      [STANDARD_TAG_KEYS.profile]: base.name,
      [STANDARD_TAG_KEYS.service]: this.address.service,
    };
    const clash = Object.keys(userTags).find((key) => key in standardTags);
    if (clash) {
      throw invalid(`tags.${clash}`, userTags[clash], `a key other than the standard tag keys (${Object.keys(standardTags).join(', ')})`);
    }
    this.tags = validateTags('tags', { ...standardTags, ...userTags });
  }

  /** Environment name, e.g. `dev`. */
  public get environment(): string {
    return this.address.environment;
  }

  /** Service name, e.g. `registry`. */
  public get service(): string {
    return this.address.service;
  }

  /** The registry's host name, e.g. `dev-registry.example.com`. */
  public get hostname(): string {
    return this.address.hostname;
  }

  /**
   * The name stem of this environment's resources, `<environment>-<service>`
   * (e.g. `dev-registry`): unique per environment, so environments sharing
   * an account cannot collide.
   */
  public get resourcePrefix(): string {
    return this.address.label;
  }

  /** Replica regions that are active: the declared ones when the profile enables replication, otherwise none. */
  public get activeReplicaRegions(): string[] {
    return this.settings.replicationEnabled ? [...this.replicaRegions] : [];
  }

  /** Host name of the replica in `region`: `<region>.<environment>-<service>.<domain>`. */
  public replicaHostname(region: string): string {
    if (!this.replicaRegions.includes(region)) {
      throw invalid('region', region, `one of the declared replica regions (${this.replicaRegions.join(', ') || 'none'})`);
    }
    return this.address.replicaHostname(region);
  }
}

function defaultProfileFor(environment: string): EnvironmentProfile {
  if (EnvironmentProfile.isBuiltIn(environment)) {
    return EnvironmentProfile.named(environment);
  }
  throw invalid('profile', undefined,
    `a profile for environment "${environment}" (only ${EnvironmentProfile.BUILT_IN_NAMES.join(', ')} pick theirs by name), e.g. profile: EnvironmentProfile.PROD`);
}
