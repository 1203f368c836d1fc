import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Execute, ResourceMonitor } from '../providers/snowflake';

export interface CreditMonitorProps {
  /** Monitor name, an unquoted identifier, e.g. `LOADING_MONITOR`. */
  readonly name: string;
  /** Credits a month; the thresholds are percentages of it. */
  readonly monthlyCredits: number;
  /** Percentages at which Snowflake notifies. @default [75, 90] */
  readonly notifyAtPercent?: readonly number[];
  /** Percentage at which the watched warehouses suspend once running statements finish. @default 100 */
  readonly suspendAtPercent?: number;
  /** Percentage at which they suspend and running statements are cancelled. @default 110 */
  readonly suspendImmediatelyAtPercent?: number;
  /** Users emailed at the notify thresholds, besides account admins with notifications on. @default none */
  readonly notifyUsers?: readonly string[];
  /** ACCOUNTADMIN: only that role may create resource monitors and assign them. */
  readonly provider: TerraformProvider;
}

/**
 * A monthly credit cap: notifies before it is reached, suspends the warehouses it watches
 * at the quota and cancels their statements just above it. Snowflake resets it at the start
 * of each calendar month (the billing cycle) when no schedule is set, which is what we want.
 */
export class CreditMonitor extends Construct {
  /** As a warehouse's `resource_monitor` names it. */
  readonly monitorName: string;
  readonly resource: ResourceMonitor;

  constructor(scope: Construct, id: string, private readonly props: CreditMonitorProps) {
    super(scope, id);
    const notify = props.notifyAtPercent ?? [75, 90];
    const suspend = props.suspendAtPercent ?? 100;
    const suspendImmediately = props.suspendImmediatelyAtPercent ?? 110;
    if (!Number.isInteger(props.monthlyCredits) || props.monthlyCredits <= 0) {
      throw new Error(`CreditMonitor ${id}: monthlyCredits must be a positive whole number, got ${props.monthlyCredits}`);
    }
    if (notify.some((percent) => percent >= suspend) || suspendImmediately <= suspend) {
      throw new Error(
        `CreditMonitor ${id}: thresholds must rise from notifyAtPercent (${notify.join(
          ', '
        )}) to suspendAtPercent (${suspend}) to suspendImmediatelyAtPercent (${suspendImmediately})`
      );
    }
    this.resource = new ResourceMonitor(this, 'monitor', {
      provider: props.provider,
      name: props.name,
      creditQuota: props.monthlyCredits,
      notifyTriggers: [...notify],
      suspendTrigger: suspend,
      suspendImmediateTrigger: suspendImmediately,
      ...(props.notifyUsers?.length ? { notifyUsers: [...props.notifyUsers] } : {}),
    });
    this.monitorName = this.resource.fullyQualifiedName;
  }

  /**
   * Watch every warehouse of the account, including those made outside the platform. The
   * provider has no attribute for it (snowflake_current_account would unset every other
   * account parameter), so the one statement Snowflake offers is run, with its revert.
   */
  assignToAccount(): Execute {
    return new Execute(this, 'account-assignment', {
      provider: this.props.provider,
      execute: `ALTER ACCOUNT SET RESOURCE_MONITOR = ${this.props.name}`,
      revert: 'ALTER ACCOUNT UNSET RESOURCE_MONITOR',
      dependsOn: [this.resource],
    });
  }
}
