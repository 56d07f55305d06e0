import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, IAlarmAction, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ICluster, IBaseService } from 'aws-cdk-lib/aws-ecs';
import { ApplicationTargetGroup, HttpCodeTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Rule } from 'aws-cdk-lib/aws-events';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { allowAlarmsToPublish, TopicTarget } from '../notification-topic';

/** Thresholds of the registry's alarms. */
export const ALARM_THRESHOLDS = {
  /** Share of requests answered with a 5xx by the registry, in percent. */
  serverErrorPercent: 5,
  /** p90 target response time, in seconds: above it pulls feel slow. */
  slowResponseSeconds: 2,
};

export interface RegistryAlarmsProps {
  readonly hostname: string;
  readonly targetGroup: ApplicationTargetGroup;
  readonly cluster: ICluster;
  readonly service: IBaseService;
  readonly topic: ITopic;
}

/**
 * Alarms of a self-hosted registry, all to one topic: 5xx rate, slow
 * responses (p90), unhealthy targets, and every task that stops
 * unexpectedly (an EventBridge rule, since ECS has no restart metric).
 */
export class RegistryAlarms extends Construct {
  /** The metric alarms, for dashboards or composite alarms. */
  public readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: RegistryAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const tg = props.targetGroup;
    const action: IAlarmAction = new SnsAction(props.topic);
    // A topic of the caller's may carry a policy without CloudWatch in it.
    allowAlarmsToPublish(props.topic);

    const errorRate = new MathExpression({
      label: '5xx share of requests (%)',
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: tg.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        requests: tg.metrics.requestCount({ period, statistic: 'Sum' }),
      },
      period,
    });
    this.alarms = [
      errorRate.createAlarm(this, 'ServerErrors', {
        alarmDescription: `${props.hostname}: more than ${ALARM_THRESHOLDS.serverErrorPercent}% of requests fail with 5xx`,
        threshold: ALARM_THRESHOLDS.serverErrorPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      tg.metrics.targetResponseTime({ period, statistic: 'p90' }).createAlarm(this, 'SlowResponses', {
        alarmDescription: `${props.hostname}: p90 response time above ${ALARM_THRESHOLDS.slowResponseSeconds}s (slow pulls)`,
        threshold: ALARM_THRESHOLDS.slowResponseSeconds,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      tg.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }).createAlarm(this, 'UnhealthyTargets', {
        alarmDescription: `${props.hostname}: a registry task fails its health check (503 means storage is unreachable)`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    new Rule(this, 'TaskStopped', {
      description: `${props.hostname}: a registry task stopped for another reason than a deployment or scale-in`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [props.cluster.clusterArn],
          group: [`service:${props.service.serviceName}`],
          lastStatus: ['STOPPED'],
          stopCode: ['EssentialContainerExited', 'TaskFailedToStart'],
        },
      },
      targets: [new TopicTarget(props.topic)],
    });
  }
}
