import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '../providers/aws';
import type { PlatformKey } from './platform-key';

export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/dp/dev/vpc-flow-logs`. */
  readonly name: string;
  /** Key that encrypts the log data; its policy must allow CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly key: PlatformKey;
  /** Days to keep events; one of CloudWatch's allowed values. */
  readonly retentionDays: number;
}

/** A CloudWatch log group encrypted with a platform key and with a bounded retention. */
export class EncryptedLogGroup extends Construct {
  readonly logGroupArn: string;
  readonly logGroupName: string;
  /** The log group, for what must be created after it (a service that would otherwise create its own). */
  readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    // log_group_class is left at its default (STANDARD) rather than written out.
    this.resource = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      kmsKeyId: props.key.keyArn,
      retentionInDays: props.retentionDays,
      // CreateLogGroup checks the key policy, so the grant to CloudWatch Logs must exist first.
      dependsOn: [props.key.policy],
    });
    this.logGroupArn = this.resource.arn;
    this.logGroupName = this.resource.name;
  }
}
