import { BackendCapabilities, SettingSupport } from './capabilities';

/*
 * What each backend does with each profile setting, in one place: the
 * constructs warn from these tables and the README's capability matrix is
 * checked against them by a test. A construct whose configuration narrows
 * what it can do derives its own table with `withCapabilities`.
 */

const { ENFORCED, NOT_APPLICABLE, UNSUPPORTED } = SettingSupport;

/** Amazon ECR (`EcrRegistry`, `EcrReplicaRegistry`, `EcrRegistrySettings`). */
export const ECR_CAPABILITIES: BackendCapabilities = {
  backend: 'AWS ECR',
  settings: {
    imageTagMutability: { support: ENFORCED, how: 'the repositories\' tag mutability' },
    immutableTagExclusions: { support: ENFORCED, how: 'IMMUTABLE_WITH_EXCLUSION filters' },
    untaggedImageRetentionDays: { support: ENFORCED, how: 'a lifecycle rule' },
    maxImageCount: { support: ENFORCED, how: 'a lifecycle rule' },
    removalMode: { support: ENFORCED, how: 'the repositories\' and keys\' removal policy' },
    encryptionKey: { support: ENFORCED, how: 'KMS with a key of the stack (customer-managed) or the AWS managed key' },
    replicationEnabled: { support: ENFORCED, how: 'the account\'s replication configuration (EcrRegistrySettings) and a creation template per replica region (EcrReplicaRegistry)' },
    cdnEnabled: { support: UNSUPPORTED, how: 'ECR serves layers from its own endpoints and has no custom domain or CDN; replicas serve other regions' },
    alarmsEnabled: { support: ENFORCED, how: 'critical and high scan findings to an SNS topic' },
    size: { support: NOT_APPLICABLE, how: 'ECR scales by itself' },
    minInstances: { support: NOT_APPLICABLE, how: 'ECR scales by itself' },
    maxInstances: { support: NOT_APPLICABLE, how: 'ECR scales by itself' },
    logRetentionDays: { support: NOT_APPLICABLE, how: 'ECR writes no logs of its own; its API calls are in the account\'s CloudTrail' },
  },
};

/** The CNCF distribution registry on AWS (`SelfHostedRegistry`, `SelfHostedRegistryReplica`). */
export const SELF_HOSTED_AWS_CAPABILITIES: BackendCapabilities = {
  backend: 'self-hosted distribution on AWS',
  settings: {
    imageTagMutability: { support: UNSUPPORTED, how: 'distribution has no tag immutability: every user who may push may overwrite and delete tags' },
    immutableTagExclusions: { support: UNSUPPORTED, how: 'distribution has no tag immutability' },
    untaggedImageRetentionDays: {
      support: ENFORCED,
      how: 'the weekly maintenance window deletes untagged manifests pushed more than N days ago (as ECR counts them), then garbage collection frees their blobs',
    },
    maxImageCount: {
      support: ENFORCED,
      how: 'the weekly maintenance window deletes the images beyond the newest N of each repository (by tag push time), then garbage collection frees their blobs',
    },
    removalMode: { support: ENFORCED, how: 'the removal policy of the bucket, keys, secrets and logs' },
    encryptionKey: { support: ENFORCED, how: 'SSE-KMS on the bucket and KMS on logs, secrets and topics' },
    replicationEnabled: { support: ENFORCED, how: 'S3 replication to a read-only SelfHostedRegistryReplica per replica region' },
    cdnEnabled: { support: ENFORCED, how: 'CloudFront for blob downloads through distribution\'s cloudfront middleware' },
    alarmsEnabled: { support: ENFORCED, how: 'CloudWatch alarms and EventBridge rules to an SNS topic' },
    size: { support: ENFORCED, how: 'Fargate CPU and memory' },
    minInstances: { support: ENFORCED, how: 'the ECS service\'s desired and minimum task count' },
    maxInstances: { support: ENFORCED, how: 'the ECS service\'s autoscaling maximum' },
    logRetentionDays: { support: ENFORCED, how: 'CloudWatch Logs retention' },
  },
};

/**
 * Azure Container Registry (`AcrRegistry`, `env-container-registries/azure`).
 * The construct narrows this table for its configuration (`lib/azure/acr-capabilities.ts`):
 * retention needs the purge task to reach the registry, log retention a
 * workspace it creates with a retention Log Analytics accepts.
 */
