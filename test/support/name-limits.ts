/*
 * Length limits of names and descriptions that CloudFormation passes to the
 * services unchecked: a synthesized template that breaks one fails at
 * deploy time. Each from the service's API reference.
 */
interface Limit {
  readonly type: string;
  /** The property; `[]` after a name means every item of a list. */
  readonly property: string;
  readonly max: number;
  readonly source: string;
}

export const LIMITS: Limit[] = [
  { type: 'AWS::S3::Bucket', property: 'BucketName', max: 63, source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html' },
  { type: 'AWS::SecretsManager::Secret', property: 'Name', max: 512, source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html' },
  { type: 'AWS::SecretsManager::Secret', property: 'Description', max: 2048, source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html' },
  { type: 'AWS::KMS::Alias', property: 'AliasName', max: 256, source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html' },
  { type: 'AWS::KMS::Key', property: 'Description', max: 8192, source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html' },
  { type: 'AWS::CertificateManager::Certificate', property: 'DomainName', max: 64, source: 'https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html' },
  { type: 'AWS::CertificateManager::Certificate', property: 'SubjectAlternativeNames[]', max: 253, source: 'https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html' },
  { type: 'AWS::EC2::SecurityGroup', property: 'GroupDescription', max: 255, source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html' },
  { type: 'AWS::Lambda::Function', property: 'Description', max: 256, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html' },
  { type: 'AWS::IAM::Role', property: 'Description', max: 1000, source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  { type: 'AWS::SNS::Topic', property: 'DisplayName', max: 100, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html' },
  { type: 'AWS::Logs::LogGroup', property: 'LogGroupName', max: 512, source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html' },
  { type: 'AWS::SSM::Parameter', property: 'Name', max: 1011, source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html' },
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmName', max: 255, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html' },
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmDescription', max: 1024, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html' },
  { type: 'AWS::Events::Rule', property: 'Description', max: 512, source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html' },
];

/** Every value of a template that is longer than its limit, as `<logical id>.<property>: <length> > <max>`. */
export function limitViolations(template: { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }): string[] {
  const violations: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    for (const limit of LIMITS.filter((l) => l.type === resource.Type)) {
      const list = limit.property.endsWith('[]');
      const property = list ? limit.property.slice(0, -2) : limit.property;
      const value = resource.Properties?.[property];
      const values = list && Array.isArray(value) ? value : [value];
      for (const item of values) {
        // Deploy-time values are measured as written: a token is not a name we derived.
        if (typeof item === 'string' && item.length > limit.max) {
          violations.push(`${id}.${limit.property}: ${item.length} > ${limit.max}`);
        }
      }
    }
  }
  return violations;
}
