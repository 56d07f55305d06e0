import { Decision, evaluate, PolicyRequest } from './evaluate';

/**
 * One service integration the library's resources must support: a service
 * principal or role that uses a library resource, the requests AWS sends
 * for it (which the synthesized policies must allow), and near misses that
 * they must deny (another account, another source, an unrelated principal,
 * another resource).
 */
export interface ServiceContract {
  /** Who uses what, in a sentence. */
  readonly contract: string;
  /** The AWS documentation page that describes the request (principal, action, ARN format, context keys). */
  readonly documentation: string;
  /** Requests AWS sends when the integration works. */
  readonly allowed: () => PolicyRequest[];
  /** Requests that must be refused. */
  readonly denied: () => PolicyRequest[];
  /**
   * Set when today's library does not meet the contract: the finding that
   * tracks it. The failing half runs as `test.failing`, so it flips (and
   * fails the suite) once the finding is fixed.
   */
  readonly knownGap?: { readonly finding: string; readonly half: 'allowed' | 'denied' };
}

function describeRequest(request: PolicyRequest): string {
  const context = Object.entries(request.context ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${request.principal.arn} ${request.action} ${request.resource.arn}${context ? ` (${context})` : ''}`;
}

async function decisions(requests: PolicyRequest[]): Promise<Array<{ request: string; decision: Decision }>> {
  if (requests.length === 0) {
    throw new Error('a contract half without requests proves nothing');
  }
  return Promise.all(requests.map(async (request) => ({ request: describeRequest(request), decision: await evaluate(request) })));
}

/** Registers two tests per contract: its requests are allowed, its near misses denied. */
export function testContracts(contracts: ServiceContract[]): void {
  for (const contract of contracts) {
    describe(`${contract.contract} (${contract.documentation})`, () => {
      const allowedTest = contract.knownGap?.half === 'allowed' ? test.failing : test;
      allowedTest('the requests AWS sends are allowed', async () => {
        const results = await decisions(contract.allowed());
        expect(results.filter((r) => r.decision.result !== 'Allowed')).toEqual([]);
      });
      const deniedTest = contract.knownGap?.half === 'denied' ? test.failing : test;
      deniedTest('near misses are denied', async () => {
        const results = await decisions(contract.denied());
        expect(results.filter((r) => r.decision.result === 'Allowed')).toEqual([]);
      });
    });
  }
}
