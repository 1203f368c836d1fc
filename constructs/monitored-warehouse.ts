import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { MAX_AUTO_SUSPEND_SECONDS } from '../config/sections/snowflake';
import { GrantOwnership, Warehouse } from '../providers/snowflake';
import { CreditMonitor, type CreditMonitorProps } from './credit-monitor';

export interface MonitoredWarehouseProps {
  /** Warehouse name, an unquoted identifier, e.g. `LOADING`. */
  readonly name: string;
  /** What runs on it; shown in Snowsight. */
  readonly comment: string;
  /** Snowflake size name, e.g. `XLARGE`. */
  readonly size: string;
  /** Clusters kept while resumed. @default 1 */
  readonly minClusterCount?: number;
  /** Clusters Snowflake may add when statements queue (more than 1 needs Enterprise edition). @default 1 */
  readonly maxClusterCount?: number;
  /** @default "STANDARD" */
  readonly scalingPolicy?: 'STANDARD' | 'ECONOMY';
  /** Idle seconds before it suspends: 60 to MAX_AUTO_SUSPEND_SECONDS. @default 60 */
  readonly autoSuspendSeconds?: number;
  /** Seconds after which a running statement is cancelled. */
  readonly statementTimeoutSeconds: number;
  /** Seconds after which a queued statement is cancelled. */
  readonly queuedTimeoutSeconds: number;
  /** Its credit cap: monthly credits and thresholds (see CreditMonitor). */
  readonly monitor: Omit<CreditMonitorProps, 'name' | 'provider'>;
  /** The role that owns the warehouse once made (the platform's owner role). */
  readonly ownerRole: string;
  /**
   * ACCOUNTADMIN: the only role that may assign a resource monitor to a warehouse, so it
   * makes the warehouse and hands ownership to `ownerRole`. It keeps managing it through the
   * owner role, which SYSADMIN (and so ACCOUNTADMIN) inherits.
   */
  readonly provider: TerraformProvider;
  /** What must exist before ownership moves, e.g. the grant of the owner role to SYSADMIN. @default nothing */
  readonly ownershipDependsOn?: ITerraformDependable[];
}

/**
 * A warehouse that cannot run up an unbounded bill: it suspends when idle, resumes on
 * demand, cancels runaway and long-queued statements, and a credit monitor of its own
 * suspends it at its monthly quota.
 */
export class MonitoredWarehouse extends Construct {
  readonly warehouseName: string;
  readonly monitor: CreditMonitor;
  /** Grants on the warehouse come after this, so the ownership transfer cannot drop them. */
  readonly ownership: GrantOwnership;

  constructor(scope: Construct, id: string, props: MonitoredWarehouseProps) {
    super(scope, id);
    const autoSuspend = props.autoSuspendSeconds ?? 60;
    const minClusters = props.minClusterCount ?? 1;
    const maxClusters = props.maxClusterCount ?? 1;
    if (autoSuspend < 60 || autoSuspend > MAX_AUTO_SUSPEND_SECONDS) {
      throw new Error(`MonitoredWarehouse ${id}: autoSuspendSeconds must be 60-${MAX_AUTO_SUSPEND_SECONDS}, got ${autoSuspend}`);
    }
    if (minClusters < 1 || minClusters > maxClusters) {
      throw new Error(`MonitoredWarehouse ${id}: minClusterCount (${minClusters}) must be 1 or more and not exceed maxClusterCount (${maxClusters})`);
    }

    this.monitor = new CreditMonitor(this, 'credit-monitor', { ...props.monitor, name: `${props.name}_MONITOR`, provider: props.provider });
    const warehouse = new Warehouse(this, 'warehouse', {
      provider: props.provider,
      name: props.name,
      comment: props.comment,
      warehouseSize: props.size,
      minClusterCount: minClusters,
      maxClusterCount: maxClusters,
      scalingPolicy: props.scalingPolicy ?? 'STANDARD',
      autoSuspend,
      autoResume: 'true',
      initiallySuspended: true,
      statementTimeoutInSeconds: props.statementTimeoutSeconds,
      statementQueuedTimeoutInSeconds: props.queuedTimeoutSeconds,
      resourceMonitor: this.monitor.monitorName,
    });
    this.warehouseName = warehouse.name;

    this.ownership = new GrantOwnership(this, 'owned-by-owner-role', {
      provider: props.provider,
      accountRoleName: props.ownerRole,
      outboundPrivileges: 'COPY',
      on: { objectType: 'WAREHOUSE', objectName: warehouse.name },
      dependsOn: props.ownershipDependsOn,
    });
  }
}
