/** How often enhanced scanning (Amazon Inspector) scans images. */
export enum EnhancedScanFrequency {
  /** Scan on push, then rescan when new vulnerabilities are published. */
  CONTINUOUS_SCAN = 'CONTINUOUS_SCAN',
  /** Scan on push only. */
  SCAN_ON_PUSH = 'SCAN_ON_PUSH',
}

/** Registry-level image scanning. */
export class EcrScanning {
  /** Basic scanning (free, OS packages) on every push. */
  public static basicOnPush(): EcrScanning {
    return new EcrScanning('BASIC', 'SCAN_ON_PUSH');
  }

  /** Enhanced scanning by Amazon Inspector (OS and language packages; billed per image). */
  public static enhanced(frequency: EnhancedScanFrequency = EnhancedScanFrequency.CONTINUOUS_SCAN): EcrScanning {
    return new EcrScanning('ENHANCED', frequency);
  }

  private constructor(
    /** `BASIC` or `ENHANCED`. */
    public readonly scanType: string,
    /** How often matching repositories are scanned. */
    public readonly scanFrequency: string,
  ) {}
}
