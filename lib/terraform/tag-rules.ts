import { TagRules } from './tags';

/*
 * What Azure and Tencent Cloud accept as tags. The declaration's own check
 * (`lib/core/tags.ts`) keeps to what every cloud accepts; these rules add
 * what one cloud, or one of its resource types, refuses, so that a bad tag
 * fails when the construct is built instead of at deployment.
 */

const AZURE_TAG_LIMITS = 'https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations';

/**
 * Azure Resource Manager: at most 50 tags; keys of at most 512 characters
 * without `<>%&\?/`, compared without regard to case; values of at most 256
 * characters (azurerm checks the counts and lengths too:
 * `internal/tags/validation.go`). Some resource types are narrower, as the
 * same page lists.
 */
export const AZURE_TAG_RULES: TagRules = {
  cloud: 'Azure',
  source: AZURE_TAG_LIMITS,
  maxTags: 50,
  maxKeyLength: 512,
  minValueLength: 0,
  maxValueLength: 256,
  forbiddenKeyCharacters: '<>%&\\?/',
  caseInsensitiveKeys: true,
  resourceTypeRules: [
    {
      resourceTypes: ['azurerm_storage_account'],
      maxKeyLength: 128,
      // The page's limit, as azurerm enforces it.
      source: 'azurerm internal/services/storage/validate/storage_account_tags.go',
    },
    {
      // "Azure DNS zones and Traffic Manager doesn't support the use of spaces
      // in the tag or a tag that starts with a number"; "Azure DNS tag names
      // do not support special and unicode characters".
      resourceTypes: ['azurerm_dns_*'],
      keyCharacters: { pattern: /^[A-Za-z0-9]$/u, description: 'ASCII letters and digits' },
      valueCharacters: { pattern: /^\S$/u, description: 'characters other than spaces' },
      keyMayStartWithDigit: false,
      source: AZURE_TAG_LIMITS,
    },
    {
      resourceTypes: ['azurerm_traffic_manager_*'],
      keyCharacters: { pattern: /^\S$/u, description: 'characters other than spaces' },
      valueCharacters: { pattern: /^\S$/u, description: 'characters other than spaces' },
      keyMayStartWithDigit: false,
      source: AZURE_TAG_LIMITS,
    },
    {
      // "Azure Front Door doesn't support the use of # or : in the tag name."
      resourceTypes: ['azurerm_cdn_frontdoor_*', 'azurerm_frontdoor*'],
      forbiddenKeyCharacters: '#:',
      source: AZURE_TAG_LIMITS,
    },
    {
      // "The following Azure resources only support 15 tags": Automation, CDN,
      // DNS (zone and A records), Private DNS (zone, A records, virtual network link).
      resourceTypes: [
        'azurerm_automation_*',
        'azurerm_cdn_*',
        'azurerm_dns_zone',
        'azurerm_dns_a_record',
        'azurerm_private_dns_zone',
        'azurerm_private_dns_a_record',
        'azurerm_private_dns_zone_virtual_network_link',
      ],
      maxTags: 15,
      source: AZURE_TAG_LIMITS,
    },
    {
      resourceTypes: ['azurerm_key_vault_secret'],
      maxTags: 15,
      source: 'azurerm internal/services/keyvault/key_vault_secret_resource.go (tags.ValidateWithMaximumElements(15))',
    },
  ],
};

/**
 * Tencent Cloud's tag service: at most 50 tags; keys of 1-127 and values of
 * 1-255 characters (no empty values), made of letters, digits, spaces (not
 * leading or trailing) and `+ - = . _ : / @ ( ) [ ] , ; > <` (and `【】` in
 * Chinese); keys are case-sensitive. Keys starting with `qcs:`, `project:`
 * or `项目` are reserved (Tag service, "Use Limits"); other products also
 * reserve `qcloud`, `tencent` and `project` (e.g. PTS, "Use Limits"), so
 * this library refuses every one of these prefixes.
 */
export const TENCENTCLOUD_TAG_RULES: TagRules = {
  cloud: 'Tencent Cloud',
  source: 'https://www.tencentcloud.com/document/product/651/13354, https://www.tencentcloud.com/document/product/1249/67027',
  maxTags: 50,
  maxKeyLength: 127,
  minValueLength: 1,
  maxValueLength: 255,
  keyCharacters: { pattern: /^[\p{L}\p{N} +\-=._:/@()[\],;><【】]$/u, description: 'letters, digits, spaces and +-=._:/@()[],;><【】' },
  valueCharacters: { pattern: /^[\p{L}\p{N} +\-=._:/@()[\],;><【】]$/u, description: 'letters, digits, spaces and +-=._:/@()[],;><【】' },
  surroundingSpaces: false,
  reservedKeyPrefixes: ['qcs:', 'project', 'qcloud', 'tencent', '项目'],
  caseInsensitiveKeys: false,
};
