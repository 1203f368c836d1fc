import { Construct } from 'constructs';
import { S3BucketNotification } from '../providers/aws';

/** New objects under `prefix` are announced to an SQS queue. */
export interface QueueNotification {
  /** Names the configuration in S3, e.g. the feed it serves. */
  readonly id: string;
  /** Object-key prefix, e.g. `bulk/campaign-events/`. */
  readonly prefix: string;
  readonly queueArn: string;
}

export interface BucketNotificationsProps {
  readonly bucketName: string;
  /** Every queue the bucket notifies, each for its own prefix. */
  readonly queues: readonly QueueNotification[];
}

/**
 * The one event-notification configuration of a bucket. S3 keeps a single configuration per
 * bucket and a second `aws_s3_bucket_notification` silently replaces the first, so every
 * consumer of a bucket's events gets its entry here rather than a resource of its own.
 */
export class BucketNotifications extends Construct {
  constructor(scope: Construct, id: string, props: BucketNotificationsProps) {
    super(scope, id);
    if (props.queues.length === 0) throw new Error(`BucketNotifications ${id}: queues must not be empty; an empty configuration removes every notification of the bucket`);
    props.queues.forEach((queue, index) => {
      if (queue.prefix === '')
        throw new Error(`BucketNotifications ${id}: queues[${index}] (${queue.id}) needs a prefix; a notification for the whole bucket overlaps every other`);
      const overlapping = props.queues.find((other, otherIndex) => otherIndex !== index && (other.prefix.startsWith(queue.prefix) || queue.prefix.startsWith(other.prefix)));
      if (overlapping) {
        throw new Error(
          `BucketNotifications ${id}: prefixes "${queue.prefix}" (${queue.id}) and "${overlapping.prefix}" (${overlapping.id}) overlap; S3 refuses overlapping prefixes for the same events`
        );
      }
    });
    new S3BucketNotification(this, 'notification', {
      bucket: props.bucketName,
      queue: props.queues.map((queue) => ({ id: queue.id, queueArn: queue.queueArn, events: ['s3:ObjectCreated:*'], filterPrefix: queue.prefix })),
    });
  }
}
