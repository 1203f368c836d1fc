/**
 * Every figure the capacity model assumes, and where it comes from.
 *
 * "Published" marks a vendor's documentation, price list or benchmark; "engineering
 * estimate" marks a figure we chose, which a measurement on the running platform should
 * replace (pin the resulting size in `sizing.overrides` until the constant is updated).
 * Prices are on-demand list prices for AWS us-east-1 and Snowflake on AWS US East, as
 * published in 2025; check the pricing pages before quoting a budget.
 */

/** A pod's resource requests: vCPU and GiB of memory. */
export interface PodResources {
  readonly cpu: number;
  readonly memoryGib: number;
}

// ---------------------------------------------------------------------------------------
// Latency budget

/**
 * Share of the latency target held back for one retry of a failed step and for scheduling
 * delays between stages. Engineering estimate.
 */
export const LATENCY_MARGIN_SHARE = 0.2;

/**
 * Share of the usable time (target minus margin) given to ingest and load, which run side
 * by side; transform gets the rest. Engineering estimate: both halves need similar
 * warehouse time per terabyte.
 */
export const INGEST_AND_LOAD_SHARE = 0.5;

/**
 * Time a stage takes before it moves any data, whatever its size. Engineering estimates:
 * ingest, Airbyte sync pods starting and checking their connections; load, Snowflake's
 * cloud services listing and planning a COPY (137 s for one table in Snowflake's published
 * benchmark, rounded up for several tables); transform, dbt parsing the project and walking
 * the model graph's depth.
 */
export const STAGE_STARTUP_HOURS = { ingest: 10 / 60, load: 5 / 60, transform: 10 / 60 } as const;

/**
 * How many batches' worth of work the capacity maxima allow at once: a late batch
 * overlapping the next one. Engineering estimate.
 */
export const CATCH_UP_FACTOR = 2;

// ---------------------------------------------------------------------------------------
// Airbyte

/**
 * Throughput of one Airbyte sync, MB/s of uncompressed data, per source family.
 * - oltpCdc: published, Airbyte's Postgres source reaches "up to 11 MB per second"
 *   (airbyte.com/blog/replicate-postgres-datasets-of-any-size-in-airbyte, 2023).
 * - partnerApis: engineering estimate; partner APIs (Amazon, Facebook, Salesforce)
 *   paginate and rate-limit, so a sync is bounded by the API rather than by Airbyte.
 * - structuredFiles: engineering estimate for Airbyte's file-based S3 source; used only
 *   when an operator routes bulk files through Airbyte instead of COPY.
 * - documents: engineering estimate; Airbyte's document parser extracts text page by page.
 */
export const AIRBYTE_SYNC_MB_PER_SECOND = { oltpCdc: 11, partnerApis: 2, structuredFiles: 10, documents: 4 } as const;

/**
 * The most syncs the model runs at once. Published reference: Airbyte's scaling guide
 * describes typical deployments as running "at most 100 concurrent jobs"; beyond that its
 * control plane (Temporal, database) needs tuning this model does not cover.
 */
export const AIRBYTE_MAX_CONCURRENT_SYNCS = 100;

/** Syncs one airbyte-worker replica supervises. Published: `MAX_SYNC_WORKERS` defaults to 10. */
export const AIRBYTE_SYNCS_PER_WORKER = 10;

/** Containers in a sync pod. Published: orchestrator, source (read) and destination (write). */
export const AIRBYTE_CONTAINERS_PER_SYNC = 3;

/**
 * Requests of each sync-pod container (`JOB_MAIN_CONTAINER_*`). Airbyte's published
 * defaults for database syncs request 1-2 CPU and 1-2 GiB with a 2 GiB memory limit; we
 * request the limit so a busy Snowflake destination is never OOM-killed (the proposal's
 * Airbyte pods crashed on undersized nodes).
 */
export const AIRBYTE_JOB_CONTAINER: PodResources = { cpu: 1, memoryGib: 2 };

/** Requests of one airbyte-worker replica. Engineering estimate; the chart sets none. */
export const AIRBYTE_WORKER: PodResources = { cpu: 1, memoryGib: 2 };

/**
 * Requests of Airbyte's always-on services (server, workload launcher and API, Temporal,
 * cron, webapp), workers excluded. Engineering estimate, in line with Airbyte's published
 * minimum of 4 CPUs and 8 GB for a whole installation.
 */
