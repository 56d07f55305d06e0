import { AslDefinition, allPaths, allStates, StatePath } from '../../support/state-machine-paths';

/*
 * What the maintenance window must guarantee, checked on every path of the
 * synthesized state machine (test/support/state-machine-paths.ts). Each
 * path is replayed with a model of what its states do to the registry:
 *
 * - the read-only switch (SSM parameter): what putParameter wrote;
 * - what the tasks serve: a forced deployment makes them restart with the
 *   switch's value, known only once a describeServices that confirms that
 *   very deployment (the only one, completed, every task running) has
 *   been followed by the Choice rule that tests it;
 * - the garbage collection task: after it failed or timed out it may still
 *   run, until a listTasks by its marker found none, or the tasks found
 *   were stopped and a describeTasks confirmed them stopped.
 *
 * Rules: whatever deletes (a garbage-collect without --dry-run, a retention
 * call that is not a dry run) runs only with the switch read-only and the
 * tasks confirmed read-only; writes never reopen while garbage collection
 * may still run; a Succeed ends with writes restored and confirmed; any
 * other end either has writes restored and confirmed, or is reported by an
 * alarm on failed executions (which must then exist).
 */

/** The pieces of the template the model needs. */
export interface WindowFacts {
  readonly readOnlyValue: string;
  readonly writableValue: string;
  /** The garbage collection task's startedBy marker. */
  readonly startedBy: string;
  /** Whether a call of this Lambda function deletes (its DRY_RUN is "false"), by the FunctionName in the definition. */
  readonly functionDeletes: (functionName: unknown) => boolean;
  /** Whether an alarm on ExecutionsFailed of this state machine exists. */
  readonly failedAlarm: boolean;
}

/** A path that ends without writes confirmed restored, so that only the alarm reports it. */
export interface AlarmedEnd {
  /** The state that failed (uncaught error) or the Fail state. */
  readonly last: string;
  readonly end: StatePath['end'];
}

export interface WindowReport {
  /** Broken rules, one line each, naming the path. */
  readonly violations: string[];
  /** Distinct ends that leave the registry possibly read-only (reported by the alarm). */
  readonly alarmedEnds: AlarmedEnd[];
  readonly paths: StatePath[];
  readonly cycles: string[][];
}

type Serving = string | 'restarting';
type GcTask = 'not started' | 'may be running' | 'listed' | 'stopping' | 'stopped';

/** A describeServices Assign that confirms the deployment of `$deploymentId`: the only one, completed, all tasks running. */
export function confirmsRollout(expression: unknown): boolean {
  return typeof expression === 'string'
    && ['$count($d) = 1', '$d[0].Id = $deploymentId', "$d[0].RolloutState = 'COMPLETED'", '$d[0].RunningCount = $d[0].DesiredCount']
      .every((part) => expression.includes(part));
}

const action = (state: any): string => String(state.Resource ?? '').replace(/^arn:.*?:states:::(aws-sdk:)?/, '');

