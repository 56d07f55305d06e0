import { isTemplate } from './expressions';
import { Findings } from './findings';
import { SchemaFlags } from './schema';

/*
 * ConflictsWith, ExactlyOneOf, AtLeastOneOf and RequiredWith, with the
 * semantics of terraform-plugin-sdk v2 (helper/schema/schema.go,
 * schemaMap.validate and validate*Attribute): keys are absolute paths such
 * as `criteria.0.level`; ExactlyOneOf and AtLeastOneOf are checked whether
 * or not the key itself is set; RequiredWith and ConflictsWith only when it
 * is; a value unknown before plan counts as set for RequiredWith and
 * AtLeastOneOf, is skipped by ConflictsWith, and by ExactlyOneOf unless
 * nothing else is set.
 */

/** Whether a path of the resource's configuration holds a value. */
type State = 'absent' | 'known' | 'unknown';

/**
 * Resolves an SDK path (`block.0.attr`) in a resource body. A block written
 * as a single object answers to index 0; a dynamic block's content and an
 * expression standing for a block are unknown.
 */
export function resolve(body: unknown, path: string): State {
  let current: unknown = body;
  for (const segment of path.split('.')) {
    if (isTemplate(current)) {
      return 'unknown';
    }
    if (Array.isArray(current)) {
      current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    } else if (current !== null && typeof current === 'object') {
      if (/^\d+$/.test(segment)) {
        current = segment === '0' ? current : undefined;
        continue;
      }
      const record = current as Record<string, unknown>;
      if (record[segment] === undefined && isDynamic(record, segment)) {
        return 'unknown';
      }
      current = record[segment];
    } else {
      return 'absent';
    }
    if (current === undefined || current === null) {
      return 'absent';
    }
  }
  return isTemplate(current) ? 'unknown' : 'known';
}

function isDynamic(record: Record<string, unknown>, block: string): boolean {
  const dynamic = record.dynamic;
  return dynamic !== null && typeof dynamic === 'object' && block in (dynamic as object);
}

/**
 * Checks the relations of the argument or block `key` (its absolute SDK
 * path) against the whole resource `body`; `path` is where findings point.
 */
export function checkRelations(findings: Findings, path: string, key: string, flags: SchemaFlags, body: unknown): void {
  const own = resolve(body, key);
  if (flags.exactly_one_of?.length) {
    const keys = unique([...flags.exactly_one_of, key]);
    const states = keys.map((k) => resolve(body, k));
    const specified = keys.filter((_, i) => states[i] === 'known');
    const unknown = states.filter((s) => s === 'unknown').length;
    if (specified.length === 0 && unknown === 0) {
      findings.add('exactly-one-of', path, `one of ${keys.join(', ')} must be set, none is`);
    } else if (specified.length > 1) {
      findings.add('exactly-one-of', path, `only one of ${keys.join(', ')} may be set, got ${specified.join(', ')}`);
    }
  }
  if (flags.at_least_one_of?.length) {
    const keys = unique([...flags.at_least_one_of, key]);
    if (keys.every((k) => resolve(body, k) === 'absent')) {
      findings.add('at-least-one-of', path, `at least one of ${keys.join(', ')} must be set, none is`);
    }
  }
  if (own === 'absent') {
    return;
  }
  if (flags.required_with?.length) {
    const keys = unique([...flags.required_with, key]);
    const missing = keys.filter((k) => resolve(body, k) === 'absent');
    if (missing.length > 0) {
      findings.add('required-with', path, `${key} needs all of ${keys.join(', ')} set; missing ${missing.join(', ')}`);
    }
  }
  if (flags.conflicts_with?.length && own === 'known') {
    const clashing = flags.conflicts_with.filter((k) => resolve(body, k) === 'known');
    if (clashing.length > 0) {
      findings.add('conflicts-with', path, `${key} conflicts with ${clashing.join(', ')}`);
    }
  }
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)].sort();
}
