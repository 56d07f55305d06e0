import { posix } from 'path';
import { invalid } from '../core/errors';
import { AzurermBackend, CosBackend, LocalBackend, TerraformBackend, TerraformStack } from './cdktf';

/** Where `TerraformStateBackend.local()` keeps state files. */
export interface LocalStateProps {
  /**
   * The directory of the state files, relative to the directory that holds
   * the output directory (the project root, for `cdktf.out`), or absolute.
   * Each stack's state is `<directory>/terraform.<stack>.tfstate`.
   *
   * @default - the directory that holds the output directory, where the
   * cdktf CLI keeps local state too
   */
  readonly directory?: string;
}

/**
 * An Azure Storage blob container for state (Terraform's `azurerm` backend,
 * https://developer.hashicorp.com/terraform/language/backend/azurerm).
 * The state is read and written with Microsoft Entra ID (`use_azuread_auth`),
 * never with a storage account key or SAS token, so no secret is written to
 * the configuration: give the identity that runs Terraform the "Storage
 * Blob Data Contributor" role on the container, and its credentials through
 * the `ARM_*` environment variables or the Azure CLI.
 */
export interface AzurermStateProps {
  /** The resource group of the storage account. */
  readonly resourceGroupName: string;
  /** The storage account: 3-24 lower case letters and digits. */
  readonly storageAccountName: string;
  /** The blob container: 3-63 lower case letters, digits and hyphens. */
  readonly containerName: string;
  /**
   * Prefix of each stack's state blob, which is `<keyPrefix><stack>.tfstate`.
   *
   * @default '' (no prefix)
   */
  readonly keyPrefix?: string;
  /**
   * The subscription of the storage account.
   *
   * @default - `ARM_SUBSCRIPTION_ID` at run time
   */
  readonly subscriptionId?: string;
  /**
   * The Microsoft Entra tenant.
   *
   * @default - `ARM_TENANT_ID` at run time
   */
  readonly tenantId?: string;
  /**
   * Authenticate with OpenID Connect (workload identity federation, e.g. from CI).
   *
   * @default false
   */
  readonly useOidc?: boolean;
  /**
   * Authenticate with a managed identity.
   *
   * @default false
   */
  readonly useMsi?: boolean;
}

/**
 * A Tencent Cloud Object Storage bucket for state (Terraform's `cos` backend,
 * https://developer.hashicorp.com/terraform/language/backend/cos), which
 * locks the state. Objects are encrypted at rest (`encrypt`) and private
 * (`acl`); credentials come from the `TENCENTCLOUD_*` environment variables,
 * never from the configuration. Turn on versioning of the bucket so that a
 * lost state can be recovered.
 */
export interface CosStateProps {
  /** The bucket, `<name>-<APPID>`, which must exist already. */
  readonly bucket: string;
  /** The bucket's region, e.g. `ap-guangzhou`. */
  readonly region: string;
  /**
   * The directory of the state objects in the bucket; each stack's state is
   * `<prefix>/<stack>.tfstate`.
   *
   * @default 'terraform/state'
   */
  readonly prefix?: string;
}

const DEFAULT_COS_PREFIX = 'terraform/state';

/**
 * Where each Terraform stack keeps its state. One value serves every stack
 * of an app: each stack gets its own state file, blob or object, named after
 * the stack. Secure by default: remote state is encrypted and read with
 * short-lived identities, and no credential is ever written to the
 * synthesized configuration.
 *
 * @example
 * const state = TerraformStateBackend.azurerm({
 *   resourceGroupName: 'tfstate', storageAccountName: 'tfstate1234', containerName: 'registries',
 * });
 * state.bind(stack);
 */
export class TerraformStateBackend {
  /**
   * State files on the local disk: `terraform.<stack>.tfstate` next to the
   * output directory by default. For a single user's experiments; there is
   * no locking across machines.
   */
  public static local(props: LocalStateProps = {}): TerraformStateBackend {
    return localBackend(props, '');
  }

  /** State blobs in an Azure Storage container; see `AzurermStateProps`. */
  public static azurerm(props: AzurermStateProps): TerraformStateBackend {
    return azurermBackend(props, '');
  }

  /** State objects in a Tencent Cloud COS bucket; see `CosStateProps`. */
  public static cos(props: CosStateProps): TerraformStateBackend {
    return cosBackend(props, '');
  }

  /**
   * A state backend from a plain object, as the example app reads it from
   * the `stateBackend` context key (`cdktf.json` or `CDKTF_CONTEXT_JSON`):
   * `{ "type": "local" | "azurerm" | "cos", ...props }`, where the props are
   * those of `local`, `azurerm` or `cos`. Unknown keys are refused.
   *
   * @param value the object, or undefined for the default (`local()`)
   * @param property the name to use in errors
   */
  public static fromContext(value: any, property: string = 'stateBackend'): TerraformStateBackend {
    if (value === undefined) {
      return TerraformStateBackend.local();
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalid(property, value, 'an object with "type": "local", "azurerm" or "cos"');
    }
    const { type, ...props } = value;
    const settings = BACKEND_SETTINGS[type as keyof typeof BACKEND_SETTINGS];
    if (typeof type !== 'string' || settings === undefined) {
      throw invalid(`${property}.type`, type, '"local", "azurerm" or "cos"');
    }
    const unknown = Object.keys(props).find((key) => !settings.includes(key));
    if (unknown !== undefined) {
      throw invalid(`${property}.${unknown}`, props[unknown], `one of the ${type} backend's settings (${settings.join(', ')})`);
    }
    const at = `${property}.`;
    switch (type) {
      case 'azurerm': return azurermBackend(props, at);
      case 'cos': return cosBackend(props, at);
      default: return localBackend(props, at);
    }
  }

