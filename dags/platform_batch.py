"""
### platform_batch: one batch every 6 hours (UTC), from Airbyte syncs to the marts

1. `read_airbyte_connections` and `read_batch_settings` read and check this run's Airflow
   Variables; every later task uses that one snapshot, so a deploy that changes a Variable
   mid-batch (a new dbt image digest, say) takes effect from the next batch, never halfway.
2. `trigger_airbyte_sync` starts one Airbyte sync per connection (mapped, one instance per
   connection, named after it) and `wait_for_airbyte_sync` waits for each job in the
   triggerer (deferrable), so no worker pod idles through an hour of syncing.
3. `dbt_source_freshness` fails the batch when the raw tables are older than the sources'
   `error_after` (a sync that "succeeded" without loading anything).
4. `dbt_build_bronze`, `dbt_build_silver`, `dbt_build_gold`, `dbt_build_marts`: `dbt build`
   (models, then their tests) one medallion layer at a time; bronze also runs the parsing
   macros' unit tests, so broken parsing never reaches silver.
5. `publish_dbt_docs`: `dbt docs generate` and an upload to the dbt artifacts bucket.

Every dbt step runs in the dbt image, by digest, in its own pod on the orchestration nodes.
Alerts go to Slack: a failure at once, a batch not done 3 hours after it was queued (the
latency target), and another at 5 hours (the hard limit), when `dagrun_timeout` also stops it.
What the deployment must provide is at the top of this file and in `dags/README.md`.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, timezone

from airflow.providers.airbyte.operators.airbyte import AirbyteTriggerSyncOperator
from airflow.providers.airbyte.sensors.airbyte import AirbyteJobSensor
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier
from airflow.sdk import DAG, Variable, chain, task
from airflow.sdk.definitions.deadline import AsyncCallback, DeadlineAlert, DeadlineReference
from airflow.timetables.trigger import CronTriggerTimetable
from kubernetes.client import models as k8s

# ---------------------------------------------------------------------------------------------
# Deployment contract: what this DAG reads, by name. dags/README.md gives every shape.
# ---------------------------------------------------------------------------------------------

DAG_ID = "platform_batch"
BATCH_CRON = "0 */6 * * *"
BATCH_TIMEZONE = "UTC"

# Airflow Connections (served by the Secrets Manager secrets backend).
AIRBYTE_CONN_ID = "platform_airbyte"
SLACK_WEBHOOK_CONN_ID = "platform_slack_alerts"

# Airflow Variables, read at run time only (by read_airbyte_connections and read_batch_settings).
AIRBYTE_CONNECTIONS_VARIABLE = "platform_airbyte_connections"
DBT_IMAGE_VARIABLE = "platform_dbt_image"
SNOWFLAKE_VARIABLE = "platform_snowflake"
DBT_ARTIFACTS_BUCKET_VARIABLE = "platform_dbt_artifacts_bucket"
SNOWFLAKE_SETTINGS = ("account", "user", "role", "warehouse", "database", "schema", "raw_database", "raw_schema")

# Environment variable set on every Airflow component (scheduler, DAG processor, triggerer,
# workers): where and as whom the dbt pods run. Read when the file is parsed; no I/O.
DBT_POD_ENVIRONMENT_VARIABLE = "PLATFORM_DBT_POD"
DBT_POD_SETTINGS = ("namespace", "service_account", "snowflake_key_secret", "aws_region", "node_selector", "tolerations")
TOLERATION_FIELDS = frozenset({"key", "operator", "value", "effect"})

# Keys of the Kubernetes Secret (synced by External Secrets from the transformer's key pair).
SNOWFLAKE_PRIVATE_KEY_SECRET_KEY = "private_key"
SNOWFLAKE_PASSPHRASE_SECRET_KEY = "private_key_passphrase"

# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------

# The dbt project's layer folders (dbt/models/<layer>), built in this order.
DBT_LAYERS = ("bronze", "silver", "gold", "marts")

# Where the dbt image keeps the project (dbt/Dockerfile) and where the pod may write.
DBT_PROJECT_DIR = "/opt/dbt/project"
SCRATCH_DIR = "/tmp"
SNOWFLAKE_KEY_DIR = "/var/run/secrets/snowflake"
SNOWFLAKE_KEY_FILE = "rsa_key.p8"
DBT_DOCS_PREFIX = "dbt-docs/"
# The dbt image's user (dbt/Dockerfile): the pod runs as it, and it may read the key file.
DBT_USER_ID = 10001

# Bounds on a stuck step, set well above the capacity plan's per-batch budget (ingest 1.2 h,
# transform 1.2 h of the 3 h target), not estimates; dagrun_timeout bounds the whole run,
# retries included.
SYNC_TIMEOUT = timedelta(hours=2)
TASK_TIMEOUTS = {
    "read_airbyte_connections": timedelta(minutes=5),
    "read_batch_settings": timedelta(minutes=5),
    "trigger_airbyte_sync": timedelta(minutes=10),
    "dbt_source_freshness": timedelta(minutes=15),
    "dbt_build_bronze": timedelta(minutes=20),
    "dbt_build_silver": timedelta(minutes=60),
    "dbt_build_gold": timedelta(minutes=45),
    "dbt_build_marts": timedelta(minutes=30),
    "publish_dbt_docs": timedelta(minutes=20),
}
LATENCY_TARGET = timedelta(hours=3)
LATENCY_HARD_LIMIT = timedelta(hours=5)

# One instance of a mapped sync task per connection, shown under the connection's name.
CONNECTION_NAME_TEMPLATE = "{{ ti.xcom_pull(task_ids='read_airbyte_connections', map_indexes=-1)[ti.map_index]['name'] }}"

# Runs in the dbt container (dbt/Dockerfile installs boto3 for it): generate the docs, then put
# them in the artifacts bucket with the dbt service account's IRSA role.
PUBLISH_DBT_DOCS_PROGRAM = """\
import os
import pathlib
import subprocess

