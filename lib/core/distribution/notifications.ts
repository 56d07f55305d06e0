import { invalid } from '../errors';
import { assertBoolean, assertInteger, assertUnique } from '../validate';
import { assertDuration, assertHttpsUrl, assertMatches, compact, sortedEntries } from './checks';
import { DISTRIBUTION_DEFAULTS as D } from './defaults';

/** A webhook that receives registry events (`notifications.endpoints[]`). */
export interface NotificationEndpointProps {
  /** Unique name, used in logs and metrics. */
  readonly name: string;
  /** https:// URL events are posted to. */
  readonly url: string;
  /**
   * Static headers added to each request, each with its list of values.
   * @default - none
   */
  readonly headers?: { [name: string]: string[] };
  /**
   * HTTP timeout (Go duration).
   * @default 1s
   */
  readonly timeout?: string;
  /**
   * Failures before the endpoint backs off.
   * @default 10
   */
  readonly threshold?: number;
  /**
   * Wait after a failure (Go duration).
   * @default 1s
   */
  readonly backoff?: string;
  /**
   * Target media types whose events are not sent.
   * @default - none
   */
  readonly ignoredMediaTypes?: string[];
  /**
   * Keep the endpoint in the file but send nothing.
   * @default false
   */
  readonly disabled?: boolean;
}

export function renderNotifications(endpoints: NotificationEndpointProps[]): Record<string, unknown> | undefined {
  if (endpoints.length === 0) {
    return undefined;
  }
  assertUnique('notifications[].name', endpoints.map((e) => e.name));
  return { endpoints: endpoints.map((e, i) => renderEndpoint(e, `notifications[${i}]`)) };
}

function renderEndpoint(e: NotificationEndpointProps, p: string): Record<string, unknown> {
  assertMatches(`${p}.name`, e.name, /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a name of letters, digits, dots, hyphens and underscores');
  assertHttpsUrl(`${p}.url`, e.url);
  const timeout = e.timeout ?? D.notificationTimeout;
  const threshold = e.threshold ?? D.notificationThreshold;
  const backoff = e.backoff ?? D.notificationBackoff;
  assertDuration(`${p}.timeout`, timeout);
  assertInteger(`${p}.threshold`, threshold, 1);
  assertDuration(`${p}.backoff`, backoff);
  const headers: Record<string, string[]> = {};
  for (const [name, values] of sortedEntries(e.headers)) {
    assertMatches(`${p}.headers["${name}"]`, name, /^[A-Za-z0-9][A-Za-z0-9-]*$/, 'a header name of letters, digits and hyphens');
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string' || /[\r\n]/.test(v))) {
      throw invalid(`${p}.headers["${name}"]`, values, 'a non-empty list of single-line header values');
    }
    headers[name] = [...values];
  }
  const ignored = e.ignoredMediaTypes ?? [];
  ignored.forEach((m, i) => assertMatches(`${p}.ignoredMediaTypes[${i}]`, m, /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'a media type such as "application/octet-stream"'));
  assertUnique(`${p}.ignoredMediaTypes`, ignored);
  if (e.disabled !== undefined) {
    assertBoolean(`${p}.disabled`, e.disabled);
  }
  return compact({
    name: e.name,
    disabled: e.disabled,
    url: e.url,
    // Both versions document headers as required, so an empty map is written.
    headers,
    timeout,
    threshold,
    backoff,
    ignoredmediatypes: ignored.length > 0 ? [...ignored] : undefined,
  });
}
