import type { PolicyRule } from '../policy';
import { violation } from './violation';

const PUBLIC_ACCESS_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Every bucket has default encryption. */
export const bucketEncrypted: PolicyRule = {
  id: 's3-bucket-encrypted',
  check: (resources) =>
    resources
      .ofType('aws_s3_bucket')
      .filter((bucket) => resources.referencing('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket).length === 0)
      .map((bucket) => violation('s3-bucket-encrypted', bucket, 'bucket has no server-side encryption configuration; build it with SecureBucket')),
};

/** Every bucket blocks all four kinds of public access. */
export const bucketNotPublic: PolicyRule = {
  id: 's3-bucket-not-public',
  check: (resources) =>
    resources.ofType('aws_s3_bucket').flatMap((bucket) => {
      const blocks = resources.referencing('aws_s3_bucket_public_access_block', 'bucket', bucket);
      const fullyBlocked = blocks.some((pab) => PUBLIC_ACCESS_SETTINGS.every((setting) => pab.attributes[setting] === true));
      return fullyBlocked
        ? []
        : [violation('s3-bucket-not-public', bucket, `bucket is not covered by a public access block with ${PUBLIC_ACCESS_SETTINGS.join(', ')} all true`)];
    }),
};

/** Every bucket refuses plain-HTTP requests. */
export const bucketTlsOnly: PolicyRule = {
  id: 's3-bucket-tls-only',
  check: (resources) =>
    resources.ofType('aws_s3_bucket').flatMap((bucket) => {
      const policies = resources.referencing('aws_s3_bucket_policy', 'bucket', bucket);
      const deniesPlainHttp = (policy: string) => /"Effect" = "Deny"/.test(policy) && policy.includes('"aws:SecureTransport" = "false"');
      return policies.some((policy) => deniesPlainHttp(String(policy.attributes.policy)))
        ? []
        : [violation('s3-bucket-tls-only', bucket, 'bucket policy does not deny requests without TLS (aws:SecureTransport)')];
    }),
};

/** Every bucket keeps versions, so an overwrite or delete can be undone. */
export const bucketVersioned: PolicyRule = {
  id: 's3-bucket-versioned',
  check: (resources) =>
    resources.ofType('aws_s3_bucket').flatMap((bucket) => {
      const enabled = resources
        .referencing('aws_s3_bucket_versioning', 'bucket', bucket)
        .some((versioning) => JSON.stringify(versioning.attributes.versioning_configuration).includes('"Enabled"'));
      return enabled ? [] : [violation('s3-bucket-versioned', bucket, 'bucket versioning is not enabled')];
    }),
};

/** No ACL may grant access; ownership controls disable ACLs entirely. */
export const noPublicAcl: PolicyRule = {
  id: 's3-no-public-acl',
  check: (resources) =>
    resources
      .ofType('aws_s3_bucket_acl')
      .filter((acl) => /public|authenticated/i.test(String(acl.attributes.acl ?? '')))
      .map((acl) => violation('s3-no-public-acl', acl, `ACL "${String(acl.attributes.acl)}" makes objects readable outside the account`)),
};

export const s3Rules: readonly PolicyRule[] = [bucketEncrypted, bucketNotPublic, bucketTlsOnly, bucketVersioned, noPublicAcl];