export const AIRBYTE_PLATFORM: PodResources = { cpu: 4, memoryGib: 8 };

// ---------------------------------------------------------------------------------------
// Airflow and cluster add-ons

/** Requests of Airflow's always-on services (scheduler, API server, triggerer, DAG processor). Engineering estimate. */
export const AIRFLOW_PLATFORM: PodResources = { cpu: 3, memoryGib: 6 };

/**
 * Requests of one KubernetesExecutor task pod; tasks mostly wait on Airbyte or Snowflake.
 * Engineering estimate.
 */
export const AIRFLOW_TASK_POD: PodResources = { cpu: 0.5, memoryGib: 1 };

/**
 * COPY statements one loading cluster runs at once, each from its own Airflow task.
 * Published: a warehouse's `MAX_CONCURRENCY_LEVEL` defaults to 8.
 */
export const COPY_STATEMENTS_PER_CLUSTER = 8;

/** Requests of CoreDNS, the load balancer controller, External Secrets and metrics. Engineering estimate. */
export const SYSTEM_ADDONS: PodResources = { cpu: 1, memoryGib: 3 };

/** System nodes in separate AZs, so add-ons survive the loss of one. */
export const SYSTEM_MIN_NODES = 2;

/**
 * What a node keeps for itself: kubelet and runtime reservations (EKS's AL2023 bootstrap
 * formula), the eviction threshold, and the VPC CNI, kube-proxy and EBS CSI DaemonSets.
 * Engineering estimate.
 */
export const NODE_RESERVED: PodResources = { cpu: 0.5, memoryGib: 2 };

/** An EC2 instance type the model may choose. */
export interface InstanceSpec {
  readonly vcpu: number;
  readonly memoryGib: number;
  /** Published: EC2 on-demand, Linux, us-east-1. */
  readonly usdPerHour: number;
}

/**
 * Instance types the node groups choose from: current-generation, non-burstable (a burst
 * credit running out mid-sync stalls it), in the three memory-to-CPU ratios.
 */
export const INSTANCE_TYPES = {
  'c6i.large': { vcpu: 2, memoryGib: 4, usdPerHour: 0.085 },
  'c6i.xlarge': { vcpu: 4, memoryGib: 8, usdPerHour: 0.17 },
  'c6i.2xlarge': { vcpu: 8, memoryGib: 16, usdPerHour: 0.34 },
  'c6i.4xlarge': { vcpu: 16, memoryGib: 32, usdPerHour: 0.68 },
  'm6i.large': { vcpu: 2, memoryGib: 8, usdPerHour: 0.096 },
  'm6i.xlarge': { vcpu: 4, memoryGib: 16, usdPerHour: 0.192 },
  'm6i.2xlarge': { vcpu: 8, memoryGib: 32, usdPerHour: 0.384 },
  'm6i.4xlarge': { vcpu: 16, memoryGib: 64, usdPerHour: 0.768 },
  'r6i.large': { vcpu: 2, memoryGib: 16, usdPerHour: 0.126 },
  'r6i.xlarge': { vcpu: 4, memoryGib: 32, usdPerHour: 0.252 },
  'r6i.2xlarge': { vcpu: 8, memoryGib: 64, usdPerHour: 0.504 },
  'r6i.4xlarge': { vcpu: 16, memoryGib: 128, usdPerHour: 1.008 },
} as const satisfies Record<string, InstanceSpec>;

export type InstanceType = keyof typeof INSTANCE_TYPES;

// ---------------------------------------------------------------------------------------
// Snowflake

/**
 * Warehouse sizes, smallest first, as the Snowflake Terraform provider names them, with
 * their nodes (published: each size doubles the previous) and credits per hour (published:
 * 1 for X-Small up to 512 for 6X-Large).
 */
export const WAREHOUSE_SIZES = [
  { size: 'XSMALL', nodes: 1, creditsPerHour: 1 },
  { size: 'SMALL', nodes: 2, creditsPerHour: 2 },
  { size: 'MEDIUM', nodes: 4, creditsPerHour: 4 },
  { size: 'LARGE', nodes: 8, creditsPerHour: 8 },
  { size: 'XLARGE', nodes: 16, creditsPerHour: 16 },
  { size: 'XXLARGE', nodes: 32, creditsPerHour: 32 },
  { size: 'XXXLARGE', nodes: 64, creditsPerHour: 64 },
  { size: 'X4LARGE', nodes: 128, creditsPerHour: 128 },
  { size: 'X5LARGE', nodes: 256, creditsPerHour: 256 },
  { size: 'X6LARGE', nodes: 512, creditsPerHour: 512 },
] as const;

