import type { PolicyRule } from '../policy';
import { perResource, violation } from './violation';

const PUBLIC_ACCESS_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Every bucket has default encryption. */
export const bucketEncrypted = perResource({ id: 's3-bucket-encrypted', checkovId: 'CKV_AWS_145' }, 'aws_s3_bucket', (bucket, resources) =>
  resources.referencing('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket).length === 0
    ? 'bucket has no server-side encryption configuration; build it with SecureBucket'
    : undefined,
);

/** Every bucket blocks all four kinds of public access. */
export const bucketNotPublic = perResource({ id: 's3-bucket-not-public', checkovId: 'CKV2_AWS_6' }, 'aws_s3_bucket', (bucket, resources) =>
  resources
    .referencing('aws_s3_bucket_public_access_block', 'bucket', bucket)
    .some((block) => PUBLIC_ACCESS_SETTINGS.every((setting) => block.attributes[setting] === true))
    ? undefined
    : `bucket is not covered by a public access block with ${PUBLIC_ACCESS_SETTINGS.join(', ')} all true`,
);

/** Every bucket refuses plain-HTTP requests: its policy document denies every S3 action when aws:SecureTransport is false. */
export const bucketTlsOnly = perResource({ id: 's3-bucket-tls-only' }, 'aws_s3_bucket', (bucket, resources) => {
  const denies = resources.referencing('aws_s3_bucket_policy', 'bucket', bucket).some((policy) =>
    (resources.policyStatements(policy, 'policy') ?? []).some(
      (statement) =>
        statement.effect === 'Deny' &&
        statement.actions.includes('s3:*') &&
        statement.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false')),
    ),
  );
  return denies ? undefined : 'bucket policy does not deny requests without TLS (a Deny of s3:* on aws:SecureTransport = false)';
});

/** Every bucket keeps versions, so an overwrite or delete can be undone. */
export const bucketVersioned = perResource({ id: 's3-bucket-versioned', checkovId: 'CKV_AWS_21' }, 'aws_s3_bucket', (bucket, resources) =>
  resources
    .referencing('aws_s3_bucket_versioning', 'bucket', bucket)
    .some((versioning) => JSON.stringify(versioning.attributes.versioning_configuration).includes('"Enabled"'))
    ? undefined
    : 'bucket versioning is not enabled',
);

/** No ACL may grant access; ownership controls disable ACLs entirely. */
export const noPublicAcl: PolicyRule = {
  id: 's3-no-public-acl',
  check: (resources) =>
    resources
      .ofType('aws_s3_bucket_acl')
      .filter((acl) => /public|authenticated/i.test(String(acl.attributes.acl ?? '')))
      .map((acl) => violation(noPublicAcl, acl, `ACL "${String(acl.attributes.acl)}" makes objects readable outside the account`)),
};

/** Objects carry no ACL: buckets enforce owner-only access (ACLs disabled), so access is granted by policy alone. */
export const objectWithoutAcl = perResource({ id: 's3-object-no-acl' }, 'aws_s3_object', (object) =>
  object.attributes.acl === undefined ? undefined : `object sets ACL "${String(object.attributes.acl)}"; leave it out and grant access through IAM or the bucket policy`,
);

export const s3Rules: readonly PolicyRule[] = [bucketEncrypted, bucketNotPublic, bucketTlsOnly, bucketVersioned, noPublicAcl, objectWithoutAcl];