  /**
   * @internal
   */
  public static of(type: string, create: (stack: TerraformStack) => TerraformBackend): TerraformStateBackend {
    return new TerraformStateBackend(type, create);
  }

  /** The Terraform backend type: `local`, `azurerm` or `cos`. */
  public readonly type: string;

  private readonly create: (stack: TerraformStack) => TerraformBackend;

  private constructor(type: string, create: (stack: TerraformStack) => TerraformBackend) {
    this.type = type;
    this.create = create;
  }

  /**
   * Declares this backend in `stack`, with the stack's own state file,
   * blob or object. A stack has one backend.
   */
  public bind(stack: TerraformStack): TerraformBackend {
    return this.create(stack);
  }
}

/** The settings each backend type takes, as `fromContext` accepts them. */
const BACKEND_SETTINGS = {
  local: ['directory'],
  azurerm: ['resourceGroupName', 'storageAccountName', 'containerName', 'keyPrefix', 'subscriptionId', 'tenantId', 'useOidc', 'useMsi'],
  cos: ['bucket', 'region', 'prefix'],
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/* The factories take `at`, the prefix of property names in errors ('' or 'stateBackend.'). */

function localBackend(props: LocalStateProps, at: string): TerraformStateBackend {
  const directory = props.directory;
  if (directory !== undefined && (typeof directory !== 'string' || directory.length === 0 || directory.includes('\0'))) {
    throw invalid(`${at}directory`, directory, 'a directory path');
  }
  return TerraformStateBackend.of('local', (stack) => new LocalBackend(stack, { path: localStatePath(stack, directory) }));
}

function azurermBackend(props: AzurermStateProps, at: string): TerraformStateBackend {
  assertPattern(`${at}resourceGroupName`, props.resourceGroupName, /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u, false,
    '1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending with a period');
  // Storage naming rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
  assertPattern(`${at}storageAccountName`, props.storageAccountName, /^[a-z0-9]{3,24}$/, false, '3-24 lower case letters and digits');
  assertPattern(`${at}containerName`, props.containerName, /^(?!.*--)[a-z0-9][a-z0-9-]{2,62}$/, false,
    '3-63 lower case letters, digits and hyphens, starting with a letter or digit, without consecutive hyphens');
  assertPattern(`${at}keyPrefix`, props.keyPrefix, /^[A-Za-z0-9._/-]*$/, true, 'letters, digits and "._/-"');
  assertPattern(`${at}subscriptionId`, props.subscriptionId, UUID, true, 'a subscription id (UUID)');
  assertPattern(`${at}tenantId`, props.tenantId, UUID, true, 'a tenant id (UUID)');
  assertOptionalBoolean(`${at}useOidc`, props.useOidc);
  assertOptionalBoolean(`${at}useMsi`, props.useMsi);
  return TerraformStateBackend.of('azurerm', (stack) => new AzurermBackend(stack, {
    resourceGroupName: props.resourceGroupName,
    storageAccountName: props.storageAccountName,
    containerName: props.containerName,
    key: `${props.keyPrefix ?? ''}${stack.node.id}.tfstate`,
    subscriptionId: props.subscriptionId,
    tenantId: props.tenantId,
    useAzureadAuth: true,
    useOidc: props.useOidc,
    useMsi: props.useMsi,
  }));
}

function cosBackend(props: CosStateProps, at: string): TerraformStateBackend {
  // The bucket rule of tencentcloud_cos_bucket (terraform-provider-tencentcloud,
  // tccommon.ValidateCosBucketName, after https://cloud.tencent.com/document/product/436/13312).
  assertPattern(`${at}bucket`, props.bucket, /^(?=.{1,60}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]{10}$/, false,
    'a bucket name "<name>-<APPID>" of at most 60 lower case letters, digits and hyphens, e.g. "tfstate-1250000000"');
  assertPattern(`${at}region`, props.region, /^[a-z][a-z0-9-]*[a-z0-9]$/, false, 'a region name such as "ap-guangzhou"');
  assertPattern(`${at}prefix`, props.prefix, /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, true,
    'a path of letters, digits and "._-" segments separated by "/", without leading or trailing "/"');
  return TerraformStateBackend.of('cos', (stack) => new CosBackend(stack, {
    bucket: props.bucket,
    region: props.region,
    prefix: props.prefix ?? DEFAULT_COS_PREFIX,
    key: `${stack.node.id}.tfstate`,
    encrypt: true,
    acl: 'private',
  }));
}

/*
 * Terraform runs in the stack's directory, `<outdir>/stacks/<stack>`; a path
 * relative to it that climbs three levels reaches the directory holding the
 * output directory, whatever the output directory is called, so the
 * synthesized path is the same on every machine. (cdktf's own default is
 * the absolute path of the current directory.)
 */
function localStatePath(stack: TerraformStack, directory: string | undefined): string {
  const file = `terraform.${stack.node.id}.tfstate`;
  if (directory !== undefined && posix.isAbsolute(directory)) {
    return posix.join(directory, file);
  }
  return posix.join('..', '..', '..', directory ?? '', file);
}

function assertPattern(property: string, value: unknown, pattern: RegExp, optional: boolean, expected: string): void {
  if (value === undefined && optional) {
    return;
  }
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalid(property, value, expected);
  }
}

function assertOptionalBoolean(property: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(property, value, 'true or false');
  }
}
