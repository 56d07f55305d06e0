/**
 * An AWS region code (`eu-west-1`, `us-gov-west-1`, `cn-north-1`): a
 * two-to-four-letter area, one or more words, a number. A source, not a
 * RegExp, so that availability-zone names (the region code and a letter)
 * build on it. Here, beside the core, because the distribution
 * configuration checks region names too and loads no cloud library.
 */
export const AWS_REGION_SOURCE = '[a-z]{2,4}(?:-[a-z]+)+-\\d+';

/** A whole AWS region code. */
export const AWS_REGION = new RegExp(`^${AWS_REGION_SOURCE}$`);
