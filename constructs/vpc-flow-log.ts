import { Construct } from 'constructs';
import { FlowLog, IamRole, IamRolePolicy } from '../providers/aws';
import { EncryptedLogGroup } from './encrypted-log-group';
import type { PlatformKey } from './platform-key';
import { policyDocument } from './policy-document';

export interface VpcFlowLogProps {
  readonly vpcId: string;
  /** Prefix of the delivery role's name, e.g. `dp-dev-flow-logs-`; IAM appends a unique suffix. */
  readonly rolePrefix: string;
  /** Log group name, e.g. `/dp/dev/vpc-flow-logs`. */
  readonly logGroupName: string;
  /** Key for the log group; must allow CloudWatch Logs. */
  readonly key: PlatformKey;
  readonly retentionDays: number;
  /** @default "ALL" */
  readonly trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /** Seconds per flow record: 60 or 600. @default 60 */
  readonly aggregationIntervalSeconds?: 60 | 600;
}

/** VPC Flow Logs into an encrypted log group, written by a role that can touch only that group. */
export class VpcFlowLog extends Construct {
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: props.logGroupName,
      key: props.key,
      retentionDays: props.retentionDays,
    });
    this.logGroupName = logGroup.logGroupName;

    const role = new IamRole(this, 'role', {
      namePrefix: props.rolePrefix,
      description: `Delivers VPC Flow Logs to ${props.logGroupName}`,
      assumeRolePolicy: policyDocument(this, 'trust-policy', [
        {
          sid: 'FlowLogsServiceOfThisAccount',
          effect: 'Allow',
          principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          actions: ['sts:AssumeRole'],
          conditions: { StringEquals: { 'aws:SourceAccount': props.key.accountId } },
        },
      ]),
    });
    new IamRolePolicy(this, 'write-to-log-group', {
      role: role.id,
      policy: policyDocument(this, 'write-policy', [
        {
          sid: 'WriteFlowLogRecords',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
          resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
        },
      ]),
    });

    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.logGroupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: props.aggregationIntervalSeconds ?? 60,
    });
  }
}
