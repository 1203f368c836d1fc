#!/usr/bin/env bats
# Runs scripts/cleanup.sh against stub aws, kubectl, helm, npx (the teardown planner) and npm
# (the destroy command) that record every call in one log and act on a small fake world kept in
# files: the cluster, its namespaces with their Services, claims and Helm releases, the load
# balancers and volumes AWS lists, and the stacks already destroyed.

setup() {
  script="$BATS_TEST_DIRNAME/../../scripts/cleanup.sh"
  stub_dir="$(mktemp -d)"
  export CALLS="$stub_dir/calls" WORLD="$stub_dir/world"
  mkdir -p "$WORLD/ns"
  : >"$CALLS"
  export CLEANUP_POLL_SECONDS=0

  cat >"$stub_dir/npx" <<'STUB'
#!/usr/bin/env bash
echo "npx $* (PLATFORM_ENV=$PLATFORM_ENV)" >>"$CALLS"
cat "$WORLD/plan"
STUB

  # The destroy command: fails once for a stack named in world/fail-once, reports a stack it
  # destroyed before as already gone.
  cat >"$stub_dir/npm" <<'STUB'
#!/usr/bin/env bash
echo "npm $*" >>"$CALLS"
for stack in "$@"; do
  case "$stack" in run | --silent | destroy | -- | --*) continue ;; esac
  if [ -f "$WORLD/fail-once" ] && [ "$(cat "$WORLD/fail-once")" = "$stack" ]; then
    rm "$WORLD/fail-once"
    echo "destroy of stack \"$stack\" failed: DependencyViolation" >&2
    exit 1
  fi
  if grep -qx "$stack" "$WORLD/destroyed" 2>/dev/null; then echo "$stack: already gone"; else echo "$stack" >>"$WORLD/destroyed"; fi
done
STUB

  cat >"$stub_dir/aws" <<'STUB'
#!/usr/bin/env bash
echo "aws $*" >>"$CALLS"
args=()
while [ "$#" -gt 0 ]; do
  case "$1" in --endpoint-url | --region | --output | --query | --filters | --name | --kubeconfig) shift 2 ;; *) args+=("$1"); shift ;; esac
done
list() { if [ -s "$WORLD/$1" ]; then paste -s "$WORLD/$1"; else echo None; fi; }
case "${args[0]} ${args[1]}" in
  "eks describe-cluster")
    if [ -f "$WORLD/cluster" ]; then cat "$WORLD/cluster"; else
      echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found" >&2
      exit 254
    fi ;;
  "eks update-kubeconfig") ;;
  "elbv2 describe-load-balancers" | "elbv2 describe-tags") list lbs ;;
  "elbv2 delete-load-balancer") [ -f "$WORLD/stuck" ] || sed -i "\|^${args[3]}\$|d" "$WORLD/lbs" ;;
  "ec2 describe-volumes") list volumes ;;
  "ec2 delete-volume") [ -f "$WORLD/stuck" ] || sed -i "\|^${args[3]}\$|d" "$WORLD/volumes" ;;
  *) echo "aws stub: unexpected call: $*" >&2; exit 1 ;;
esac
STUB

  cat >"$stub_dir/kubectl" <<'STUB'
#!/usr/bin/env bash
echo "kubectl $*" >>"$CALLS"
while [[ "${1:-}" == --kubeconfig || "${1:-}" == --request-timeout=* ]]; do [ "$1" = --kubeconfig ] && shift; shift; done
[ ! -f "$WORLD/unreachable" ] || { echo "Unable to connect to the server: dial tcp 10.20.16.5:443: i/o timeout" >&2; exit 1; }
ns="$WORLD/ns/${4:-none}"
case "$*" in
  "get namespaces -l "*) ls "$WORLD/ns" | sed 's|^|namespace/|' ;;
  "get namespace "*" --ignore-not-found -o name") [ ! -d "$WORLD/ns/$3" ] || echo "namespace/$3" ;;
  "get namespace "*" -l "*) [ -d "$WORLD/ns/$3" ] && [ ! -f "$WORLD/ns/$3/unlabelled" ] && echo "namespace/$3"; true ;;
  "get services -n "*) cat "$ns/services" 2>/dev/null; true ;;
  "delete service -n "*) sed -i "/^$5\$/d" "$ns/services" ;;
  "get pvc -n "*) sed 's|^|persistentvolumeclaim/|' "$ns/pvcs" 2>/dev/null; true ;;
  "delete pvc --all -n "*) rm -f "$WORLD/ns/$5/pvcs" ;;
  "wait --for=delete pvc --all -n "*) ;;
  *) echo "kubectl stub: unexpected call: $*" >&2; exit 1 ;;