import boto3

subprocess.run(["dbt", "docs", "generate", "--static"], check=True)
target = pathlib.Path(os.environ["DBT_TARGET_PATH"])
bucket = os.environ["DBT_ARTIFACTS_BUCKET"]
prefix = os.environ["DBT_DOCS_PREFIX"]
s3 = boto3.client("s3")
for name, content_type in (
    ("index.html", "text/html"),
    ("static_index.html", "text/html"),
    ("manifest.json", "application/json"),
    ("catalog.json", "application/json"),
):
    s3.upload_file(str(target / name), bucket, prefix + name, ExtraArgs={"ContentType": content_type})
    print("uploaded s3://" + bucket + "/" + prefix + name)
"""

IMAGE_BY_DIGEST = re.compile(r"^[^\s@]+@sha256:[0-9a-f]{64}$")
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def dbt_pod_placement(raw: str | None) -> dict:
    """The dbt pods' namespace, service account, key Secret, region and node placement, from PLATFORM_DBT_POD."""
    fix = f"the airflow stack sets {DBT_POD_ENVIRONMENT_VARIABLE} on every Airflow component (dags/README.md)"
    if not raw:
        raise ValueError(f"{DAG_ID}: environment variable {DBT_POD_ENVIRONMENT_VARIABLE} is not set; {fix}")
    try:
        placement = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE} is not JSON ({error}); {fix}") from error
    if not isinstance(placement, dict):
        raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE} must be a JSON object; {fix}")
    missing = [key for key in DBT_POD_SETTINGS if key not in placement]
    if missing:
        raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE} lacks {', '.join(missing)}; {fix}")
    for key in ("namespace", "service_account", "snowflake_key_secret", "aws_region"):
        if not isinstance(placement[key], str) or not placement[key]:
            raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE}.{key} must be a non-empty string; {fix}")
    selector = placement["node_selector"]
    if not isinstance(selector, dict) or not selector or not all(isinstance(v, str) for v in selector.values()):
        raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE}.node_selector must be a non-empty object of labels; {fix}")
    tolerations = placement["tolerations"]
    if not isinstance(tolerations, list) or not all(isinstance(t, dict) and set(t) <= TOLERATION_FIELDS for t in tolerations):
        fields = ", ".join(sorted(TOLERATION_FIELDS))
        raise ValueError(f"{DAG_ID}: {DBT_POD_ENVIRONMENT_VARIABLE}.tolerations must be a list of objects with only {fields}; {fix}")
    return {key: placement[key] for key in DBT_POD_SETTINGS}