export const ACR_CAPABILITIES: BackendCapabilities = {
  backend: 'Azure ACR',
  settings: {
    // Locking is per image or repository (learn.microsoft.com/azure/container-registry/container-registry-image-lock).
    imageTagMutability: {
      support: UNSUPPORTED,
      how: 'ACR has no registry-wide tag immutability; images and repositories can only be locked one by one (az acr repository update --write-enabled false)',
    },
    immutableTagExclusions: { support: UNSUPPORTED, how: 'ACR has no registry-wide tag immutability' },
    untaggedImageRetentionDays: {
      support: ENFORCED,
      how: 'a scheduled ACR task running acr purge --untagged-only, plus the Premium retention policy for Docker manifests',
    },
    maxImageCount: { support: ENFORCED, how: 'a scheduled ACR task running acr purge --keep, which keeps the newest tags of each repository' },
    removalMode: { support: ENFORCED, how: 'lifecycle.prevent_destroy and a CanNotDelete management lock on the registry and its key vault' },
    encryptionKey: { support: ENFORCED, how: 'a Key Vault key with a rotation policy (Premium)' },
    replicationEnabled: { support: ENFORCED, how: 'a geo-replication per replica region (Premium)' },
    cdnEnabled: {
      support: UNSUPPORTED,
      how: 'ACR has no CDN integration; geo-replicas and dedicated data endpoints serve clients in other regions',
    },
    alarmsEnabled: { support: ENFORCED, how: 'Azure Monitor alerts to an action group' },
    size: { support: ENFORCED, how: 'the SKU: Basic, Standard or Premium' },
    minInstances: { support: NOT_APPLICABLE, how: 'ACR scales by itself' },
    maxInstances: { support: NOT_APPLICABLE, how: 'ACR scales by itself' },
    logRetentionDays: { support: ENFORCED, how: 'the retention of the Log Analytics workspace that receives the registry\'s logs' },
  },
};

/** Tencent Cloud Container Registry (`TcrRegistry`, `env-container-registries/tencentcloud`). */
export const TCR_CAPABILITIES: BackendCapabilities = {
  backend: 'Tencent Cloud TCR',
  settings: {
    imageTagMutability: { support: ENFORCED, how: 'an immutable-tag rule in every namespace' },
    immutableTagExclusions: { support: ENFORCED, how: 'the immutable-tag rule\'s excluded tag patterns' },
    untaggedImageRetentionDays: {
      support: UNSUPPORTED,
      how: 'TCR\'s tag retention keeps the latest pushed versions or those pushed within some days, and has no rule for untagged images',
    },
    maxImageCount: { support: ENFORCED, how: 'a daily tag retention rule in every namespace that keeps the latest pushed versions' },
    removalMode: { support: ENFORCED, how: 'lifecycle.prevent_destroy on the instance and namespaces, the instance\'s deletion protection, and whether its COS bucket is deleted with it' },
    encryptionKey: { support: UNSUPPORTED, how: 'TCR keeps images in a COS bucket it creates and has no setting for the key that encrypts it' },
    replicationEnabled: { support: ENFORCED, how: 'a replica of the premium instance in each replica region, on the same side of the Chinese mainland border' },
    cdnEnabled: {
      support: UNSUPPORTED,
      how: 'TCR serves image layers from COS behind its own endpoints and has no CDN setting; replicas serve pulls in their regions',
    },
    alarmsEnabled: {
      support: UNSUPPORTED,
      how: 'this library knows no documented Cloud Monitor metric of TCR to alarm on, so it makes no alarm policy; scanning blocks vulnerable images instead',
    },
    size: { support: ENFORCED, how: 'the instance edition: basic, standard or premium' },
    minInstances: { support: NOT_APPLICABLE, how: 'TCR scales by itself' },
    maxInstances: { support: NOT_APPLICABLE, how: 'TCR scales by itself' },
    logRetentionDays: { support: NOT_APPLICABLE, how: 'TCR has no log retention setting' },
  },
};

/** Every backend's table, in the order of the README's matrix. */
export const BACKEND_CAPABILITIES: BackendCapabilities[] = [ECR_CAPABILITIES, SELF_HOSTED_AWS_CAPABILITIES, ACR_CAPABILITIES, TCR_CAPABILITIES];
