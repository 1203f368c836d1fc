import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { StreamSelection } from '../config/sections/airbyte-connections';
import { AirbyteConnection, AirbyteSource, type AirbyteConnectionConfig } from '../providers/airbyte';
import type { ConnectorSpec } from './airbyte-connectors';

export interface AirbyteSourceConnectionProps {
  /** Name of the source and of its connection: what Airflow calls the sync. */
  readonly name: string;
  /** The workspace both live in (a reference, so they wait for it). */
  readonly workspaceId: string;
  readonly destinationId: string;
  readonly connector: ConnectorSpec;
  /** Destination schema every stream lands in. */
  readonly namespace: string;
  /** Prepended to every table name, so sources sharing a schema never collide. @default "" */
  readonly tablePrefix?: string;
  /** The streams to sync and how. */
  readonly streams: readonly StreamSelection[];
  /** When syncs start: a Quartz cron in UTC, or `manual` (started by the API, e.g. from Airflow). */
  readonly schedule: AirbyteConnectionConfig['schedule'];
  /** What a non-breaking change of the source's schema does; never `ignore`. */
  readonly nonBreakingSchemaChanges: 'propagate_fully' | 'propagate_columns';
}

/**
 * One source and its connection into the destination: every selected stream lands in one
 * namespace (a RAW schema), under the source's table prefix, on the schedule, with non-breaking
 * schema changes propagated. Streams not selected are not synced; nothing is deselected by hand.
 */
export class AirbyteSourceConnection extends Construct {
  readonly source: AirbyteSource;
  readonly connection: AirbyteConnection;
  readonly connectionId: string;

  constructor(scope: Construct, id: string, props: AirbyteSourceConnectionProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_]*$/.test(props.name)) throw new Error(`AirbyteSourceConnection ${id}: name must be lower-case letters, digits and underscores (it names the sync in Airflow), got "${props.name}"`);
    if (props.streams.length === 0) throw new Error(`AirbyteSourceConnection ${id}: streams must select at least one stream`);
    this.source = new AirbyteSource(this, 'source', {
      name: props.name,
      workspaceId: props.workspaceId,
      definitionId: props.connector.definitionId,
      configuration: Fn.jsonencode(props.connector.configuration),
    });
    this.connection = new AirbyteConnection(this, 'connection', {
      name: props.name,
      sourceId: this.source.sourceId,
      destinationId: props.destinationId,
      namespaceDefinition: 'custom_format',
      namespaceFormat: props.namespace,
      ...(props.tablePrefix ? { prefix: props.tablePrefix } : {}),
      nonBreakingSchemaUpdatesBehavior: props.nonBreakingSchemaChanges,
      schedule: props.schedule,
      status: 'active',
      streams: props.streams,
    });
    this.connectionId = this.connection.connectionId;
  }
}