def airbyte_connections(by_name: object) -> list[dict[str, str]]:
    """The Variable's {name: connection id} as [{name, connection_id}], sorted by name."""
    fix = f"the airflow stack feeds Variable {AIRBYTE_CONNECTIONS_VARIABLE} from the airbyte-connections stack's outputs"
    if not isinstance(by_name, dict) or not by_name:
        raise ValueError(f"Variable {AIRBYTE_CONNECTIONS_VARIABLE} must be a non-empty JSON object of name to Airbyte connection id; {fix}")
    bad = sorted(str(name) for name, connection_id in by_name.items() if not (name and isinstance(connection_id, str) and connection_id))
    if bad:
        raise ValueError(f"Variable {AIRBYTE_CONNECTIONS_VARIABLE} has no connection id for {', '.join(bad)}; {fix}")
    return [{"name": name, "connection_id": by_name[name]} for name in sorted(by_name)]


def connection_id_of(connection: dict[str, str]) -> str:
    return connection["connection_id"]


def batch_settings(dbt_image: object, snowflake: object, artifacts_bucket: object) -> dict:
    """This run's dbt settings, checked: the image by digest, every Snowflake name, the bucket."""
    if not isinstance(dbt_image, str) or not IMAGE_BY_DIGEST.match(dbt_image):
        raise ValueError(
            f"Variable {DBT_IMAGE_VARIABLE} is {dbt_image!r}; it must name the dbt image by digest "
            "(<repository>@sha256:<64 hex>), never by tag, so a rebuilt image is always the one that runs"
        )
    if not isinstance(snowflake, dict):
        raise ValueError(f"Variable {SNOWFLAKE_VARIABLE} must be a JSON object with {', '.join(SNOWFLAKE_SETTINGS)}")
    missing = [key for key in SNOWFLAKE_SETTINGS if not isinstance(snowflake.get(key), str) or not snowflake[key]]
    if missing:
        fix = "the airflow stack feeds it from the snowflake stack's outputs"
        raise ValueError(f"Variable {SNOWFLAKE_VARIABLE} lacks {', '.join(missing)}; {fix}")
    if not isinstance(artifacts_bucket, str) or not BUCKET_NAME.match(artifacts_bucket):
        raise ValueError(f"Variable {DBT_ARTIFACTS_BUCKET_VARIABLE} is {artifacts_bucket!r}; it must be the dbt artifacts bucket's name")
    return {
        "dbt_image": dbt_image,
        "snowflake": {key: snowflake[key] for key in SNOWFLAKE_SETTINGS},
        "artifacts_bucket": artifacts_bucket,
    }


def batch_setting(*keys: str) -> str:
    """Jinja for one value of this run's read_batch_settings result."""
    lookup = "".join(f"['{key}']" for key in keys)
    return "{{ ti.xcom_pull(task_ids='read_batch_settings', map_indexes=-1)" + lookup + " }}"


DBT_POD = dbt_pod_placement(os.environ.get(DBT_POD_ENVIRONMENT_VARIABLE))

DBT_ENVIRONMENT = {
    "DBT_TARGET": "prod",
    "DBT_PROFILES_DIR": DBT_PROJECT_DIR,
    "DBT_TARGET_PATH": f"{SCRATCH_DIR}/dbt/target",
    "DBT_LOG_PATH": f"{SCRATCH_DIR}/dbt/logs",
    "HOME": SCRATCH_DIR,
    "AWS_REGION": DBT_POD["aws_region"],
    "AWS_DEFAULT_REGION": DBT_POD["aws_region"],
    "SNOWFLAKE_ACCOUNT": batch_setting("snowflake", "account"),
    "SNOWFLAKE_USER": batch_setting("snowflake", "user"),
    "SNOWFLAKE_ROLE": batch_setting("snowflake", "role"),
    "SNOWFLAKE_WAREHOUSE": batch_setting("snowflake", "warehouse"),
    "SNOWFLAKE_DATABASE": batch_setting("snowflake", "database"),
    "SNOWFLAKE_SCHEMA": batch_setting("snowflake", "schema"),
    "DBT_RAW_DATABASE": batch_setting("snowflake", "raw_database"),
    "DBT_RAW_SCHEMA": batch_setting("snowflake", "raw_schema"),
    "SNOWFLAKE_PRIVATE_KEY_PATH": f"{SNOWFLAKE_KEY_DIR}/{SNOWFLAKE_KEY_FILE}",
}