esac
STUB

  cat >"$stub_dir/helm" <<'STUB'
#!/usr/bin/env bash
echo "helm $*" >>"$CALLS"
[ "$1" != --kubeconfig ] || shift 2
case "$1 $2" in
  "list -n") cat "$WORLD/ns/$3/releases" 2>/dev/null; true ;;
  "get manifest") if grep -qx "$3" "$WORLD/crd-releases" 2>/dev/null; then echo "kind: CustomResourceDefinition"; else echo "kind: Deployment"; fi ;;
  "uninstall "*) sed -i "/^$2\$/d" "$WORLD/ns/$4/releases" ;;
  *) echo "helm stub: unexpected call: $*" >&2; exit 1 ;;
esac
STUB
  chmod +x "$stub_dir"/*
  PATH="$stub_dir:$PATH"
}

teardown() {
  rm -rf "$stub_dir"
}

# The platform as built today: no cluster, storage owns the buckets.
plan_today() {
  printf '%s\t%s\n' environment dev region us-east-1 cluster dp-dev >"$WORLD/plan"
  printf 'destroy\t%s\t-\t-\n' secrets network >>"$WORLD/plan"
  printf 'keep\tstorage\towns data: 5 S3 buckets (every object version and delete marker)\n' >>"$WORLD/plan"
}

# The whole designed platform: workloads in namespaces on a cluster.
plan_with_cluster() {
  printf '%s\t%s\n' environment dev region us-east-1 cluster dp-dev >"$WORLD/plan"
  printf 'destroy\t%s\t%s\t-\n' airflow airflow,dbt airbyte-connections - airbyte airbyte postgres - secrets - \
    cluster-addons external-secrets eks - >>"$WORLD/plan"
  printf 'keep\t%s\t%s\n' snowflake "owns data: 1 Snowflake database" storage "owns data: 5 S3 buckets" network "snowflake, which is kept, reads its outputs" >>"$WORLD/plan"
  echo ACTIVE >"$WORLD/cluster"
  mkdir -p "$WORLD/ns/airflow" "$WORLD/ns/dbt" "$WORLD/ns/airbyte" "$WORLD/ns/external-secrets"
  echo airflow-api-server >"$WORLD/ns/airflow/services"
  echo data-airflow-triggerer-0 >"$WORLD/ns/airflow/pvcs"
  echo airflow >"$WORLD/ns/airflow/releases"
  echo airbyte-server-svc >"$WORLD/ns/airbyte/services"
  echo airbyte >"$WORLD/ns/airbyte/releases"
  echo external-secrets >"$WORLD/ns/external-secrets/releases"
  echo external-secrets >"$WORLD/crd-releases"
}

# The line number of the first call matching a pattern.
call_line() {
  grep -n -m1 -e "$1" "$CALLS" | cut -d: -f1
}

# Fails when a recorded call matches the pattern (bats does not fail a test on a negated command).
refute_call() {
  if grep -e "$1" "$CALLS"; then
    echo "unexpected call matching $1" >&2
    return 1
  fi
}

# Fails unless $1 < $2 < ... (each a line number of the call log).
in_order() {
  while [ "$#" -gt 1 ]; do
    if [ -z "$1" ] || [ -z "$2" ] || [ "$1" -ge "$2" ]; then
      echo "calls out of order or missing: $1 before $2" >&2
      return 1
    fi
    shift
  done
}

@test "a dry run prints the whole teardown in order and calls nothing but the planner" {
  plan_with_cluster
  run "$script" --dry-run --env dev
  [ "$status" -eq 0 ]
  [ "$(cut -d' ' -f1 "$CALLS" | sort -u)" = npx ]
  steps="$(grep -E '^  [0-9]+\. ' <<<"$output" | sed -E 's/^  [0-9]+\. //; s/:.*//')"
  [ "$steps" = "$(printf '%s\n' \
    'Kubernetes, before airflow' 'npm run destroy -- airflow airbyte-connections' \
    'Kubernetes, before airbyte' 'npm run destroy -- airbyte postgres secrets' \
    'Kubernetes, before cluster-addons' 'npm run destroy -- cluster-addons' \
    'AWS' 'npm run destroy -- eks')" ]
  [[ "$output" == *"storage: owns data: 5 S3 buckets"* ]]
  [[ "$output" == *"Dry run: nothing was changed."* ]]
}

