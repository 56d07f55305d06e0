import { invalid } from './errors';
import { assertBoolean, assertInteger, assertOneOf, assertUnique } from './validate';

/** Whether an image tag, once pushed, may point at another image later. */
export enum ImageTagMutability {
  /** Tags may be overwritten (convenient in development). */
  MUTABLE = 'MUTABLE',
  /** Tags cannot be overwritten, except those matching `immutableTagExclusions`. */
  IMMUTABLE = 'IMMUTABLE',
}

/** What happens to stored data when the resource leaves the stack. */
export enum RemovalMode {
  /** Keep the data (orphan the resource). */
  RETAIN = 'RETAIN',
  /** Delete the resource and its content. */
  DESTROY = 'DESTROY',
}

/** Who holds the key that encrypts the registry's data at rest. */
export enum EncryptionKeyKind {
  /** A key the cloud provider manages (no key cost, no key policy to manage). */
  PROVIDER_MANAGED = 'PROVIDER_MANAGED',
  /** A key in your account with rotation enabled (auditable, revocable). */
  CUSTOMER_MANAGED = 'CUSTOMER_MANAGED',
}

/**
 * A size class each backend maps onto its own tiers: ACR and TCR SKUs,
 * Fargate CPU and memory for a self-hosted registry.
 */
export enum RegistrySize {
  /** The cheapest tier: dev. */
  SMALL = 'SMALL',
  /** A middle tier: shared test environments. */
  MEDIUM = 'MEDIUM',
  /** The largest tier: production traffic and, where the backend needs it, replication. */
  LARGE = 'LARGE',
}

/** Every setting a profile decides. All backends read these. */
export interface ProfileSettings {
  /** Whether tags can be overwritten. */
  readonly imageTagMutability: ImageTagMutability;
  /**
   * Tag patterns (`*` wildcards) that stay mutable when tags are immutable,
   * e.g. `latest`. At most 5.
   */
  readonly immutableTagExclusions: string[];
  /** Days after which untagged images are deleted. */
  readonly untaggedImageRetentionDays: number;
  /** Images kept per repository; older ones are deleted. */
  readonly maxImageCount: number;
  /** What happens to registries, buckets, keys and logs when removed from the stack. */
  readonly removalMode: RemovalMode;
  /** Who holds the encryption key. */
  readonly encryptionKey: EncryptionKeyKind;
  /** Whether images are replicated to the declaration's replica regions. */
  readonly replicationEnabled: boolean;
  /** Whether a CDN fronts blob downloads where the backend allows it. */
  readonly cdnEnabled: boolean;
  /** Whether alarms and findings notifications are created. */
  readonly alarmsEnabled: boolean;
  /** Size class of the registry. */
  readonly size: RegistrySize;
  /** Fewest registry instances (self-hosted backends). */
  readonly minInstances: number;
  /** Most registry instances (self-hosted backends). */
  readonly maxInstances: number;
  /** Days to keep logs. */
  readonly logRetentionDays: number;
}

/** Per-environment overrides of any profile setting; see `ProfileSettings`. */
export interface ProfileOverrides {
  /**
   * Whether tags can be overwritten.
   *
   * @default - the profile's value
   */
  readonly imageTagMutability?: ImageTagMutability;
  /**
   * Tag patterns (`*` wildcards) that stay mutable when tags are immutable; at most 5.
   *
   * @default - the profile's value
   */
  readonly immutableTagExclusions?: string[];
  /**
   * Days after which untagged images are deleted.
   *
   * @default - the profile's value
   */
  readonly untaggedImageRetentionDays?: number;
  /**
   * Images kept per repository; older ones are deleted.
   *
   * @default - the profile's value
   */
  readonly maxImageCount?: number;
  /**
   * What happens to registries, buckets, keys and logs when removed from the stack.
   *
   * @default - the profile's value
   */
  readonly removalMode?: RemovalMode;
  /**
   * Who holds the encryption key.
   *
   * @default - the profile's value
   */
  readonly encryptionKey?: EncryptionKeyKind;
  /**
   * Whether images are replicated to the declaration's replica regions.
   *
   * @default - the profile's value
   */
  readonly replicationEnabled?: boolean;
  /**
   * Whether a CDN fronts blob downloads where the backend allows it.
   *
   * @default - the profile's value
   */
  readonly cdnEnabled?: boolean;
  /**
   * Whether alarms and findings notifications are created.
   *
   * @default - the profile's value
   */
  readonly alarmsEnabled?: boolean;
  /**
   * Size class of the registry.
   *
   * @default - the profile's value
   */
  readonly size?: RegistrySize;
  /**
   * Fewest registry instances (self-hosted backends).
   *
   * @default - the profile's value
   */
  readonly minInstances?: number;
  /**
   * Most registry instances (self-hosted backends).
   *
   * @default - the profile's value
   */
  readonly maxInstances?: number;
  /**
   * Days to keep logs.
   *
   * @default - the profile's value
   */
  readonly logRetentionDays?: number;
}

