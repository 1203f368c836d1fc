import { Construct } from 'constructs';
import { DataAwsEcrImage } from '../providers/aws';
import type { ImageRepository } from './image-repository';

export interface RepositoryImageProps {
  /** The ECR repository the image was pushed to. */
  readonly repository: ImageRepository;
  /** The image's digest, `sha256:<64 hex>`. @default the newest image pushed to the repository */
  readonly digest?: string;
}

/**
 * One image of an ECR repository, always named by digest: the pinned digest, which the plan
 * looks up (so an image that was never pushed fails the plan, not a pod pull ten minutes into a
 * deploy), or else the newest image pushed, resolved to its digest at plan. Either way what runs
 * is `<repository URL>@sha256:…`, never a tag that can move.
 */
export class RepositoryImage extends Construct {
  /** `sha256:<64 hex>`. */
  readonly digest: string;
  /** `<registry>/<repository>@sha256:<64 hex>`. */
  readonly reference: string;
  /** The repository URL, without tag or digest. */
  readonly repositoryUrl: string;

  constructor(scope: Construct, id: string, props: RepositoryImageProps) {
    super(scope, id);
    if (props.digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(props.digest)) {
      throw new Error(`RepositoryImage ${id}: digest must be "sha256:" and 64 lower-case hex digits, got "${props.digest}"`);
    }
    const image = new DataAwsEcrImage(this, 'image', {
      repositoryName: props.repository.repositoryName,
      ...(props.digest ? { imageDigest: props.digest } : { mostRecent: true }),
    });
    this.digest = image.imageDigest;
    this.repositoryUrl = props.repository.repositoryUrl;
    this.reference = `${props.repository.repositoryUrl}@${image.imageDigest}`;
  }
}
