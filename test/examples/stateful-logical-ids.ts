/*
 * Logical ids of stateful resources are public API: a changed id makes
 * CloudFormation replace the resource, which deletes repositories and keys
 * (or orphans them under RETAIN). This list changes only on purpose, with a
 * migration note in the CHANGELOG.
 */
export const STATEFUL_TYPES = [
  // ECR
  'AWS::ECR::Repository',
  'AWS::KMS::Key',
  'AWS::ECR::RepositoryCreationTemplate',
  'AWS::ECR::PullThroughCacheRule',
  'AWS::ECR::RegistryScanningConfiguration',
  'AWS::ECR::ReplicationConfiguration',
  'AWS::ECR::RegistryPolicy',
  'AWS::ECR::SigningConfiguration',
  'AWS::Signer::SigningProfile',
  'AWS::S3::Bucket',
  'AWS::KMS::Alias',
  'AWS::SecretsManager::Secret',
  'AWS::Logs::LogGroup',
];

export const STATEFUL_LOGICAL_IDS: Record<string, string[]> = {
  'ecr-registry-settings': [
    'SettingsScanning3A885361', 'SettingsReplication1BF15685', 'SettingsSigningProfileA0A59981', 'SettingsSigning934595B3',
  ],
  'ecr-dev-registry': [
    'RegistryappB4ADD1BD', 'Registrybasenode085367CA', 'RegistryPullThroughCacheecrpublic97FECF1A',
    'RegistryPullThroughCachequay3DA45714', 'RegistryPullThroughCacheTemplate3389E138',
  ],
  'ecr-test-registry': [
    'RegistryappB4ADD1BD', 'Registrybasenode085367CA', 'RegistryPullThroughCacheecrpublic97FECF1A',
    'RegistryPullThroughCachequay3DA45714', 'RegistryPullThroughCacheTemplate3389E138', 'RegistryNotificationsKeyCA44FF84',
  ],
  'ecr-prod-registry': [
    'RegistryKey1053ED4C', 'RegistryappB4ADD1BD', 'Registrybasenode085367CA', 'RegistryPullThroughCacheecrpublic97FECF1A',
    'RegistryPullThroughCachequay3DA45714', 'RegistryPullThroughCacheTemplate3389E138', 'RegistryNotificationsKeyCA44FF84',
  ],
  'ecr-prod-registry-replica-eu-central-1': ['ReplicaKey29E01B67', 'ReplicaReplicationTemplateD0755E9E'],
  'self-hosted-dev-registry': [
    'RegistryStorageAccessLogsE2A0CABD', 'RegistryStorageImagesAAE10F43', 'RegistryFlowLogsGroupE4F97B89', 'RegistryHttpSecret2AC721EF',
    'RegistryUsersPasswordciAAC69E6B', 'RegistryUsersPassworddeployEEEB23CA', 'RegistryUsersHtpasswd0A79C96A', 'RegistryUsersHandlerLogs9E097D23',
    'RegistryServiceLogsE9BFFB7A', 'RegistryGarbageCollectionLogsB6A0F7F8', 'RegistryGarbageCollectionRetentionLogs61A05C14',
  ],
  'self-hosted-test-registry': [
    'RegistryStorageAccessLogsE2A0CABD', 'RegistryStorageImagesAAE10F43', 'RegistryFlowLogsGroupE4F97B89', 'RegistryHttpSecret2AC721EF',
    'RegistryUsersPasswordciAAC69E6B', 'RegistryUsersPassworddeployEEEB23CA', 'RegistryUsersHtpasswd0A79C96A', 'RegistryUsersHandlerLogs9E097D23',
    'RegistryAlarmsKey61626B86', 'RegistryServiceLogsE9BFFB7A', 'RegistryGarbageCollectionLogsB6A0F7F8', 'RegistryGarbageCollectionRetentionLogs61A05C14',
  ],
  'self-hosted-prod-registry': [
    'RegistryKey1053ED4C', 'RegistryStorageAccessLogsE2A0CABD', 'RegistryStorageImagesAAE10F43', 'RegistryFlowLogsGroupE4F97B89',
    'RegistryHttpSecret2AC721EF', 'RegistryUsersPasswordciAAC69E6B', 'RegistryUsersPassworddeployEEEB23CA', 'RegistryUsersHtpasswd0A79C96A',
    'RegistryUsersHandlerLogs9E097D23', 'RegistryCdnSigningKeyPrivateKey8161EFBA', 'RegistryCdnSigningKeyHandlerLogs801815D5',
    'RegistryCdnAccessLogs3ABC0FF0', 'RegistryServiceLogsE9BFFB7A', 'RegistryGarbageCollectionLogsB6A0F7F8', 'RegistryGarbageCollectionRetentionLogs61A05C14',
    'RegistryAlarmsKey61626B86',
  ],
  'self-hosted-prod-registry-replica-eu-central-1': [
    'ReplicaKey29E01B67', 'ReplicaKeyAlias0868E272', 'ReplicaStorageAccessLogs4D1A75CB', 'ReplicaStorageImagesA5C50AE0',
    'ReplicaFlowLogsGroupAB96A02B', 'ReplicaHttpSecretF963DF7E', 'ReplicaServiceLogs668E2FF2', 'ReplicaAlarmsKey862C2B52',
  ],
};