/**
 * The defaults of every built-in profile, in one place. The README's table
 * of defaults is checked against this object by a test.
 */
const BUILT_IN_PROFILES: Record<'dev' | 'test' | 'prod', ProfileSettings> = {
  dev: {
    imageTagMutability: ImageTagMutability.MUTABLE,
    immutableTagExclusions: [],
    untaggedImageRetentionDays: 7,
    maxImageCount: 50,
    removalMode: RemovalMode.DESTROY,
    encryptionKey: EncryptionKeyKind.PROVIDER_MANAGED,
    replicationEnabled: false,
    cdnEnabled: false,
    alarmsEnabled: false,
    size: RegistrySize.SMALL,
    minInstances: 1,
    maxInstances: 1,
    logRetentionDays: 7,
  },
  test: {
    imageTagMutability: ImageTagMutability.MUTABLE,
    immutableTagExclusions: [],
    untaggedImageRetentionDays: 14,
    maxImageCount: 100,
    removalMode: RemovalMode.DESTROY,
    encryptionKey: EncryptionKeyKind.PROVIDER_MANAGED,
    replicationEnabled: false,
    cdnEnabled: false,
    alarmsEnabled: true,
    size: RegistrySize.SMALL,
    minInstances: 1,
    maxInstances: 2,
    logRetentionDays: 30,
  },
  prod: {
    imageTagMutability: ImageTagMutability.IMMUTABLE,
    // Strict: Control Tower's CT.ECR.PR.3 flags any exclusion. Override
    // with e.g. ['latest'] where a moving tag is wanted.
    immutableTagExclusions: [],
    untaggedImageRetentionDays: 30,
    maxImageCount: 500,
    removalMode: RemovalMode.RETAIN,
    encryptionKey: EncryptionKeyKind.CUSTOMER_MANAGED,
    replicationEnabled: true,
    cdnEnabled: true,
    alarmsEnabled: true,
    size: RegistrySize.LARGE,
    minInstances: 2,
    maxInstances: 6,
    logRetentionDays: 365,
  },
};

const MAX_TAG_EXCLUSIONS = 5;
const TAG_PATTERN = /^[0-9A-Za-z._*-]{1,128}$/;

/**
 * A named set of defaults for an environment: `dev` (cheap, disposable),
 * `test` (like dev, with alarms) and `prod` (hardened, data retained,
 * replicated). `withOverrides` derives a custom profile.
 */
export class EnvironmentProfile {
  /** Cheap and disposable. */
  public static readonly DEV = new EnvironmentProfile('dev', BUILT_IN_PROFILES.dev);
  /** Like dev, with alarms and longer retention. */
  public static readonly TEST = new EnvironmentProfile('test', BUILT_IN_PROFILES.test);
  /** Hardened: immutable tags, customer-managed keys, retained data, replication, CDN. */
  public static readonly PROD = new EnvironmentProfile('prod', BUILT_IN_PROFILES.prod);

  /** The names of the built-in profiles. */
  public static readonly BUILT_IN_NAMES: string[] = Object.keys(BUILT_IN_PROFILES);

