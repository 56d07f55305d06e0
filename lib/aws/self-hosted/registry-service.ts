import { Duration } from 'aws-cdk-lib';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import { ISecurityGroup, IVpc, Peer, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster, ContainerDefinition, ContainerImage, ContainerInsights, CpuArchitecture, FargateService, FargateTaskDefinition, ICluster, LogDrivers,
  OperatingSystemFamily, Protocol, Secret as EcsSecret,
} from 'aws-cdk-lib/aws-ecs';
import {
  ApplicationListener, ApplicationLoadBalancer, ApplicationProtocol, ApplicationTargetGroup, ListenerAction,
  MutualAuthenticationMode, SslPolicy, TargetType, TrustStore,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ARecord, IHostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DistributionConfig } from '../../core/distribution/config';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { RemovalMode } from '../../core/profiles';
import { RegistryAlarms } from './registry-alarms';
import { registryLogGroup } from './registry-log-group';
import { CONFIG_PATH, CONFIG_VARIABLE, RUNTIME_DIRECTORY, RuntimeFile, startupScript } from './registry-runtime';
import { fargateSizeOf } from './registry-sizes';
import { grantStorageAccess } from './storage-access';

/** The distribution release the cloud runs, from a mirror that needs no Docker Hub login. */
export const DEFAULT_REGISTRY_IMAGE = 'public.ecr.aws/docker/library/registry:3.1.1';
/** Port of the registry API inside the task. */
export const REGISTRY_PORT = 5000;
/** Port of the debug server (Prometheus metrics, pprof): reachable from inside the VPC only. */
export const DEBUG_PORT = 5001;

/** A CA bundle in S3 for ALB mutual TLS. */
export interface ClientCertificateAuthorities {
  /** The bucket that holds the PEM bundle. */
  readonly bucket: IBucket;
  /** The object key of the PEM bundle. */
  readonly key: string;
}

/** What a registry service runs and where. */
export interface RegistryServiceProps {
  readonly environment: RegistryEnvironment;
  /** The name clients use, e.g. `prod-registry.example.com` or a replica's name. */
  readonly hostname: string;
  readonly hostedZone: IHostedZone;
  readonly vpc: IVpc;
  readonly config: DistributionConfig;
  /** Files the start-up script writes (the configuration file is added here). */
  readonly files: RuntimeFile[];
  readonly secrets: { [name: string]: EcsSecret };
  readonly environmentVariables: { [name: string]: string };
  readonly bucket: IBucket;
  readonly encryptionKey?: IKey;
  readonly accessLogsBucket: IBucket;
  /** @default DEFAULT_REGISTRY_IMAGE */
  readonly image?: ContainerImage;
  /** @default ['0.0.0.0/0'] */
  readonly allowedIpv4Cidrs?: string[];
  /** @default - no client certificates */
  readonly clientCertificateAuthorities?: ClientCertificateAuthorities;
  /** @default - no alarms */
  readonly alarmTopic?: ITopic;
  /** @default - the host name only */
  readonly subjectAlternativeNames?: string[];
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * The running part of a self-hosted registry, shared by the primary and
 * its replicas: the Fargate service that runs the registry with its
 * start-up script, an HTTPS-only load balancer with an ACM certificate,
 * the DNS record, and alarms.
 */
export class RegistryService extends Construct {
  public readonly cluster: ICluster;
  public readonly service: FargateService;
  public readonly taskDefinition: FargateTaskDefinition;
  public readonly loadBalancer: ApplicationLoadBalancer;
  public readonly targetGroup: ApplicationTargetGroup;
  public readonly logGroup: LogGroup;
  /** The registry container. */
  public readonly container: ContainerDefinition;
  public readonly serviceSecurityGroup: ISecurityGroup;
  /** Set when the load balancer is open to the whole internet. */
  public readonly openLoadBalancerSecurityGroup?: ISecurityGroup;
  private readonly files: RuntimeFile[];

  constructor(scope: Construct, id: string, props: RegistryServiceProps) {
    super(scope, id);
    const { environment, vpc } = props;
    const settings = environment.settings;
    const cidrs = props.allowedIpv4Cidrs ?? ['0.0.0.0/0'];
    cidrs.forEach((cidr, index) => {
      const match = IPV4_CIDR.exec(cidr);
      if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) {
        throw invalid(`allowedIpv4Cidrs[${index}]`, cidr, 'an IPv4 CIDR such as "10.0.0.0/8"');
      }
    });

