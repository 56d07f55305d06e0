import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { TcrNamespace } from './bindings/tcr-namespace';
import { TcrServiceAccount } from './bindings/tcr-service-account';
import { assertObject, assertOptionalText, assertUniqueField, listOf } from './checks';
import { SERVICE_ACCOUNT_ACTIONS, SERVICE_ACCOUNT_USER_PREFIX } from './defaults';
import { assertRuleName } from './names';
import { output } from './outputs';
import { TcrServiceAccountProps } from './tcr-registry-props';

/** Checks the service accounts against the registry's namespaces. */
export function serviceAccountSpecs(accounts: TcrServiceAccountProps[] | undefined, namespaces: string[]): TcrServiceAccountProps[] {
  const list = listOf('serviceAccounts', accounts, 'service accounts ({ name, pushNamespaces?, pullNamespaces? })');
  list.forEach((account, index) => {
    const at = `serviceAccounts[${index}]`;
    assertObject(at, account, 'a service account ({ name, pushNamespaces?, pullNamespaces? })');
    assertRuleName(`${at}.name`, account.name);
    assertOptionalText(`${at}.description`, account.description);
    const push = listOf(`${at}.pushNamespaces`, account.pushNamespaces, 'namespace names');
    const pull = listOf(`${at}.pullNamespaces`, account.pullNamespaces, 'namespace names');
    if (push.length + pull.length === 0) {
      throw invalid(at, account.name, 'a service account with at least one of pushNamespaces and pullNamespaces: an account without permissions can do nothing');
    }
    const seen = new Set<string>();
    for (const [property, names] of [['pushNamespaces', push], ['pullNamespaces', pull]] as const) {
      names.forEach((name, i) => {
        if (!namespaces.includes(name)) {
          throw invalid(`${at}.${property}[${i}]`, name, `a namespace of the registry (${namespaces.join(', ')})`);
        }
        if (seen.has(name)) {
          throw invalid(`${at}.${property}[${i}]`, name, 'a namespace listed once: push includes pull');
        }
        seen.add(name);
      });
    }
  });
  assertUniqueField('serviceAccounts', list, 'name');
  return list;
}

/** A service account's login, as the registry construct returns it. */
export interface ServiceAccountLogin {
  /** The user name, `tcr$<name>`. */
  readonly username: string;
  /** The password, a Terraform expression of a sensitive value. */
  readonly password: string;
}

/**
 * A service account with the least privilege it was given: per namespace,
 * `tcr:PushRepository` and `tcr:PullRepository` to push, or
 * `tcr:PullRepository` alone (tencentcloud_tcr_service_account.permissions;
 * the resource "currently only supports Namespace"). No password is set:
 * TCR generates one, which the provider keeps in state (`password` is
 * optional, computed and sensitive), and which the account's outputs
 * `<env>-<service>-<name>-username` and `-password` (sensitive) give to CI.
 * The account does not expire; to rotate the password, replace the account
 * (`terraform apply -replace=...`).
 */
export function addServiceAccount(scope: Construct, account: TcrServiceAccountProps, registryId: string,
  namespaces: Map<string, TcrNamespace>, environment: RegistryEnvironment): ServiceAccountLogin {
  const grant = (names: string[] | undefined, actions: readonly string[]) => (names ?? [])
    // The namespace's name read from the resource: the account waits for the namespace.
    .map((name) => ({ resource: namespaces.get(name)!.name, actions: [...actions] }));
  const resource = new TcrServiceAccount(scope, `ServiceAccount-${account.name}`, {
    registryId,
    name: account.name,
    description: account.description ?? `${account.name} of ${environment.hostname}`,
    permissions: [...grant(account.pushNamespaces, SERVICE_ACCOUNT_ACTIONS.push), ...grant(account.pullNamespaces, SERVICE_ACCOUNT_ACTIONS.pull)],
    disable: false,
    tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrServiceAccount.tfResourceType),
  });
  const login = { username: `${SERVICE_ACCOUNT_USER_PREFIX}${account.name}`, password: resource.password };
  output(scope, `${environment.resourcePrefix}-${account.name}-username`, login.username, `Login user of service account ${account.name}`, false);
  output(scope, `${environment.resourcePrefix}-${account.name}-password`, login.password, `Password of service account ${account.name}`, true);
  return login;
}
