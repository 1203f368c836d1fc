import type { Construct } from 'constructs';
import { connectorAttributes, type AirbyteConnectorConfig } from './connector';
import { AirbyteResource } from './resource';

/** `airbyte_source` (generic): a source connector configured with JSON. */
export class AirbyteSource extends AirbyteResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: AirbyteConnectorConfig,
  ) {
    super(scope, id, 'airbyte_source', config);
  }

  get sourceId(): string {
    return this.getStringAttribute('source_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return connectorAttributes(this.config);
  }
}
