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
import { assertStringList } from '../../core/type-checks';
import { certificateNames } from './physical-names';
import { RegistryAlarms } from './registry-alarms';
import { registryLogGroup } from './registry-log-group';
import { CONFIG_PATH, CONFIG_VARIABLE, RUNTIME_DIRECTORY, RuntimeFile, startupScript } from './registry-runtime';
import { fargateSizeOf } from './registry-sizes';
import { grantStorageAccess, StorageAccess } from './storage-access';

/** The official registry image, from a mirror that needs no Docker Hub login. */
export const REGISTRY_REPOSITORY = 'public.ecr.aws/docker/library/registry';
/**
 * The distribution release the cloud runs: 3.1.1, the newest 3.1.x release
 * (https://github.com/distribution/distribution/releases/tag/v3.1.1, the
 * last v3.1 tag in the repository as of this writing). Pin it by digest with
 * `imageDigest`.
 */
export const DEFAULT_REGISTRY_IMAGE = `${REGISTRY_REPOSITORY}:3.1.1`;
/** Port of the registry API inside the task. */
export const REGISTRY_PORT = 5000;
/**
 * Port of the debug server: Prometheus metrics, but also pprof and a
 * health-down endpoint that takes a task out of service. Only a security
 * group you name (`prometheusSecurityGroup`) may reach it.
 */
export const DEBUG_PORT = 5001;

/*
 * How long a request may take while its task is being replaced. Large layer
 * pushes keep one request open for minutes, so the load balancer's idle
 * timeout is 600 s, and a task leaving the service (deployment, scale-in)
 * drains for as long: ECS deregisters it, waits for the target group's
 * deregistration delay (the target leaves "draining" early once its
 * connections are closed), and only then stops it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-connection-draining.html).
 * Then the registry gets SIGTERM and finishes what is left within
 * `http.draintimeout`, shorter than the stop timeout after which ECS sends
 * SIGKILL; 120 s is the most Fargate allows ("For tasks that use the
 * Fargate launch type, the max stop timeout value is 120 seconds",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
 */
/** Load balancer idle timeout and target deregistration delay. */
export const REQUEST_DRAIN_TIME = Duration.seconds(600);
/** SIGTERM to SIGKILL. */
export const CONTAINER_STOP_TIMEOUT = Duration.seconds(120);
/** The registry's own graceful shutdown, inside the stop timeout. */
export const REGISTRY_DRAIN_TIMEOUT = Duration.seconds(110);

const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The registry image: `image` as given, the official image pinned by
 * `imageDigest`, or `DEFAULT_REGISTRY_IMAGE`.
 */
export function registryImage(image: unknown, imageDigest: unknown): ContainerImage {
  if (image !== undefined && !(image instanceof ContainerImage)) {
    throw invalid('image', image, 'a ContainerImage, e.g. ContainerImage.fromRegistry(...)');
  }
  if (imageDigest === undefined) {
    return image ?? ContainerImage.fromRegistry(DEFAULT_REGISTRY_IMAGE);
  }
  if (typeof imageDigest !== 'string' || !IMAGE_DIGEST.test(imageDigest)) {
    throw invalid('imageDigest', imageDigest, 'an image digest "sha256:" followed by 64 lower case hex digits (skopeo inspect shows it)');
  }
  if (image !== undefined) {
    throw invalid('imageDigest', imageDigest, `no digest together with image (it pins ${REGISTRY_REPOSITORY}; pin your own image in its reference)`);
  }
  // A digest reference (`name@sha256:...`), the form ECS documents for images by digest.
  return ContainerImage.fromRegistry(`${REGISTRY_REPOSITORY}@${imageDigest}`);
}

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
  /**
   * Shorter names of the hosted zone for the certificate's first name when
   * `hostname` is longer than ACM allows there (64 characters).
   *
   * @default - none: `hostname` must fit
   */
  readonly certificateFallbackNames?: string[];
  readonly hostedZone: IHostedZone;
  readonly vpc: IVpc;
  readonly config: DistributionConfig;
  /** Files the start-up script writes (the configuration file is added here). */
  readonly files: RuntimeFile[];
  readonly secrets: { [name: string]: EcsSecret };
  readonly environmentVariables: { [name: string]: string };
  readonly bucket: IBucket;
  /** The customer-managed key of the registry's logs (and, by default, of its bucket). */
  readonly encryptionKey?: IKey;
  /**
   * The key of the image bucket, when it is not `encryptionKey` (a
   * replica's storage has its own).
   *
   * @default encryptionKey
   */
  readonly storageEncryptionKey?: IKey;
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
  /** @default - no access to the debug port */
  readonly prometheusSecurityGroup?: ISecurityGroup;
  /** @default StorageAccess.READ_WRITE */
  readonly storageAccess?: StorageAccess;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Checks `allowedIpv4Cidrs`: a non-empty list of distinct IPv4 CIDRs. */