def dbt_pod_task(
    *, task_id: str, cmds: list[str], arguments: list[str], extra_environment: dict[str, str] | None = None
) -> KubernetesPodOperator:
    """A step in the dbt image, on the orchestration nodes, as the dbt service account; its only credential is the mounted key."""
    key_secret = DBT_POD["snowflake_key_secret"]
    return KubernetesPodOperator(
        task_id=task_id,
        name=task_id.replace("_", "-"),
        execution_timeout=TASK_TIMEOUTS[task_id],
        # The worker's own service account talks to the cluster: no Connection to look up.
        in_cluster=True,
        kubernetes_conn_id=None,
        namespace=DBT_POD["namespace"],
        service_account_name=DBT_POD["service_account"],
        node_selector=DBT_POD["node_selector"],
        tolerations=DBT_POD["tolerations"],
        image=batch_setting("dbt_image"),
        cmds=cmds,
        arguments=arguments,
        env_vars={**DBT_ENVIRONMENT, **(extra_environment or {})},
        secrets=[
            Secret(
                deploy_type="volume",
                deploy_target=SNOWFLAKE_KEY_DIR,
                secret=key_secret,
                items=[k8s.V1KeyToPath(key=SNOWFLAKE_PRIVATE_KEY_SECRET_KEY, path=SNOWFLAKE_KEY_FILE, mode=0o440)],
            ),
            Secret(
                deploy_type="env",
                deploy_target="SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
                secret=key_secret,
                key=SNOWFLAKE_PASSPHRASE_SECRET_KEY,
            ),
        ],
        volumes=[k8s.V1Volume(name="scratch", empty_dir=k8s.V1EmptyDirVolumeSource(size_limit="2Gi"))],
        volume_mounts=[k8s.V1VolumeMount(name="scratch", mount_path=SCRATCH_DIR)],
        security_context=k8s.V1PodSecurityContext(
            run_as_non_root=True,
            run_as_user=DBT_USER_ID,
            run_as_group=DBT_USER_ID,
            fs_group=DBT_USER_ID,
            seccomp_profile=k8s.V1SeccompProfile(type="RuntimeDefault"),
        ),
        container_security_context=k8s.V1SecurityContext(
            allow_privilege_escalation=False,
            read_only_root_filesystem=True,
            capabilities=k8s.V1Capabilities(drop=["ALL"]),
        ),
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "1", "memory": "2Gi"}, limits={"memory": "4Gi"}),
        labels={"app.kubernetes.io/name": "dbt", "app.kubernetes.io/part-of": DAG_ID},
        startup_timeout_seconds=600,
        get_logs=True,
        log_events_on_failure=True,
        on_finish_action="delete_pod",
        deferrable=True,
    )


def slack_alert(text: str) -> SlackWebhookNotifier:
    return SlackWebhookNotifier(slack_webhook_conn_id=SLACK_WEBHOOK_CONN_ID, text=text)


def slack_deadline(after: timedelta, text: str) -> DeadlineAlert:
    """A Slack message when the run is not done `after` it was queued (Airflow 3.1+ deadline alerts)."""
    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=after,
        callback=AsyncCallback(SlackWebhookNotifier, kwargs={"slack_webhook_conn_id": SLACK_WEBHOOK_CONN_ID, "text": text}),
    )


@task(task_id="read_airbyte_connections", execution_timeout=TASK_TIMEOUTS["read_airbyte_connections"])
def read_airbyte_connections() -> list[dict[str, str]]:
    return airbyte_connections(Variable.get(AIRBYTE_CONNECTIONS_VARIABLE, deserialize_json=True))


