import { Rule } from 'aws-cdk-lib/aws-events';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TopicTarget } from '../notification-topic';

export interface ScanFindingsNotificationsProps {
  /** Repository name prefix whose findings are reported, e.g. `prod-registry/`. */
  readonly repositoryPrefix: string;
  /** Where findings go. Its key, if any, must let EventBridge encrypt (see `newNotificationTopic`). */
  readonly topic: ITopic;
}

/**
 * Sends critical and high scan findings of one environment's repositories to
 * a topic. Basic scanning reports through ECR's "ECR Image Scan" event and
 * enhanced scanning through Inspector's "Inspector2 Finding" event; both
 * rules exist, so notifications keep working when the scan type changes.
 */
export class ScanFindingsNotifications extends Construct {
  constructor(scope: Construct, id: string, props: ScanFindingsNotificationsProps) {
    super(scope, id);
    const target = new TopicTarget(props.topic);
    new Rule(this, 'BasicScanFindings', {
      description: `Critical or high findings of basic scans of ${props.repositoryPrefix}* images`,
      eventPattern: {
        source: ['aws.ecr'],
        detailType: ['ECR Image Scan'],
        detail: {
          'repository-name': [{ prefix: props.repositoryPrefix }],
          'scan-status': ['COMPLETE'],
          '$or': [
            { 'finding-severity-counts': { CRITICAL: [{ numeric: ['>', 0] }] } },
            { 'finding-severity-counts': { HIGH: [{ numeric: ['>', 0] }] } },
          ],
        },
      },
      targets: [target],
    });
    new Rule(this, 'EnhancedScanFindings', {
      description: `Critical or high findings of enhanced scans of ${props.repositoryPrefix}* images`,
      eventPattern: {
        source: ['aws.inspector2'],
        detailType: ['Inspector2 Finding'],
        detail: {
          severity: ['CRITICAL', 'HIGH'],
          status: ['ACTIVE'],
          resources: { details: { awsEcrContainerImage: { repositoryName: [{ prefix: props.repositoryPrefix }] } } },
        },
      },
      targets: [target],
    });
  }
}