export function validateIpv4Cidrs(value: unknown): string[] {
  if (value === undefined) {
    return ['0.0.0.0/0'];
  }
  const cidrs = assertStringList('allowedIpv4Cidrs', value, 'a list of IPv4 CIDRs such as ["10.0.0.0/8"]', (cidr, property) => {
    const match = IPV4_CIDR.exec(cidr);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) {
      throw invalid(property, cidr, 'an IPv4 CIDR such as "10.0.0.0/8"');
    }
  });
  if (cidrs.length === 0) {
    throw invalid('allowedIpv4Cidrs', cidrs, 'at least one CIDR (an empty list would let nobody connect)');
  }
  return cidrs;
}

/**
 * The running part of a self-hosted registry, shared by the primary and
 * its replicas: the Fargate service that runs the registry with its
 * start-up script, an HTTPS-only load balancer with an ACM certificate,
 * the DNS record, and alarms.
 */
export class RegistryService extends Construct {
  /** The ECS cluster the registry's service (and garbage collection's task) runs in. */
  public readonly cluster: ICluster;
  /** The Fargate service that keeps the profile's number of registry tasks running. */
  public readonly service: FargateService;
  /** The registry's task definition (ARM64 Fargate, read-only root filesystem). */
  public readonly taskDefinition: FargateTaskDefinition;
  /** The internet-facing, HTTPS-only Application Load Balancer in front of the tasks. */
  public readonly loadBalancer: ApplicationLoadBalancer;
  /** The load balancer's target group of registry tasks (health check `/`, expecting 200). */
  public readonly targetGroup: ApplicationTargetGroup;
  /** The log group of the registry container. */
  public readonly logGroup: LogGroup;
  /** The registry container. */
  public readonly container: ContainerDefinition;
  /** The security group of the registry tasks: the registry port from the load balancer only. */
  public readonly serviceSecurityGroup: ISecurityGroup;
  /** The load balancer's security group, when it admits the whole internet (`0.0.0.0/0`). */
  public readonly openLoadBalancerSecurityGroup?: ISecurityGroup;
  private readonly files: RuntimeFile[];

  constructor(scope: Construct, id: string, props: RegistryServiceProps) {
    super(scope, id);
    const { environment, vpc } = props;
    const settings = environment.settings;
    const cidrs = validateIpv4Cidrs(props.allowedIpv4Cidrs);
    const names = certificateNames(props.hostname, props.subjectAlternativeNames ?? [], props.certificateFallbackNames ?? [], 'environment.domain');

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
      image: props.image ?? registryImage(undefined, undefined),
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
      stopTimeout: CONTAINER_STOP_TIMEOUT,
    });
    container.addMountPoints({ containerPath: RUNTIME_DIRECTORY, sourceVolume: 'runtime', readOnly: false });
    this.container = container;
    grantStorageAccess(this.taskDefinition.taskRole, props.bucket, props.storageEncryptionKey ?? props.encryptionKey, props.storageAccess);

    // --- Service -------------------------------------------------------
    this.cluster = new Cluster(this, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });
    const serviceSecurityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc,
      description: `Registry tasks of ${props.hostname}`,
      allowAllOutbound: true,
    });
    // The debug port also serves pprof and a health-down endpoint: only the
    // Prometheus servers you name, never the whole (possibly shared) VPC.
    if (props.prometheusSecurityGroup) {
      serviceSecurityGroup.addIngressRule(props.prometheusSecurityGroup, Port.tcp(DEBUG_PORT), 'Prometheus metrics');
    }
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
      domainName: names.domainName,
      subjectAlternativeNames: names.subjectAlternativeNames.length > 0 ? names.subjectAlternativeNames : undefined,
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
      idleTimeout: REQUEST_DRAIN_TIME,
      dropInvalidHeaderFields: true,
      deletionProtection: settings.removalMode === RemovalMode.RETAIN,
    });
    this.loadBalancer.logAccessLogs(props.accessLogsBucket, 'load-balancer');

    this.targetGroup = new ApplicationTargetGroup(this, 'Targets', {
      vpc,
      port: REGISTRY_PORT,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      deregistrationDelay: REQUEST_DRAIN_TIME,
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
