import { Construct } from 'constructs';
import { EcrLifecyclePolicy, EcrRepository } from '../providers/aws';
import type { PlatformKey } from './platform-key';

export interface ImageRepositoryProps {
  /** Repository name, e.g. `dp-dev/dbt`. */
  readonly name: string;
  readonly key: PlatformKey;
  /** Days before untagged images are removed. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** How many images are kept in all; the oldest go first. @default 50 */
  readonly keepImages?: number;
}

/**
 * An ECR repository whose tags can never be moved (so a deployed tag always means the
 * same image, unlike a re-pushed `:latest`), scanned on push and encrypted with a platform key.
 */
export class ImageRepository extends Construct {
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  /** The name, e.g. `dp-dev/dbt`: the URL without its registry host. */
  readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.key.keyArn }],
      forceDelete: false,
    });
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.repositoryName = repository.name;

    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Remove untagged images',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: props.untaggedExpiryDays ?? 7 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: 'Keep the newest images only',
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.keepImages ?? 50 },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
