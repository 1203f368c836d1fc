import { BatchDeleteImageCommand, ECRClient, ListImagesCommand } from '@aws-sdk/client-ecr';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { captureTool, runTool } from './tools';

/** One resource in `terraform show -json` output. */
interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

interface StateModule {
  readonly resources?: StateResource[];
  readonly child_modules?: StateModule[];
}

/** The AWS clients a teardown empties buckets and repositories with. */
export interface TeardownClients {
  readonly s3: S3Client;
  readonly ecr: ECRClient;
}

/** What was done to a stack before its destroy. */
export interface StackTeardown {
  /** Managed resources in the stack's state; 0 means the stack is already gone. */
  readonly managedResources: number;
  /** Buckets emptied of every version. */
  readonly emptiedBuckets: readonly string[];
  /** Repositories emptied of every image. */
  readonly emptiedRepositories: readonly string[];
}

/**
 * Reads the stack's state and does what a plain destroy cannot, on AWS and on an emulator alike:
 *
 * - S3 server access logs keep arriving while any bucket logs into the access-log bucket, and S3
 *   deletes only empty buckets, so that bucket is always emptied (its contents are the platform's
 *   own logs, not data).
 * - With `purgeData`, every bucket of the stack is emptied of every object version and delete
 *   marker, and every image is deleted from its ECR repositories. Without it, a bucket or
 *   repository that holds anything makes the destroy fail: data is never deleted by default.
 *
 * Before emptying a bucket, its policy is destroyed, which takes every logging configuration that
 * depends on it along, so delivery stops; its TLS-only Deny would also refuse the deletes of an
 * emulator reached over plain http. The bucket itself is deleted moments later by the destroy.
 */
export async function prepareStackTeardown(stackDirectory: string, clients: TeardownClients, purgeData: boolean): Promise<StackTeardown> {
  await captureTool('terraform', ['init', '-input=false', '-no-color'], { cwd: stackDirectory });
  const resources = stateResources(await captureTool('terraform', ['show', '-json', '-no-color'], { cwd: stackDirectory }));
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const logBuckets = ofType('aws_s3_bucket_logging').map((r) => String(r.values.target_bucket));
  const buckets = [...new Set([...logBuckets, ...(purgeData ? ofType('aws_s3_bucket').map((r) => String(r.values.bucket)) : [])])];
  const repositories = purgeData ? ofType('aws_ecr_repository').map((r) => String(r.values.name)) : [];

  if (buckets.length > 0) {
    const targets = resources
      .filter((r) => (r.type === 'aws_s3_bucket_policy' && buckets.includes(String(r.values.bucket))) || r.type === 'aws_s3_bucket_logging')
      .map((r) => `-target=${r.address}`);
    await runTool('terraform', ['destroy', '-auto-approve', '-input=false', '-no-color', ...targets], { cwd: stackDirectory });
  }
  for (const bucket of buckets) await deleteEveryVersion(clients.s3, bucket);
  for (const repository of repositories) await deleteEveryImage(clients.ecr, repository);
  return { managedResources: resources.length, emptiedBuckets: buckets, emptiedRepositories: repositories };
}

/** Managed resources of every module of the state; data sources do not count. */
function stateResources(showJson: string): StateResource[] {
  const state = JSON.parse(showJson) as { values?: { root_module?: StateModule } };
  const flatten = (module: StateModule | undefined): StateResource[] => [...(module?.resources ?? []), ...(module?.child_modules ?? []).flatMap(flatten)];
  return flatten(state.values?.root_module).filter((r) => r.mode === 'managed');
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

async function deleteEveryImage(ecr: ECRClient, repository: string): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(new ListImagesCommand({ repositoryName: repository, nextToken }));
    const imageIds = page.imageIds ?? [];
    // BatchDeleteImage takes at most 100 ids; ListImages pages hold at most 100 by default.
    if (imageIds.length > 0) {
      const result = await ecr.send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds }));
      const failure = result.failures?.find((f) => f.failureCode !== 'ImageNotFound');
      if (failure) throw new Error(`could not empty ECR repository ${repository}: ${failure.failureCode} ${failure.failureReason}`);
    }
    nextToken = page.nextToken;
  } while (nextToken);
}
