#!/usr/bin/env bats
# Runs the bootstrap script against a stub `aws` that records its calls.

setup() {
  script="$BATS_TEST_DIRNAME/../../scripts/bootstrap-state-bucket.sh"
  stub_dir="$(mktemp -d)"
  export AWS_CALLS="$stub_dir/calls"
  cat >"$stub_dir/aws" <<'STUB'
#!/usr/bin/env bash
echo "$*" >>"$AWS_CALLS"
if [ "$2" = "head-bucket" ]; then exit "${HEAD_BUCKET_STATUS:-254}"; fi
STUB
  chmod +x "$stub_dir/aws"
  PATH="$stub_dir:$PATH"
}

teardown() {
  rm -rf "$stub_dir"
}

@test "creates a missing bucket in us-east-1 without a location constraint and hardens it" {
  run "$script" dp-prod-terraform-state us-east-1
  [ "$status" -eq 0 ]
  grep -q "^s3api create-bucket --bucket dp-prod-terraform-state --region us-east-1$" "$AWS_CALLS"
  grep -q "put-bucket-versioning .*Status=Enabled" "$AWS_CALLS"
  grep -q 'put-bucket-encryption .*"SSEAlgorithm":"aws:kms"' "$AWS_CALLS"
  grep -q "put-public-access-block .*BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true" "$AWS_CALLS"
  grep -q 'put-bucket-policy .*"aws:SecureTransport":"false"' "$AWS_CALLS"
}

@test "passes the location constraint outside us-east-1" {
  run "$script" dp-prod-terraform-state eu-west-1
  [ "$status" -eq 0 ]
  grep -q "create-bucket .*--create-bucket-configuration LocationConstraint=eu-west-1" "$AWS_CALLS"
}

@test "re-applies settings to an existing bucket without creating it" {
  HEAD_BUCKET_STATUS=0 run "$script" dp-prod-terraform-state us-east-1
  [ "$status" -eq 0 ]
  [[ "$output" == *"exists; re-applying its settings"* ]]
  ! grep -q "create-bucket" "$AWS_CALLS"
}

@test "rejects a bad bucket name before calling AWS" {
  run "$script" Bad_Bucket us-east-1
  [ "$status" -eq 2 ]
  [[ "$output" == *'"Bad_Bucket" is not a valid S3 bucket name'* ]]
  [ ! -e "$AWS_CALLS" ]
}

@test "prints usage without arguments" {
  run "$script"
  [ "$status" -eq 2 ]
  [[ "$output" == *"usage:"* ]]
}