    // --- Task ----------------------------------------------------------
    const size = fargateSizeOf(settings.size);
    this.taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: size.cpu,
      memoryLimitMiB: size.memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.ARM64, operatingSystemFamily: OperatingSystemFamily.LINUX },
      volumes: [{ name: 'runtime' }],
    });
    this.logGroup = registryLogGroup(this, 'Logs', environment, props.encryptionKey);
    this.files = [{ variable: CONFIG_VARIABLE, path: CONFIG_PATH }, ...props.files];
    const container = this.taskDefinition.addContainer('registry', {
      image: props.image ?? ContainerImage.fromRegistry(DEFAULT_REGISTRY_IMAGE),
      entryPoint: ['/bin/sh', '-c'],
      command: this.startupCommand(['serve', CONFIG_PATH]),
      environment: {
        // JSON is YAML: every value is quoted, so deploy-time values (bucket,
        // key ARN, CloudFront ids) cannot change the document's structure.
        [CONFIG_VARIABLE]: JSON.stringify(props.config.toObject()),
        ...props.environmentVariables,
      },
      secrets: props.secrets,
      readonlyRootFilesystem: true,
      portMappings: [
        { containerPort: REGISTRY_PORT, protocol: Protocol.TCP, name: 'registry' },
        { containerPort: DEBUG_PORT, protocol: Protocol.TCP, name: 'debug' },
      ],
      logging: LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'registry' }),
      // A hard limit, so that a leak ends in a restart, not in a starved neighbour.
      memoryLimitMiB: size.memoryLimitMiB,
      stopTimeout: Duration.seconds(90),
    });
    container.addMountPoints({ containerPath: RUNTIME_DIRECTORY, sourceVolume: 'runtime', readOnly: false });
    this.container = container;
    grantStorageAccess(this.taskDefinition.taskRole, props.bucket, props.encryptionKey);

    // --- Service -------------------------------------------------------
    this.cluster = new Cluster(this, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });
    const serviceSecurityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc,
      description: `Registry tasks of ${props.hostname}`,
      allowAllOutbound: true,
    });
    // pprof and the health-down endpoint live on the debug port: VPC only.
    serviceSecurityGroup.addIngressRule(Peer.ipv4(vpc.vpcCidrBlock), Port.tcp(DEBUG_PORT), 'Prometheus metrics from inside the VPC');
    this.serviceSecurityGroup = serviceSecurityGroup;
    this.service = new FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: settings.minInstances,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      securityGroups: [serviceSecurityGroup],
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: settings.minInstances, maxCapacity: settings.maxInstances });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });

    // --- Load balancer, certificate, DNS -------------------------------
    const certificate = new Certificate(this, 'Certificate', {
      domainName: props.hostname,
      subjectAlternativeNames: props.subjectAlternativeNames,
      validation: CertificateValidation.fromDns(props.hostedZone),
    });
    const lbSecurityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `Load balancer of ${props.hostname}`,
      allowAllOutbound: false,
    });
    for (const cidr of cidrs) {
      lbSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(443), 'HTTPS');
      lbSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(80), 'HTTP, redirected to HTTPS');
    }
    this.openLoadBalancerSecurityGroup = cidrs.includes('0.0.0.0/0') ? lbSecurityGroup : undefined;
    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      securityGroup: lbSecurityGroup,
      // Large layer pushes keep one request open for minutes.
      idleTimeout: Duration.seconds(600),
      dropInvalidHeaderFields: true,
      deletionProtection: settings.removalMode === RemovalMode.RETAIN,
    });
    this.loadBalancer.logAccessLogs(props.accessLogsBucket, 'load-balancer');

    this.targetGroup = new ApplicationTargetGroup(this, 'Targets', {
      vpc,
      port: REGISTRY_PORT,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      deregistrationDelay: Duration.seconds(60),
      // `/` answers 200 while storage is reachable and 503 when it is not.
      healthCheck: { path: '/', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
    });
    this.service.attachToApplicationTargetGroup(this.targetGroup);
    serviceSecurityGroup.addIngressRule(lbSecurityGroup, Port.tcp(REGISTRY_PORT), 'Registry API from the load balancer');
    lbSecurityGroup.addEgressRule(serviceSecurityGroup, Port.tcp(REGISTRY_PORT), 'Registry API to the tasks');

    const trustStore = props.clientCertificateAuthorities
      ? new TrustStore(this, 'ClientCertificateAuthorities', {
        bucket: props.clientCertificateAuthorities.bucket,
        key: props.clientCertificateAuthorities.key,
      })
      : undefined;
    new ApplicationListener(this, 'Https', {
      loadBalancer: this.loadBalancer,
      port: 443,
      protocol: ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
      mutualAuthentication: trustStore ? { mutualAuthenticationMode: MutualAuthenticationMode.VERIFY, trustStore } : undefined,
      open: false,
    });
    new ApplicationListener(this, 'Http', {
      loadBalancer: this.loadBalancer,
      port: 80,
      protocol: ApplicationProtocol.HTTP,
      defaultAction: ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      open: false,
    });
    new ARecord(this, 'Address', {
      zone: props.hostedZone,
      recordName: props.hostname,
      target: RecordTarget.fromAlias(new LoadBalancerTarget(this.loadBalancer)),
    });

    if (props.alarmTopic) {
      new RegistryAlarms(this, 'Alarms', {
        hostname: props.hostname, targetGroup: this.targetGroup, cluster: this.cluster, service: this.service, topic: props.alarmTopic,
      });
    }
  }

  /**
   * The container command that prepares the files, then runs
   * `registry <registryArguments>` (e.g. `garbage-collect` in a one-off task).
   */
  public startupCommand(registryArguments: string[]): string[] {
    return [startupScript(this.files, registryArguments)];
  }
}
