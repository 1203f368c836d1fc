import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { AirbyteResource } from './resource';

/** One stream of a connection and how it syncs. */
export interface AirbyteConnectionStream {
  readonly name: string;
  /** e.g. `incremental_deduped_history`, `full_refresh_overwrite`. */
  readonly syncMode: string;
  /** @default the source's cursor */
  readonly cursorField?: readonly string[];
  /** @default the source's primary key */
  readonly primaryKey?: readonly (readonly string[])[];
}

export interface AirbyteConnectionConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly sourceId: string;
  readonly destinationId: string;
  /** Where streams land: `custom_format` writes them into `namespaceFormat`. */
  readonly namespaceDefinition: 'source' | 'destination' | 'custom_format';
  /** The destination namespace (schema) with `custom_format`. @default none */
  readonly namespaceFormat?: string;
  /** Prepended to every stream's table name. @default "" */
  readonly prefix?: string;
  readonly nonBreakingSchemaUpdatesBehavior: 'ignore' | 'disable_connection' | 'propagate_columns' | 'propagate_fully';
  /** `cron` with a Quartz expression in UTC, or `manual`. */
  readonly schedule: { readonly scheduleType: 'cron'; readonly cronExpression: string } | { readonly scheduleType: 'manual' };
  readonly status: 'active' | 'inactive';
  /** The streams to sync; those left out are not synced. */
  readonly streams: readonly AirbyteConnectionStream[];
}

/** `airbyte_connection`: a source synced into a destination on a schedule. */
export class AirbyteConnection extends AirbyteResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: AirbyteConnectionConfig,
  ) {
    super(scope, id, 'airbyte_connection', config);
  }

  get connectionId(): string {
    return this.getStringAttribute('connection_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { config } = this;
    return {
      name: config.name,
      source_id: config.sourceId,
      destination_id: config.destinationId,
      namespace_definition: config.namespaceDefinition,
      ...(config.namespaceFormat !== undefined ? { namespace_format: config.namespaceFormat } : {}),
      ...(config.prefix !== undefined ? { prefix: config.prefix } : {}),
      non_breaking_schema_updates_behavior: config.nonBreakingSchemaUpdatesBehavior,
      schedule:
        config.schedule.scheduleType === 'cron'
          ? { schedule_type: 'cron', cron_expression: config.schedule.cronExpression }
          : { schedule_type: 'manual' },
      status: config.status,
      configurations: {
        streams: config.streams.map((stream) => ({
          name: stream.name,
          sync_mode: stream.syncMode,
          ...(stream.cursorField ? { cursor_field: [...stream.cursorField] } : {}),
          ...(stream.primaryKey ? { primary_key: stream.primaryKey.map((path) => [...path]) } : {}),
        })),
      },
    };
  }
}
