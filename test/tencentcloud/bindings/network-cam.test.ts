/*
 * The network for VPC-only registry access and the CAM grants, as
 * synthesized Terraform JSON.
 */
import { TerraformStack, TerraformVariable, Testing } from '../../../lib/terraform/cdktf';
import { CamPolicy } from '../../../lib/tencentcloud/bindings/cam-policy';
import { CamRolePolicyAttachment } from '../../../lib/tencentcloud/bindings/cam-role-policy-attachment';
import { TencentcloudProvider } from '../../../lib/tencentcloud/bindings/provider';
import { Subnet } from '../../../lib/tencentcloud/bindings/subnet';
import { TcrVpcAttachment } from '../../../lib/tencentcloud/bindings/tcr-vpc-attachment';
import { Vpc } from '../../../lib/tencentcloud/bindings/vpc';

describe('network and CAM bindings', () => {
  const stack = new TerraformStack(Testing.app(), 'network-cam');
  new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
  const vpc = new Vpc(stack, 'vpc', { name: 'prod-registry', cidrBlock: '10.0.0.0/16', isMulticast: false, tags: { environment: 'prod' } });
  const subnet = new Subnet(stack, 'subnet', { vpcId: vpc.id, name: 'prod-registry-a', cidrBlock: '10.0.1.0/24', availabilityZone: 'ap-guangzhou-3' });
  new TcrVpcAttachment(stack, 'access', { instanceId: 'tcr-abcdefgh', vpcId: vpc.id, subnetId: subnet.id, regionName: 'ap-guangzhou', enableVpcDomainDns: true });
  // CAM policy syntax: version 2.0, statements of effect, action and resource
  // (https://www.tencentcloud.com/document/product/598/10604).
  const document = JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: ['tcr:PullRepository'], resource: ['*'] }] });
  const policy = new CamPolicy(stack, 'pull', { name: 'prod-registry-pull', document, description: 'pull from prod-registry' });
  const consumerRole = new TerraformVariable(stack, 'consumer_role_id', { type: 'string' });
  new CamRolePolicyAttachment(stack, 'grant', { roleId: consumerRole.stringValue, policyId: policy.id });
  const synthesized = JSON.parse(Testing.synth(stack, true));
  const resource = (type: string, name: string) => synthesized.resource[type][name];

  test('a VPC and a subnet, attached to the registry by reference', () => {
    expect(resource('tencentcloud_vpc', 'vpc')).toEqual({ name: 'prod-registry', cidr_block: '10.0.0.0/16', is_multicast: false, tags: { environment: 'prod' } });
    expect(resource('tencentcloud_subnet', 'subnet')).toEqual({ vpc_id: '${tencentcloud_vpc.vpc.id}', name: 'prod-registry-a', cidr_block: '10.0.1.0/24', availability_zone: 'ap-guangzhou-3' });
    expect(resource('tencentcloud_tcr_vpc_attachment', 'access')).toEqual({
      instance_id: 'tcr-abcdefgh',
      vpc_id: '${tencentcloud_vpc.vpc.id}',
      subnet_id: '${tencentcloud_subnet.subnet.id}',
      region_name: 'ap-guangzhou',
      enable_vpc_domain_dns: true,
    });
  });

  test('a CAM policy document, attached to a role by the policy id', () => {
    expect(resource('tencentcloud_cam_policy', 'pull')).toEqual({ name: 'prod-registry-pull', document, description: 'pull from prod-registry' });
    expect(JSON.parse(resource('tencentcloud_cam_policy', 'pull').document).statement[0].action).toEqual(['tcr:PullRepository']);
    expect(resource('tencentcloud_cam_role_policy_attachment', 'grant')).toEqual({ role_id: '${var.consumer_role_id}', policy_id: '${tencentcloud_cam_policy.pull.id}' });
  });
});
