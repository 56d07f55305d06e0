import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';

/*
 * Host names and fixed physical names must be unique across everything an
 * app deploys: two registries answering at the same host name would fight
 * over one DNS record, and two constructs creating the same bucket, secret
 * or alias would fail the second deployment. Every self-hosted construct
 * claims its names here, per app, and the second claim fails at
 * construction naming the first.
 *
 * Names that hold an unresolved account (a stack without an explicit
 * account) compare as written: two such stacks may be deployed into one
 * account, where they would collide too.
 */

const claims = new WeakMap<IConstruct, Map<string, string>>();

/** What a name is unique within. */
export enum NameScope {
  /** DNS names and S3 bucket names: one namespace for everybody. */
  GLOBAL = 'global',
  /** Secrets, KMS aliases: per account and region. */
  REGIONAL = 'regional',
}

/** A name to claim. */
export interface NameClaim {
  /** The kind of name, e.g. `host name`, `bucket name`, `secret name`. */
  readonly kind: string;
  /** The name itself. */
  readonly name: string;
  /** Where it is unique. */
  readonly scope: NameScope;
  /** For regional names: the region (default: the stack's). */
  readonly region?: string;
}

/**
 * Claims `claim` for `scope` in its app, or throws naming the construct that
 * claimed it first. `property` and `value` are what the user wrote that
 * produced the name.
 */
export function claimName(scope: IConstruct, claim: NameClaim, property: string, value: unknown): void {
  const stack = Stack.of(scope);
  const where = claim.scope === NameScope.GLOBAL ? 'global' : `${stack.account}/${claim.region ?? stack.region}`;
  const key = `${claim.kind}|${where}|${claim.name}`;
  const root = scope.node.root;
  const claimed = claims.get(root) ?? new Map<string, string>();
  claims.set(root, claimed);
  const owner = claimed.get(key);
  if (owner !== undefined) {
    throw invalid(property, value,
      `a value whose ${claim.kind} "${claim.name}" no other construct of this app uses (${owner} already does)`);
  }
  claimed.set(key, scope.node.path);
}
