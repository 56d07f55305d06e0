import { RegistrySize } from '../../core/profiles';

/** Fargate CPU units and memory (MiB) of one registry task, per size class. */
export interface FargateTaskSize {
  readonly cpu: number;
  readonly memoryLimitMiB: number;
}

/*
 * The registry streams blobs between clients and S3 (or redirects them to
 * CloudFront), so it needs little memory; CPU goes to TLS-free HTTP and
 * digest checks. Autoscaling adds tasks before a task needs to grow.
 */
const SIZES: Record<RegistrySize, FargateTaskSize> = {
  [RegistrySize.SMALL]: { cpu: 256, memoryLimitMiB: 512 },
  [RegistrySize.MEDIUM]: { cpu: 512, memoryLimitMiB: 1024 },
  [RegistrySize.LARGE]: { cpu: 1024, memoryLimitMiB: 2048 },
};

/** The task size of a profile's size class. */
export function fargateSizeOf(size: RegistrySize): FargateTaskSize {
  return SIZES[size];
}