@test "removes Services, then claims, then releases of a stack's namespaces right before that stack, and sweeps AWS before the cluster goes" {
  plan_with_cluster
  echo "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/k8s-orphan/1" >"$WORLD/lbs"
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  service="$(call_line 'kubectl .*delete service -n airflow airflow-api-server')"
  claims="$(call_line 'kubectl .*delete pvc --all -n airflow')"
  release="$(call_line 'helm .*uninstall airflow -n airflow')"
  wait_claims="$(call_line 'kubectl .*wait --for=delete pvc --all -n airflow')"
  destroy_airflow="$(call_line 'npm run --silent destroy -- airflow airbyte-connections')"
  airbyte_service="$(call_line 'kubectl .*delete service -n airbyte airbyte-server-svc')"
  destroy_addons="$(call_line 'npm run --silent destroy -- cluster-addons')"
  delete_lb="$(call_line 'aws .*elbv2 delete-load-balancer')"
  destroy_eks="$(call_line 'npm run --silent destroy -- eks')"
  in_order "$service" "$claims" "$release" "$wait_claims" "$destroy_airflow"
  # Airbyte's server stays up while airbyte-connections, which talks to it, is destroyed.
  in_order "$destroy_airflow" "$airbyte_service"
  in_order "$destroy_addons" "$delete_lb" "$destroy_eks"
  [ ! -s "$WORLD/lbs" ]
  [[ "$output" == *"Helm release external-secrets defines custom resources; left to its stack's destroy"* ]]
  refute_call 'helm .*uninstall external-secrets'
  [[ "$output" == *"namespace dbt: no LoadBalancer Service, claim or Helm release in it"* ]]
  [[ "$output" == *'kept snowflake storage network (why: above)'* ]]
}

@test "without a cluster, reports it, deletes load balancers and volumes left for it, and destroys" {
  plan_today
  echo "vol-0123456789abcdef0" >"$WORLD/volumes"
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  [[ "$output" == *"No cluster dp-dev: Kubernetes steps skipped."* ]]
  refute_call '^kubectl\|^helm'
  in_order "$(call_line 'ec2 delete-volume --volume-id vol-0123456789abcdef0')" "$(call_line 'npm run --silent destroy -- secrets network')"
  [ ! -s "$WORLD/volumes" ]
}

@test "on the emulator, a cluster without a Kubernetes API is skipped and every AWS call goes to the endpoint" {
  plan_today
  printf 'endpoint\thttp://127.0.0.1:4566\n' >>"$WORLD/plan"
  echo ACTIVE >"$WORLD/cluster"
  run "$script" --env local --yes
  [ "$status" -eq 0 ]
  [[ "$output" == *"has no Kubernetes API"* ]]
  refute_call '^kubectl\|^helm'
  [ "$(grep -c '^aws ' "$CALLS")" -gt 0 ]
  [ "$(grep -c '^aws ' "$CALLS")" -eq "$(grep -c '^aws --endpoint-url http://127.0.0.1:4566 ' "$CALLS")" ]
}

@test "keeps data by default and passes --purge-data on only when asked" {
  plan_today
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  grep -qx 'npm run --silent destroy -- secrets network' "$CALLS"
  : >"$CALLS"
  run "$script" --env dev --yes --purge-data
  [ "$status" -eq 0 ]
  grep -q '^npx --no-install tsx scripts/teardown-plan.ts --purge-data' "$CALLS"
  grep -q '^npm run --silent destroy -- --purge-data ' "$CALLS"
}

