#!/usr/bin/env bash
# Creates (or brings up to standard) the S3 bucket that holds Terraform state for an
# environment whose stateBackend is "s3". Run once per account before the first
# `cdktf deploy`; running it again only re-applies the settings.
#
# Usage: scripts/bootstrap-state-bucket.sh <bucket> <region>
# Needs: the AWS CLI with credentials for the target account.
set -euo pipefail

usage() {
  echo "usage: $0 <bucket> <region>   (the stateBackend.bucket and .region of config/environments/<env>.ts)" >&2
  exit 2
}

[ "$#" -eq 2 ] || usage
bucket="$1"
region="$2"
[[ "$bucket" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || { echo "error: \"$bucket\" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)" >&2; exit 2; }
[[ "$region" =~ ^[a-z]{2}(-gov)?-[a-z]+-[0-9]$ ]] || { echo "error: \"$region\" is not an AWS region name such as us-east-1" >&2; exit 2; }
command -v aws >/dev/null 2>&1 || { echo "error: the AWS CLI (aws) is not on PATH; install it and configure credentials for the target account" >&2; exit 1; }

if aws s3api head-bucket --bucket "$bucket" --region "$region" >/dev/null 2>&1; then
  echo "State bucket $bucket exists; re-applying its settings."
else
  echo "Creating state bucket $bucket in $region."
  if [ "$region" = "us-east-1" ]; then
    aws s3api create-bucket --bucket "$bucket" --region "$region" >/dev/null
  else
    aws s3api create-bucket --bucket "$bucket" --region "$region" \
      --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
fi

# Versioning lets a corrupted or deleted state be restored.
aws s3api put-bucket-versioning --bucket "$bucket" --region "$region" \
  --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$bucket" --region "$region" \
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}'
aws s3api put-public-access-block --bucket "$bucket" --region "$region" \
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-ownership-controls --bucket "$bucket" --region "$region" \
  --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
aws s3api put-bucket-policy --bucket "$bucket" --region "$region" --policy "$(cat <<POLICY
{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["arn:aws:s3:::$bucket","arn:aws:s3:::$bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
POLICY
)"
echo "State bucket $bucket is versioned, KMS-encrypted, private and TLS-only."
