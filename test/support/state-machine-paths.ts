/*
 * Every way through an Amazon States Language definition: from StartAt,
 * each state's possible outcomes are followed until a terminal state. A
 * Task or Map state either succeeds (Next) or fails; a failure goes to each
 * of its Catchers, and is uncaught (the execution fails) unless a catcher
 * takes States.ALL. A Choice goes to each rule's Next and to its Default.
 * Paths are simple: an edge back to a state already on the path closes a
 * cycle (recorded) instead of being followed again, since another round of
 * a loop reaches nothing new.
 */

/** A definition as the state machine receives it. */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, any>;
}

/** How a path leaves a state. */
export interface PathStep {
  readonly state: string;
  /** `next`, `rule <i>` (a Choice rule), `default`, `error` (to a catcher) or `end`. */
  readonly outcome: 'next' | 'rule' | 'default' | 'error' | 'end';
  /** The index of the Choice rule taken. */
  readonly rule?: number;
}

/** One way from StartAt to the end of an execution. */
export interface StatePath {
  readonly steps: PathStep[];
  /** How the execution ends: a Succeed or Fail state, or an error no catcher takes. */
  readonly end: 'Succeed' | 'Fail' | 'UncaughtError';
  /** The state it ends in (for an uncaught error, the state that failed). */
  readonly last: string;
}

const FALLIBLE = new Set(['Task', 'Map', 'Parallel']);

interface Edge { readonly to: string; readonly step: PathStep }

function edgesOf(name: string, state: any): { edges: Edge[]; uncaught: boolean; terminal?: 'Succeed' | 'Fail' } {
  switch (state.Type) {
    case 'Succeed': return { edges: [], uncaught: false, terminal: 'Succeed' };
    case 'Fail': return { edges: [], uncaught: false, terminal: 'Fail' };
    case 'Choice': return {
      edges: [
        ...(state.Choices as any[]).map((rule, index) => ({ to: rule.Next, step: { state: name, outcome: 'rule' as const, rule: index } })),
        ...(state.Default ? [{ to: state.Default, step: { state: name, outcome: 'default' as const } }] : []),
      ],
      uncaught: false,
    };
    default: {
      const edges: Edge[] = [];
      if (state.End) {
        edges.push({ to: '', step: { state: name, outcome: 'end' } });
      } else {
        edges.push({ to: state.Next, step: { state: name, outcome: 'next' } });
      }
      if (!FALLIBLE.has(state.Type)) {
        return { edges, uncaught: false };
      }
      const catchers: any[] = state.Catch ?? [];
      for (const catcher of catchers) {
        edges.push({ to: catcher.Next, step: { state: name, outcome: 'error' } });
      }
      return { edges, uncaught: !catchers.some((c) => (c.ErrorEquals as string[]).includes('States.ALL')) };
    }
  }
}

/** Every simple path from StartAt to an end, and every cycle (as the states on it, in order). */
export function allPaths(definition: AslDefinition): { paths: StatePath[]; cycles: string[][] } {
  const paths: StatePath[] = [];
  const cycles: string[][] = [];
  const walk = (name: string, steps: PathStep[], onPath: string[]) => {
    const state = definition.States[name];
    if (!state) {
      throw new Error(`state "${name}" is referenced but not defined`);
    }
    const { edges, uncaught, terminal } = edgesOf(name, state);
    if (terminal) {
      paths.push({ steps: [...steps, { state: name, outcome: 'end' }], end: terminal, last: name });
      return;
    }
    if (uncaught) {
      paths.push({ steps: [...steps, { state: name, outcome: 'error' }], end: 'UncaughtError', last: name });
    }
    for (const edge of edges) {
      if (edge.step.outcome === 'end') {
        paths.push({ steps: [...steps, edge.step], end: 'Succeed', last: name });
        continue;
      }
      const seen = onPath.indexOf(edge.to);
      if (seen >= 0) {
        cycles.push([...onPath.slice(seen), name]);
        continue;
      }
      walk(edge.to, [...steps, edge.step], [...onPath, name]);
    }
  };
  walk(definition.StartAt, [], []);
  return { paths, cycles };
}

/** Every state of the definition, including those inside Map and Parallel states, by name. */
export function allStates(definition: AslDefinition): Array<[string, any]> {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, any],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
    ...(state.Iterator ? allStates(state.Iterator) : []),
    ...((state.Branches ?? []) as AslDefinition[]).flatMap((branch) => allStates(branch)),
  ]);
}
