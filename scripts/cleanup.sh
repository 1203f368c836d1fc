#!/usr/bin/env bash
# Tears an environment of the platform down without stranding a resource, and without deleting
# data unless told to.
#
# Stacks go in reverse manifest order through the project's own destroy command (npm run destroy).
# Kubernetes creates things Terraform never sees: load balancers for LoadBalancer Services and
# EBS volumes for PersistentVolumeClaims. Left behind, they block the VPC's deletion and keep
# costing money. So before each stack that creates Kubernetes namespaces is destroyed, this
# removes, in those namespaces, the LoadBalancer Services (their load balancers go with them),
# the PersistentVolumeClaims, then the Helm releases (except operators that define custom
# resources, which their stack's own destroy still needs), and waits for the claims to go. Once
# the last such stack is destroyed (or at the start, when none is), it waits until AWS lists no
# load balancer and no volume of the cluster, deleting what nothing in Kubernetes can delete any
# more. A stack's namespaces are removed only just before that stack, because a stack destroyed
# earlier may still need the services in them (airbyte-connections talks to the Airbyte server).
#
# Stacks that own data (buckets, image repositories, Snowflake databases, databases without a
# final snapshot) are kept, with every stack they read; --purge-data deletes that data and
# destroys them too. What is kept and why is printed before anything happens.
#
# Usage: scripts/cleanup.sh [--env <name>] [--dry-run] [--yes] [--purge-data] [--timeout <seconds>]
#   --env <name>       environment in config/environments/ (default: PLATFORM_ENV, else dev);
#                      prod only when named here, with --yes
#   --dry-run          print every step in order and change nothing (no cloud access needed)
#   --yes              do not ask; without it, asks on the terminal and refuses without one
#   --purge-data       also empty every bucket (every object version and delete marker) and image
#                      repository, and destroy the stacks that own data
#   --timeout <s>      the longest any one wait may take (default 900)
# CLEANUP_POLL_SECONDS (default 10) sets how often AWS is asked while waiting.
# Needs: node/npm (the project installed), and for a real run the AWS CLI; kubectl and helm only
# when the cluster exists. PLATFORM_ENV=local (the emulator) sends every AWS call to its endpoint.
#
# Exit codes:
#   0  torn down (or, with --dry-run, the plan printed); running it again finds everything gone
#   1  a step failed (a destroy, an AWS call, a cluster that exists but cannot be reached); fix
#      the cause and run it again: it resumes, reporting what is already gone
#   2  bad usage: an unknown flag or environment
#   3  refused: no confirmation (no terminal and no --yes, or an answer other than "yes"), or
#      prod without an explicit --env prod --yes
#   4  timed out waiting for load balancers, volumes or claims to go; they are listed; run again
set -euo pipefail

readonly PART_OF_LABEL='app.kubernetes.io/part-of=data-platform'
readonly LB_CLUSTER_TAG='elbv2.k8s.aws/cluster'

usage() {
  sed -n '/^# Usage:/,/^# CLEANUP_POLL_SECONDS/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  local code="$1"
  shift
  echo "cleanup: $*" >&2
  exit "$code"
}

env_name=""
dry_run=false
assume_yes=false
purge_data=false
timeout_seconds=900
while [ "$#" -gt 0 ]; do
  case "$1" in
    --env)
      [ "$#" -ge 2 ] || usage
      env_name="$2"
      shift 2
      ;;
    --env=*) env_name="${1#--env=}"; shift ;;
    --dry-run) dry_run=true; shift ;;
    --yes) assume_yes=true; shift ;;
    --purge-data) purge_data=true; shift ;;
    --timeout)
      [ "$#" -ge 2 ] || usage
      timeout_seconds="$2"
      shift 2
      ;;
    -h | --help) usage ;;
    *) echo "cleanup: unknown argument \"$1\"" >&2; usage ;;
  esac
done
[[ "$timeout_seconds" =~ ^[1-9][0-9]*$ ]] || fail 2 "--timeout takes a whole number of seconds, got \"$timeout_seconds\""
poll_seconds="${CLEANUP_POLL_SECONDS:-10}"
[[ "$poll_seconds" =~ ^[0-9]+$ ]] || fail 2 "CLEANUP_POLL_SECONDS must be a whole number of seconds, got \"$poll_seconds\""

# Prod is torn down only when the command line says so itself: never from an inherited PLATFORM_ENV.
if [ -z "$env_name" ]; then
  env_name="${PLATFORM_ENV:-dev}"
  [ "$env_name" != prod ] || fail 3 "PLATFORM_ENV is prod; tearing prod down takes an explicit --env prod --yes. Nothing was changed."
fi
if [ "$env_name" = prod ] && ! $assume_yes && ! $dry_run; then
  fail 3 "tearing prod down takes an explicit --env prod --yes (it is never asked on a prompt). Nothing was changed."
