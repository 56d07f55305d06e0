/*
 * CloudFront comments (public keys, key groups, cache policies) take at
 * most 128 characters and Lambda descriptions 256, while a host name alone
 * may have 253: long names are cut rather than failing the deployment.
 */
export const MAX_CLOUDFRONT_COMMENT = 128;
export const MAX_LAMBDA_DESCRIPTION = 256;

/** `text`, cut to `max` characters with an ellipsis when longer. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
