import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';

/*
 * A registry with replicas deploys in three steps, because each step uses
 * by name what the one before created (docs/adr/0005-self-hosted-deploy-order.md):
 *
 *   1. SelfHostedReplicaStorage, in each replica region: the bucket (and
 *      key alias) that S3 replication writes to; S3 refuses a replication
 *      rule whose destination bucket does not exist yet.
 *   2. SelfHostedRegistry, in the primary region: the registry, its
 *      replication rules and the htpasswd secret, which Secrets Manager
 *      copies into every replica region.
 *   3. SelfHostedRegistryReplica, in each replica region: the read-only
 *      registry, whose tasks read that copy of the secret.
 *
 * Stacks in different regions cannot reference each other, so the CDK does
 * not order them by itself. When the parts live in one app, each checks at
 * synthesis that its stack depends on the stack it needs, so that
 * `cdk deploy` (which deploys in dependency order) gets the order right.
 */

/** The role a construct plays in a registry's deployment. */
export enum DeployStep {
  REPLICA_STORAGE = 'replica storage',
  PRIMARY = 'primary',
  REPLICA = 'replica',
}

/** A self-hosted construct, as the deploy-order check sees it. */
export interface DeployMember {
  readonly step: DeployStep;
  /** The primary host name of the environment (the same for all parts of one registry). */
  readonly hostname: string;
  readonly region: string;
  readonly construct: IConstruct;
  /** The htpasswd users (sorted), or undefined with token authentication. */
  readonly htpasswdUsers?: string[];
}

const members = new WeakMap<IConstruct, DeployMember[]>();

/** Records `member` in its app and adds the synthesis-time check of its stack's dependencies. */
export function joinDeployment(member: DeployMember): void {
  const root = member.construct.node.root;
  const list = members.get(root) ?? [];
  members.set(root, list);
  list.push(member);
  member.construct.node.addValidation({ validate: () => deployOrderErrors(member, list) });
}

function deployOrderErrors(member: DeployMember, all: DeployMember[]): string[] {
  const sameRegistry = all.filter((other) => other.hostname === member.hostname && other !== member);
  const stack = Stack.of(member.construct);
  const errors: string[] = [];
  const needs = (other: DeployMember, reason: string) => {
    const otherStack = Stack.of(other.construct);
    if (otherStack === stack) {
      errors.push(invalid(`stack ${stack.stackName}`, member.construct.node.path,
        `the ${member.step} and the ${other.step} of ${member.hostname} in separate stacks (${reason})`).message);
    } else if (!dependsOn(stack, otherStack)) {
      errors.push(invalid(`stack ${stack.stackName}`, 'no dependency',
        `a dependency on stack ${otherStack.stackName}, the ${other.step} of ${member.hostname} in ${other.region} `
        + `(${reason}): call addStackDependency on stack ${stack.stackName} with stack ${otherStack.stackName}`).message);
    }
  };
  if (member.step === DeployStep.PRIMARY) {
    for (const storage of sameRegistry.filter((other) => other.step === DeployStep.REPLICA_STORAGE)) {
      needs(storage, 'S3 replication needs the replica bucket to exist');
    }
  }
  if (member.step === DeployStep.REPLICA) {
    for (const primary of sameRegistry.filter((other) => other.step === DeployStep.PRIMARY)) {
      if (member.htpasswdUsers !== undefined) {
        needs(primary, 'the replica\'s tasks read the htpasswd secret that the primary creates');
      }
      if (JSON.stringify(member.htpasswdUsers) !== JSON.stringify(primary.htpasswdUsers)) {
        errors.push(invalid('authentication', member.htpasswdUsers ?? 'token authentication',
          `the primary's authentication (${primary.htpasswdUsers ? `htpasswd users ${primary.htpasswdUsers.join(', ')}` : 'token authentication'}), `
          + 'since a replica serves the primary\'s users').message);
      }
    }
  }
  return errors;
}

/** Whether `stack` depends on `other`, directly or through other stacks. */
function dependsOn(stack: Stack, other: Stack, seen = new Set<Stack>()): boolean {
  for (const dependency of stack.dependencies) {
    if (dependency === other || (!seen.has(dependency) && (seen.add(dependency), dependsOn(dependency, other, seen)))) {
      return true;
    }
  }
  return false;
}
