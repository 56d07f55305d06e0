/*
 * Terraform's version-constraint syntax (`>= 1.2.0, < 2.0.0`, `~> 1.83`),
 * enough to check what a required_providers entry admits. Rules from
 * https://developer.hashicorp.com/terraform/language/expressions/version-constraints:
 * comma-separated conditions that must all hold; `~>` lets only the
 * right-most given component grow (`~> 1.83` is >= 1.83.0 and < 2.0.0,
 * `~> 1.83.25` is >= 1.83.25 and < 1.84.0); missing components are zero.
 */

function parts(version: string): number[] {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
  if (!match) {
    throw new Error(`not a version: ${version}`);
  }
  return match.slice(1).map((part) => Number(part ?? 0));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return 0;
}

function holds(version: number[], condition: string): boolean {
  const match = /^(~>|>=|<=|!=|>|<|=)?\s*(\S+)$/.exec(condition.trim());
  if (!match) {
    throw new Error(`not a version condition: ${condition}`);
  }
  const [, operator = '=', operand] = match;
  const bound = parts(operand);
  const order = compare(version, bound);
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    default: {
      // ~>: at least the operand, and below the next value of the component before the last one given.
      const given = operand.replace(/^v/, '').split('.').length;
      const ceiling = given === 1 ? [bound[0] + 1, 0, 0] : given === 2 ? [bound[0] + 1, 0, 0] : [bound[0], bound[1] + 1, 0];
      return order >= 0 && compare(version, ceiling) < 0;
    }
  }
}

/** Whether Terraform would accept `version` under `constraint`. */
export function satisfiesTerraformConstraint(version: string, constraint: string): boolean {
  const parsed = parts(version);
  return constraint.split(',').every((condition) => holds(parsed, condition));
}