fi

cd "$(dirname "$0")/.."
export PLATFORM_ENV="$env_name"

# --- The plan: from the registry and the synthesized manifest (scripts/teardown-plan.ts) ---------
plan_args=()
! $purge_data || plan_args+=(--purge-data)
plan_text="$(npx --no-install tsx scripts/teardown-plan.ts "${plan_args[@]}")" || {
  status=$?
  fail "$status" "could not work out the teardown of \"$env_name\" (see above). Nothing was changed."
}

# The plan writes an empty field as "-".
field() { [ "$1" = - ] || echo "$1"; }
region="" cluster="" endpoint=""
stacks=() namespaces=() data=() kept=() skipped=()
while IFS=$'\t' read -r kind name detail extra; do
  case "$kind" in
    region) region="$name" ;;
    cluster) cluster="$name" ;;
    endpoint) endpoint="$name" ;;
    destroy)
      stacks+=("$name")
      namespaces+=("$(field "$detail")")
      data+=("$(field "$extra")")
      ;;
    keep) kept+=("$name: $detail") ;;
    skip) skipped+=("$name: $detail") ;;
  esac
done <<<"$plan_text"
if [ -z "$cluster" ] || [ -z "$region" ]; then fail 1 "the teardown plan names no cluster or region:"$'\n'"$plan_text"; fi

# The steps, in order. A stack that creates namespaces gets its Kubernetes cleanup right before
# its destroy; consecutive stacks without namespaces share one destroy run. The AWS sweep comes
# after the last stack with namespaces, or first when there is none.
last_with_namespaces=-1
for i in "${!stacks[@]}"; do [ -z "${namespaces[$i]}" ] || last_with_namespaces="$i"; done
steps=()
group=()
flush_group() {
  if [ "${#group[@]}" -gt 0 ]; then steps+=("destroy ${group[*]}"); fi
  group=()
}
[ "$last_with_namespaces" -ge 0 ] || steps+=("sweep")
for i in "${!stacks[@]}"; do
  if [ -n "${namespaces[$i]}" ]; then
    flush_group
    steps+=("kubernetes ${stacks[$i]} ${namespaces[$i]}")
  fi
  group+=("${stacks[$i]}")
  if [ "$i" -eq "$last_with_namespaces" ]; then
    flush_group
    steps+=("sweep")
  fi
done
flush_group

destroy_flags=()
! $purge_data || destroy_flags+=(--purge-data)
[ "$env_name" != prod ] || destroy_flags+=(--prod-approved-by-cleanup)

data_of() {
  local stack="$1" i
  for i in "${!stacks[@]}"; do [ "${stacks[$i]}" != "$stack" ] || { echo "${data[$i]}"; return; }; done
}

describe_steps() {
  local target="AWS $region"
  [ -z "$endpoint" ] || target="the emulator at $endpoint"
  echo "Teardown of \"$env_name\" on $target (EKS cluster $cluster):"
  if [ "${#kept[@]}" -gt 0 ]; then
    echo "Kept, with the reason (--purge-data deletes their data and destroys them too; deletion protection and"
    echo "prevent_destroy, where a stack sets them, must be lifted in its configuration first):"
    printf '  %s\n' "${kept[@]}"
  fi
  if [ "${#skipped[@]}" -gt 0 ]; then
    echo "Never deployed in this environment:"
    printf '  %s\n' "${skipped[@]}"
  fi
  echo "Steps, in order:"
  local n=0 step kind rest stack owned
  for step in "${steps[@]}"; do
    n=$((n + 1))
    read -r kind rest <<<"$step"
    case "$kind" in
      kubernetes)
        read -r stack rest <<<"$rest"
        echo "  $n. Kubernetes, before $stack: in namespace(s) ${rest//,/, } of cluster $cluster (skipped when it does not exist):"
        echo "       delete every LoadBalancer Service, waiting until its load balancer is deleted"
        echo "       delete every PersistentVolumeClaim"
        echo "       uninstall every Helm release, except operators that define custom resources"
        echo "       wait until the claims are gone (at most ${timeout_seconds} s)"
        ;;
      sweep)
        echo "  $n. AWS: delete the load balancers tagged $LB_CLUSTER_TAG=$cluster and the volumes tagged"
        echo "       kubernetes.io/cluster/$cluster=owned that remain, and wait until AWS lists none (at most ${timeout_seconds} s)"
        ;;
      destroy)
        echo "  $n. npm run destroy -- ${destroy_flags[*]}${destroy_flags[*]:+ }$rest"
        for stack in $rest; do
          owned="$(data_of "$stack")"
          [ -z "$owned" ] || echo "       $stack: deletes its data first: $owned"
        done
        ;;
    esac
  done
  [ "${#stacks[@]}" -gt 0 ] || echo "  (no stack to destroy)"
}

