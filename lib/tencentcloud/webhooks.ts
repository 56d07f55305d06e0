import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { TcrWebhookTrigger } from './bindings/tcr-webhook-trigger';
import { assertObject, assertOptionalText, assertUniqueField, listOf } from './checks';
import { WEBHOOK_ANY_REPOSITORY, WEBHOOK_PUSH_EVENT } from './defaults';
import { assertRuleName } from './names';
import { TcrWebhookProps } from './tcr-registry-props';

/** Checks a namespace's webhooks and returns them. */
export function webhookSpecs(property: string, webhooks: TcrWebhookProps[] | undefined): TcrWebhookProps[] {
  const list = listOf(property, webhooks, 'webhooks ({ name, url })');
  list.forEach((webhook, index) => {
    const at = `${property}[${index}]`;
    assertObject(at, webhook, 'a webhook ({ name, url })');
    assertRuleName(`${at}.name`, webhook.name);
    assertHttpsUrl(`${at}.url`, webhook.url);
    assertOptionalText(`${at}.description`, webhook.description);
  });
  assertUniqueField(property, list, 'name');
  return list;
}

function assertHttpsUrl(property: string, value: unknown): void {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw invalid(property, value, 'an https:// URL without credentials in it (TCR posts the push event there)');
  }
}

/**
 * A trigger that posts every push to the namespace to the webhook's URL
 * (tencentcloud_tcr_webhook_trigger; `trigger` is one block).
 */
export function addWebhook(scope: Construct, id: string, registryId: string, namespace: string, webhook: TcrWebhookProps,
  environment: RegistryEnvironment): TcrWebhookTrigger {
  return new TcrWebhookTrigger(scope, id, {
    registryId,
    namespace,
    trigger: {
      name: webhook.name,
      description: webhook.description,
      enabled: true,
      eventTypes: [WEBHOOK_PUSH_EVENT],
      condition: WEBHOOK_ANY_REPOSITORY,
      targets: [{ address: webhook.url }],
    },
    tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrWebhookTrigger.tfResourceType),
  });
}
