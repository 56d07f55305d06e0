import { Construct } from 'constructs';
import { TerraformMetaArguments, TerraformProvider, TerraformResource } from '../../lib/terraform/cdktf';
import { ProviderRequirement, providerBindingConfig, resourceGeneratorMetadata } from '../../lib/terraform/provider';

/*
 * A minimal hand-written binding in the shape of the generated ones, for
 * tests only: it shows that the layer's provider helpers serve bindings
 * that do not come from npm (the Tencent Cloud backend writes its own).
 */

/** tencentcloud at the version the schema fixture was read from. */
export const TEST_TENCENTCLOUD: ProviderRequirement = {
  name: 'tencentcloud',
  source: 'tencentcloudstack/tencentcloud',
  version: '~> 1.83.25',
};

export interface TestTencentcloudProviderConfig {
  readonly region: string;
  readonly alias?: string;
}

export class TestTencentcloudProvider extends TerraformProvider {
  public static readonly tfResourceType = 'tencentcloud';
  private readonly config: TestTencentcloudProviderConfig;

  constructor(scope: Construct, id: string, config: TestTencentcloudProviderConfig) {
    super(scope, id, providerBindingConfig(TEST_TENCENTCLOUD));
    this.config = config;
  }

  public get alias(): string | undefined {
    return this.config.alias;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { region: this.config.region, alias: this.config.alias };
  }
}

export interface TestTencentcloudVpcConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly cidrBlock: string;
  readonly tags?: { [key: string]: string };
}

export class TestTencentcloudVpc extends TerraformResource {
  public static readonly tfResourceType = 'tencentcloud_vpc';
  private readonly config: TestTencentcloudVpcConfig;

  constructor(scope: Construct, id: string, config: TestTencentcloudVpcConfig) {
    super(scope, id, {
      terraformResourceType: TestTencentcloudVpc.tfResourceType,
      terraformGeneratorMetadata: resourceGeneratorMetadata(TEST_TENCENTCLOUD),
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { name: this.config.name, cidr_block: this.config.cidrBlock, tags: this.config.tags };
  }
}
