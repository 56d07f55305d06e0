import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import {
  allowedContextKeysForRequest, EvaluationResult, runSimulation, runUnsafeSimulation, Simulation,
} from '@cloud-copilot/iam-simulate';
import { NamedPolicy, PolicyResource } from './deployed-template';

/*
 * Evaluates one request the way IAM does, with @cloud-copilot/iam-simulate:
 * the identity policies of the caller and the resource's policy together
 * (same account: either may allow, except KMS, whose key policy must allow;
 * other account: both must; a service principal: the resource policy alone),
 * explicit denies first.
 *
 * `runSimulation` validates the policies, the action, the resource ARN
 * against the action's resource types, and the context keys against the
 * action. It then drops every context key it does not recognise, and it does
 * not recognise variable keys written with a colon, such as
 * `kms:EncryptionContext:aws:logs:arn` (it only expands variables after a
 * slash, like `aws:ResourceTag/<key>`). A dropped key makes a condition on it
 * fail silently, so every dropped key is checked here: a key that the
 * action's documented variable keys cover (`kms:EncryptionContext:${key}`)
 * is evaluated again with `runUnsafeSimulation`, which keeps every key, after
 * the validated run has checked everything else; any other dropped key
 * fails the evaluation, because the request the row describes is not one AWS
 * would send.
 */

/** Who makes the request. */
export interface RequestPrincipal {
  /** A service principal (`logs.eu-west-1.amazonaws.com`) or an IAM role ARN. */
  readonly arn: string;
  /** The caller's identity policies (none for a service principal). */
  readonly identityPolicies?: NamedPolicy[];
}

/** One request, as the calling service sends it. */
export interface PolicyRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly resource: PolicyResource;
  /** Request context keys, e.g. `aws:SourceArn`. `aws:SecureTransport` is true unless set. */
  readonly context?: Record<string, string | string[]>;
}

/** The decision and what the simulator did with the request's context. */
export interface Decision {
  readonly result: EvaluationResult;
  /** Context keys evaluated only through the colon-variable fallback. */
  readonly colonVariableKeys: string[];
}

/** Thrown when a request or policy is malformed: a broken row, not a denial. */
export class InvalidRequestError extends Error {}

export async function evaluate(request: PolicyRequest): Promise<Decision> {
  const context = { 'aws:SecureTransport': 'true', ...request.context };
  const simulation: Simulation = {
    request: {
      principal: request.principal.arn,
      action: request.action,
      resource: { resource: request.resource.arn, accountId: request.resource.account },
      contextVariables: context,
    },
    identityPolicies: (request.principal.identityPolicies ?? []).map(({ name, policy }) => ({
      name, policy: createValidatedPolicy(policy, validateIdentityPolicy, { name }),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resource.policy
      // The metadata names the policy in the analysis; runUnsafeSimulation needs it to be there.
      ? createValidatedPolicy(request.resource.policy, validateResourcePolicy, { name: 'resource policy' })
      : undefined,
  };
  const checked = await runSimulation(simulation, {});
  if (checked.resultType === 'error') {
    throw new InvalidRequestError(`${request.action} on ${request.resource.arn}: ${JSON.stringify(checked.errors)}`);
  }
  if (checked.resultType !== 'single') {
    throw new InvalidRequestError(`${request.action} on ${request.resource.arn}: a request names one resource, not a pattern`);
  }
  const ignored = checked.result.ignoredContextKeys ?? [];
  if (ignored.length === 0) {
    return { result: checked.overallResult, colonVariableKeys: [] };
  }
  const [service, action] = request.action.split(':');
  const allowed = await allowedContextKeysForRequest(service, action, request.resource.arn, false, undefined);
  const notCovered = ignored.filter((key) => !coveredByColonVariable(key, allowed));
  if (notCovered.length > 0) {
    throw new InvalidRequestError(`${request.action} on ${request.resource.arn} does not take the context keys ${notCovered.join(', ')}`);
  }
  return { result: runUnsafeSimulation(simulation, {}), colonVariableKeys: ignored };
}

/** Whether `key` instantiates a documented variable key such as `kms:EncryptionContext:${EncryptionContextKey}`. */
function coveredByColonVariable(key: string, allowedLowerCase: string[]): boolean {
  const lower = key.toLowerCase();
  return allowedLowerCase.some((pattern) => {
    const variable = pattern.indexOf('${');
    return variable > 0 && pattern.endsWith('}') && pattern[variable - 1] === ':'
      && lower.startsWith(pattern.slice(0, variable)) && lower.length > variable;
  });
}
