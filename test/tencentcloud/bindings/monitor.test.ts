/*
 * Alarm bindings as synthesized Terraform JSON. Values follow the provider's
 * example (website/docs/r/monitor_alarm_policy.html.markdown and
 * monitor_alarm_notice.html.markdown); the TCR construct chooses its own
 * namespace and metrics.
 */
import { TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import { MonitorAlarmNotice } from '../../../lib/tencentcloud/bindings/monitor-alarm-notice';
import { MonitorAlarmPolicy } from '../../../lib/tencentcloud/bindings/monitor-alarm-policy';
import { TencentcloudProvider } from '../../../lib/tencentcloud/bindings/provider';

describe('monitor bindings', () => {
  const stack = new TerraformStack(Testing.app(), 'monitor');
  new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
  const notice = new MonitorAlarmNotice(stack, 'notice', {
    name: 'registry-oncall',
    noticeType: 'ALL',
    noticeLanguage: 'zh-CN',
    userNotices: [{ receiverType: 'USER', startTime: 0, endTime: 86399, noticeWay: ['EMAIL', 'SMS'], userIds: [100000000001] }],
    urlNotices: [{ url: 'https://hooks.example.com/alarms', weekday: [1, 2, 3, 4, 5, 6, 7] }],
  });
  new MonitorAlarmPolicy(stack, 'policy', {
    policyName: 'prod-registry',
    monitorType: 'MT_QCE',
    namespace: 'cvm_device',
    enable: 1,
    projectId: 0,
    conditions: {
      isUnionRule: 1,
      rules: [{ metricName: 'CpuUsage', period: 60, operator: 'ge', value: '89.9', continuePeriod: 1, noticeFrequency: 3600, isPowerNotice: 0 }],
    },
    eventConditions: [{ metricName: 'ping_unreachable' }, { metricName: 'guest_reboot' }],
    noticeIds: [notice.id],
    policyTag: [{ key: 'environment', value: 'prod' }],
  });
  const synthesized = JSON.parse(Testing.synth(stack, true));

  test('a notice template with user and webhook receivers', () => {
    expect(synthesized.resource.tencentcloud_monitor_alarm_notice.notice).toEqual({
      name: 'registry-oncall',
      notice_type: 'ALL',
      notice_language: 'zh-CN',
      user_notices: [{ receiver_type: 'USER', start_time: 0, end_time: 86399, notice_way: ['EMAIL', 'SMS'], user_ids: [100000000001] }],
      url_notices: [{ url: 'https://hooks.example.com/alarms', weekday: [1, 2, 3, 4, 5, 6, 7] }],
    });
  });

  test('a policy whose conditions block (at most one) holds a list of rules, with event conditions, sending to the notice', () => {
    expect(synthesized.resource.tencentcloud_monitor_alarm_policy.policy).toEqual({
      policy_name: 'prod-registry',
      monitor_type: 'MT_QCE',
      namespace: 'cvm_device',
      enable: 1,
      project_id: 0,
      conditions: {
        is_union_rule: 1,
        rules: [
          {
            metric_name: 'CpuUsage',
            period: 60,
            operator: 'ge',
            value: '89.9',
            continue_period: 1,
            notice_frequency: 3600,
            is_power_notice: 0,
          },
        ],
      },
      event_conditions: [{ metric_name: 'ping_unreachable' }, { metric_name: 'guest_reboot' }],
      notice_ids: ['${tencentcloud_monitor_alarm_notice.notice.id}'],
      policy_tag: [{ key: 'environment', value: 'prod' }],
    });
  });
});