  /** Looks up a built-in profile by name (`dev`, `test` or `prod`). */
  public static named(name: string, property: string = 'profile'): EnvironmentProfile {
    switch (name) {
      case 'dev': return EnvironmentProfile.DEV;
      case 'test': return EnvironmentProfile.TEST;
      case 'prod': return EnvironmentProfile.PROD;
      default:
        throw invalid(property, name, `one of ${EnvironmentProfile.BUILT_IN_NAMES.map((n) => `"${n}"`).join(', ')}`);
    }
  }

  /** Whether `name` is a built-in profile. */
  public static isBuiltIn(name: string): boolean {
    return EnvironmentProfile.BUILT_IN_NAMES.includes(name);
  }

  /** Profile name, e.g. `prod`, or `prod+overrides` for a derived profile. */
  public readonly name: string;
  /** The resolved settings. */
  public readonly settings: ProfileSettings;

  private constructor(name: string, settings: ProfileSettings) {
    this.name = name;
    this.settings = Object.freeze({ ...settings, immutableTagExclusions: [...settings.immutableTagExclusions] });
  }

  /**
   * A profile with some settings replaced. Every value is validated; a
   * property left out keeps this profile's value.
   *
   * @param overrides settings to replace
   * @param property the property path to name in errors
   */
  public withOverrides(overrides: ProfileOverrides, property: string = 'overrides'): EnvironmentProfile {
    const defined = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined));
    const unknown = Object.keys(defined).filter((key) => !(key in this.settings));
    if (unknown.length > 0) {
      throw invalid(`${property}.${unknown[0]}`, defined[unknown[0]], `a known setting (${Object.keys(this.settings).join(', ')})`);
    }
    if (Object.keys(defined).length === 0) {
      return this;
    }
    const settings = { ...this.settings, ...defined } as ProfileSettings;
    validateSettings(settings, property);
    return new EnvironmentProfile(`${this.name}+overrides`, settings);
  }
}

function validateSettings(s: ProfileSettings, property: string): void {
  assertOneOf(`${property}.imageTagMutability`, s.imageTagMutability, Object.values(ImageTagMutability));
  assertOneOf(`${property}.removalMode`, s.removalMode, Object.values(RemovalMode));
  assertOneOf(`${property}.encryptionKey`, s.encryptionKey, Object.values(EncryptionKeyKind));
  assertOneOf(`${property}.size`, s.size, Object.values(RegistrySize));
  assertInteger(`${property}.untaggedImageRetentionDays`, s.untaggedImageRetentionDays, 1, 3650);
  assertInteger(`${property}.maxImageCount`, s.maxImageCount, 1, 10000);
  assertInteger(`${property}.minInstances`, s.minInstances, 1, 100);
  assertInteger(`${property}.maxInstances`, s.maxInstances, 1, 100);
  assertInteger(`${property}.logRetentionDays`, s.logRetentionDays, 1, 3653);
  if (s.maxInstances < s.minInstances) {
    throw invalid(`${property}.maxInstances`, s.maxInstances, `at least minInstances (${s.minInstances})`);
  }
  assertBoolean(`${property}.replicationEnabled`, s.replicationEnabled);
  assertBoolean(`${property}.cdnEnabled`, s.cdnEnabled);
  assertBoolean(`${property}.alarmsEnabled`, s.alarmsEnabled);
  const exclusions = s.immutableTagExclusions;
  if (!Array.isArray(exclusions) || exclusions.length > MAX_TAG_EXCLUSIONS) {
    throw invalid(`${property}.immutableTagExclusions`, exclusions, `a list of at most ${MAX_TAG_EXCLUSIONS} tag patterns`);
  }
  exclusions.forEach((pattern, index) => {
    if (typeof pattern !== 'string' || !TAG_PATTERN.test(pattern)) {
      throw invalid(`${property}.immutableTagExclusions[${index}]`, pattern,
        'a tag pattern of 1-128 letters, digits, ".", "_", "-" or "*"');
    }
  });
  assertUnique(`${property}.immutableTagExclusions`, exclusions);
}