describe_steps
if $dry_run; then
  echo "Dry run: nothing was changed."
  exit 0
fi

if ! $assume_yes; then
  [ -t 0 ] || fail 3 "refusing to tear \"$env_name\" down without confirmation: no terminal to ask on. Re-run with --yes once the plan above is right. Nothing was changed."
  read -r -p "Type yes to tear \"$env_name\" down as above: " answer || answer=""
  [ "$answer" = yes ] || fail 3 "not confirmed. Nothing was changed."
fi

# --- Tools -----------------------------------------------------------------------------------------
command -v aws >/dev/null 2>&1 || fail 1 "the AWS CLI (aws) is not on PATH; install it and configure credentials for the target account"
if [ -n "$endpoint" ]; then
  # The emulator takes any credentials; these are the ones the platform's local environment uses.
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
fi
aws_cli() {
  if [ -n "$endpoint" ]; then
    aws --endpoint-url "$endpoint" --region "$region" --output text "$@"
  else
    aws --region "$region" --output text "$@"
  fi
}
# AWS CLI text output prints "None" for an empty result.
words() { [ "$1" = None ] || echo "$1"; }

started=$SECONDS
kubeconfig=""
trap '[ -z "$kubeconfig" ] || rm -f "$kubeconfig"' EXIT

# --- The cluster: absent, without a Kubernetes API (the emulator), or reachable -----------------------
cluster_reachable=false
if status="$(aws_cli eks describe-cluster --name "$cluster" --query cluster.status 2>&1)"; then
  if [ -n "$endpoint" ]; then
    echo "Cluster $cluster exists on the emulator, which has no Kubernetes API (its EKS endpoint is fake): no cluster to clean, Kubernetes steps skipped."
  elif [ "$status" != ACTIVE ] && [ "$status" != UPDATING ]; then
    echo "Cluster $cluster is $status: no cluster to clean, Kubernetes steps skipped."
  else
    for tool in kubectl helm; do command -v "$tool" >/dev/null 2>&1 || fail 1 "cluster $cluster exists and $tool is not on PATH; install it to remove what Kubernetes created"; done
    kubeconfig="$(mktemp)"
    aws_cli eks update-kubeconfig --name "$cluster" --kubeconfig "$kubeconfig" >/dev/null
    kubectl --kubeconfig "$kubeconfig" --request-timeout=30s get namespaces -l "$PART_OF_LABEL" -o name >/dev/null ||
      fail 1 "cluster $cluster exists but its API does not answer (above). Its endpoint is private unless adminCidrs lists your network: run this from inside the VPC or a listed network. Nothing was changed."
    cluster_reachable=true
    echo "Cluster $cluster is $status and reachable."
  fi
elif [[ "$status" == *ResourceNotFoundException* ]]; then
  echo "No cluster $cluster: Kubernetes steps skipped."
else
  fail 1 "could not look up cluster $cluster: $status"
fi

k() { kubectl --kubeconfig "$kubeconfig" "$@"; }
h() { helm --kubeconfig "$kubeconfig" "$@"; }

clean_namespace() {
  local namespace="$1" service claim release claims found=0
  if [ -z "$(k get namespace "$namespace" --ignore-not-found -o name)" ]; then
    echo "  namespace $namespace: already gone"
    return
  fi
  if ! k get namespace "$namespace" -l "$PART_OF_LABEL" -o name | grep -q .; then
    echo "  namespace $namespace: not labelled $PART_OF_LABEL, so not the platform's; left alone"
    return
  fi
  for service in $(k get services -n "$namespace" -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.name}{"\n"}{end}'); do
    found=$((found + 1))
    echo "  namespace $namespace: deleting LoadBalancer Service $service (its load balancer goes first)"
    k delete service -n "$namespace" "$service" --wait=true --timeout="${timeout_seconds}s"
  done
  claims="$(k get pvc -n "$namespace" -o name)"
  for claim in $claims; do
    found=$((found + 1))
    echo "  namespace $namespace: deleting $claim"
  done
  # The claims go once no pod uses them, i.e. after the releases below are uninstalled.
  [ -z "$claims" ] || k delete pvc --all -n "$namespace" --wait=false >/dev/null
  # Every release, failed or pending ones too (-a).
  for release in $(h list -n "$namespace" -q -a); do
    found=$((found + 1))
    if h get manifest "$release" -n "$namespace" | grep -q '^kind: CustomResourceDefinition'; then
      echo "  namespace $namespace: Helm release $release defines custom resources; left to its stack's destroy, which still deletes objects of those kinds"
      continue
    fi
    echo "  namespace $namespace: uninstalling Helm release $release"
    h uninstall "$release" -n "$namespace" --wait --timeout "${timeout_seconds}s"
  done
  if [ -n "$claims" ]; then
    echo "  namespace $namespace: waiting for the claims to go (at most ${timeout_seconds} s)"
    k wait --for=delete pvc --all -n "$namespace" --timeout="${timeout_seconds}s" ||
      fail 4 "claims in namespace $namespace did not go within ${timeout_seconds} s: $(k get pvc -n "$namespace" -o name | tr '\n' ' ')- see kubectl describe pvc -n $namespace; run again"
  fi
  [ "$found" -gt 0 ] || echo "  namespace $namespace: no LoadBalancer Service, claim or Helm release in it"
}

