import type { PolicyRule } from '../policy';
import { block, perResource } from './violation';

/** A deployed tag always means the same image (unlike a re-pushed `:latest`). */
export const imageTagsImmutable = perResource({ id: 'ecr-immutable-tags', checkovId: 'CKV_AWS_51' }, 'aws_ecr_repository', (repository) =>
  repository.attributes.image_tag_mutability === 'IMMUTABLE' ? undefined : 'tags are mutable; use ImageRepository',
);

/** Every push is scanned for known vulnerabilities. */
export const imagesScanned = perResource({ id: 'ecr-scan-on-push', checkovId: 'CKV_AWS_163' }, 'aws_ecr_repository', (repository) =>
  block(repository.attributes.image_scanning_configuration)?.scan_on_push === true ? undefined : 'scan on push is off; use ImageRepository',
);

/** Images are encrypted with a platform key. */
export const imagesEncrypted = perResource({ id: 'ecr-kms', checkovId: 'CKV_AWS_136' }, 'aws_ecr_repository', (repository) =>
  block(repository.attributes.encryption_configuration)?.encryption_type === 'KMS' ? undefined : 'not KMS-encrypted; use ImageRepository',
);

export const ecrRules: readonly PolicyRule[] = [imageTagsImmutable, imagesScanned, imagesEncrypted];