export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number]['size'];

/**
 * Load throughput measured at one size. Published: Snowflake's "Loading Terabytes Into
 * Snowflake" benchmark loaded STORE_SALES (4.7 TB uncompressed) from zstd JSON in 1,972 s
 * on a 2X-Large. JSON is the slowest format it measured (CSV 926 s, vectorized Parquet
 * 614 s); we take it because landed files mix JSON, XML, CSV and Parquet.
 */
export const LOAD_THROUGHPUT_ANCHOR = { size: 'XXLARGE', tbPerHour: 4.7 / (1972 / 3600) } as const;

/**
 * Speed-up per size step above the anchor. Published observation: load time fell 1.5-1.9x
 * per step (antognini.ch, "Observations About the Scalability of Data Loads in Snowflake",
 * 2021). Below the anchor the model assumes speed halves with each step down.
 */
export const SPEED_UP_PER_SIZE_STEP_ABOVE_ANCHOR = 1.7;

/**
 * Largest loading size; beyond it the loading warehouse adds clusters. Engineering
 * estimate: an X-Large loads 128 files at once (8 per node, Snowflake's loading guide), more
 * than one COPY per table usually has ready.
 */
export const LOADING_MAX_SIZE: WarehouseSize = 'XLARGE';

/** Published: multi-cluster warehouses allow at most 10 clusters unless Snowflake raises the limit. */
export const MAX_CLUSTER_COUNT = 10;

/**
 * Raw terabytes one warehouse node transforms per hour (silver, gold and marts). Engineering
 * estimate: each of the three materialised layers reads and rewrites about the batch,
 * from columnar storage at about twice the JSON load speed per node (2 x 0.27 / 3).
 */
export const TRANSFORM_TB_PER_NODE_HOUR = 0.18;

// ---------------------------------------------------------------------------------------
// Storage

/**
 * Days landed files stay in S3 Standard: a batch may be reloaded after a bad transform,
 * usually found within a month. Engineering estimate.
 */
export const REPLAY_WINDOW_DAYS = 30;

/** Days files stay in Standard-IA: quarter-end reprocessing still reads them. Engineering estimate. */
export const REPROCESSING_HORIZON_DAYS = 90;

/** Days before files go to Deep Archive: an annual audit may still read them within minutes. Engineering estimate. */
export const AUDIT_LOOKBACK_DAYS = 365;

/** Days a replaced landing object's old version is kept; landed files are written once. Engineering estimate. */
export const NONCURRENT_VERSION_DAYS = 30;

/**
 * S3's published rules: objects move to Standard-IA at 30 days at the earliest, and
 * Standard-IA and Glacier Instant Retrieval bill 30 and 90 days at least.
 */
export const S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS = 30;
export const S3_INFREQUENT_ACCESS_MIN_DAYS = 30;
export const S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS = 90;

/**
 * Compressed copies of the data Snowflake keeps: RAW and the cleansed silver layer; gold
 * and marts are aggregates, small beside them. Engineering estimate.
 */
export const WAREHOUSE_STORED_COPIES = 2;

/** Storage costs are quoted for this month of operation, data accumulating from month one. */
export const COST_HORIZON_MONTHS = 12;

// ---------------------------------------------------------------------------------------
// Prices (published list prices)

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

/** EKS control plane, standard support. */
export const EKS_CONTROL_PLANE_USD_PER_HOUR = 0.1;

/** Snowflake Enterprise edition (multi-cluster warehouses need it), on demand, AWS US East. */
export const SNOWFLAKE_USD_PER_CREDIT = 3;

/** Snowflake storage per compressed terabyte-month, AWS US East. */
export const SNOWFLAKE_STORAGE_USD_PER_TB_MONTH = 23;

/** S3 storage per GB-month by class, us-east-1 (Standard: first 50 TB tier). */
export const S3_USD_PER_GB_MONTH = { standard: 0.023, infrequentAccess: 0.0125, glacierInstantRetrieval: 0.004, deepArchive: 0.00099 } as const;

/** NAT gateway data processing per GB, us-east-1: Airbyte's traffic to partner APIs and to Snowflake leaves through NAT. */
export const NAT_USD_PER_GB = 0.045;
