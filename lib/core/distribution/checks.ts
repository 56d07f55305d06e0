import { invalid } from '../errors';
import { isUnresolved } from '../tokens';

/*
 * Shape checks shared by the distribution config sections. Each throws the
 * project's `invalid(property, value, expected)` error, so messages read the
 * same everywhere.
 */

/** Go's `time.ParseDuration` syntax, which every distribution duration uses. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function assertNonEmpty(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(property, value, 'a non-empty string');
  }
}

export function assertDuration(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !GO_DURATION.test(value) || /^(0+(\.0+)?[a-zµ]+)+$/.test(value)) {
    throw invalid(property, value, 'a positive Go duration with a unit, such as "90s", "20m" or "168h"');
  }
}

export function assertAbsolutePath(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !value.startsWith('/') || /\s/.test(value) || value.includes('/../')) {
    throw invalid(property, value, 'an absolute path without spaces or ".." segments');
  }
}

/**
 * Accepts `https://host[:port][/path]` only: the registry hands these URLs to
 * clients or uses them to reach other services, and plaintext would leak
 * credentials or signed URLs.
 */
export function assertHttpsUrl(property: string, value: unknown, allowPath = true): asserts value is string {
  if (isUnresolved(value) && (value as string).startsWith('https://')) {
    return; // e.g. `https://${distribution domain}/`: only the scheme is known now
  }
  const url = parseUrl(value);
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== ''
    || (!allowPath && url.pathname !== '/')) {
    const shape = allowPath ? 'an https:// URL without credentials, query or fragment' : 'an https:// origin without path, credentials, query or fragment';
    throw invalid(property, value, shape);
  }
}

/** The parsed URL, or `undefined` when the value is not a URL with a host. */
export function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.hostname === '' ? undefined : url;
  } catch {
    return undefined;
  }
}

/** `host:port` or `:port`, as Go's `net.Listen` takes it. */
export function assertListenAddress(property: string, value: unknown): asserts value is string {
  const match = typeof value === 'string' ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})$/.exec(value) : null;
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) {
    throw invalid(property, value, 'a listen address "host:port" or ":port" with a port from 1 to 65535');
  }
}

export function assertHostname(property: string, value: unknown): asserts value is string {
  const ok = isUnresolved(value) || typeof value === 'string' && value.length <= 253
    && value.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
  if (!ok) {
    throw invalid(property, value, 'a lower case DNS host name without scheme or port');
  }
}

export function assertMatches(property: string, value: unknown, pattern: RegExp, expected: string): asserts value is string {
  if (isUnresolved(value)) {
    return; // known at deploy time only
  }
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalid(property, value, expected);
  }
}

/** The entries of a string map sorted by key, so that output never depends on insertion order. */
export function sortedEntries<T>(map: { readonly [key: string]: T } | undefined): Array<[string, T]> {
  return Object.keys(map ?? {}).sort().map((key) => [key, (map as { [key: string]: T })[key]]);
}

/** Drops `undefined` values, keeping the key order of the literal. */
export function compact(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}