cluster_load_balancers() {
  local arns tagged="" batch=()
  arns="$(words "$(aws_cli elbv2 describe-load-balancers --query 'LoadBalancers[].LoadBalancerArn')")"
  # describe-tags takes at most 20 ARNs a call.
  for arn in $arns; do
    batch+=("$arn")
    if [ "${#batch[@]}" -eq 20 ]; then
      tagged+=" $(words "$(aws_cli elbv2 describe-tags --resource-arns "${batch[@]}" --query "TagDescriptions[?Tags[?Key=='$LB_CLUSTER_TAG' && Value=='$cluster']].ResourceArn")")"
      batch=()
    fi
  done
  [ "${#batch[@]}" -eq 0 ] || tagged+=" $(words "$(aws_cli elbv2 describe-tags --resource-arns "${batch[@]}" --query "TagDescriptions[?Tags[?Key=='$LB_CLUSTER_TAG' && Value=='$cluster']].ResourceArn")")"
  # Unquoted on purpose: one space-separated line, without the leading space.
  # shellcheck disable=SC2086
  echo $tagged
}

cluster_volumes() {
  words "$(aws_cli ec2 describe-volumes --filters "Name=tag:kubernetes.io/cluster/$cluster,Values=owned" --query 'Volumes[].VolumeId')"
}

# Deletes what AWS still lists for the cluster (nothing in Kubernetes owns it any more: its
# namespaces, or the cluster itself, are gone) and waits until AWS lists none.
sweep() {
  local deadline=$((SECONDS + timeout_seconds)) load_balancers volumes thing
  load_balancers="$(cluster_load_balancers)"
  volumes="$(cluster_volumes)"
  if [ -z "$load_balancers" ] && [ -z "$volumes" ]; then
    echo "  no load balancer or volume of cluster $cluster left"
    return
  fi
  while [ -n "$load_balancers$volumes" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail 4 "after ${timeout_seconds} s AWS still lists, for cluster $cluster: ${load_balancers:+load balancers $load_balancers }${volumes:+volumes $volumes}. Look at why they cannot be deleted, then run again"
    fi
    for thing in $load_balancers; do aws_cli elbv2 delete-load-balancer --load-balancer-arn "$thing" >/dev/null 2>&1 || true; done
    # A volume still detaching refuses deletion; the next round tries again.
    for thing in $volumes; do aws_cli ec2 delete-volume --volume-id "$thing" >/dev/null 2>&1 || true; done
    echo "  waiting for $(wc -w <<<"$load_balancers") load balancer(s) and $(wc -w <<<"$volumes") volume(s) of cluster $cluster to go ($((timeout_seconds - deadline + SECONDS)) s of ${timeout_seconds} s)"
    sleep "$poll_seconds"
    load_balancers="$(cluster_load_balancers)"
    volumes="$(cluster_volumes)"
  done
  echo "  AWS lists no load balancer or volume of cluster $cluster any more"
}

# --- Run the steps ------------------------------------------------------------------------------------
n=0
for step in "${steps[@]}"; do
  n=$((n + 1))
  read -r kind rest <<<"$step"
  case "$kind" in
    kubernetes)
      read -r stack rest <<<"$rest"
      echo "[$n/${#steps[@]}] Kubernetes before $stack"
      if ! $cluster_reachable; then
        echo "  no cluster: nothing to remove in ${rest//,/, }"
        continue
      fi
      for namespace in ${rest//,/ }; do clean_namespace "$namespace"; done
      ;;
    sweep)
      echo "[$n/${#steps[@]}] AWS: load balancers and volumes of cluster $cluster"
      sweep
      ;;
    destroy)
      echo "[$n/${#steps[@]}] destroy $rest"
      # shellcheck disable=SC2086 # the stack names are words by design
      npm run --silent destroy -- "${destroy_flags[@]}" $rest ||
        fail 1 "destroying $rest failed (above). Fix the cause and run scripts/cleanup.sh again: it resumes, and reports what is already gone."
      ;;
  esac
done

summary="Teardown of \"$env_name\" done in $((SECONDS - started)) s: ${#stacks[@]} stack(s) destroyed or already gone"
[ "${#kept[@]}" -eq 0 ] || summary+="; kept ${kept[*]%%:*} (why: above)"
echo "$summary."
