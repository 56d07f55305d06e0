import { createHash } from 'crypto';
import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

/*
 * A synthesized stack as CloudFormation would deploy it into a sample
 * account: every intrinsic function (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split, Fn::ImportValue, Fn::GetStackOutput, the pseudo parameters) is resolved
 * to the value CloudFormation would produce, so that policies can be
 * evaluated against real-looking ARNs.
 *
 * Physical names that CloudFormation generates are made up deterministically
 * from the logical id; ARNs follow each service's ARN format as listed in the
 * Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * and Ref / Fn::GetAtt return what the CloudFormation resource reference
 * documents for each type
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
 * A function or attribute this file does not know throws, so nothing is
 * silently resolved to a wrong value.
 */

/** Where the sample deployment lives. */
export interface SampleEnvironment {
  readonly account: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/** The account the examples are deployed into by the contract tests. */
export const SAMPLE: SampleEnvironment = { account: '111122223333', partition: 'aws', urlSuffix: 'amazonaws.com' };
/** Somebody else's account. */
export const OTHER_ACCOUNT = '444455556666';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

/** A policy document with every intrinsic function resolved. */
export type PolicyDocument = { Version?: string; Statement: any[] };

/** One identity policy of a role, by name. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** What a request names of a resource: its ARN, its account, and its resource policy if it has one. */
export interface PolicyResource {
  readonly arn: string;
  readonly account: string;
  readonly policy?: PolicyDocument;
}

/** A resource of the template, deployed. */
export interface DeployedResource extends PolicyResource {
  readonly logicalId: string;
  readonly type: string;
}

/** A deployed IAM role: its ARN and every policy attached to it. */
export interface DeployedRole extends DeployedResource {
  readonly identityPolicies: NamedPolicy[];
  /** AWS managed policies attached by ARN; their content is not in the template. */
  readonly awsManagedPolicyArns: string[];
}

/** How `Fn::GetStackOutput` names an output, as a key of the shared exports map (export names never contain a NUL). */
function stackOutputKey(region: string, stackName: string, outputName: string): string {
  return `\u0000${region}/${stackName}/${outputName}`;
}

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** One stack of a synthesized app, resolved for `SAMPLE`. */
export class DeployedStack {
  /** The stacks of an app, by stack name, sharing exports for Fn::ImportValue. */
  public static allOf(stacks: Stack[], env: SampleEnvironment = SAMPLE): Map<string, DeployedStack> {
    const exports = new Map<string, () => string>();
    return new Map(stacks.map((stack) => [stack.stackName, new DeployedStack(stack, env, exports)]));
  }

  public readonly region: string;
  public readonly stackName: string;
  private readonly resources: Record<string, CfnResource>;

  private constructor(private readonly stack: Stack, private readonly env: SampleEnvironment, private readonly exports: Map<string, () => string>) {
    const template = Template.fromStack(stack, { skipCyclicalDependenciesCheck: true }).toJSON();
    this.resources = template.Resources ?? {};
    this.stackName = stack.stackName;
    if (stack.region.startsWith('${')) {
      throw new Error(`stack ${stack.stackName} has no region: the contract tests need region-bound stacks`);
    }
    // A pinned stack writes its account as a literal where it formats ARNs, so resolving
    // AWS::AccountId to another account would make its own resources look foreign.
    if (!Token.isUnresolved(stack.account) && stack.account !== env.account) {
      throw new Error(`stack ${stack.stackName} is pinned to account ${stack.account}, not the sample deployment's ${env.account}: `
        + `pass { ...SAMPLE, account: '${stack.account}' } to DeployedStack.allOf`);
    }
    this.region = stack.region;
    for (const [outputName, output] of Object.entries<any>(template.Outputs ?? {})) {
      if (output.Export?.Name) {
        exports.set(this.resolve(output.Export.Name), () => this.resolve(output.Value));
      }
      exports.set(stackOutputKey(this.region, stack.stackName, outputName), () => this.resolve(output.Value));
    }
  }

  public get account(): string {
    return this.env.account;
  }

  /** The logical id of a construct (its default child when it is an L2). */
  public logicalIdOf(construct: IConstruct): string {
    const cfn = (construct.node.defaultChild ?? construct) as IConstruct & { logicalId?: string };
    if (cfn.logicalId === undefined) {
      throw new Error(`${construct.node.path} is not a CloudFormation resource`);
    }
    return this.stack.resolve(cfn.logicalId);
  }

