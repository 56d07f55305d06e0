import { synthExampleApp } from './example-app';

/*
 * `cdk synth -c account=...` must work without credentials: the CLI only
 * calls AWS to fill in context the assembly reports missing (lookups), so
 * an assembly with no missing context synthesizes offline.
 */
describe('the example app with a concrete account (-c account=123456789012)', () => {
  const { app } = synthExampleApp({ account: '123456789012' });
  const assembly = app.synth();

  test('every AWS stack is environment-specific: the account is really set', () => {
    expect(assembly.stacks.length).toBeGreaterThan(0);
    for (const stack of assembly.stacks) {
      expect(stack.environment.account).toBe('123456789012');
    }
  });

  test('asks for no context lookup (no availability zones, no hosted zone, nothing)', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });
});
