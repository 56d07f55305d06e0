import { RuleScope } from './rule-scope';
import { keptIds, Template } from './trim';

/** A rule file and its scope (`undefined`: it must see every template whole). */
export interface ScopedRuleFile {
  readonly path: string;
  readonly scope?: RuleScope;
}

/** One cfn-guard run: rule files, and the part of each template they read. */
export interface GuardRun {
  readonly rules: readonly string[];
  /** The logical ids kept, by index of template; a template not there is not read. */
  readonly data: ReadonlyMap<number, ReadonlySet<string>>;
}

/**
 * What starting one more cfn-guard process costs, in bytes of template
 * read by one rule file. cfn-guard's time grows with (rule files) × (size
 * of the data): 0.5-2 ms per rule file per KB, by rule; a process costs
 * 60-80 ms whatever it reads. Of 25 KB to 1 MB, 100 KB gave the example app
 * its fastest runs (50-200 KB about as fast).
 */
const PROCESS_COST = 100_000;

/**
 * Cheap cfn-guard runs that give the findings of every rule file over
 * every template.
 *
 * A rule file finds nothing in a template without a resource of its types
 * (or one as a key, a hook's input), so it skips such templates; in the
 * others, any part that holds what it reads (see `RuleScope.reads`) gives
 * the same findings as the whole template. A run reads, from each
 * template, the union of what its rule files need, which is still such a
 * part for each of them. Files with the same needs share a run; runs are
 * then merged while a process start costs more than the extra reading.
 */
export function planRuns(templates: readonly Template[], files: readonly ScopedRuleFile[]): GuardRun[] {
  const byNeeds = new Map<string, { scope?: RuleScope; rules: string[] }>();
  for (const { path, scope } of files) {
    const key = scope ? `${[...scope.types].sort().join(' ')} ${scope.reads}` : 'whole';
    byNeeds.set(key, { scope, rules: [...byNeeds.get(key)?.rules ?? [], path] });
  }
  const byData = new Map<string, GuardRun>();
  for (const { scope, rules } of byNeeds.values()) {
    const data = new Map(templates.flatMap((template, index) => scope === undefined || holds(template, scope.types)
      ? [[index, needed(template, scope)] as const]
      : []));
    if (data.size > 0) {
      const key = JSON.stringify([...data].map(([index, ids]) => [index, [...ids].sort()]));
      byData.set(key, { rules: [...byData.get(key)?.rules ?? [], ...rules], data });
    }
  }
  return mergeWhileCheaper([...byData.values()], templates);
}

/** Whether a rule of `types` can run on the template: it has a resource of one, or one as a key (a hook's input). */
function holds(template: Template, types: ReadonlySet<string>): boolean {
  return Object.values(template.Resources ?? {}).some((resource) => types.has(resource.Type))
    || Object.keys(template).some((key) => types.has(key));
}

/** The logical ids a rule file of `scope` reads in a template that holds one of its types. */
function needed(template: Template, scope: RuleScope | undefined): Set<string> {
  if (scope === undefined || scope.reads === 'template') {
    return new Set(Object.keys(template.Resources ?? {}));
  }
  return keptIds(template, scope.types, scope.reads === 'references' ? scope.types : new Set());
}

/** The runs, merged a pair at a time (the one that saves most) while a merge costs less than the process it saves. */
function mergeWhileCheaper(runs: GuardRun[], templates: readonly Template[]): GuardRun[] {
  const rest = templates.map((template) => JSON.stringify({ ...template, Resources: {} }).length);
  const sizes = templates.map((template) => new Map(Object.entries(template.Resources ?? {}).map(([id, resource]) => [id, id.length + JSON.stringify(resource).length])));
  const bytes = (data: GuardRun['data'], without?: GuardRun['data']) => [...data].reduce((sum, [index, ids]) => {
    const known = without?.get(index);
    return sum + (known ? 0 : rest[index]) + [...ids].reduce((inner, id) => inner + (known?.has(id) ? 0 : sizes[index].get(id)!), 0);
  }, 0);
  const cost = (rules: number, size: number) => PROCESS_COST + rules * size;
  const slots: Array<{ run: GuardRun; size: number } | undefined> = runs.map((run) => ({ run, size: bytes(run.data) }));
  const saving = (a: number, b: number) => {
    const [x, y] = [slots[a]!, slots[b]!];
    return cost(x.run.rules.length, x.size) + cost(y.run.rules.length, y.size)
      - cost(x.run.rules.length + y.run.rules.length, x.size + bytes(y.run.data, x.run.data));
  };
  const savings = slots.map((_, a) => slots.map((__, b) => (a < b ? saving(a, b) : 0)));
  for (;;) {
    let best: [number, number] | undefined;
    for (let a = 0; a < slots.length; a++) {
      for (let b = a + 1; b < slots.length; b++) {
        if (slots[a] && slots[b] && savings[a][b] > (best ? savings[best[0]][best[1]] : 0)) {
          best = [a, b];
        }
      }
    }
    if (best === undefined) {
      return slots.flatMap((slot) => (slot ? [slot.run] : []));
    }
    const [a, b] = best;
    const run = merge(slots[a]!.run, slots[b]!.run);
    slots[a] = { run, size: bytes(run.data) };
    slots[b] = undefined;
    slots.forEach((slot, other) => {
      if (slot && other !== a) {
        savings[Math.min(a, other)][Math.max(a, other)] = saving(Math.min(a, other), Math.max(a, other));
      }
    });
  }
}

function merge(a: GuardRun, b: GuardRun): GuardRun {
  const data = new Map([...a.data].map(([index, ids]) => [index, new Set(ids)]));
  for (const [index, ids] of b.data) {
    data.set(index, new Set([...data.get(index) ?? [], ...ids]));
  }
  return { rules: [...a.rules, ...b.rules], data: new Map([...data].sort(([x], [y]) => x - y)) };
}
