/*
 * The regions TCR can be given, and which of them are in the Chinese
 * mainland.
 *
 * The list is the tencentcloud provider's own (`RegionIdMap`,
 * tencentcloud/services/tcr/extension_tcr.go at v1.83.25): the provider maps
 * a replica's `region_name` to a region id through it, and a name missing
 * from it breaks the replica's read-back, so these are the names a
 * configuration may use.
 *
 * TCR does not replicate across the border: "Cross-border instance
 * replication is not supported. For example, if your primary instance is in
 * the South China (Guangzhou) region, you cannot create a replica that
 * belongs to an overseas region"
 * (https://www.tencentcloud.com/document/product/1051/43978). A region is in
 * the Chinese mainland when its city is: Tencent Cloud's region list names
 * each region's city (https://www.tencentcloud.com/document/product/213/6091).
 * Hong Kong (`ap-hongkong`) and Taipei (`ap-taipei`) are not in the
 * mainland and are treated as outside it.
 */

/** Where a TCR region is, as far as replication is concerned. */
export enum TcrRegionArea {
  /** A region in the Chinese mainland. */
  CHINESE_MAINLAND = 'CHINESE_MAINLAND',
  /** A region outside the Chinese mainland (including Hong Kong and Taipei). */
  OUTSIDE_CHINESE_MAINLAND = 'OUTSIDE_CHINESE_MAINLAND',
}

const { CHINESE_MAINLAND: MAINLAND, OUTSIDE_CHINESE_MAINLAND: OUTSIDE } = TcrRegionArea;

/** Every region name of the provider's TCR region map, with its area. */
const TCR_REGIONS: { readonly [region: string]: TcrRegionArea } = {
  'ap-guangzhou': MAINLAND,
  'ap-shanghai': MAINLAND,
  'ap-hongkong': OUTSIDE,
  'na-toronto': OUTSIDE,
  'ap-shanghai-fsi': MAINLAND,
  'ap-beijing': MAINLAND,
  'ap-singapore': OUTSIDE,
  'ap-shenzhen-fsi': MAINLAND,
  'ap-guangzhou-open': MAINLAND,
  'ap-shanghai-ysx': MAINLAND,
  'na-siliconvalley': OUTSIDE,
  'ap-chengdu': MAINLAND,
  'eu-frankfurt': OUTSIDE,
  'ap-seoul': OUTSIDE,
  'ap-chongqing': MAINLAND,
  'ap-mumbai': OUTSIDE,
  'na-ashburn': OUTSIDE,
  'ap-bangkok': OUTSIDE,
  'eu-moscow': OUTSIDE,
  'ap-tokyo': OUTSIDE,
  'ap-jinan-ec': MAINLAND,
  'ap-hangzhou-ec': MAINLAND,
  'ap-nanjing': MAINLAND,
  'ap-fuzhou-ec': MAINLAND,
  'ap-wuhan-ec': MAINLAND,
  'ap-tianjin': MAINLAND,
  'ap-shenzhen': MAINLAND,
  'ap-taipei': OUTSIDE,
  'ap-changsha-ec': MAINLAND,
  'ap-beijing-fsi': MAINLAND,
  'ap-shijiazhuang-ec': MAINLAND,
  'ap-qingyuan': MAINLAND,
  'ap-hefei-ec': MAINLAND,
  'ap-shenyang-ec': MAINLAND,
  'ap-xian-ec': MAINLAND,
  'ap-xibei-ec': MAINLAND,
  'ap-zhengzhou-ec': MAINLAND,
  'ap-jakarta': OUTSIDE,
  'ap-qingyuan-xinan': MAINLAND,
  'sa-saopaulo': OUTSIDE,
  'ap-guiyang': MAINLAND,
  'ap-shenzhen-sycft': MAINLAND,
  'ap-shanghai-adc': MAINLAND,
};

/** The region names TCR accepts, sorted. */
export const TCR_REGION_NAMES: readonly string[] = Object.keys(TCR_REGIONS).sort();

/** Whether `region` is a TCR region name. */
export function isTcrRegion(region: unknown): region is string {
  return typeof region === 'string' && Object.prototype.hasOwnProperty.call(TCR_REGIONS, region);
}

/** The area of a TCR region name (see `isTcrRegion`). */
export function tcrRegionArea(region: string): TcrRegionArea {
  return TCR_REGIONS[region];
}

/** `CHINESE_MAINLAND` as errors say it. */
export function describeArea(area: TcrRegionArea): string {
  return area === MAINLAND ? 'in the Chinese mainland' : 'outside the Chinese mainland';
}