export function checkWindow(definition: AslDefinition, facts: WindowFacts): WindowReport {
  const { paths, cycles } = allPaths(definition);
  const violations: string[] = [];
  const alarmed = new Map<string, AlarmedEnd>();
  for (const path of paths) {
    const where = path.steps.map((s) => s.state + (s.outcome === 'rule' ? `[${s.rule}]` : s.outcome === 'default' ? '[default]' : s.outcome === 'error' ? '[error]' : '')).join(' > ');
    let parameter = facts.writableValue;
    let serving: Serving = facts.writableValue;
    let rollout: string | undefined;
    /** The variable a describeServices just set to "that rollout completed", if any. */
    let confirming: string | undefined;
    let gc: GcTask = 'not started';
    for (const step of path.steps) {
      const state = definition.States[step.state];
      const violate = (rule: string) => violations.push(`${rule} at "${step.state}" on ${where}`);
      const deletes = (state.Type === 'Task' && action(state) === 'ecs:runTask.sync' && !JSON.stringify(state.Arguments).includes('--dry-run'))
        || (state.Type === 'Task' && action(state) === 'lambda:invoke' && facts.functionDeletes(state.Arguments.FunctionName));
      if (deletes && (parameter !== facts.readOnlyValue || serving !== facts.readOnlyValue)) {
        violate(`deletes with the switch ${parameter} and the tasks serving ${serving}`);
      }
      if (state.Type === 'Task' && action(state) === 'ecs:runTask.sync') {
        gc = step.outcome === 'error' ? 'may be running' : 'stopped';
      }
      const succeeded = step.outcome === 'next';
      if (state.Type === 'Choice') {
        const conditions: string[] = state.Choices.map((rule: any) => rule.Condition);
        const taken = step.outcome === 'rule' ? conditions[step.rule!] : undefined;
        if (taken !== undefined && confirming !== undefined && taken === `{% $${confirming} %}`) {
          if (rollout === undefined) {
            violate('takes a rollout as completed before any restart');
          } else {
            serving = rollout;
          }
        }
        if (taken === '{% $gcStillRunning = 0 %}' && gc === 'stopping') {
          gc = 'stopped';
        }
        // listTasks by the marker found no task still meant to run.
        if (step.outcome === 'default' && conditions.includes('{% $count($gcTasks) > 0 %}') && gc === 'listed') {
          gc = 'stopped';
        }
      }
      confirming = undefined;
      if (!succeeded) {
        continue;
      }
      switch (action(state)) {
        case 'ssm:putParameter':
          if (state.Arguments.Value === facts.writableValue && (gc === 'may be running' || gc === 'listed' || gc === 'stopping')) {
            violate('reopens writes while garbage collection may still run');
          }
          parameter = state.Arguments.Value;
          break;
        case 'ecs:updateService':
          if (state.Arguments.ForceNewDeployment !== true || !String(state.Assign?.deploymentId).includes("Deployments[Status = 'PRIMARY'].Id")) {
            violate('restarts the service without remembering the new deployment');
          }
          rollout = parameter;
          serving = 'restarting';
          break;
        case 'ecs:describeServices':
          confirming = Object.entries(state.Assign ?? {}).find(([, expression]) => confirmsRollout(expression))?.[0];
          break;
        case 'ecs:listTasks':
          if (gc === 'may be running') gc = 'listed';
          break;
        case 'ecs:describeTasks':
          // Stopped tasks are confirmed by the Choice on $gcStillRunning that follows.
          if (gc === 'listed') gc = 'stopping';
          break;
        default:
          break;
      }
    }
    const restored = parameter === facts.writableValue && serving === facts.writableValue;
    if (path.end === 'Succeed' && !restored) {
      violations.push(`succeeds with the switch ${parameter} and the tasks serving ${serving} on ${where}`);
    }
    if (path.end !== 'Succeed' && !restored) {
      if (!facts.failedAlarm) {
        violations.push(`ends (${path.end} at "${path.last}") with the registry possibly read-only and no alarm on ${where}`);
      }
      alarmed.set(`${path.end} ${path.last}`, { end: path.end, last: path.last });
    }
  }
  return { violations, alarmedEnds: [...alarmed.values()].sort((a, b) => (`${a.end} ${a.last}` < `${b.end} ${b.last}` ? -1 : 1)), paths, cycles };
}

/**
 * Every loop of the definition is bounded: it passes a Choice rule that
 * leaves it when a counter reaches a limit, and a state on the loop that
 * adds one to that counter. Returns the loops that are not.
 */
export function unboundedCycles(definition: AslDefinition, cycles: string[][]): string[][] {
  return cycles.filter((cycle) => {
    const states = cycle.map((name) => definition.States[name]);
    const bounds = states.flatMap((state) => (state.Type === 'Choice' ? state.Choices : [])
      .map((rule: any) => /\$(\w+) >= (\d+)/.exec(rule.Condition)?.[1])
      .filter((name: string | undefined): name is string => name !== undefined));
    return !bounds.some((counter: string) => states.some((state) => state.Assign?.[counter] === `{% $${counter} + 1 %}`));
  });
}

/**
 * Only the garbage collection task is ever stopped: the one RunTask carries
 * the marker, every stopTask stops an item of `$gcTasks`, and `$gcTasks` is
 * only ever what listTasks returns for the marker alone (never a family or
 * service, which the registry's own tasks share). Returns what breaks that.
 */
export function stopsOnlyTheGarbageCollectionTask(definition: AslDefinition, startedBy: string): string[] {
  const problems: string[] = [];
  const states = allStates(definition);
  for (const [name, state] of states) {
    const act = action(state);
    if (act === 'ecs:runTask.sync' || act === 'ecs:runTask') {
      if (state.Arguments.StartedBy !== startedBy) problems.push(`${name} runs a task without the marker`);
    }
    if (act === 'ecs:listTasks') {
      const { Cluster, ...filters } = state.Arguments;
      if (JSON.stringify(filters) !== JSON.stringify({ StartedBy: startedBy }) || Cluster === undefined) {
        problems.push(`${name} lists tasks by ${JSON.stringify(filters)}`);
      }
    }
    if (state.Assign && 'gcTasks' in state.Assign && !(act === 'ecs:listTasks' && state.Assign.gcTasks === '{% $states.result.TaskArns %}')) {
      problems.push(`${name} sets $gcTasks from something other than listTasks by the marker`);
    }
    if (act === 'ecs:stopTask') {
      const map = states.find(([, s]) => s.Type === 'Map' && Object.keys(s.ItemProcessor?.States ?? {}).includes(name));
      if (state.Arguments.Task !== '{% $states.input %}' || map?.[1].Items !== '{% $gcTasks %}') {
        problems.push(`${name} stops ${JSON.stringify(state.Arguments.Task)} outside the Map over $gcTasks`);
      }
    }
    if (act === 'ecs:updateService' && Object.keys(state.Arguments).some((key) => !['Cluster', 'Service', 'ForceNewDeployment'].includes(key))) {
      problems.push(`${name} changes the service beyond restarting it: ${JSON.stringify(state.Arguments)}`);
    }
  }
  return problems;
}
