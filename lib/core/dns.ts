import { invalid } from './errors';

/** Longest DNS label (RFC 1035, section 2.3.4). */
export const MAX_LABEL_LENGTH = 63;
/** Longest host name in text form (RFC 1035 limit of 255 octets on the wire). */
export const MAX_HOSTNAME_LENGTH = 253;

/** A label we mint ourselves: RFC 1035, starts with a letter. */
const RFC1035_LABEL = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
/** A label of a domain the user owns: RFC 1123 also lets it start with a digit. */
const RFC1123_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Checks a label that this library puts into host names (environment,
 * service, region): RFC 1035 rules, lower case only.
 */
export function assertLabel(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_LENGTH || !RFC1035_LABEL.test(value)) {
    throw invalid(property, value,
      `a DNS label of 1-${MAX_LABEL_LENGTH} lower case letters, digits and hyphens that starts with a letter and does not end with a hyphen`);
  }
}

/**
 * Checks a domain the user owns: at least two labels, each an RFC 1123
 * label, the last one starting with a letter (so that it cannot be mistaken
 * for an IP address), at most 253 characters, lower case only.
 */
export function assertDomain(property: string, value: unknown): asserts value is string {
  const expected = 'a lower case domain of at least two dot-separated labels (letters, digits and hyphens, '
    + `1-${MAX_LABEL_LENGTH} characters each, not starting or ending with a hyphen), at most ${MAX_HOSTNAME_LENGTH} characters`;
  if (typeof value !== 'string' || value.length > MAX_HOSTNAME_LENGTH) {
    throw invalid(property, value, expected);
  }
  const labels = value.split('.');
  const wellFormed = labels.length >= 2
    && labels.every((label) => label.length <= MAX_LABEL_LENGTH && RFC1123_LABEL.test(label))
    && /^[a-z]/.test(labels[labels.length - 1]);
  if (!wellFormed) {
    throw invalid(property, value, expected);
  }
}

/** Checks a whole host name we assembled from parts. */
export function assertHostnameLength(property: string, hostname: string): void {
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    throw invalid(property, hostname, `a host name of at most ${MAX_HOSTNAME_LENGTH} characters`);
  }
}