@test "a second run finds everything gone and finishes cleanly" {
  plan_with_cluster
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  rm -r "$WORLD/ns/airflow" "$WORLD/ns/dbt" "$WORLD/ns/airbyte"
  : >"$CALLS"
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  [[ "$output" == *"namespace airflow: already gone"* ]]
  [[ "$output" == *"eks: already gone"* ]]
  [[ "$output" == *"no load balancer or volume of cluster dp-dev left"* ]]
  refute_call 'delete \|uninstall'
}

@test "after a failed destroy it stops, says how to resume, and the next run finishes" {
  plan_with_cluster
  echo postgres >"$WORLD/fail-once"
  run "$script" --env dev --yes
  [ "$status" -eq 1 ]
  [[ "$output" == *"destroying airbyte postgres secrets failed"*"run scripts/cleanup.sh again: it resumes"* ]]
  refute_call 'destroy -- eks'
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  [[ "$output" == *"airflow: already gone"* ]]
  grep -q 'npm run --silent destroy -- eks' "$CALLS"
}

@test "gives up after --timeout when a load balancer will not go, naming it" {
  plan_today
  echo "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/k8s-stuck/1" >"$WORLD/lbs"
  touch "$WORLD/stuck"
  CLEANUP_POLL_SECONDS=1 run "$script" --env dev --yes --timeout 2
  [ "$status" -eq 4 ]
  [[ "$output" == *"waiting for 1 load balancer(s) and 0 volume(s)"* ]]
  [[ "$output" == *"still lists, for cluster dp-dev: load balancers arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/k8s-stuck/1"* ]]
  refute_call '^npm'
}

@test "stops before destroying anything when the cluster exists but cannot be reached" {
  plan_with_cluster
  touch "$WORLD/unreachable"
  run "$script" --env dev --yes
  [ "$status" -eq 1 ]
  [[ "$output" == *"its API does not answer"* ]]
  refute_call '^npm\|delete'
}

@test "refuses without --yes when there is no terminal to ask on, before touching anything" {
  plan_today
  run "$script" --env dev </dev/null
  [ "$status" -eq 3 ]
  [[ "$output" == *"no terminal to ask on"* ]]
  [ "$(cut -d' ' -f1 "$CALLS" | sort -u)" = npx ]
}

@test "asks on a terminal and changes nothing unless the answer is yes" {
  plan_today
  # script(1) gives the cleanup a terminal; what bats feeds it is typed there.
  run script -qec "\"$script\" --env dev" /dev/null <<<"no"
  [ "$status" -ne 0 ]
  [[ "$output" == *'Type yes to tear "dev" down'* ]]
  [[ "$output" == *"not confirmed. Nothing was changed."* ]]
  [ "$(cut -d' ' -f1 "$CALLS" | sort -u)" = npx ]
}

@test "prod: refused from PLATFORM_ENV, refused without --yes, and only an explicit --env prod --yes approves its destroy" {
  plan_today
  PLATFORM_ENV=prod run "$script" --yes
  [ "$status" -eq 3 ]
  [[ "$output" == *"explicit --env prod --yes"* ]]
  run "$script" --env prod
  [ "$status" -eq 3 ]
  [ ! -s "$CALLS" ]
  run "$script" --env prod --yes
  [ "$status" -eq 0 ]
  grep -q '^npx .*(PLATFORM_ENV=prod)$' "$CALLS"
  grep -qx 'npm run --silent destroy -- --prod-approved-by-cleanup secrets network' "$CALLS"
}

@test "never passes the prod approval for another environment" {
  plan_today
  run "$script" --env dev --yes
  [ "$status" -eq 0 ]
  refute_call '--prod-approved-by-cleanup'
}

@test "rejects an unknown flag and a bad timeout with usage, before anything runs" {
  run "$script" --force
  [ "$status" -eq 2 ]
  [[ "$output" == *"Usage: scripts/cleanup.sh"* ]]
  run "$script" --timeout soon
  [ "$status" -eq 2 ]
  [ ! -s "$CALLS" ]
}
