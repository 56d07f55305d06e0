/*
 * CDK (`${Token[...]}`) and CDK for Terraform (`${TfToken[...]}`) encode
 * values known only at deploy time as placeholders inside strings. The core
 * cannot import either library, so it recognises the placeholders by shape;
 * validators check what they can of such a value (its literal parts) and
 * leave the rest to deploy time, as aws-cdk-lib's own validators do.
 */
const TOKEN = /\$\{(Tf)?Token\[[^\]]+\]\}/;

/** Whether `value` is a string holding a deploy-time placeholder. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === 'string' && TOKEN.test(value);
}
