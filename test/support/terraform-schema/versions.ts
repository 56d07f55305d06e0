/*
 * Terraform version constraints (https://developer.hashicorp.com/terraform/language/expressions/version-constraints):
 * comma-separated conditions of =, !=, >, >=, <, <= or ~> and a version;
 * `~> 1.2.3` allows 1.2.x from 1.2.3, `~> 1.2` allows 1.x from 1.2.
 */

type Version = number[];

function parse(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  return match ? match.slice(1).filter((part) => part !== undefined).map(Number) : undefined;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** The first `x.y.z` in a schema's `provider_version_or_commit`, e.g. `4.55.0` from `v4.55.0 (37bf7f0...)`. */
export function schemaVersion(versionOrCommit: string): string | undefined {
  return /(\d+\.\d+\.\d+)/.exec(versionOrCommit)?.[1];
}

/** Whether `version` satisfies `constraint`; undefined when the constraint cannot be read. */
export function satisfies(version: string, constraint: string): boolean | undefined {
  const candidate = parse(version);
  if (!candidate) {
    return undefined;
  }
  let result = true;
  for (const condition of constraint.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(condition);
    const bound = match ? parse(match[2]) : undefined;
    if (!match || !bound) {
      return undefined;
    }
    const order = compare(candidate, bound);
    switch (match[1] ?? '=') {
      case '=': result &&= order === 0; break;
      case '!=': result &&= order !== 0; break;
      case '>': result &&= order > 0; break;
      case '>=': result &&= order >= 0; break;
      case '<': result &&= order < 0; break;
      case '<=': result &&= order <= 0; break;
      case '~>': {
        // The last given part may grow; the ones before it are fixed.
        const fixed = bound.length > 1 ? bound.length - 1 : 1;
        const sameStem = bound.slice(0, fixed).every((part, i) => candidate[i] === part);
        result &&= order >= 0 && sameStem;
        break;
      }
    }
  }
  return result;
}
