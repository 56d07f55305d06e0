import { Stack } from 'aws-cdk-lib';
import { IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster, ContainerDefinition, ContainerImage, ContainerInsights, FargateService, FargateTaskDefinition, LogDrivers,
} from 'aws-cdk-lib/aws-ecs';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { RegistryGarbageCollection, RegistryGarbageCollectionProps } from '../../../lib/aws/self-hosted/garbage-collection';
import { RegistryStorageLocation } from '../../../lib/aws/self-hosted/retention-function';
import { environment } from '../helpers';

/*
 * The registry around RegistryGarbageCollection, for its unit tests
 * (garbage-collection.test.ts) and its compliance checks
 * (garbage-collection.system.test.ts).
 */

const IMAGE = ContainerImage.fromRegistry('registry:3.1.0');
/** The name of the registry's bucket, imported by the fixture. */
export const IMAGES_BUCKET = 'dev-registry-images-111111111111';
/** The id of the registry's key, imported by the fixture. */
export const IMAGES_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

/** The registry around the construct: VPC, cluster, registry service, and a task definition for garbage collection. */
export interface Fixture {
  readonly stack: Stack;
  readonly vpc: IVpc;
  readonly service: FargateService;
  readonly registryContainer: ContainerDefinition;
  readonly gcTask: FargateTaskDefinition;
  /** Container log groups (compliant fixtures only). */
  readonly containerLogs: LogGroup[];
  /** The registry's bucket and key, as distribution's s3 driver would use them. */
  readonly storage: RegistryStorageLocation;
}

/** The minimal registry a caller would have. `compliant` adds what the compliance packs ask of the fixture itself. */
export function fixture(stack: Stack, compliant = false): Fixture {
  const vpc = new Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: SubnetType.PRIVATE_ISOLATED }],
  });
  const cluster = new Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });
  const containerLogs: LogGroup[] = [];
  const containerOptions = (id: string) => {
    const logGroup = compliant ? new LogGroup(stack, `${id}Logs`, { retention: RetentionDays.ONE_YEAR }) : undefined;
    if (logGroup) containerLogs.push(logGroup);
    return {
      image: IMAGE,
      memoryLimitMiB: 512,
      readonlyRootFilesystem: true,
      user: '1000',
      logging: logGroup ? LogDrivers.awsLogs({ streamPrefix: id, logGroup }) : undefined,
    };
  };
  const registryTask = new FargateTaskDefinition(stack, 'RegistryTask');
  const registryContainer = registryTask.addContainer('registry', containerOptions('Registry'));
  const service = new FargateService(stack, 'Service', {
    cluster, taskDefinition: registryTask, vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
  });
  const gcTask = new FargateTaskDefinition(stack, 'GcTask');
  gcTask.addContainer('registry', containerOptions('Gc'));
  // The registry's bucket and key belong to the registry, not to this construct: imported here.
  const encryptionKey = Key.fromKeyArn(stack, 'ImagesKey', `arn:aws:kms:eu-west-1:111111111111:key/${IMAGES_KEY_ID}`);
  const bucket = Bucket.fromBucketName(stack, 'Images', IMAGES_BUCKET);
  return { stack, vpc, service, registryContainer, gcTask, containerLogs, storage: { bucket, encryptionKey, rootDirectory: '/registry' } };
}

/** The construct under test in the fixture, with the read-only switch on the registry container. */
export function garbageCollection(f: Fixture, props: Partial<RegistryGarbageCollectionProps> = {}, envName = 'dev'): RegistryGarbageCollection {
  const gc = new RegistryGarbageCollection(f.stack, 'Gc', {
    environment: environment(envName),
    service: f.service,
    taskDefinition: f.gcTask,
    containerName: 'registry',
    subnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
    ...props,
  });
  gc.addReadOnlySwitch(f.registryContainer);
  return gc;
}