  /** Logical ids of every resource of `type`. */
  public logicalIdsOfType(type: string): string[] {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type).map(([id]) => id);
  }

  /** The resource behind `construct`, with its resource policy. */
  public resource(construct: IConstruct): DeployedResource {
    return this.resourceById(this.logicalIdOf(construct));
  }

  public resourceById(logicalId: string): DeployedResource {
    const resource = this.get(logicalId);
    return {
      logicalId,
      type: resource.Type,
      arn: this.arnOf(logicalId),
      account: this.env.account,
      policy: this.resourcePolicyOf(logicalId),
    };
  }

  /**
   * A resource the stack imports (`Bucket.fromBucketName`, `Key.fromKeyArn`, ...) from its ARN,
   * tokens and all. Its policy is not in the template, so it has none here. Its account is the one
   * the ARN names; an S3 ARN names none, and an imported bucket is taken to be in the deployment's
   * account, as `Bucket.fromBucketName` assumes.
   */
  public imported(arn: string): PolicyResource {
    const resolved: string = this.resolve(this.stack.resolve(arn));
    return { arn: resolved, account: resolved.split(':')[4] || this.env.account };
  }

  /** The role behind `construct` (a Role or anything whose default child is an AWS::IAM::Role). */
  public role(construct: IConstruct): DeployedRole {
    const logicalId = this.logicalIdOf(construct);
    const role = this.get(logicalId);
    if (role.Type !== 'AWS::IAM::Role') {
      throw new Error(`${logicalId} is a ${role.Type}, not an AWS::IAM::Role`);
    }
    const identityPolicies: NamedPolicy[] = (role.Properties?.Policies ?? []).map((p: any) => ({
      name: `${logicalId}/${p.PolicyName}`, policy: this.resolve(p.PolicyDocument),
    }));
    for (const [id, resource] of Object.entries(this.resources)) {
      const attached = resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy';
      if (attached && (resource.Properties?.Roles ?? []).some((r: any) => r?.Ref === logicalId)) {
        identityPolicies.push({ name: id, policy: this.resolve(resource.Properties!.PolicyDocument) });
      }
    }
    const managedArns: string[] = (role.Properties?.ManagedPolicyArns ?? []).map((arn: unknown) => this.resolve(arn));
    return {
      logicalId,
      type: role.Type,
      arn: this.arnOf(logicalId),
      account: this.env.account,
      identityPolicies,
      awsManagedPolicyArns: managedArns.filter((arn) => /^arn:[^:]+:iam::aws:policy\//.test(arn)),
    };
  }

  /** The resource policy that applies to `logicalId`: key policy, bucket policy, topic policy, secret policy. */
  public resourcePolicyOf(logicalId: string): PolicyDocument | undefined {
    const resource = this.get(logicalId);
    const refersToIt = (value: any) => value?.Ref === logicalId;
    const find = (type: string, matches: (p: Record<string, any>) => boolean, document: string) => {
      const found = Object.values(this.resources).filter((r) => r.Type === type && matches(r.Properties ?? {}));
      if (found.length > 1) {
        throw new Error(`${logicalId} has ${found.length} ${type} resources; CloudFormation would keep only the last one deployed`);
      }
      return found.length === 1 ? this.resolve(found[0].Properties![document]) : undefined;
    };
    switch (resource.Type) {
      case 'AWS::KMS::Key':
        return this.resolve(resource.Properties!.KeyPolicy);
      case 'AWS::S3::Bucket':
        return find('AWS::S3::BucketPolicy', (p) => refersToIt(p.Bucket), 'PolicyDocument');
      case 'AWS::SNS::Topic':
        return find('AWS::SNS::TopicPolicy', (p) => (p.Topics ?? []).some(refersToIt), 'PolicyDocument');
      case 'AWS::SecretsManager::Secret':
        return find('AWS::SecretsManager::ResourcePolicy', (p) => refersToIt(p.SecretId), 'ResourcePolicy');
      case 'AWS::ECR::Repository':
        return resource.Properties?.RepositoryPolicyText ? this.resolve(resource.Properties.RepositoryPolicyText) : undefined;
      default:
        return undefined;
    }
  }

  /** The raw, unresolved properties of a resource. */
  public propertiesOf(logicalId: string): Record<string, any> {
    return this.get(logicalId).Properties ?? {};
  }

  /** Resolves every intrinsic function in `value`. */
  public resolve(value: any): any {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) {
        out[k] = resolved;
      }
    }
    return out;
  }

  private intrinsic(fn: string, arg: any): any {
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Fn::GetAtt':
        return this.getAtt(arg[0], arg[1]);
      case 'Fn::Join':
        return this.resolve(arg[1]).join(arg[0]);
      case 'Fn::Select':
        return this.resolve(arg[1])[Number(this.resolve(arg[0]))];
      case 'Fn::Split':
        return String(this.resolve(arg[1])).split(arg[0]);
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::ImportValue': {
        const name = this.resolve(arg);
        const value = this.exports.get(name);
        if (!value) {
          throw new Error(`no stack of the app exports ${name}`);
        }
        return value();
      }
      case 'Fn::GetStackOutput': {
        // An output of another stack, in another region when `Region` says so
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html).
        const key = stackOutputKey(arg.Region === undefined ? this.region : this.resolve(arg.Region), this.resolve(arg.StackName), this.resolve(arg.OutputName));
        const value = this.exports.get(key);
        if (!value) {
          throw new Error(`no stack of the app has the output ${key}`);
        }
        return value();
      }
      default:
        throw new Error(`${fn} is not resolved by the contract tests' template resolver`);
    }
  }

  private sub(arg: any): string {
    const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
    return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_: string, name: string) => {
      if (name in variables) {
        return this.resolve(variables[name]);
      }
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [id, attribute] = name.split('.', 2);
        return this.getAtt(id, attribute);
      }
      return this.ref(name);
    });
  }

  private ref(name: string): any {
    switch (name) {
      case 'AWS::AccountId': return this.env.account;
      case 'AWS::Region': return this.region;
      case 'AWS::Partition': return this.env.partition;
      case 'AWS::URLSuffix': return this.env.urlSuffix;
      case 'AWS::StackName': return this.stackName;
      case 'AWS::NoValue': return NO_VALUE;
    }
    const resource = this.get(name);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::SecretsManager::Secret':
      case 'AWS::ECS::Service':
      case 'AWS::ECS::TaskDefinition':
      case 'AWS::StepFunctions::StateMachine':
        return this.arnOf(name);
      case 'AWS::KMS::Key':
        return this.keyId(name);
      case 'AWS::CloudFront::Distribution':
        return `E${shortHash(name, 13).toUpperCase()}`;
      default:
        return this.nameOf(name);
    }
  }

  private getAtt(logicalId: string, attribute: string): any {
    const resource = this.get(logicalId);
    if (attribute === 'Arn') {
      return this.arnOf(logicalId);
    }
    const p = resource.Properties ?? {};
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::KMS::Key.KeyId': return this.keyId(logicalId);
      case 'AWS::SNS::Topic.TopicName':
      case 'AWS::SNS::Topic.TopicArn': return attribute === 'TopicArn' ? this.arnOf(logicalId) : this.nameOf(logicalId);
      case 'AWS::ECS::Service.Name':
      case 'AWS::StepFunctions::StateMachine.Name':
      case 'AWS::Events::Rule.Name': return this.nameOf(logicalId);
      case 'AWS::ECS::Service.ServiceArn': return this.arnOf(logicalId);
      case 'AWS::S3::Bucket.RegionalDomainName': return `${this.nameOf(logicalId)}.s3.${this.region}.${this.env.urlSuffix}`;
      case 'AWS::S3::Bucket.DomainName': return `${this.nameOf(logicalId)}.s3.${this.env.urlSuffix}`;
      case 'AWS::CloudFront::Distribution.DomainName': return `d${shortHash(logicalId, 13)}.cloudfront.net`;
      case 'AWS::CloudFront::Distribution.Id': return this.ref(logicalId);
      case 'AWS::SecretsManager::Secret.Id': return this.arnOf(logicalId);
      case 'AWS::EC2::VPC.DefaultSecurityGroup': return `sg-${shortHash(logicalId, 17)}`;
      case 'AWS::EC2::VPC.CidrBlock': return this.resolve(p.CidrBlock);
    }
    if (resource.Type.startsWith('Custom::')) {
      // The library's custom resources answer with a property they were given (e.g. the secret they wrote).
      const echoed = Object.keys(p).filter((key) => key === attribute || key.endsWith(attribute));
      if (echoed.length === 1) {
        return this.resolve(p[echoed[0]]);
      }
    }
    throw new Error(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) is not resolved by the contract tests' template resolver`);
  }

  /** The physical name: the one the template sets, or one CloudFormation would generate. */
  private nameOf(logicalId: string): string {
    const resource = this.get(logicalId);
    const p = resource.Properties ?? {};
    const explicit: Record<string, string> = {
      'AWS::S3::Bucket': 'BucketName', 'AWS::IAM::Role': 'RoleName', 'AWS::SNS::Topic': 'TopicName',
      'AWS::Logs::LogGroup': 'LogGroupName', 'AWS::StepFunctions::StateMachine': 'StateMachineName', 'AWS::SSM::Parameter': 'Name',
      'AWS::Lambda::Function': 'FunctionName', 'AWS::ECS::Cluster': 'ClusterName', 'AWS::ECS::Service': 'ServiceName',
      'AWS::SecretsManager::Secret': 'Name', 'AWS::ECR::Repository': 'RepositoryName', 'AWS::Events::Rule': 'Name',
      'AWS::CloudWatch::Alarm': 'AlarmName', 'AWS::KMS::Alias': 'AliasName', 'AWS::ECS::TaskDefinition': 'Family',
    };
    const property = explicit[resource.Type];
    if (property && p[property] !== undefined) {
      return this.resolve(p[property]);
    }
    // CloudFormation's generated names: <stack>-<logical id>-<random suffix>, lower case where the service wants it.
    const generated = `${this.stackName}-${logicalId.slice(0, 30)}-${shortHash(logicalId, 12).toUpperCase()}`;
    return resource.Type === 'AWS::S3::Bucket' ? generated.toLowerCase().slice(0, 63) : generated;
  }

  private keyId(logicalId: string): string {
    const h = shortHash(logicalId, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  /** The resource's ARN, in its service's ARN format. */
  public arnOf(logicalId: string): string {
    const resource = this.get(logicalId);
    const { partition, account } = this.env;
    const region = this.region;
    const name = () => this.nameOf(logicalId);
    switch (resource.Type) {
      case 'AWS::KMS::Key': return `arn:${partition}:kms:${region}:${account}:key/${this.keyId(logicalId)}`;
      case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${name()}`;
      case 'AWS::SNS::Topic': return `arn:${partition}:sns:${region}:${account}:${name()}`;
      case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${name()}`;
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager appends a hyphen and six random characters to the name.
        return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name()}-${shortHash(logicalId, 6)}`;
      // CloudFormation's Arn of a log group ends in ":*" (every stream of the group).
      case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${name()}:*`;
      case 'AWS::ECS::Cluster': return `arn:${partition}:ecs:${region}:${account}:cluster/${name()}`;
      case 'AWS::ECS::Service': {
        const cluster = this.resolve(resource.Properties?.Cluster);
        const clusterName = String(cluster).split('/').pop();
        return `arn:${partition}:ecs:${region}:${account}:service/${clusterName}/${name()}`;
      }
      case 'AWS::ECS::TaskDefinition': return `arn:${partition}:ecs:${region}:${account}:task-definition/${name()}:1`;
      case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${name()}`;
      case 'AWS::Lambda::Function': return `arn:${partition}:lambda:${region}:${account}:function:${name()}`;
      case 'AWS::CloudWatch::Alarm': return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name()}`;
      case 'AWS::Events::Rule': return `arn:${partition}:events:${region}:${account}:rule/${name()}`;
      case 'AWS::ECR::Repository': return `arn:${partition}:ecr:${region}:${account}:repository/${name()}`;
      case 'AWS::SSM::Parameter': return `arn:${partition}:ssm:${region}:${account}:parameter/${name().replace(/^\//, '')}`;
      case 'AWS::CloudFront::Distribution': return `arn:${partition}:cloudfront::${account}:distribution/${this.ref(logicalId)}`;
      case 'AWS::Scheduler::Schedule': return `arn:${partition}:scheduler:${region}:${account}:schedule/default/${name()}`;
      default:
        throw new Error(`the ARN of ${resource.Type} (${logicalId}) is not known to the contract tests' template resolver`);
    }
  }

  private get(logicalId: string): CfnResource {
    const resource = this.resources[logicalId];
    if (!resource) {
      throw new Error(`stack ${this.stackName} has no resource ${logicalId}`);
    }
    return resource;
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
