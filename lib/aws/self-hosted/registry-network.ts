import { FlowLogDestination, GatewayVpcEndpointAwsService, IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { registryLogGroup } from './registry-log-group';

/** A new VPC for a registry, and the log group of its flow logs. */
export interface RegistryNetwork {
  readonly vpc: IVpc;
  readonly flowLogs: LogGroup;
}

/**
 * Two availability zones (the load balancer needs two), tasks in private
 * subnets behind NAT (one gateway, or one per zone when the profile runs
 * more than one task), an S3 gateway endpoint, and flow logs.
 */
export function newRegistryVpc(scope: Construct, environment: RegistryEnvironment, key?: IKey): RegistryNetwork {
  const vpc = new Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: environment.settings.minInstances > 1 ? 2 : 1,
    subnetConfiguration: [
      // Only the load balancer and NAT gateways live here; neither needs auto-assigned public IPs.
      { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'registry', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
    ],
    // Image data to and from S3 stays off the NAT gateways (and their bill).
    gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    // Strip the default security group's rules whatever the app's
    // `@aws-cdk/aws-ec2:restrictDefaultSecurityGroup` flag says (without it,
    // the group admits all traffic between its members; CIS AWS 5.4).
    restrictDefaultSecurityGroup: true,
  });
  const flowLogs = registryLogGroup(scope, 'FlowLogsGroup', environment, key);
  vpc.addFlowLog('FlowLogs', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) });
  return { vpc, flowLogs };
}
