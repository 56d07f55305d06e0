import { invalid } from './errors';

/** Tag keys this library sets on every resource it creates. */
export const STANDARD_TAG_KEYS = {
  environment: 'registry:environment',
  service: 'registry:service',
  hostname: 'registry:hostname',
  profile: 'registry:profile',
} as const;

/*
 * The intersection of what AWS, Azure and Tencent Cloud accept, so that one
 * declaration's tags work on every backend: letters, digits, spaces and
 * `_ . : / = + - @`; keys up to 128 characters, values up to 256; the `aws:`
 * prefix is reserved by AWS.
 */
const TAG_CHARACTERS = /^[\p{L}\p{N} _.:/=+\-@]*$/u;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

/** Validates user tags and returns them sorted by key (stable output). */
export function validateTags(property: string, tags: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of Object.keys(tags ?? {}).sort()) {
    const value = tags![key];
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || !TAG_CHARACTERS.test(key) || key.trim() !== key) {
      throw invalid(`${property} key`, key,
        `1-${MAX_KEY_LENGTH} letters, digits, spaces or "_.:/=+-@", without leading or trailing spaces`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalid(`${property} key`, key, 'a key that does not start with the reserved prefix "aws:"');
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH || !TAG_CHARACTERS.test(value)) {
      throw invalid(`${property}.${key}`, value, `a string of at most ${MAX_VALUE_LENGTH} letters, digits, spaces or "_.:/=+-@"`);
    }
    result[key] = value;
  }
  return result;
}