# One XCom holding the whole snapshot (not one per key): the dbt tasks template from it.
@task(task_id="read_batch_settings", execution_timeout=TASK_TIMEOUTS["read_batch_settings"], multiple_outputs=False)
def read_batch_settings() -> dict:
    return batch_settings(
        dbt_image=Variable.get(DBT_IMAGE_VARIABLE),
        snowflake=Variable.get(SNOWFLAKE_VARIABLE, deserialize_json=True),
        artifacts_bucket=Variable.get(DBT_ARTIFACTS_BUCKET_VARIABLE),
    )


with DAG(
    dag_id=DAG_ID,
    description="Airbyte syncs, then dbt source freshness and dbt build layer by layer, then dbt docs",
    doc_md=__doc__,
    schedule=CronTriggerTimetable(BATCH_CRON, timezone=BATCH_TIMEZONE),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=LATENCY_HARD_LIMIT,
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=15),
    },
    on_failure_callback=slack_alert(":x: Batch {{ dag_run.run_id }} of {{ dag_run.dag_id }} failed; the task logs say why."),
    deadline=[
        slack_deadline(
            LATENCY_TARGET,
            ":warning: Batch {{ dag_run.run_id }} of {{ dag_run.dag_id }} is not done 3 hours after it was queued "
            "(deadline {{ deadline.deadline_time }}): the data will miss its 3-hour latency target.",
        ),
        slack_deadline(
            LATENCY_HARD_LIMIT,
            ":rotating_light: ERROR: batch {{ dag_run.run_id }} of {{ dag_run.dag_id }} is not done 5 hours after it was queued "
            "(deadline {{ deadline.deadline_time }}): the 5-hour hard limit is missed and the run is being stopped.",
        ),
    ],
    tags=["platform", "airbyte", "dbt"],
):
    connections = read_airbyte_connections()
    settings = read_batch_settings()

    trigger_airbyte_sync = AirbyteTriggerSyncOperator.partial(
        task_id="trigger_airbyte_sync",
        airbyte_conn_id=AIRBYTE_CONN_ID,
        asynchronous=True,
        execution_timeout=TASK_TIMEOUTS["trigger_airbyte_sync"],
        map_index_template=CONNECTION_NAME_TEMPLATE,
    ).expand(connection_id=connections.map(connection_id_of))

    wait_for_airbyte_sync = AirbyteJobSensor.partial(
        task_id="wait_for_airbyte_sync",
        airbyte_conn_id=AIRBYTE_CONN_ID,
        deferrable=True,
        timeout=SYNC_TIMEOUT.total_seconds(),
        execution_timeout=SYNC_TIMEOUT,
        map_index_template=CONNECTION_NAME_TEMPLATE,
    ).expand(airbyte_job_id=trigger_airbyte_sync.output)

    dbt_source_freshness = dbt_pod_task(task_id="dbt_source_freshness", cmds=["dbt"], arguments=["source", "freshness"])
    dbt_build_bronze = dbt_pod_task(
        task_id="dbt_build_bronze", cmds=["dbt"], arguments=["build", "--select", "path:models/bronze", "path:tests/macros"]
    )
    dbt_build_silver = dbt_pod_task(task_id="dbt_build_silver", cmds=["dbt"], arguments=["build", "--select", "path:models/silver"])
    dbt_build_gold = dbt_pod_task(task_id="dbt_build_gold", cmds=["dbt"], arguments=["build", "--select", "path:models/gold"])
    dbt_build_marts = dbt_pod_task(task_id="dbt_build_marts", cmds=["dbt"], arguments=["build", "--select", "path:models/marts"])
    publish_dbt_docs = dbt_pod_task(
        task_id="publish_dbt_docs",
        cmds=["python", "-c", PUBLISH_DBT_DOCS_PROGRAM],
        arguments=[],
        extra_environment={"DBT_ARTIFACTS_BUCKET": batch_setting("artifacts_bucket"), "DBT_DOCS_PREFIX": DBT_DOCS_PREFIX},
    )

    settings >> trigger_airbyte_sync
    chain(
        wait_for_airbyte_sync,
        dbt_source_freshness,
        dbt_build_bronze,
        dbt_build_silver,
        dbt_build_gold,
        dbt_build_marts,
        publish_dbt_docs,
    )
