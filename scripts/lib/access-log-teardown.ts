import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { captureTool, runTool } from './tools';

/** One resource in `terraform show -json` output. */
interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/**
 * S3 server access logs keep arriving while any bucket logs into the access-log bucket, and
 * S3 deletes only empty buckets, so a plain destroy of a stack that owns one fails with
 * BucketNotEmpty. This does what a teardown has to do first, on AWS and on an emulator alike:
 * destroy the log bucket's policy (which takes every logging configuration that depends on it
 * with it, so delivery stops), then delete every object version in the bucket.
 * The policy goes first rather than last because its TLS-only Deny would also refuse the
 * deletes of an emulator reached over plain http; the bucket itself is deleted moments later.
 *
 * Returns the buckets it emptied; none when the stack has no state or no access logging.
 */
export async function emptyAccessLogBuckets(stackDirectory: string, s3: S3Client): Promise<string[]> {
  await captureTool('terraform', ['init', '-input=false', '-no-color'], { cwd: stackDirectory });
  const resources = stateResources(await captureTool('terraform', ['show', '-json', '-no-color'], { cwd: stackDirectory }));
  const logBuckets = [...new Set(resources.filter((r) => r.type === 'aws_s3_bucket_logging').map((r) => String(r.values.target_bucket)))];
  if (logBuckets.length === 0) return [];

  const targets = resources
    .filter((r) => (r.type === 'aws_s3_bucket_policy' && logBuckets.includes(String(r.values.bucket))) || r.type === 'aws_s3_bucket_logging')
    .map((r) => `-target=${r.address}`);
  await runTool('terraform', ['destroy', '-auto-approve', '-input=false', '-no-color', ...targets], { cwd: stackDirectory });
  for (const bucket of logBuckets) await deleteEveryVersion(s3, bucket);
  return logBuckets;
}

function stateResources(showJson: string): StateResource[] {
  const state = JSON.parse(showJson) as { values?: { root_module?: { resources?: StateResource[] } } };
  return state.values?.root_module?.resources ?? [];
}

async function deleteEveryVersion(s3: S3Client, bucket: string): Promise<void> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length > 0) {
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (result.Errors?.length) {
        const first = result.Errors[0];
        throw new Error(`could not empty s3://${bucket}: ${result.Errors.length} objects refused, e.g. ${first.Key}: ${first.Code} ${first.Message}`);
      }
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
}
