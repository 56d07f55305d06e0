/** What the conformance checker found wrong with a synthesized configuration. */
export type FindingKind =
  | 'unknown-resource-type'
  | 'unknown-argument'
  | 'missing-argument'
  | 'missing-block'
  | 'computed-only'
  | 'wrong-type'
  | 'value-not-allowed'
  | 'out-of-range'
  | 'length-out-of-range'
  | 'missing-prefix'
  | 'pattern-mismatch'
  | 'invalid-value'
  | 'too-few-items'
  | 'too-many-items'
  | 'conflicts-with'
  | 'exactly-one-of'
  | 'at-least-one-of'
  | 'required-with'
  | 'invalid-meta-argument'
  | 'deprecated'
  | 'literal-secret'
  | 'provider-requirement';

/** One finding: where (a dotted path into the JSON) and what. */
export interface Finding {
  readonly kind: FindingKind;
  /** e.g. `resource.azurerm_container_registry.registry.sku`. */
  readonly path: string;
  readonly message: string;
}

/** `kind path: message`, as the jest helper lists findings. */
export function formatFinding(finding: Finding): string {
  return `${finding.kind} ${finding.path}: ${finding.message}`;
}

/** Collects findings, once each. */
export class Findings {
  private readonly list: Finding[] = [];
  private readonly seen = new Set<string>();

  public add(kind: FindingKind, path: string, message: string): void {
    const key = `${kind}\u0000${path}\u0000${message}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.list.push({ kind, path, message });
    }
  }

  public get all(): Finding[] {
    return [...this.list];
  }
}
